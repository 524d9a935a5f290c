package io.podnet.dataplane.traffic;

import io.podnet.sim.net.Ipv4Address;

/**
 * One traffic item of a scenario, resolved to addresses: what the client in {@code source} sends.
 *
 * @param name       the item's name (the trace's flow name)
 * @param protocol   {@code tcp}, {@code udp}, {@code icmp} or {@code http} (TCP request/response)
 * @param source     the configuration namespace the client runs in (a pod or a node)
 * @param dst        the address dialled (a pod, a ClusterIP, a node address for NodePort)
 * @param port       the port dialled (ignored for ICMP)
 * @param request    request bytes (ICMP: echo data bytes)
 * @param response   response bytes
 * @param count      attempts (the scenario's repeat count)
 * @param intervalMs pause between attempts
 */
public record TrafficItem(String name, String protocol, String source, Ipv4Address dst, int port, int request,
                          int response, int count, long intervalMs) {
    public TrafficItem {
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("icmp") && !protocol.equals("http")) {
            throw new IllegalArgumentException("protocol must be tcp, udp, icmp or http, was: " + protocol);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was: " + count);
        }
    }

    /** The transport used on the wire: {@code tcp}, {@code udp} or {@code icmp}. */
    public String transport() {
        return protocol.equals("http") ? "tcp" : protocol;
    }
}
