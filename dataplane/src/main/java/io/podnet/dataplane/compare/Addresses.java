package io.podnet.dataplane.compare;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.Map;
import java.util.TreeMap;

/** Which configuration namespace owns an address (pods first, so a pod IP never names its node). */
public final class Addresses {
    private final Map<String, String> owner = new TreeMap<>();

    public Addresses(NetworkConfig config) {
        for (String role : new String[] {"pod", null}) {
            for (NamespaceConfig ns : config.namespaces()) {
                if (role != null && !role.equals(ns.role())) {
                    continue;
                }
                for (InterfaceConfig i : ns.interfaces()) {
                    for (Ipv4Prefix p : i.addresses()) {
                        owner.putIfAbsent(p.address().toString(), ns.name());
                    }
                }
            }
        }
    }

    /** The namespace holding {@code ip}, or the address itself when no namespace does. */
    public String name(String ip) {
        if (ip == null) {
            return null;
        }
        return owner.getOrDefault(ip, ip);
    }

    /** The first address of a namespace, or null. */
    public String addressOf(String namespace) {
        for (Map.Entry<String, String> e : owner.entrySet()) {
            if (e.getValue().equals(namespace)) {
                return e.getKey();
            }
        }
        return null;
    }
}
