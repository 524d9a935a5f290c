package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.List;

/** The cluster's CNI, as one of the accepted forms resolved to its settings. */
public sealed interface CniSpec {
    /**
     * Every plain design name, as {@code cni: NAME} and {@code podnet run --cni NAME} take them:
     * topology's list ({@link io.podnet.topology.spec.CniSpec#DESIGNS}).
     */
    List<String> DESIGNS = io.podnet.topology.spec.CniSpec.DESIGNS;

    /**
     * Which form the file used: {@code cni-config}, {@code net-conf}, {@code name}, {@code default},
     * or {@code override} (the command line's {@code --cni}).
     */
    String form();

    SourceLocation location();

    /** The design's plain name ({@code flannel-vxlan}, {@code calico}, ...). */
    String design();

    /**
     * The pod network the scenario states for this CNI, or null when it comes from elsewhere
     * (Calico: its IPPools, or calico-node's default pool).
     */
    Ipv4Prefix podNetwork();

    /** Where {@link #podNetwork()} was written. */
    SourceLocation podNetworkLocation();

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

        @Override
        public String design() {
            return "flannel-" + backend;
        }

        @Override
        public Ipv4Prefix podNetwork() {
            return network;
        }

        @Override
        public SourceLocation podNetworkLocation() {
            return networkLocation;
        }
    }

    /**
     * Calico: {@code cni: {type: calico}} or one of the plain names {@code calico},
     * {@code calico-bgp}, {@code calico-ipip}, {@code calico-ipip-crosssubnet},
     * {@code calico-vxlan}, {@code calico-vxlan-crosssubnet}. The pools, BGP configuration and peers
     * come from the scenario's {@code projectcalico.org/v3} resources.
     *
     * @param design the plain design name ({@code calico} takes the IPPools as given)
     * @param mtu         the CNI config's {@code mtu} (calico-config's {@code veth_mtu}), or 0 to derive it
     *                    from the underlay MTU and the encapsulation
     * @param defaultPool the CIDR of calico-node's default pool when no IPPool is given
     *                    ({@code CALICO_IPV4POOL_CIDR}), or null for Calico's 192.168.0.0/16; {@code --cni}
     *                    sets it to the file's Flannel network so pods keep their addresses
     */
    record Calico(String form, SourceLocation location, String design, int mtu, SourceLocation mtuLocation,
                  Ipv4Prefix defaultPool) implements CniSpec {
        @Override
        public Ipv4Prefix podNetwork() {
            return defaultPool;
        }

        @Override
        public SourceLocation podNetworkLocation() {
            return location;
        }
    }

    /**
     * The GENEVE overlay ({@code cni: geneve}): Flannel-style per-node subnets of {@code network}, a
     * GENEVE device per node (VNI 1, UDP 6081).
     */
    record Geneve(String form, SourceLocation location, Ipv4Prefix network) implements CniSpec {
        @Override
        public String design() {
            return "geneve";
        }

        @Override
        public Ipv4Prefix podNetwork() {
            return network;
        }

        @Override
        public SourceLocation podNetworkLocation() {
            return location;
        }
    }
}
