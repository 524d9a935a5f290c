package io.podnet.sim.netfilter;

import java.util.ArrayList;
import java.util.List;

/** Splits one line into arguments the way iptables-restore does (double quotes, backslash escapes inside them). */
final class Tokens {
    private Tokens() {}

    /** One argument with its 1-based column and whether any part of it was quoted. */
    record Token(String text, int column, boolean quoted) {}

    /**
     * @param from 0-based index where tokenising starts
     * @return the tokens; an unterminated quote throws with the quote's position
     */
    static List<Token> split(String line, int from, int lineNo) {
        List<Token> out = new ArrayList<>();
        int i = from;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            StringBuilder sb = new StringBuilder();
            boolean quoted = false;
            boolean inQuote = false;
            int quoteAt = -1;
            while (i < n) {
                c = line.charAt(i);
                if (inQuote) {
                    if (c == '\\' && i + 1 < n) {
                        sb.append(line.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (c == '"') {
                        inQuote = false;
                        i++;
                        continue;
                    }
                    sb.append(c);
                    i++;
                    continue;
                }
                if (c == ' ' || c == '\t') {
                    break;
                }
                if (c == '"') {
                    inQuote = true;
                    quoted = true;
                    quoteAt = i;
                    i++;
                    continue;
                }
                sb.append(c);
                i++;
            }
            if (inQuote) {
                throw new ParseException(lineNo, quoteAt + 1, "unterminated quote",
                        "a closing \" before the end of the line (write \\\" for a quote inside)", line);
            }
            out.add(new Token(sb.toString(), start + 1, quoted));
        }
        return out;
    }
}
