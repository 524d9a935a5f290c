package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Prefix;

/** The cluster's CNI, as one of the accepted forms resolved to its settings. */
public sealed interface CniSpec {
    /** Which form the file used: {@code cni-config}, {@code net-conf} or {@code name}. */
    String form();

    SourceLocation location();

    /**
     * Flannel, from its CNI config, its net-conf.json or a plain name.
     *
     * @param network          the cluster pod network ({@code Network}/{@code delegate.network})
     * @param subnetLen        the per-node subnet length ({@code SubnetLen}, default 24, or the network's length + 2
     *                         when the network is smaller than a /22)
     * @param backend          {@code vxlan}, {@code host-gw} or {@code wireguard}
     * @param port             the VXLAN UDP port (default 8472, Linux's VXLAN default in Flannel)
     * @param vni              the VXLAN network identifier (default 1)
     * @param isDefaultGateway the bridge plugin's {@code isDefaultGateway} (default true)
     * @param hairpinMode      whether bridge ports have hairpin mode on (default true, as kube-flannel sets it;
     *                         {@code none} means off)
     */
    record Flannel(String form, SourceLocation location, Ipv4Prefix network, SourceLocation networkLocation,
                   int subnetLen, SourceLocation subnetLenLocation, String backend, SourceLocation backendLocation,
                   int port, int vni, boolean isDefaultGateway, boolean hairpinMode) implements CniSpec {
        public static final String DEFAULT_NETWORK = "10.244.0.0/16";
        public static final int DEFAULT_SUBNET_LEN = 24;
        public static final int DEFAULT_VXLAN_PORT = 8472;
        public static final int DEFAULT_VNI = 1;
    }
}
