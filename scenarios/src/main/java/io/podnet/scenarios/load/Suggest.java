package io.podnet.scenarios.load;

import java.util.Collection;

/** "Did you mean" by edit distance (Levenshtein with transpositions): the closest candidate within a distance that scales with length. */
public final class Suggest {
    private Suggest() {}

    /** The closest candidate to {@code given}, or null when none is close enough to be a typo. */
    public static String closest(String given, Collection<String> candidates) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(given.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        if (best == null) {
            return null;
        }
        int allowed = Math.max(1, Math.min(3, Math.max(given.length(), best.length()) / 3));
        return bestDist <= allowed && bestDist < Math.min(given.length(), best.length()) ? best : null;
    }

    /** " (did you mean 'x'?)" or the empty string. */
    public static String didYouMean(String given, Collection<String> candidates) {
        String c = closest(given, candidates);
        return c == null ? "" : " (did you mean '" + c + "'?)";
    }

    /**
     * The edit distance between two strings (Levenshtein, with a swap of two neighbouring
     * characters counted as one edit: "prots" is one edit from "ports").
     */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
