package io.podnet.sim.socket.app;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reading the HTTP/1.1 messages the HTTP applications exchange ({@link Payloads#httpRequest},
 * {@link Payloads#httpResponse}): where a message ends (RFC 9112 section 6: the header block, then a
 * body of Content-Length bytes), header values, the status code.
 */
public final class Http {
    private Http() {}

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
    public static int headerEnd(byte[] b, int len) {
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
