package io.podnet.scenarios.load;

import java.util.regex.Pattern;

/** Kubernetes name rules (DNS-1123) and Linux interface names. */
public final class Names {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private Names() {}

    /** Null when {@code name} is a DNS-1123 label, otherwise why not. */
    public static String dns1123LabelProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > 63) {
            return "is " + name.length() + " characters long (at most 63)";
        }
        if (!LABEL.matcher(name).matches()) {
            return "must consist of lower-case letters, digits and '-', and start and end with a letter or digit";
        }
        return null;
    }

    /** Null when {@code name} is a DNS-1123 subdomain, otherwise why not. */
    public static String dns1123SubdomainProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > 253) {
            return "is " + name.length() + " characters long (at most 253)";
        }
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || !LABEL.matcher(part).matches()) {
                return "must consist of lower-case letters, digits, '-' and '.', each dot-separated part starting"
                        + " and ending with a letter or digit";
            }
        }
        return null;
    }

    /** Null when {@code name} is a valid Linux interface name (IFNAMSIZ 16, no '/', no whitespace). */
    public static String interfaceNameProblem(String name) {
        if (name.isEmpty() || name.length() > 15) {
            return "must be 1-15 characters long";
        }
        if (name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            return "must not contain '/', ':' or whitespace";
        }
        return null;
    }
}
