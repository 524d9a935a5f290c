package io.podnet.sim.netfilter;

import io.podnet.sim.net.Ipv4Address;

/**
 * What netfilter needs to ask the namespace it runs in (the stack implements this).
 */
public interface NetfilterContext {
    /** True when {@code address} is assigned to one of the namespace's interfaces (route type local). */
    boolean isLocalAddress(Ipv4Address address);

    /**
     * The primary IPv4 address of {@code device}, used as the MASQUERADE source; null when the
     * device has none (the packet is then dropped, as the kernel does).
     */
    Ipv4Address primaryAddress(String device);

    /** True for a subnet-directed broadcast address of a local subnet. Defaults to false. */
    default boolean isBroadcastAddress(Ipv4Address address) {
        return false;
    }

    /**
     * Charges {@code count} executions of {@code step} over {@code bytes} bytes for {@code pb} to the
     * namespace's kernel CPUs. Does nothing by default.
     */
    default void charge(io.podnet.sim.wire.PacketBuffer pb, io.podnet.sim.cost.CostStep step, long count, long bytes) {
    }

    /**
     * The namespace's IP sets for {@code -m set}, or null when none are known (a rule asking then
     * reports a guess through {@link #guessed}).
     */
    default IpSets ipsets() {
        return null;
    }

    /**
     * Called when a match could not be decided from what podnet knows and assumed an answer
     * ({@code -m set} with an unknown set, {@code -m socket}, {@code -m physdev}, a random draw):
     * the rule's file line and the option's column, and what was assumed. Defaults to nothing.
     */
    default void guessed(int line, int column, String assumption) {}

    /** A context for tests and for namespaces that own no addresses. */
    NetfilterContext NONE = new NetfilterContext() {
        @Override
        public boolean isLocalAddress(Ipv4Address address) {
            return false;
        }

        @Override
        public Ipv4Address primaryAddress(String device) {
            return null;
        }
    };
}
