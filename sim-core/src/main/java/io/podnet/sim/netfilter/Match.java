package io.podnet.sim.netfilter;

/**
 * One precompiled {@code -m} match of a rule. Implementations are immutable and stateless (random
 * draws come from the evaluating namespace's generator), so one parsed ruleset serves many
 * namespaces.
 */
interface Match {
    boolean matches(PacketView v);
}
