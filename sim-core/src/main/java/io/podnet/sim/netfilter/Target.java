package io.podnet.sim.netfilter;

/**
 * What a rule does when it matches ({@code -j}/{@code -g}). Immutable; a jump's chain is resolved
 * to an index in its table when the table is committed.
 */
final class Target {
    enum Kind {
        /** No {@code -j}: the rule only counts. */
        NONE,
        ACCEPT,
        DROP,
        RETURN,
        JUMP,
        GOTO,
        REJECT,
        DNAT,
        SNAT,
        MASQUERADE,
        MARK,
        LOG,
        NOTRACK
    }

    static final Target NONE = new Target(Kind.NONE, null, -1, null, null, 0, 0, null);

    final Kind kind;
    /** JUMP/GOTO: the chain name. */
    final String chain;
    /** JUMP/GOTO: index of the chain in its table. */
    final int chainIndex;
    /** REJECT: canonical {@code --reject-with} name. */
    final String rejectWith;
    /** DNAT/SNAT/MASQUERADE: the address/port range. */
    final NatRange range;
    /** MARK: the packet mark becomes {@code (mark & ~markMask) ^ markXor}. */
    final int markMask;
    final int markXor;
    /** LOG: prefix, or null. */
    final String logPrefix;

    Target(Kind kind, String chain, int chainIndex, String rejectWith, NatRange range, int markMask, int markXor,
           String logPrefix) {
        this.kind = kind;
        this.chain = chain;
        this.chainIndex = chainIndex;
        this.rejectWith = rejectWith;
        this.range = range;
        this.markMask = markMask;
        this.markXor = markXor;
        this.logPrefix = logPrefix;
    }

    static Target simple(Kind k) {
        return new Target(k, null, -1, null, null, 0, 0, null);
    }

    Target resolved(int index) {
        return new Target(kind, chain, index, rejectWith, range, markMask, markXor, logPrefix);
    }

    /** Hooks (bit per {@link Hook#ordinal()}) from which the kernel lets this target be used; -1 = any. */
    int allowedHooks() {
        return switch (kind) {
            case DNAT -> bit(Hook.PREROUTING) | bit(Hook.OUTPUT);
            case SNAT -> bit(Hook.POSTROUTING) | bit(Hook.INPUT);
            case MASQUERADE -> bit(Hook.POSTROUTING);
            case REJECT -> bit(Hook.INPUT) | bit(Hook.FORWARD) | bit(Hook.OUTPUT);
            default -> -1;
        };
    }

    static int bit(Hook h) {
        return 1 << h.ordinal();
    }

    /**
     * A NAT range as {@code nf_nat_range}: an address (podnet supports one address, not a range) and
     * an optional port range, with the {@code --random}/{@code --random-fully} flags.
     *
     * @param address        the new address bits, meaningful when {@code addressSpecified}
     * @param portSpecified  false keeps the port where possible
     */
    record NatRange(int address, boolean addressSpecified, int minPort, int maxPort, boolean portSpecified,
                    boolean random, boolean randomFully) {
        boolean randomAll() {
            return random || randomFully;
        }
    }
}
