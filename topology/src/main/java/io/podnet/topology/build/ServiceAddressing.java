package io.podnet.topology.build;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import java.util.HashMap;
import java.util.Map;

/**
 * ClusterIP and node port allocation, deterministic where kube-apiserver is random.
 *
 * <p>ClusterIPs: the network address and the broadcast address are never used; the first usable
 * address ({@code .1}) belongs to the {@code default/kubernetes} Service. Addresses written in
 * manifests ({@code spec.clusterIP}) are reserved first, in input order; the others then take the
 * lowest free address from {@code .2} upwards, in input order. Node ports: 30000-32767, explicit
 * ones reserved first, the others lowest free first; a port number is unique per protocol.
 */
final class ServiceAddressing {
    static final int NODE_PORT_MIN = 30000;
    static final int NODE_PORT_MAX = 32767;

    private final Ipv4Prefix cidr;
    private final Map<Ipv4Address, String> clusterIps = new HashMap<>();
    private final Map<String, String> nodePorts = new HashMap<>();
    private long nextIp = 2;
    private final Map<String, Integer> nextPort = new HashMap<>();

    ServiceAddressing(Ipv4Prefix cidr) {
        this.cidr = cidr;
        if (cidr.size() < 4) {
            throw new TopologyException("cluster.serviceCIDR", "service CIDR " + cidr + " is too small; use /28 or larger");
        }
    }

    void reserveClusterIp(String svcKey, Ipv4Address ip) {
        String subject = "service/" + svcKey;
        if (!cidr.contains(ip)) {
            throw new TopologyException(subject, "service " + svcKey + " asks for clusterIP " + ip
                    + ", which is outside the service CIDR " + cidr + "; use an address in " + cidr + " or leave it out");
        }
        long offset = Integer.toUnsignedLong(ip.bits() - cidr.network().bits());
        if (offset == 0 || offset == cidr.size() - 1) {
            throw new TopologyException(subject, "service " + svcKey + " asks for clusterIP " + ip
                    + ", the " + (offset == 0 ? "network" : "broadcast") + " address of " + cidr
                    + "; use " + cidr.host(2) + "-" + cidr.host(cidr.size() - 2));
        }
        if (offset == 1 && !svcKey.equals("default/kubernetes")) {
            throw new TopologyException(subject, "service " + svcKey + " asks for clusterIP " + ip
                    + ", which belongs to the default/kubernetes Service; use another address or leave it out");
        }
        String holder = clusterIps.putIfAbsent(ip, svcKey);
        if (holder != null) {
            throw new TopologyException(subject, "services " + holder + " and " + svcKey + " both ask for clusterIP " + ip
                    + "; give one of them another address or none");
        }
    }

    Ipv4Address allocateClusterIp(String svcKey) {
        for (long i = nextIp; i < cidr.size() - 1; i++) {
            Ipv4Address a = cidr.host(i);
            if (!clusterIps.containsKey(a)) {
                clusterIps.put(a, svcKey);
                nextIp = i + 1;
                return a;
            }
        }
        throw new TopologyException("service/" + svcKey, "no ClusterIP left in the service CIDR " + cidr + " for "
                + svcKey + "; use a larger serviceCIDR");
    }

    void reserveNodePort(String svcKey, String protocol, int port) {
        String subject = "service/" + svcKey;
        if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) {
            throw new TopologyException(subject, "service " + svcKey + " asks for nodePort " + port
                    + ", outside the node port range " + NODE_PORT_MIN + "-" + NODE_PORT_MAX + "; use a port in that range or leave it out");
        }
        String holder = nodePorts.putIfAbsent(protocol + "/" + port, svcKey);
        if (holder != null) {
            throw new TopologyException(subject, "services " + holder + " and " + svcKey + " both ask for nodePort " + port
                    + "/" + protocol + "; give one of them another port or none");
        }
    }

    int allocateNodePort(String svcKey, String protocol) {
        for (int p = nextPort.getOrDefault(protocol, NODE_PORT_MIN); p <= NODE_PORT_MAX; p++) {
            if (!nodePorts.containsKey(protocol + "/" + p)) {
                nodePorts.put(protocol + "/" + p, svcKey);
                nextPort.put(protocol, p + 1);
                return p;
            }
        }
        throw new TopologyException("service/" + svcKey, "no node port left in " + NODE_PORT_MIN + "-" + NODE_PORT_MAX
                + " for " + svcKey);
    }
}
