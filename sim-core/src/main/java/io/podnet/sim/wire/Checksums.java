package io.podnet.sim.wire;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624), as NAT uses it to patch a
 * checksum after rewriting an address or a port without summing the whole packet again.
 */
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

    /** The checksum after one 16-bit word covered by it changed from {@code oldWord} to {@code newWord} (RFC 1624 eqn. 3). */
    public static int replace16(int checksum, int oldWord, int newWord) {
        long s = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        return ~fold(s) & 0xffff;
    }

    /** The checksum after a 32-bit value (an IPv4 address) covered by it changed. */
    public static int replace32(int checksum, int oldValue, int newValue) {
        return replace16(replace16(checksum, oldValue >>> 16, newValue >>> 16), oldValue & 0xffff, newValue & 0xffff);
    }
}
