package io.podnet.sim.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RuleCountersTest {
    @Test
    void countsPerOrdinalAcrossChunkBoundaries() {
        RuleCounters c = new RuleCounters(3 * RuleCounters.CHUNK + 5);
        int last = 3 * RuleCounters.CHUNK + 4;
        c.count(0, 60);
        c.count(0, 40);
        c.count(RuleCounters.CHUNK - 1, 1500);
        c.count(RuleCounters.CHUNK, 52);
        c.count(last, 9);
        assertEquals(2, c.packets(0));
        assertEquals(100, c.bytes(0));
        assertEquals(1, c.packets(RuleCounters.CHUNK - 1));
        assertEquals(1500, c.bytes(RuleCounters.CHUNK - 1));
        assertEquals(1, c.packets(RuleCounters.CHUNK));
        assertEquals(52, c.bytes(RuleCounters.CHUNK));
        assertEquals(1, c.packets(last));
        assertEquals(9, c.bytes(last));
        // Untouched rules, in a touched chunk and in a chunk never allocated, read zero.
        assertEquals(0, c.packets(1));
        assertEquals(0, c.bytes(1));
        assertEquals(0, c.packets(2 * RuleCounters.CHUNK + 3));
        assertEquals(0, c.bytes(2 * RuleCounters.CHUNK + 3));
    }

    @Test
    void emptyRulesetAndBadSize() {
        new RuleCounters(0);
        assertThrows(IllegalArgumentException.class, () -> new RuleCounters(-1));
    }
}
