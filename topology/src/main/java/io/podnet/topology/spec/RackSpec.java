package io.podnet.topology.spec;

import io.podnet.sim.net.Ipv4Prefix;
import java.util.List;

/**
 * One rack of a routed underlay: an L2 segment with its own subnet behind a top-of-rack router.
 * The router holds the subnet's first address ({@code .1}, the nodes' default gateway); the rack's
 * nodes take {@code .2}, {@code .3}, ... in node order unless given an address.
 *
 * @param name  rack name (a DNS label); its router is {@code tor-NAME}, its segment {@code rack-NAME}
 * @param cidr  the rack subnet
 * @param nodes  the names of the nodes in the rack
 * @param origin where the rack was written (field {@code cidr})
 */
public record RackSpec(String name, Ipv4Prefix cidr, List<String> nodes, Origin origin) {
    public RackSpec {
        if (cidr == null) {
            throw new IllegalArgumentException("rack " + name + " has no CIDR");
        }
        cidr = cidr.canonical();
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        origin = origin == null ? Origin.NONE : origin;
    }

    /** A rack written in code, checked at once ({@link #check()}). */
    public RackSpec(String name, Ipv4Prefix cidr, List<String> nodes) {
        this(name, cidr, nodes, Origin.NONE);
        check();
    }

    /**
     * Checks the name and the size of the subnet ({@link UnderlaySpec#check()} calls it for every rack).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public void check() {
        if (name == null || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || name.length() > 50) {
            throw new IllegalArgumentException("rack name '" + name + "' is not valid (lower-case letters, digits and '-',"
                    + " at most 50 characters)");
        }
        if (cidr.length() > 30) {
            throw new IllegalArgumentException("rack " + name + " CIDR " + cidr + " is too small (use /30 or larger)");
        }
    }

    /** The router's name. */
    public String routerName() {
        return "tor-" + name;
    }

    /** The segment's name. */
    public String segmentName() {
        return "rack-" + name;
    }
}
