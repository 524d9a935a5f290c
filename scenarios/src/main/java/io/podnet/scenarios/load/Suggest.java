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
        return io.podnet.sim.text.EditDistance.of(a, b);
    }
}
