package io.podnet.sim.netfilter;

import java.util.List;

/**
 * The iptables tables podnet evaluates, in kernel priority order (raw -300, mangle -150, nat -100/100,
 * filter 0), each with the built-in chains (hooks) it registers.
 */
public enum TableName {
    RAW("raw", List.of(Hook.PREROUTING, Hook.OUTPUT)),
    MANGLE("mangle", List.of(Hook.PREROUTING, Hook.INPUT, Hook.FORWARD, Hook.OUTPUT, Hook.POSTROUTING)),
    NAT("nat", List.of(Hook.PREROUTING, Hook.INPUT, Hook.OUTPUT, Hook.POSTROUTING)),
    FILTER("filter", List.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT));

    private final String iptablesName;
    private final List<Hook> hooks;

    TableName(String iptablesName, List<Hook> hooks) {
        this.iptablesName = iptablesName;
        this.hooks = hooks;
    }

    /** The name as written after {@code *} in iptables-save text. */
    public String iptablesName() {
        return iptablesName;
    }

    /** The hooks this table has built-in chains for. */
    public List<Hook> hooks() {
        return hooks;
    }

    public boolean hasHook(Hook h) {
        return hooks.contains(h);
    }

    /** The table named {@code name} ({@code nat}, {@code filter}...), or null. */
    public static TableName byName(String name) {
        for (TableName t : values()) {
            if (t.iptablesName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return iptablesName;
    }
}
