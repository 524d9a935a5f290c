package io.podnet.sim.socket.app;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP/1.1 bytes the HTTP applications exchange: a real {@code GET} request (padded with an
 * {@code X-Padding} header to the requested size) and a real {@code 200 OK} response with
 * {@code Content-Length}, so tshark decodes both.
 */
public final class Http {
    /** Request header naming the body size the client wants; the server honours it. */
    public static final String RESPONSE_BYTES_HEADER = "X-Podnet-Response-Bytes";
    private static final String PAD_HEADER = "X-Padding: ";

    private Http() {}

    /**
     * A GET request of exactly {@code totalBytes} bytes when that is at least the minimal request
     * plus 15 bytes for an empty padding header; otherwise the smallest possible request.
     */
    public static byte[] request(String host, int totalBytes, int responseBytes) {
        String head = "GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: podnet\r\nAccept: */*\r\n"
                + RESPONSE_BYTES_HEADER + ": " + responseBytes + "\r\n";
        int minimal = head.length() + 2;
        StringBuilder sb = new StringBuilder(Math.max(totalBytes, minimal)).append(head);
        if (totalBytes > minimal) {
            int pad = Math.max(0, totalBytes - minimal - PAD_HEADER.length() - 2);
            sb.append(PAD_HEADER);
            for (int i = 0; i < pad; i++) {
                sb.append('x');
            }
            sb.append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A {@code 200 OK} response whose body is {@code bodyBytes} of readable filler. */
    public static byte[] response(int bodyBytes) {
        String head = "HTTP/1.1 200 OK\r\nServer: podnet\r\nContent-Type: text/plain\r\nContent-Length: " + bodyBytes
                + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + bodyBytes];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(Payloads.pattern(bodyBytes), 0, out, h.length, bodyBytes);
        return out;
    }

    /**
     * The length of the HTTP message at the start of {@code b[0..len)}: its header block plus its
     * {@code Content-Length} (0 when absent or malformed), or -1 while the header block is incomplete.
     */
    public static long messageLength(byte[] b, int len) {
        int end = headerEnd(b, len);
        if (end < 0) {
            return -1;
        }
        return end + intHeader(new String(b, 0, end, StandardCharsets.ISO_8859_1), "Content-Length", 0);
    }

    /** The index just after the blank line that ends a header block in {@code b[0..len)}, or -1. */
    static int headerEnd(byte[] b, int len) {
        for (int i = 3; i < len; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The value of a header (case-insensitive name) in a header block, or null. */
    static String header(String head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        return null;
    }

    /** A non-negative integer header value, or {@code dflt} when absent or malformed. */
    static long intHeader(String head, String name, long dflt) {
        String v = header(head, name);
        if (v == null || v.isEmpty() || v.length() > 12 || !v.chars().allMatch(Character::isDigit)) {
            return dflt;
        }
        return Long.parseLong(v);
    }

    /** The status code of a response head ({@code HTTP/1.1 200 OK} → 200), or -1. */
    static int status(String head) {
        if (!head.startsWith("HTTP/1.") || head.length() < 12) {
            return -1;
        }
        String code = head.substring(9, 12);
        return code.chars().allMatch(Character::isDigit) ? Integer.parseInt(code) : -1;
    }
}
