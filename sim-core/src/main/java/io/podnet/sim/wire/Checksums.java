package io.podnet.sim.wire;

/** The Internet checksum (RFC 1071). */
public final class Checksums {
    private Checksums() {}

    /** Adds {@code len} bytes at {@code off} to {@code initial} (an unfolded sum) and returns the folded complement. */
    public static int ones(byte[] b, int off, int len, long initial) {
        return (~fold(sum(b, off, len, initial))) & 0xffff;
    }

    /** Unfolded 16-bit word sum of the bytes, added to {@code initial}. */
    public static long sum(byte[] b, int off, int len, long initial) {
        long s = initial;
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) {
            s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            s += (b[i] & 0xff) << 8;
        }
        return s;
    }

    public static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    /** Unfolded sum of the IPv4 pseudo header. */
    public static long pseudoHeader(int src, int dst, int protocol, int length) {
        return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
    }
}
