package io.podnet.scenarios.expect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shell glob semantics (POSIX fnmatch without brackets: '*' any run, '?' one character). */
class GlobTest {
    @Test
    void shellSemantics() {
        assertTrue(Glob.matches("pod/backend-*", "pod/backend-fghij"));
        assertTrue(Glob.matches("pod/backend-*", "pod/backend-"));
        assertFalse(Glob.matches("pod/backend-*", "pod/backen"));
        assertTrue(Glob.matches("*", ""));
        assertFalse(Glob.matches("?", ""));
        assertTrue(Glob.matches("a?c", "abc"));
        assertFalse(Glob.matches("a?c", "ac"));
        assertTrue(Glob.matches("*a*b*", "xxaxxbxx"));
        assertFalse(Glob.matches("*a*b*", "xxbxxaxx"));
        assertTrue(Glob.matches("node1/*", "node1/cni0"));
        assertTrue(Glob.matches("a.b", "a.b"));
        assertFalse(Glob.matches("a.b", "axb"), "a dot is literal");
        assertTrue(Glob.matches("[x]", "[x]"), "brackets are literal");
        assertFalse(Glob.matches("abc", null));
    }

    /** The pattern that made the regex-based matcher backtrack exponentially answers at once. */
    @Test
    @Timeout(60)
    void manyStarsAreLinear() {
        String stars = "pod/" + "*".repeat(10_000) + "x";
        assertFalse(Glob.matches(stars, "pod/" + "a".repeat(10_000)));
        assertTrue(Glob.matches(stars, "pod/" + "a".repeat(10_000) + "x"));
        assertFalse(Glob.matches("pod/" + "a*".repeat(5_000) + "x", "pod/" + "a".repeat(20_000)));
    }
}
