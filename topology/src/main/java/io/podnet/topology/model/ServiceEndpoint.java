package io.podnet.topology.model;

import io.podnet.sim.net.Ipv4Address;

/**
 * One endpoint of one Service port, as kube-proxy sees it after merging the EndpointSlices.
 *
 * @param ip          endpoint address
 * @param port        endpoint (target) port
 * @param node        the node it is on, or empty when the slice does not say
 * @param pod         {@code namespace/name} of the backing pod, or empty
 * @param ready       EndpointConditions.ready
 * @param serving     EndpointConditions.serving
 * @param terminating EndpointConditions.terminating
 */
public record ServiceEndpoint(Ipv4Address ip, int port, String node, String pod, boolean ready, boolean serving,
                              boolean terminating) {
    public ServiceEndpoint {
        node = node == null ? "" : node;
        pod = pod == null ? "" : pod;
    }

    /** {@code ip:port}, the form kube-proxy hashes and DNATs to. */
    public String text() {
        return ip + ":" + port;
    }
}
