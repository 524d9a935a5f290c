package io.podnet.sim.socket.app;

/** Readable filler bytes, so payloads in a capture are recognisable. */
final class Payloads {
    private Payloads() {}

    /** {@code n} bytes of {@code abcdefghijklmnopqrstuvwxyz} repeated. */
    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }
}
