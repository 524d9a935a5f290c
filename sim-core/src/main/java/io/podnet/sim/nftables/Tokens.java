package io.podnet.sim.nftables;

import java.util.ArrayList;
import java.util.List;

/** Splits one nft line into words, keeping quoted strings whole and braces, commas and colons apart. */
final class Tokens {
    private Tokens() {}

    static List<String> split(String line, int lineNo) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int j = line.indexOf('"', i + 1);
                if (j < 0) {
                    throw new NftParseException(lineNo, "unterminated string");
                }
                out.add(line.substring(i, j + 1));
                i = j + 1;
            } else if (c == '{' || c == '}' || c == ',' || c == ';') {
                out.add(String.valueOf(c));
                i++;
            } else {
                int j = i;
                while (j < n && !Character.isWhitespace(line.charAt(j)) && "{},;\"".indexOf(line.charAt(j)) < 0) {
                    j++;
                }
                out.add(line.substring(i, j));
                i = j;
            }
        }
        return out;
    }
}
