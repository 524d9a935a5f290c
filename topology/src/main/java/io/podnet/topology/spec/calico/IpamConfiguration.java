package io.podnet.topology.spec.calico;

/**
 * Calico's {@code IPAMConfiguration} (named {@code default}).
 *
 * @param strictAffinity   no borrowing from other nodes' blocks (default false)
 * @param maxBlocksPerHost the most blocks one node may claim; 0 means no limit (default 20)
 */
public record IpamConfiguration(boolean strictAffinity, int maxBlocksPerHost) {
    public static final IpamConfiguration DEFAULT = new IpamConfiguration(false, 20);

    public IpamConfiguration {
        if (maxBlocksPerHost < 0) {
            throw new InvalidFieldException("spec.maxBlocksPerHost", "maxBlocksPerHost must not be negative, was " + maxBlocksPerHost);
        }
    }
}
