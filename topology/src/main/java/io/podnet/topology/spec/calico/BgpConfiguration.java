package io.podnet.topology.spec.calico;

/**
 * The global Calico {@code BGPConfiguration} (named {@code default}).
 *
 * @param nodeToNodeMeshEnabled every node peers with every other node (default true)
 * @param asNumber              the nodes' AS unless a Node overrides it (default 64512)
 */
public record BgpConfiguration(boolean nodeToNodeMeshEnabled, long asNumber) {
    public static final long DEFAULT_AS = 64512;
    public static final BgpConfiguration DEFAULT = new BgpConfiguration(true, DEFAULT_AS);

    public BgpConfiguration {
        if (asNumber < 1 || asNumber > 4294967295L) {
            throw new IllegalArgumentException("asNumber " + asNumber + " is not an AS number (1-4294967295)");
        }
    }
}
