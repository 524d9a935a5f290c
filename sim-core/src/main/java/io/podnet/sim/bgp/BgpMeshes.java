package io.podnet.sim.bgp;

import io.podnet.sim.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Peer lists for the two designs Calico offers: the node-to-node full mesh and route reflectors
 * (every node a client of each reflector; reflectors fully meshed with each other).
 */
public final class BgpMeshes {
    private BgpMeshes() {}

    /** For each node (by index), its peers in a full iBGP mesh. */
    public static List<List<BgpConfig.Peer>> fullMesh(List<Ipv4Address> nodes, List<String> names, long asn) {
        List<List<BgpConfig.Peer>> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            List<BgpConfig.Peer> peers = new ArrayList<>(nodes.size() - 1);
            for (int j = 0; j < nodes.size(); j++) {
                if (j != i) {
                    peers.add(new BgpConfig.Peer(nodes.get(j), asn, false, false, names.get(j)));
                }
            }
            out.add(peers);
        }
        return out;
    }

    /**
     * For each node, its peers when the nodes at {@code reflectorIndexes} reflect for everyone: a
     * reflector peers with every other node (clients flagged), a client only with the reflectors.
     */
    public static List<List<BgpConfig.Peer>> routeReflectors(List<Ipv4Address> nodes, List<String> names, long asn,
                                                             List<Integer> reflectorIndexes) {
        List<List<BgpConfig.Peer>> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            List<BgpConfig.Peer> peers = new ArrayList<>();
            boolean rr = reflectorIndexes.contains(i);
            for (int j = 0; j < nodes.size(); j++) {
                if (j == i) {
                    continue;
                }
                boolean otherRr = reflectorIndexes.contains(j);
                if (rr) {
                    peers.add(new BgpConfig.Peer(nodes.get(j), asn, !otherRr, false, names.get(j)));
                } else if (otherRr) {
                    peers.add(new BgpConfig.Peer(nodes.get(j), asn, false, false, names.get(j)));
                }
            }
            out.add(peers);
        }
        return out;
    }

    /** Sessions in the whole cluster: each peering counted once. */
    public static long sessionCount(List<List<BgpConfig.Peer>> peers) {
        long n = 0;
        for (List<BgpConfig.Peer> p : peers) {
            n += p.size();
        }
        return n / 2;
    }
}
