package io.podnet.topology.kubeproxy;

import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.model.ServiceEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which endpoints of one Service port a node's kube-proxy programs, as upstream's
 * {@code proxy.CategorizeEndpoints} decides it for every mode (iptables, nftables): ready endpoints,
 * else serving-and-terminating ones; the node's own for a {@code Local} traffic policy.
 *
 * @param internalLocal  {@code internalTrafficPolicy: Local}
 * @param externalLocal  {@code externalTrafficPolicy: Local} on an externally reachable Service
 * @param usesCluster    some traffic is routed to all endpoints
 * @param usesLocal      some traffic is routed to the node's endpoints only
 * @param clusterEps     the endpoints cluster-wide traffic may use
 * @param localEps       the node's endpoints local traffic may use
 * @param reachable      every endpoint some traffic may reach (endpoint chains are written for these)
 * @param hasEndpoints   whether the port has any usable endpoint (else kube-proxy rejects or drops)
 */
public record EndpointCategories(boolean internalLocal, boolean externalLocal, boolean usesCluster,
                                 boolean usesLocal, List<ServiceEndpoint> clusterEps, List<ServiceEndpoint> localEps,
                                 List<ServiceEndpoint> reachable, boolean hasEndpoints) {

    /**
     * @param node                 the node whose rules are written
     * @param externallyAccessible whether the port has a node port or external addresses (each mode says
     *                             which of them it renders)
     */
    public static EndpointCategories of(ClusterService svc, ClusterServicePort port, String node,
                                        boolean externallyAccessible) {
        boolean internalLocal = "Local".equals(svc.internalTrafficPolicy());
        boolean externalLocal = externallyAccessible && "Local".equals(svc.externalTrafficPolicy())
                && ("NodePort".equals(svc.type()) || "LoadBalancer".equals(svc.type()) || !svc.externalIps().isEmpty());
        boolean usesCluster = !internalLocal || (externallyAccessible && !externalLocal);
        boolean usesLocal = internalLocal || (externallyAccessible && externalLocal);

        List<ServiceEndpoint> all = port.endpoints();
        List<ServiceEndpoint> clusterEps = new ArrayList<>();
        List<ServiceEndpoint> localEps = new ArrayList<>();
        boolean hasEndpoints = false;
        if (usesCluster) {
            for (ServiceEndpoint ep : all) {
                if (ep.ready()) {
                    clusterEps.add(ep);
                }
            }
            if (clusterEps.isEmpty()) {
                for (ServiceEndpoint ep : all) {
                    if (ep.serving() && ep.terminating()) {
                        clusterEps.add(ep);
                    }
                }
            }
            hasEndpoints = !clusterEps.isEmpty();
        }
        List<ServiceEndpoint> reachable = clusterEps;
        if (usesLocal) {
            boolean localReady = false;
            boolean localServingTerminating = false;
            for (ServiceEndpoint ep : all) {
                boolean isLocal = ep.node().equals(node);
                if (ep.ready()) {
                    hasEndpoints = true;
                    localReady |= isLocal;
                } else if (ep.serving() && ep.terminating()) {
                    hasEndpoints = true;
                    localServingTerminating |= isLocal;
                }
            }
            for (ServiceEndpoint ep : all) {
                boolean isLocal = ep.node().equals(node);
                if (localReady ? isLocal && ep.ready() : localServingTerminating && isLocal && ep.serving() && ep.terminating()) {
                    localEps.add(ep);
                }
            }
            if (!usesCluster) {
                reachable = localEps;
            } else if (!localEps.isEmpty()) {
                Map<String, ServiceEndpoint> merged = new LinkedHashMap<>();
                for (ServiceEndpoint ep : clusterEps) {
                    merged.put(ep.text(), ep);
                }
                for (ServiceEndpoint ep : localEps) {
                    merged.putIfAbsent(ep.text(), ep);
                }
                reachable = new ArrayList<>(merged.values());
            }
        }
        return new EndpointCategories(internalLocal, externalLocal, usesCluster, usesLocal, clusterEps, localEps,
                reachable, hasEndpoints);
    }
}
