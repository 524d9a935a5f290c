package io.podnet.sim.wire;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which UDP ports the decoder follows into a tunnel: VXLAN (inner Ethernet frame) and GENEVE (by
 * destination port, inner frame per its protocol type), WireGuard (by source or destination port;
 * the header is decoded, the encrypted packet stays the payload). IPIP (IPv4 protocol 4) needs no
 * port and is always followed into the inner IPv4 header.
 */
public record DecodeOptions(Set<Integer> vxlanPorts, Set<Integer> genevePorts, Set<Integer> wireguardPorts) {
    /** No UDP tunnel is followed (IPIP still is). */
    public static final DecodeOptions NONE = new DecodeOptions(Set.of(), Set.of(), Set.of());
    /** VXLAN on 4789 (IANA) and 8472 (Linux's and Flannel's default), GENEVE on 6081, WireGuard on 51820. */
    public static final DecodeOptions DEFAULT = new DecodeOptions(Set.of(4789, 8472), Set.of(GeneveHeader.PORT),
            Set.of(WireguardHeader.PORT));

    public DecodeOptions {
        vxlanPorts = ports(vxlanPorts, "VXLAN");
        genevePorts = ports(genevePorts, "GENEVE");
        wireguardPorts = ports(wireguardPorts, "WireGuard");
    }

    private static Set<Integer> ports(Set<Integer> ports, String what) {
        if (ports == null) {
            return Set.of();
        }
        for (Integer p : ports) {
            if (p == null || p < 0 || p > 0xffff) {
                throw new IllegalArgumentException(what + " port out of range 0-65535: " + p);
            }
        }
        return Set.copyOf(new TreeSet<>(ports));
    }

    /** VXLAN on the given ports and no other UDP tunnel (what the {@code Set} overloads of the decoder mean). */
    public static DecodeOptions vxlan(Set<Integer> ports) {
        return new DecodeOptions(ports, Set.of(), Set.of());
    }

    public DecodeOptions withVxlanPorts(Set<Integer> ports) {
        return new DecodeOptions(ports, genevePorts, wireguardPorts);
    }

    public DecodeOptions withGenevePorts(Set<Integer> ports) {
        return new DecodeOptions(vxlanPorts, ports, wireguardPorts);
    }

    public DecodeOptions withWireguardPorts(Set<Integer> ports) {
        return new DecodeOptions(vxlanPorts, genevePorts, ports);
    }
}
