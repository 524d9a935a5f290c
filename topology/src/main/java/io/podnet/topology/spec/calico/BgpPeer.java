package io.podnet.topology.spec.calico;

import io.podnet.sim.net.Ipv4Address;

/**
 * A Calico {@code BGPPeer}: which nodes it applies to ({@code node}, or {@code nodeSelector}, or
 * every node when both are absent) and whom they peer with: an address and AS ({@code peerIP},
 * {@code asNumber}: a top-of-rack router or another node) or the nodes a {@code peerSelector}
 * picks (route reflectors).
 *
 * @param name         metadata.name
 * @param node         the one node it applies to, or null
 * @param nodeSelector the nodes it applies to, or null
 * @param peerIp       the peer address, or null with a peerSelector
 * @param asNumber     the peer AS with a peerIP, else 0
 * @param peerSelector the peer nodes, or null with a peerIP
 */
public record BgpPeer(String name, String node, Selector nodeSelector, Ipv4Address peerIp, long asNumber,
                      Selector peerSelector) {
    public BgpPeer {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a BGPPeer needs metadata.name");
        }
        if (node != null && nodeSelector != null) {
            throw new InvalidFieldException("spec.node", "BGPPeer " + name + " sets both node and nodeSelector; use one");
        }
        if ((peerIp == null) == (peerSelector == null)) {
            throw new InvalidFieldException("spec.peerIP", "BGPPeer " + name + " needs exactly one of peerIP (with asNumber) or peerSelector");
        }
        if (peerIp != null && (asNumber < 1 || asNumber > 4294967295L)) {
            throw new InvalidFieldException("spec.peerIP", "BGPPeer " + name + " with peerIP " + peerIp + " needs asNumber (1-4294967295)");
        }
        if (peerSelector != null && asNumber != 0) {
            throw new InvalidFieldException("spec.asNumber", "BGPPeer " + name + " sets asNumber with a peerSelector; the peers' own AS is used,"
                    + " leave asNumber out");
        }
    }

    /** Whether it applies to the node with this name and labels. */
    public boolean appliesTo(String nodeName, java.util.Map<String, String> labels) {
        if (node != null) {
            return node.equals(nodeName);
        }
        return nodeSelector == null || nodeSelector.matches(labels);
    }
}
