package io.podnet.topology.spec.calico;

import io.podnet.sim.net.Ipv4Prefix;

/**
 * A Calico {@code IPPool} (projectcalico.org/v3) as far as routing depends on it.
 *
 * @param name             metadata.name
 * @param cidr             the pool
 * @param blockSize        IPAM block length (20-32; Calico's default 26)
 * @param ipipMode         when IP-in-IP is used (default Never)
 * @param vxlanMode        when VXLAN is used (default Never)
 * @param natOutgoing      masquerade traffic from the pool to destinations outside every pool
 * @param nodeSelector     the nodes that may allocate from the pool (default all())
 * @param disabled         no new allocations from the pool
 * @param disableBgpExport the pool's blocks are not advertised over BGP
 */
public record IpPool(String name, Ipv4Prefix cidr, int blockSize, EncapMode ipipMode, EncapMode vxlanMode,
                     boolean natOutgoing, Selector nodeSelector, boolean disabled, boolean disableBgpExport) {
    /** Calico's default block size for IPv4 pools. */
    public static final int DEFAULT_BLOCK_SIZE = 26;

    public IpPool {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an IPPool needs metadata.name");
        }
        if (cidr == null) {
            throw new InvalidFieldException("spec.cidr", "IPPool " + name + " has no spec.cidr");
        }
        cidr = cidr.canonical();
        if (blockSize == 0) {
            blockSize = DEFAULT_BLOCK_SIZE;
        }
        if (blockSize < 20 || blockSize > 32) {
            throw new InvalidFieldException("spec.blockSize", "IPPool " + name + " has blockSize " + blockSize + "; accepted: 20 to 32");
        }
        if (cidr.length() > blockSize) {
            throw new InvalidFieldException("spec.cidr", "IPPool " + name + " cidr " + cidr + " is smaller than one block (/"
                    + blockSize + "); use a /" + blockSize + " or larger pool, or a longer blockSize");
        }
        if (Ipv4Prefix.parse("169.254.0.0/16").overlaps(cidr)) {
            throw new InvalidFieldException("spec.cidr", "IPPool " + name + " cidr " + cidr + " overlaps the link-local range 169.254.0.0/16");
        }
        ipipMode = ipipMode == null ? EncapMode.NEVER : ipipMode;
        vxlanMode = vxlanMode == null ? EncapMode.NEVER : vxlanMode;
        if (ipipMode != EncapMode.NEVER && vxlanMode != EncapMode.NEVER) {
            throw new InvalidFieldException("spec.ipipMode", "IPPool " + name + " sets both ipipMode " + ipipMode.text() + " and vxlanMode "
                    + vxlanMode.text() + "; Calico allows only one of them (set the other to Never)");
        }
        nodeSelector = nodeSelector == null ? Selector.ALL : nodeSelector;
    }

    /** The pool calico-node creates when none exists (its manifest's defaults for the given encapsulation). */
    public static IpPool defaultPool(Ipv4Prefix cidr, int blockSize, EncapMode ipip, EncapMode vxlan) {
        return new IpPool("default-ipv4-ippool", cidr, blockSize, ipip, vxlan, true, Selector.ALL, false, false);
    }

    /** Whether Felix (not BGP) programs the routes of this pool: VXLAN pools. */
    public boolean vxlan() {
        return vxlanMode != EncapMode.NEVER;
    }

    /** Whether the pool uses IP-in-IP. */
    public boolean ipip() {
        return ipipMode != EncapMode.NEVER;
    }

    /** The number of blocks in the pool. */
    public long blockCount() {
        return 1L << (blockSize - cidr.length());
    }

    /** Block {@code i} of the pool. */
    public Ipv4Prefix block(long i) {
        return cidr.subnet(blockSize, i);
    }

    /** The block holding an address of the pool. */
    public Ipv4Prefix blockOf(io.podnet.sim.net.Ipv4Address a) {
        return new Ipv4Prefix(a, blockSize).canonical();
    }
}
