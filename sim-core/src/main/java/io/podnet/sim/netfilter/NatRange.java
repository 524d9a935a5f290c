package io.podnet.sim.netfilter;

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
