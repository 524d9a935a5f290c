package io.podnet.sim.socket;

/** TCP sequence-number arithmetic modulo 2^32 (values held in longs, as in {@code TcpHeader}). */
final class Seq {
    private Seq() {}

    static long add(long seq, long n) {
        return (seq + n) & 0xffffffffL;
    }

    /** {@code a - b} as a signed 32-bit distance. */
    static int diff(long a, long b) {
        return (int) (a - b);
    }

    static boolean lt(long a, long b) {
        return diff(a, b) < 0;
    }

    static boolean le(long a, long b) {
        return diff(a, b) <= 0;
    }

    static boolean gt(long a, long b) {
        return diff(a, b) > 0;
    }

    static boolean ge(long a, long b) {
        return diff(a, b) >= 0;
    }
}
