package io.podnet.dataplane.realise;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The per-run prefix of every namespace {@code podnet verify} creates: {@code pn} and six hex digits,
 * e.g. {@code pn3fa2c1}. A node or pod namespace is {@code PREFIX-NAME}; the underlay switch lives in
 * {@code PREFIX_underlay} (an underscore is never part of a Kubernetes name, so it cannot collide).
 * {@link #ANY_RUN} matches the namespaces of any run and nothing else; {@code --cleanup} uses it.
 */
public record RunPrefix(String value) {
    /** Matches namespaces created by any run. */
    public static final Pattern ANY_RUN = Pattern.compile("pn[0-9a-f]{6}[-_][a-z0-9][a-z0-9._-]*");
    private static final Pattern PREFIX = Pattern.compile("pn[0-9a-f]{6}");
    /** Longest namespace name used (the kernel allows 255; short names keep messages readable). */
    public static final int MAX_NETNS = 64;

    public RunPrefix {
        if (value == null || !PREFIX.matcher(value).matches()) {
            throw new IllegalArgumentException("run prefix must be pn and six hex digits, was: " + value);
        }
    }

    /** A prefix derived from this process id and a start time. */
    public static RunPrefix fresh(long pid, long nanos) {
        long x = pid * 0x9E3779B97F4A7C15L ^ nanos;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 32;
        return new RunPrefix(String.format("pn%06x", x & 0xffffff));
    }

    /** The real namespace that stands for the configuration's namespace {@code name}. */
    public String netns(String name) {
        String full = value + "-" + name;
        if (full.length() <= MAX_NETNS) {
            return full;
        }
        // Long Kubernetes names keep a readable head and a stable hash of the whole name.
        String head = name.substring(0, MAX_NETNS - value.length() - 1 - 9);
        while (head.endsWith("-") || head.endsWith(".")) {
            head = head.substring(0, head.length() - 1);
        }
        return value + "-" + head + "-" + String.format("%08x", fnv(name));
    }

    /** The namespace that holds the underlay switches. */
    public String underlay() {
        return value + "_underlay";
    }

    /** True when {@code netns} belongs to this run. */
    public boolean owns(String netns) {
        return netns.startsWith(value + "-") || netns.startsWith(value + "_");
    }

    private static int fnv(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }
}
