package io.podnet.scenarios.expect;

import java.util.regex.Pattern;

/** Shell-style globs ({@code *} any run, {@code ?} one character) over names such as {@code pod/backend-*}. */
public final class Glob {
    private Glob() {}

    public static boolean matches(String glob, String text) {
        if (text == null) {
            return false;
        }
        StringBuilder re = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*') {
                re.append(".*");
            } else if (ch == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.matches(re.toString(), text);
    }
}
