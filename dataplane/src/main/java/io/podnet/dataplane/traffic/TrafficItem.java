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
 * @param httpHost   the {@code Host} header an HTTP request carries (as the simulator writes it), or null
 *                   for the dialled address (with {@code :PORT} unless 80)
 */
public record TrafficItem(String name, String protocol, String source, Ipv4Address dst, int port, int request,
                          int response, int count, long intervalMs, String httpHost) {
    public TrafficItem(String name, String protocol, String source, Ipv4Address dst, int port, int request,
                       int response, int count, long intervalMs) {
        this(name, protocol, source, dst, port, request, response, count, intervalMs, null);
    }

    public TrafficItem {
        if (httpHost == null) {
            httpHost = dst + (port == 80 ? "" : ":" + port);
        }
        if (!httpHost.matches("[A-Za-z0-9._:-]{1,260}")) {
            throw new IllegalArgumentException("HTTP host must be a host name or address with an optional port, was: "
                    + httpHost);
        }
        // sctp items are carried only to be reported: ScenarioInput marks them not checkable
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("icmp") && !protocol.equals("http")
                && !protocol.equals("sctp")) {
            throw new IllegalArgumentException("protocol must be tcp, udp, icmp, http or sctp, was: " + protocol);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was: " + count);
        }
    }

    /** The same item with another attempt count. */
    public TrafficItem withCount(int n) {
        return new TrafficItem(name, protocol, source, dst, port, request, response, n, intervalMs, httpHost);
    }

    /** The transport used on the wire: {@code tcp}, {@code udp} or {@code icmp}. */
    public String transport() {
        return protocol.equals("http") ? "tcp" : protocol;
    }
}
