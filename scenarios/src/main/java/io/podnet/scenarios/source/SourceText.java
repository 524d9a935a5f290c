package io.podnet.scenarios.source;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of a scenario or manifest file into text as YAML 1.2 reads a stream: UTF-8, or
 * UTF-16 (big or little endian) when the file starts with its byte-order mark; a UTF-8 byte-order
 * mark is dropped. Bytes that are not valid in the encoding, and characters YAML does not allow in
 * a stream (NUL and the other C0 controls but tab, line feed and carriage return; DEL; C1 controls
 * but NEL), are reported at their own line and column, never at 1:1, and never quoted.
 */
public final class SourceText {
    private SourceText() {}

    /** The text of {@code bytes}, or null after reporting where it stops being readable. */
    public static String decode(byte[] bytes, String file, Diagnostics diags) {
        Charset cs = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 4 && ((bytes[0] == 0 && bytes[1] == 0 && (bytes[2] & 0xff) == 0xfe && (bytes[3] & 0xff) == 0xff)
                || ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe && bytes[2] == 0 && bytes[3] == 0))) {
            diags.error(SourceLocation.ofFile(file), "the file is UTF-32 (it starts with a UTF-32 byte-order mark);"
                    + " save it as UTF-8 (or UTF-16 with a byte-order mark)");
            return null;
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            skip = 3;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        CharBuffer out = CharBuffer.allocate(bytes.length - skip + 16); // never more chars than bytes
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            out.flip();
            SourceLocation at = locationAfter(out, file);
            diags.error(at, "the file is not valid " + name(cs) + ": byte " + (in.position() + 1)
                    + " (0x" + String.format("%02x", bytes[Math.min(in.position(), bytes.length - 1)] & 0xff)
                    + ") cannot start or continue a character here; save the file as UTF-8"
                    + (cs == StandardCharsets.UTF_8 ? " (or UTF-16 with a byte-order mark)" : ""));
            return null;
        }
        dec.flush(out);
        out.flip();
        String text = out.toString();
        int bad = firstForbidden(text);
        if (bad >= 0) {
            int cp = text.codePointAt(bad);
            SourceLocation at = locationAfter(CharBuffer.wrap(text, 0, bad), file);
            diags.error(at, "character " + String.format("U+%04X", cp) + describe(cp)
                    + " is not allowed in a YAML or JSON file"
                    + (cp == 0 && cs == StandardCharsets.UTF_8 && looksLikeUtf16(bytes)
                    ? "; the file looks like UTF-16 without a byte-order mark: save it as UTF-8, or as UTF-16 with one"
                    : "; remove it (write it as an escape such as \"\\u0000\" inside a double-quoted string)"));
            return null;
        }
        return text;
    }

    private static String name(Charset cs) {
        return cs == StandardCharsets.UTF_8 ? "UTF-8" : cs == StandardCharsets.UTF_16BE ? "UTF-16BE" : "UTF-16LE";
    }

    private static boolean looksLikeUtf16(byte[] b) {
        int zeros = 0;
        int n = Math.min(b.length, 64);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                zeros++;
            }
        }
        return zeros * 3 >= n;
    }

    private static String describe(int cp) {
        if (cp == 0) {
            return " (NUL)";
        }
        if (cp == 0x7f) {
            return " (DEL)";
        }
        return cp < 0x20 || (cp >= 0x80 && cp < 0xa0) ? " (a control character)" : "";
    }

    /** Index of the first character YAML 1.2 does not allow in a stream (c-printable), or -1. */
    static int firstForbidden(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0x7e) || c == 0x85
                    || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    /** The 1-based line and column just after {@code before} (lines end at LF, CR LF or CR). */
    static SourceLocation locationAfter(CharSequence before, String file) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= before.length() || before.charAt(i + 1) != '\n'))) {
                line++;
                col = 1;
            } else if (c != '\r' && !Character.isLowSurrogate(c)) {
                col++;
            }
        }
        return new SourceLocation(file, line, col);
    }
}
