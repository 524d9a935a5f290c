package io.podnet.sim.netfilter;

/**
 * Per-rule packet and byte counters of one namespace, indexed by rule ordinal. Stored in chunks of
 * {@value #CHUNK} rules allocated on the first hit: a node's kube-proxy ruleset at 10,000 Services
 * has over 100,000 rules, of which a run touches a handful, and a cluster has one counter set per
 * node (dense arrays would cost 16 bytes per rule per node: 8 GiB at 5,000 nodes).
 */
final class RuleCounters {
    static final int SHIFT = 7;
    static final int CHUNK = 1 << SHIFT;

    /** Chunk i holds packets then bytes of rules [i*CHUNK, (i+1)*CHUNK), interleaved. */
    private final long[][] chunks;

    RuleCounters(int ordinals) {
        if (ordinals < 0) {
            throw new IllegalArgumentException("ordinals must be >= 0, was " + ordinals);
        }
        chunks = new long[(ordinals + CHUNK - 1) >>> SHIFT][];
    }

    void count(int ordinal, long bytes) {
        long[] c = chunks[ordinal >>> SHIFT];
        if (c == null) {
            c = new long[2 * CHUNK];
            chunks[ordinal >>> SHIFT] = c;
        }
        int i = (ordinal & (CHUNK - 1)) << 1;
        c[i]++;
        c[i + 1] += bytes;
    }

    long packets(int ordinal) {
        long[] c = chunks[ordinal >>> SHIFT];
        return c == null ? 0 : c[(ordinal & (CHUNK - 1)) << 1];
    }

    long bytes(int ordinal) {
        long[] c = chunks[ordinal >>> SHIFT];
        return c == null ? 0 : c[((ordinal & (CHUNK - 1)) << 1) + 1];
    }
}
