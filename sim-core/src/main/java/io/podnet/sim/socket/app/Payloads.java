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
        fill(b, 0, b.length);
        return b;
    }

    /**
     * Writes filler into {@code b[from, from + n)}: the pattern once, then the bytes already written
     * copied onto the rest, doubling each time (a 64 KiB body is a few {@code arraycopy} calls).
     */
    private static void fill(byte[] b, int from, int n) {
        int head = Math.min(n, PATTERN.length);
        System.arraycopy(PATTERN, 0, b, from, head);
        for (int done = head; done < n; done *= 2) {
            System.arraycopy(b, from, b, from + done, Math.min(done, n - done));
        }
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
        return withFiller(head, bodyBytes);
    }

    /** An HTTP/1.1 {@code 200 OK} response with a Content-Length body of {@code bodyBytes} filler. */
    public static byte[] httpResponse(long bodyBytes) {
        String head = "HTTP/1.1 200 OK\r\nServer: podnet\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + bodyBytes + "\r\n\r\n";
        return withFiller(head, bodyBytes);
    }

    /** {@code head} in US-ASCII followed by {@code bodyBytes} of filler, in one array. */
    private static byte[] withFiller(String head, long bodyBytes) {
        if (bodyBytes < 0 || bodyBytes > Integer.MAX_VALUE - 1024 - head.length()) {
            throw new IllegalArgumentException("payload of " + bodyBytes + " bytes is out of range");
        }
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + (int) bodyBytes];
        System.arraycopy(h, 0, out, 0, h.length);
        fill(out, h.length, (int) bodyBytes);
        return out;
    }
}
