package io.podnet.sim.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RulesetCacheTest {
    @Test
    void identicalTextsShareOneRulesetAndFailuresAreNotCached() {
        RulesetCache cache = new RulesetCache();
        Ruleset a = cache.get(KubeProxyText.NODE);
        assertSame(a, cache.get(new String(KubeProxyText.NODE.toCharArray())));
        assertNotSame(a, cache.get(XtRecentTest.filter("-A INPUT -j ACCEPT")));
        assertEquals(2, cache.size());
        assertThrows(ParseException.class, () -> cache.get(XtRecentTest.filter("-A INPUT -j NOWHERE")));
        assertEquals(2, cache.size());
    }
}
