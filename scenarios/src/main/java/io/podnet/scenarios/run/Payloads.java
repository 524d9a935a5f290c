package io.podnet.scenarios.run;

import java.nio.charset.StandardCharsets;

/**
 * What the simulated applications send: deterministic filler bytes, and real HTTP/1.1 messages for
 * {@code http} traffic. Where a received HTTP message ends is read with sim-core's
 * {@link io.podnet.sim.socket.app.Http#messageLength}.
 */
final class Payloads {
    private Payloads() {}

    /** {@code n} bytes of a repeating printable pattern (so captures are readable). */
    static byte[] filler(long n) {
        if (n > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("payload of " + n + " bytes is too large");
        }
        byte[] b = new byte[(int) n];
        String pattern = "podnet-";
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) pattern.charAt(i % pattern.length());
        }
        return b;
    }

    /** An HTTP/1.1 request: {@code GET /} without a body, {@code POST /} with one. */
    static byte[] httpRequest(String host, long bodyBytes) {
        String head = (bodyBytes == 0 ? "GET" : "POST") + " / HTTP/1.1\r\nHost: " + host
                + "\r\nUser-Agent: podnet\r\nAccept: */*\r\n"
                + (bodyBytes == 0 ? "" : "Content-Type: application/octet-stream\r\nContent-Length: " + bodyBytes
                + "\r\n") + "\r\n";
        return concat(head.getBytes(StandardCharsets.US_ASCII), filler(bodyBytes));
    }

    /** An HTTP/1.1 {@code 200 OK} response with a body of {@code bodyBytes}. */
    static byte[] httpResponse(long bodyBytes) {
        String head = "HTTP/1.1 200 OK\r\nServer: podnet\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + bodyBytes + "\r\n\r\n";
        return concat(head.getBytes(StandardCharsets.US_ASCII), filler(bodyBytes));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
