package io.podnet.sim.socket.app;

import java.nio.charset.StandardCharsets;

/**
 * What the traffic applications send: deterministic filler bytes, and real HTTP/1.1 messages (so
 * tshark decodes a capture). Where a received HTTP message ends is read with
 * {@link Http#messageLength}.
 */
public final class Payloads {
    private static final byte[] PATTERN = "podnet-".getBytes(StandardCharsets.US_ASCII);

    private Payloads() {}

    /** {@code n} bytes of {@code podnet-} repeated (readable in a capture). */
    public static byte[] filler(long n) {
        if (n < 0 || n > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("payload of " + n + " bytes is out of range");
        }
        byte[] b = new byte[(int) n];
        for (int i = 0; i < b.length; i++) {
            b[i] = PATTERN[i % PATTERN.length];
        }
        return b;
    }

    /**
     * An HTTP/1.1 request to {@code host} (the Host header value): {@code GET /} without a body when
     * {@code bodyBytes} is 0, else {@code POST /} with a Content-Length body of filler.
     */
    public static byte[] httpRequest(String host, long bodyBytes) {
        String head = (bodyBytes == 0 ? "GET" : "POST") + " / HTTP/1.1\r\nHost: " + host
                + "\r\nUser-Agent: podnet\r\nAccept: */*\r\n"
                + (bodyBytes == 0 ? "" : "Content-Type: application/octet-stream\r\nContent-Length: " + bodyBytes
                + "\r\n") + "\r\n";
        return concat(head.getBytes(StandardCharsets.US_ASCII), filler(bodyBytes));
    }

    /** An HTTP/1.1 {@code 200 OK} response with a Content-Length body of {@code bodyBytes} filler. */
    public static byte[] httpResponse(long bodyBytes) {
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
