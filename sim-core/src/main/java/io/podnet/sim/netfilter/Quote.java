package io.podnet.sim.netfilter;

import io.podnet.sim.wire.Checksums;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Packet;

/**
 * The datagram an ICMP error quotes (its IPv4 header and at least 8 bytes of transport header), read
 * from the error's payload bytes, and rewritten with checksum fix-ups as the kernel's NAT does.
 */
record Quote(byte[] bytes, int ihl, Tuple tuple) {
    /** The quote of an ICMP error packet (the payload after its last, ICMP, header), or null when unusable. */
    static Quote parse(Packet p) {
        if (!(p.header(p.headerCount() - 1) instanceof IcmpHeader)) {
            return null;
        }
        byte[] b = p.payload();
        if (b.length < 20 || (b[0] & 0xf0) != 0x40) {
            return null;
        }
        int ihl = (b[0] & 0x0f) * 4;
        if (ihl < 20 || b.length < ihl + 8) {
            return null;
        }
        int proto = b[9] & 0xff;
        int src = int32(b, 12);
        int dst = int32(b, 16);
        Tuple t;
        if (proto == 6 || proto == 17 || proto == 132) {
            t = new Tuple(proto, src, dst, u16(b, ihl), u16(b, ihl + 2));
        } else if (proto == 1) {
            int type = b[ihl] & 0xff;
            if (Tuple.invertIcmpType(type) < 0) {
                return null; // an error about an error is not tracked
            }
            t = new Tuple(1, src, dst, u16(b, ihl + 4), type << 8 | (b[ihl + 1] & 0xff));
        } else {
            t = new Tuple(proto, src, dst, 0, 0);
        }
        return new Quote(b, ihl, t);
    }

    /**
     * A copy with the source (or destination) address and port replaced; the quoted IPv4 checksum is
     * recomputed and the transport checksum, when quoted, adjusted incrementally.
     */
    byte[] rewrite(boolean dstSide, int addr, int port, int icmpId) {
        byte[] b = bytes.clone();
        int proto = tuple.protocol();
        int addrOff = dstSide ? 16 : 12;
        int oldAddr = int32(b, addrOff);
        put32(b, addrOff, addr);
        b[10] = 0;
        b[11] = 0;
        put16(b, 10, Checksums.ones(b, 0, ihl, 0));
        if (proto == 6 || proto == 17) {
            int portOff = ihl + (dstSide ? 2 : 0);
            int oldPort = u16(b, portOff);
            put16(b, portOff, port);
            int csumOff = ihl + (proto == 17 ? 6 : 16);
            if (b.length >= csumOff + 2 && !(proto == 17 && u16(b, csumOff) == 0)) {
                int c = u16(b, csumOff);
                c = adjust(c, oldAddr >>> 16, addr >>> 16);
                c = adjust(c, oldAddr & 0xffff, addr & 0xffff);
                c = adjust(c, oldPort, port);
                put16(b, csumOff, proto == 17 && c == 0 ? 0xffff : c);
            }
        } else if (proto == 132) {
            put16(b, ihl + (dstSide ? 2 : 0), port); // ports only: the quoted CRC32c is left as it is
        } else if (proto == 1) {
            int oldId = u16(b, ihl + 4);
            put16(b, ihl + 4, icmpId);
            put16(b, ihl + 2, adjust(u16(b, ihl + 2), oldId, icmpId));
        }
        return b;
    }

    /** RFC 1624 incremental update: HC' = ~(~HC + ~m + m'). */
    static int adjust(int checksum, int oldWord, int newWord) {
        long s = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        return ~Checksums.fold(s) & 0xffff;
    }

    private static int int32(byte[] b, int o) {
        return (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
    }

    private static int u16(byte[] b, int o) {
        return (b[o] & 0xff) << 8 | (b[o + 1] & 0xff);
    }

    private static void put32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    private static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }
}
