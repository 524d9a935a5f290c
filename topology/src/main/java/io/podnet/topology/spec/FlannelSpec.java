package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;

/**
 * Flannel's settings: its {@code net-conf.json} ({@code Network}, {@code SubnetLen},
 * {@code SubnetMin}, {@code SubnetMax}, {@code Backend}) and the bridge delegate of its CNI config
 * ({@code isDefaultGateway}, {@code hairpinMode}).
 *
 * <p>Defaults (0 or null means "default", as in flannel): {@code subnetLen} 24, or the network's
 * length + 2 when the network is smaller than a /22; {@code subnetMin} the second subnet of the
 * network; {@code subnetMax} the last one; VXLAN {@code vni} 1 and {@code port} 8472 (the kernel's
 * default). The kube-flannel manifest sets {@code isDefaultGateway} and {@code hairpinMode} true.
 *
 * @param network          the flannel network, e.g. {@code 10.244.0.0/16}
 * @param subnetLen        per-node subnet length
 * @param subnetMin        first subnet handed out, or null
 * @param subnetMax        last subnet handed out, or null
 * @param backend          the backend type
 * @param vxlanPort        VXLAN UDP destination port
 * @param vni              VXLAN network identifier
 * @param isDefaultGateway pods get a default route via their bridge's {@code .1}
 * @param hairpinMode      bridge ports have hairpin on (a pod can reach itself through its Service)
 * @param origin           where the configuration was written (fields {@code network}, {@code subnetLen},
 *                         {@code backend})
 */
public record FlannelSpec(Ipv4Prefix network, int subnetLen, Ipv4Address subnetMin, Ipv4Address subnetMax,
                          Backend backend, int vxlanPort, int vni, boolean isDefaultGateway, boolean hairpinMode,
                          Origin origin) implements CniSpec {
    /** kube-flannel's default Network. */
    public static final Ipv4Prefix DEFAULT_NETWORK = Ipv4Prefix.parse("10.244.0.0/16");

    public FlannelSpec {
        if (network == null) {
            throw new IllegalArgumentException("flannel Network is missing (e.g. 10.244.0.0/16)");
        }
        network = network.canonical();
        if (backend == null) {
            backend = Backend.VXLAN;
        }
        if (subnetLen == 0) {
            subnetLen = network.length() <= 22 ? 24 : network.length() + 2;
        }
        if (subnetLen < network.length() || subnetLen > 30) {
            throw new IllegalArgumentException("flannel SubnetLen " + subnetLen + " does not fit Network " + network
                    + " (expected " + network.length() + "-30)");
        }
        if (vxlanPort == 0) {
            vxlanPort = 8472;
        }
        if (vxlanPort < 1 || vxlanPort > 65535) {
            throw new IllegalArgumentException("flannel VXLAN port must be 1-65535, was " + vxlanPort);
        }
        if (vni == 0) {
            vni = 1;
        }
        if (vni < 1 || vni > 0xffffff) {
            throw new IllegalArgumentException("flannel VNI must be 1-16777215, was " + vni);
        }
        origin = origin == null ? Origin.NONE : origin;
    }

    /** Settings written in code. */
    public FlannelSpec(Ipv4Prefix network, int subnetLen, Ipv4Address subnetMin, Ipv4Address subnetMax,
                       Backend backend, int vxlanPort, int vni, boolean isDefaultGateway, boolean hairpinMode) {
        this(network, subnetLen, subnetMin, subnetMax, backend, vxlanPort, vni, isDefaultGateway, hairpinMode,
                Origin.NONE);
    }

    /** Flannel's default SubnetLen for a network: 24, or the network's length + 2 when it is smaller than a /22. */
    public static int defaultSubnetLen(Ipv4Prefix network) {
        return network.length() <= 22 ? 24 : Math.min(30, network.length() + 2);
    }

    /** The brief's short form: no SubnetMin/SubnetMax. */
    public FlannelSpec(Ipv4Prefix network, int subnetLen, Backend backend, int vxlanPort, int vni,
                       boolean isDefaultGateway, boolean hairpinMode) {
        this(network, subnetLen, null, null, backend, vxlanPort, vni, isDefaultGateway, hairpinMode);
    }

    /** kube-flannel's defaults for a network and backend. */
    public static FlannelSpec of(Ipv4Prefix network, Backend backend) {
        return new FlannelSpec(network, 0, null, null, backend, 0, 0, true, true);
    }

    @Override
    public Ipv4Prefix clusterCidr() {
        return network;
    }

    @Override
    public String displayName() {
        return "flannel-" + backend.text();
    }

    @Override
    public String designName() {
        return displayName();
    }

    /** The same settings with another backend (its defaults for the pod network, port and VNI stay). */
    public FlannelSpec withBackend(Backend other, Origin where) {
        return new FlannelSpec(network, subnetLen, subnetMin, subnetMax, other, vxlanPort, vni, isDefaultGateway,
                hairpinMode, where);
    }

    /** Flannel's {@code Backend.Type}. */
    public enum Backend {
        VXLAN("vxlan"), HOST_GW("host-gw"), WIREGUARD("wireguard");

        private final String text;

        Backend(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Backend parse(String text) {
            for (Backend b : values()) {
                if (b.text.equals(text)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("unknown flannel backend '" + text + "' (expected vxlan, host-gw or wireguard)");
        }
    }
}
