package io.podnet.sim.bgp;

import io.podnet.sim.net.Ipv4Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The path attributes podnet's BGP speaks. {@code localPref} is -1 when absent (eBGP);
 * {@code originatorId} is null unless a route reflector set it.
 */
public record PathAttributes(int origin, List<Long> asPath, Ipv4Address nextHop, long localPref, long med,
                             Ipv4Address originatorId, List<Ipv4Address> clusterList) {
    public static final int ORIGIN_IGP = 0;
    public static final int ORIGIN_EGP = 1;
    public static final int ORIGIN_INCOMPLETE = 2;

    public PathAttributes {
        asPath = List.copyOf(asPath);
        clusterList = List.copyOf(clusterList);
        if (nextHop == null) {
            throw new IllegalArgumentException("NEXT_HOP is mandatory");
        }
    }

    public PathAttributes withNextHop(Ipv4Address nh) {
        return new PathAttributes(origin, asPath, nh, localPref, med, originatorId, clusterList);
    }

    public PathAttributes withLocalPref(long lp) {
        return new PathAttributes(origin, asPath, nextHop, lp, med, originatorId, clusterList);
    }

    public PathAttributes prependAs(long as) {
        List<Long> p = new ArrayList<>(asPath.size() + 1);
        p.add(as);
        p.addAll(asPath);
        return new PathAttributes(origin, p, nextHop, -1, med, null, List.of());
    }

    public PathAttributes reflected(Ipv4Address originator, Ipv4Address clusterId) {
        List<Ipv4Address> cl = new ArrayList<>(clusterList.size() + 1);
        cl.add(clusterId);
        cl.addAll(clusterList);
        return new PathAttributes(origin, asPath, nextHop, localPref, med,
                originatorId != null ? originatorId : originator, cl);
    }

    void encode(ByteBuffer b) {
        attr(b, 0x40, 1, new byte[] {(byte) origin});
        ByteBuffer p = ByteBuffer.allocate(2 + 4 * asPath.size());
        if (!asPath.isEmpty()) {
            p.put((byte) 2).put((byte) asPath.size()); // AS_SEQUENCE
            for (long a : asPath) {
                p.putInt((int) a);
            }
        }
        attr(b, 0x40, 2, java.util.Arrays.copyOf(p.array(), p.position()));
        attr(b, 0x40, 3, nextHop.toBytes());
        if (med >= 0) {
            attr(b, 0x80, 4, ByteBuffer.allocate(4).putInt((int) med).array());
        }
        if (localPref >= 0) {
            attr(b, 0x40, 5, ByteBuffer.allocate(4).putInt((int) localPref).array());
        }
        if (originatorId != null) {
            attr(b, 0x80, 9, originatorId.toBytes());
        }
        if (!clusterList.isEmpty()) {
            ByteBuffer c = ByteBuffer.allocate(4 * clusterList.size());
            for (Ipv4Address a : clusterList) {
                c.putInt(a.bits());
            }
            attr(b, 0x80, 10, c.array());
        }
    }

    private static void attr(ByteBuffer b, int flags, int type, byte[] value) {
        b.put((byte) flags).put((byte) type).put((byte) value.length).put(value);
    }

    static PathAttributes decode(ByteBuffer b, int length) {
        int end = b.position() + length;
        int origin = -1;
        List<Long> path = new ArrayList<>();
        Ipv4Address nh = null;
        long lp = -1;
        long med = -1;
        Ipv4Address orig = null;
        List<Ipv4Address> cl = new ArrayList<>();
        while (b.position() < end) {
            int flags = b.get() & 0xff;
            int type = b.get() & 0xff;
            int len = (flags & 0x10) != 0 ? b.getShort() & 0xffff : b.get() & 0xff;
            int vend = b.position() + len;
            if (vend > end) {
                throw new BgpException(3, 1, "path attribute " + type + " runs past the attributes");
            }
            switch (type) {
                case 1 -> origin = b.get() & 0xff;
                case 2 -> {
                    while (b.position() < vend) {
                        b.get(); // segment type
                        int n = b.get() & 0xff;
                        for (int i = 0; i < n; i++) {
                            path.add(b.getInt() & 0xffffffffL);
                        }
                    }
                }
                case 3 -> nh = new Ipv4Address(b.getInt());
                case 4 -> med = b.getInt() & 0xffffffffL;
                case 5 -> lp = b.getInt() & 0xffffffffL;
                case 9 -> orig = new Ipv4Address(b.getInt());
                case 10 -> {
                    while (b.position() < vend) {
                        cl.add(new Ipv4Address(b.getInt()));
                    }
                }
                default -> { }
            }
            b.position(vend);
        }
        if (origin < 0) {
            throw new BgpException(3, 3, "missing well-known attribute ORIGIN");
        }
        if (nh == null) {
            throw new BgpException(3, 3, "missing well-known attribute NEXT_HOP");
        }
        return new PathAttributes(origin, path, nh, lp, med, orig, cl);
    }
}
