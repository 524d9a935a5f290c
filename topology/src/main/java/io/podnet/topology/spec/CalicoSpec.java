package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.spec.calico.CalicoResources;
import io.podnet.topology.spec.calico.EncapMode;
import io.podnet.topology.spec.calico.IpPool;
import java.util.List;

/**
 * Calico as a CNI design. The plain design names choose the encapsulation of calico-node's default
 * pool and what explicit pools must use:
 * <ul>
 * <li>{@code calico}: the pools as given; without pools, the calico.yaml manifest's default pool
 * (IP-in-IP Always);</li>
 * <li>{@code calico-bgp}: no encapsulation (ipipMode and vxlanMode Never), routes by BGP;</li>
 * <li>{@code calico-ipip} / {@code calico-ipip-crosssubnet}: ipipMode Always / CrossSubnet, BGP;</li>
 * <li>{@code calico-vxlan} / {@code calico-vxlan-crosssubnet}: vxlanMode Always / CrossSubnet, routes
 * programmed by Felix, no BGP.</li>
 * </ul>
 * The default pool is calico-node's when no IPPool exists: {@code default-ipv4-ippool},
 * {@code CALICO_IPV4POOL_CIDR} (default 192.168.0.0/16), {@code CALICO_IPV4POOL_BLOCK_SIZE} (26),
 * natOutgoing true, all nodes.
 *
 * @param design          the design
 * @param defaultPoolCidr the default pool's CIDR (null: 192.168.0.0/16)
 * @param defaultBlockSize the default pool's block size (0: 26)
 * @param vethMtu         the calico-config {@code veth_mtu}; 0 auto-detects (underlay MTU minus the
 *                        encapsulation overhead)
 * @param resources       the Calico resources of the scenario (null: none)
 * @param origin          where the configuration was written (field {@code vethMtu})
 */
public record CalicoSpec(Design design, Ipv4Prefix defaultPoolCidr, int defaultBlockSize, int vethMtu,
                         CalicoResources resources, Origin origin) implements CniSpec {
    /** The calico.yaml manifest's CALICO_IPV4POOL_CIDR. */
    public static final Ipv4Prefix DEFAULT_POOL_CIDR = Ipv4Prefix.parse("192.168.0.0/16");

    public CalicoSpec {
        if (design == null) {
            throw new IllegalArgumentException("calico design is missing (" + Design.names() + ")");
        }
        defaultPoolCidr = defaultPoolCidr == null ? DEFAULT_POOL_CIDR : defaultPoolCidr.canonical();
        if (defaultBlockSize == 0) {
            defaultBlockSize = IpPool.DEFAULT_BLOCK_SIZE;
        }
        if (vethMtu != 0 && (vethMtu < 576 || vethMtu > 65535)) {
            throw new IllegalArgumentException("calico veth_mtu must be 0 (auto) or 576-65535, was " + vethMtu);
        }
        resources = resources == null ? CalicoResources.NONE : resources;
        origin = origin == null ? Origin.NONE : origin;
    }

    /** Settings written in code. */
    public CalicoSpec(Design design, Ipv4Prefix defaultPoolCidr, int defaultBlockSize, int vethMtu,
                      CalicoResources resources) {
        this(design, defaultPoolCidr, defaultBlockSize, vethMtu, resources, Origin.NONE);
    }

    /** A design with its defaults and no resources. */
    public static CalicoSpec of(Design design) {
        return new CalicoSpec(design, null, 0, 0, null);
    }

    /** The same design with the scenario's Calico resources. */
    public CalicoSpec withResources(CalicoResources r) {
        return new CalicoSpec(design, defaultPoolCidr, defaultBlockSize, vethMtu, r, origin);
    }

    /** The same settings with calico-node's default pool on {@code cidr} (null: 192.168.0.0/16). */
    public CalicoSpec withDefaultPool(Ipv4Prefix cidr) {
        return new CalicoSpec(design, cidr, defaultBlockSize, vethMtu, resources, origin);
    }

    @Override
    public String designName() {
        return design.text();
    }

    /**
     * The pools in effect: the given ones (checked against the design) or the default pool.
     *
     * @throws TopologyException when a given pool contradicts the design
     */
    public List<IpPool> pools() {
        if (resources.pools().isEmpty()) {
            return List.of(IpPool.defaultPool(defaultPoolCidr, defaultBlockSize, design.ipip, design.vxlan));
        }
        if (design != Design.CALICO) {
            for (IpPool p : resources.pools()) {
                if (p.ipipMode() != design.ipip || p.vxlanMode() != design.vxlan) {
                    throw new TopologyException("ippool/" + p.name(), p.ipipMode() != design.ipip ? "spec.ipipMode"
                            : "spec.vxlanMode", "IPPool " + p.name() + " has ipipMode "
                            + p.ipipMode().text() + " and vxlanMode " + p.vxlanMode().text() + ", but the design "
                            + design.text() + " needs ipipMode " + design.ipip.text() + " and vxlanMode " + design.vxlan.text()
                            + "; change the pool, or use the design 'calico' to take the pools as they are");
                }
            }
        }
        return resources.pools();
    }

    @Override
    public Ipv4Prefix clusterCidr() {
        return pools().get(0).cidr();
    }

    @Override
    public String displayName() {
        if (design != Design.CALICO) {
            return design.text();
        }
        IpPool p = pools().get(0);
        for (Design d : Design.values()) {
            if (d != Design.CALICO && d.ipip == p.ipipMode() && d.vxlan == p.vxlanMode()) {
                return d.text();
            }
        }
        return "calico";
    }

    /** The plain-name designs. */
    public enum Design {
        CALICO("calico", EncapMode.ALWAYS, EncapMode.NEVER),
        BGP("calico-bgp", EncapMode.NEVER, EncapMode.NEVER),
        IPIP("calico-ipip", EncapMode.ALWAYS, EncapMode.NEVER),
        IPIP_CROSS_SUBNET("calico-ipip-crosssubnet", EncapMode.CROSS_SUBNET, EncapMode.NEVER),
        VXLAN("calico-vxlan", EncapMode.NEVER, EncapMode.ALWAYS),
        VXLAN_CROSS_SUBNET("calico-vxlan-crosssubnet", EncapMode.NEVER, EncapMode.CROSS_SUBNET);

        private final String text;
        private final EncapMode ipip;
        private final EncapMode vxlan;

        Design(String text, EncapMode ipip, EncapMode vxlan) {
            this.text = text;
            this.ipip = ipip;
            this.vxlan = vxlan;
        }

        public String text() {
            return text;
        }

        /** The design with this name, or null. */
        public static Design byName(String name) {
            for (Design d : values()) {
                if (d.text.equals(name)) {
                    return d;
                }
            }
            return null;
        }

        static String names() {
            StringBuilder sb = new StringBuilder();
            for (Design d : values()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(d.text);
            }
            return sb.toString();
        }
    }
}
