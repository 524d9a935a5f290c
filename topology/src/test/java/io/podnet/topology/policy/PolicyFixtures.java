package io.podnet.topology.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.DnsSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.PolicySpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.List;

/** Manifests written as JSON (what kubectl would take), read with fabric8's Jackson model. */
final class PolicyFixtures {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private PolicyFixtures() {}

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json.replace('\'', '"'), type);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad test manifest: " + e.getMessage(), e);
        }
    }

    static NetworkPolicy policy(String json) {
        return read(json, NetworkPolicy.class);
    }

    /** A pod pinned to a node with an address and one named container port. */
    static Pod pod(String ns, String name, String node, String ip, String labels, String portName, int port) {
        return read("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "','namespace':'" + ns + "','labels':{"
                + labels + "}},'spec':{'nodeName':'" + node + "','containers':[{'name':'c','image':'x','ports':[{'name':'"
                + portName + "','containerPort':" + port + "}]}]},'status':{'podIP':'" + ip + "'}}", Pod.class);
    }

    static Namespace namespace(String name, String labels) {
        return read("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'" + name + "','labels':{" + labels + "}}}",
                Namespace.class);
    }

    /**
     * Two Flannel VXLAN nodes; default/frontend (app=frontend) and default/other (app=other) on node1,
     * prod/backend (app=backend, port http=8080) and prod/db (app=db, port pg=5432) on node2, staging/tool
     * (app=tool) on node1; namespaces prod (env=prod) and staging (env=staging).
     */
    static List<HasMetadata> base() {
        List<HasMetadata> o = new ArrayList<>();
        o.add(namespace("prod", "'env':'prod'"));
        o.add(namespace("staging", "'env':'staging'"));
        o.add(pod("default", "frontend", "node1", "10.244.1.10", "'app':'frontend'", "web", 80));
        o.add(pod("default", "other", "node1", "10.244.1.11", "'app':'other'", "web", 80));
        o.add(pod("staging", "tool", "node1", "10.244.1.12", "'app':'tool'", "web", 80));
        o.add(pod("prod", "backend", "node2", "10.244.2.20", "'app':'backend'", "http", 8080));
        o.add(pod("prod", "db", "node2", "10.244.2.21", "'app':'db'", "pg", 5432));
        return o;
    }

    static ClusterSpec spec(List<HasMetadata> objects, PolicySpec.Enforcement enforcement) {
        return new ClusterSpec(List.of(NodeSpec.named("node1"), NodeSpec.named("node2")), UnderlaySpec.KIND,
                Ipv4Prefix.parse("10.96.0.0/12"), "cluster.local", KubeProxySpec.IPTABLES,
                FlannelSpec.of(Ipv4Prefix.parse("10.244.0.0/16"), FlannelSpec.Backend.VXLAN), objects,
                new PolicySpec(enforcement), DnsSpec.OFF);
    }

    static final String DENY_ALL = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':"
            + "'deny-all','namespace':'prod'},'spec':{'podSelector':{},'policyTypes':['Ingress']}}";
    static final String ALLOW_FRONTEND = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':"
            + "'allow-frontend','namespace':'prod'},'spec':{'podSelector':{'matchLabels':{'app':'backend'}},"
            + "'ingress':[{'from':[{'namespaceSelector':{'matchLabels':{'kubernetes.io/metadata.name':'default'}},"
            + "'podSelector':{'matchLabels':{'app':'frontend'}}}],'ports':[{'port':'http'}]}]}}";
}
