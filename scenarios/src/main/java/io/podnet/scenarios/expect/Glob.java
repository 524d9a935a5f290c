package io.podnet.scenarios.expect;

/**
 * Shell-style globs ({@code *} any run, {@code ?} one character) over names such as
 * {@code pod/backend-*}. Matched in linear time by the greedy star algorithm with one backtrack
 * point (the last star), so {@code pod/****...x} cannot take exponential time as a regular
 * expression would: at most glob length times text length steps.
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(String glob, String text) {
        if (text == null || glob == null) {
            return false;
        }
        int g = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || (glob.charAt(g) != '*' && glob.charAt(g) == text.charAt(t)))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                mark = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
