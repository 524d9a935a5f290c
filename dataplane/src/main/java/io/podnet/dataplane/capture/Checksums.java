package io.podnet.dataplane.capture;

import java.util.Set;

/**
 * Undoes a capture artefact before decoding: a frame captured on the sending side of a veth still
 * carries a partial transport checksum (the kernel leaves it to "hardware" that a veth never has).
 * This rewrites the IPv4, TCP, UDP and ICMP checksums of every layer, inner layers first, so the
 * project's strict decoder accepts the frame. A UDP checksum of zero (no checksum, as VXLAN sends
 * by default) is kept as zero. Only whole frames are touched; truncated ones are returned as they are.
 */
public final class Checksums {
    private Checksums() {}

    /** A copy of {@code frame} with correct checksums. */
    public static byte[] normalise(byte[] frame, Set<Integer> vxlanPorts) {
        byte[] f = frame.clone();
        fixEthernet(f, 0, f.length, vxlanPorts, 0);
        return f;
    }

    private static void fixEthernet(byte[] f, int off, int end, Set<Integer> vx, int depth) {
        if (depth > 3 || off + 14 + 20 > end) {
            return;
        }
        int type = u16(f, off + 12);
        if (type != 0x0800) {
            return;
        }
        int ip = off + 14;
        int ihl = (f[ip] & 0x0f) * 4;
        if ((f[ip] & 0xf0) != 0x40 || ihl < 20 || ip + ihl > end) {
            return;
        }
        int total = u16(f, ip + 2);
        int ipEnd = Math.min(end, ip + total);
        if (ip + total > end) {
            return;
        }
        int ff = u16(f, ip + 6);
        boolean fragment = (ff & 0x2000) != 0 || (ff & 0x1fff) != 0;
        int proto = f[ip + 9] & 0xff;
        int l4 = ip + ihl;
        int l4len = ipEnd - l4;
        if (!fragment) {
            if (proto == 17 && l4len >= 8) {
                int dport = u16(f, l4 + 2);
                int ulen = Math.min(u16(f, l4 + 4), l4len);
                if (vx != null && vx.contains(dport) && ulen >= 16 + 14) {
                    fixEthernet(f, l4 + 16, l4 + ulen, vx, depth + 1);
                }
                if (u16(f, l4 + 6) != 0) {
                    put16(f, l4 + 6, 0);
                    int c = io.podnet.sim.wire.Checksums.ones(f, l4, ulen, pseudo(f, ip, 17, ulen));
                    put16(f, l4 + 6, c == 0 ? 0xffff : c);
                }
            } else if (proto == 6 && l4len >= 20) {
                put16(f, l4 + 16, 0);
                put16(f, l4 + 16, io.podnet.sim.wire.Checksums.ones(f, l4, l4len, pseudo(f, ip, 6, l4len)));
            } else if (proto == 1 && l4len >= 8) {
                put16(f, l4 + 2, 0);
                put16(f, l4 + 2, io.podnet.sim.wire.Checksums.ones(f, l4, l4len, 0));
            }
        }
        put16(f, ip + 10, 0);
        put16(f, ip + 10, io.podnet.sim.wire.Checksums.ones(f, ip, ihl, 0));
    }

    private static long pseudo(byte[] f, int ip, int proto, int len) {
        int src = (f[ip + 12] & 0xff) << 24 | (f[ip + 13] & 0xff) << 16 | (f[ip + 14] & 0xff) << 8 | (f[ip + 15] & 0xff);
        int dst = (f[ip + 16] & 0xff) << 24 | (f[ip + 17] & 0xff) << 16 | (f[ip + 18] & 0xff) << 8 | (f[ip + 19] & 0xff);
        return io.podnet.sim.wire.Checksums.pseudoHeader(src, dst, proto, len);
    }

    private static int u16(byte[] f, int off) {
        return (f[off] & 0xff) << 8 | (f[off + 1] & 0xff);
    }

    private static void put16(byte[] f, int off, int v) {
        f[off] = (byte) (v >>> 8);
        f[off + 1] = (byte) v;
    }
}
