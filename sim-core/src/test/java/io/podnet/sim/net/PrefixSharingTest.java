package io.podnet.sim.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Canonical prefixes are shared, not copied (one route per remote node on 5,000 nodes). */
class PrefixSharingTest {
    @Test
    void canonicalPrefixIsItself() {
        Ipv4Prefix p = Ipv4Prefix.parse("10.244.7.0/24");
        assertSame(p, p.canonical());
        assertSame(p.address(), p.network());
        assertSame(Ipv4Prefix.DEFAULT, Ipv4Prefix.DEFAULT.canonical());
    }

    @Test
    void hostBitsAreStillCleared() {
        Ipv4Prefix p = Ipv4Prefix.parse("10.244.7.9/24");
        assertEquals(Ipv4Prefix.parse("10.244.7.0/24"), p.canonical());
        assertEquals(Ipv4Address.parse("10.244.7.0"), p.network());
        assertEquals(Ipv4Prefix.parse("10.244.7.9/24"), p);
        assertEquals(Ipv4Prefix.parse("0.0.0.0/0"), Ipv4Prefix.parse("192.0.2.1/0").canonical());
    }
}
