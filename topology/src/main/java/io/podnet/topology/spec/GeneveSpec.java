package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Prefix;

/**
 * A GENEVE overlay rendered the way flannel renders VXLAN (plain name {@code geneve}): per-node
 * subnet leases of {@code network}, a {@code cni0} bridge with host-local pod addresses, a GENEVE
 * device per node ({@code genev_sys_PORT}) with the subnet's {@code .0/32}, and per remote node a
 * route {@code R_SUBNET via R_SUBNET.0 dev genev_sys_PORT onlink} with permanent neighbour and FDB
 * entries. Defaults (0 = default): subnet length as flannel's, VNI 1, UDP port 6081, no options.
 *
 * @param network     the pod network, e.g. 10.244.0.0/16
 * @param subnetLen   per-node subnet length
 * @param vni         the GENEVE VNI (1-16777215)
 * @param port        the UDP destination port
 * @param optionBytes bytes of GENEVE TLV options per packet (a multiple of 4, at most 252)
 * @param origin      where the configuration was written
 */
public record GeneveSpec(Ipv4Prefix network, int subnetLen, int vni, int port, int optionBytes, Origin origin)
        implements CniSpec {
    public GeneveSpec {
        if (network == null) {
            throw new IllegalArgumentException("the GENEVE pod network is missing (e.g. 10.244.0.0/16)");
        }
        network = network.canonical();
        if (vni == 0) {
            vni = 1;
        }
        if (vni < 1 || vni > 0xffffff) {
            throw new IllegalArgumentException("GENEVE VNI must be 1-16777215, was " + vni);
        }
        if (port == 0) {
            port = 6081;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("GENEVE port must be 1-65535, was " + port);
        }
        if (optionBytes < 0 || optionBytes > 252 || optionBytes % 4 != 0) {
            throw new IllegalArgumentException("GENEVE options must be a multiple of 4 bytes, 0-252, was " + optionBytes);
        }
        // subnetLen validated through the flannel-style lease settings
        flannel(network, subnetLen);
        origin = origin == null ? Origin.NONE : origin;
    }

    /** Settings written in code. */
    public GeneveSpec(Ipv4Prefix network, int subnetLen, int vni, int port, int optionBytes) {
        this(network, subnetLen, vni, port, optionBytes, Origin.NONE);
    }

    /** Defaults for a pod network. */
    public static GeneveSpec of(Ipv4Prefix network) {
        return new GeneveSpec(network, 0, 0, 0, 0);
    }

    /** Defaults for a pod network, written at {@code where}. */
    public static GeneveSpec of(Ipv4Prefix network, Origin where) {
        return new GeneveSpec(network, 0, 0, 0, 0, where);
    }

    /** The flannel-style settings used for leases and the bridge (VXLAN fields unused). */
    public FlannelSpec leases() {
        return flannel(network, subnetLen);
    }

    private static FlannelSpec flannel(Ipv4Prefix network, int subnetLen) {
        return new FlannelSpec(network, subnetLen, null, null, FlannelSpec.Backend.VXLAN, 0, 0, true, true);
    }

    @Override
    public Ipv4Prefix clusterCidr() {
        return network;
    }

    @Override
    public String displayName() {
        return "geneve";
    }

    @Override
    public String designName() {
        return "geneve";
    }
}
