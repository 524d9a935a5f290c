package io.podnet.topology.build;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.topology.model.NamedPort;
import java.util.List;
import java.util.Map;

/**
 * A pod before placement and addressing: from a bare Pod manifest or a Deployment replica.
 *
 * @param nodeName     {@code spec.nodeName}, or null
 * @param podIp        {@code status.podIP}, or null
 * @param nodeSelector {@code spec.nodeSelector} (empty when absent)
 * @param tolerations  {@code spec.tolerations} (empty when absent; matched against Node objects' taints)
 */
record PodDraft(String namespace, String name, Map<String, String> labels, List<NamedPort> ports, String nodeName,
                Ipv4Address podIp, boolean hostNetwork, boolean ready, Map<String, String> nodeSelector, String owner,
                List<io.fabric8.kubernetes.api.model.Toleration> tolerations) {
    PodDraft {
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }


    String key() {
        return namespace + "/" + name;
    }

    String subject() {
        return "pod/" + key();
    }
}
