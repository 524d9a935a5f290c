package io.podnet.dataplane.realise;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link io.podnet.sim.config.NetworkConfig} as the exact input of the tools that realise it, in
 * the order they run. Maps are keyed by the real (prefixed) namespace name and keep insertion order.
 *
 * @param prefix        the run prefix
 * @param netns         config namespace name -> real namespace name (the underlay is not in here)
 * @param createNetns   {@code ip -b} input run in the root namespace: {@code netns add} lines only
 * @param earlySysctls  {@code sysctl -w} arguments per namespace, before any link exists
 * @param createVeths   {@code ip -b} input that creates every veth pair directly inside its two namespaces
 * @param ipBatch       {@code ip -n NS -b} input per namespace: bridges, VXLAN, masters, up, addresses, routes, neighbours
 * @param bridgeBatch   {@code bridge -n NS -b} input per namespace: static FDB entries
 * @param lateSysctls   {@code sysctl -w} arguments per namespace that name devices (proxy_arp)
 * @param iptables      {@code iptables-restore} input per namespace
 * @param nft           {@code nft -f} input per namespace
 * @param underlayPorts real node namespace -> the name of its NIC's port on the underlay switch
 */
public record Rendering(RunPrefix prefix, Map<String, String> netns, String createNetns,
                        Map<String, List<String>> earlySysctls, String createVeths, Map<String, String> ipBatch,
                        Map<String, String> bridgeBatch, Map<String, List<String>> lateSysctls,
                        Map<String, String> iptables, Map<String, String> nft, Map<String, String> underlayPorts) {
    public Rendering {
        netns = freeze(netns);
        earlySysctls = freeze(earlySysctls);
        ipBatch = freeze(ipBatch);
        bridgeBatch = freeze(bridgeBatch);
        lateSysctls = freeze(lateSysctls);
        iptables = freeze(iptables);
        nft = freeze(nft);
        underlayPorts = freeze(underlayPorts);
    }

    /** Every real namespace this rendering creates, in creation order. */
    public List<String> allNamespaces() {
        return createNetns.lines().filter(l -> l.startsWith("netns add ")).map(l -> l.substring(10)).toList();
    }

    /** The real namespace of a configuration namespace; throws when it is unknown. */
    public String real(String configName) {
        String r = netns.get(configName);
        if (r == null) {
            throw new IllegalArgumentException("no namespace named '" + configName + "' in the configuration");
        }
        return r;
    }

    private static <K, V> Map<K, V> freeze(Map<K, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
