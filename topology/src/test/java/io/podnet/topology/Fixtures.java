package io.podnet.topology;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test clusters built with fabric8 builders, as the scenario parser would hand them over. */
public final class Fixtures {
    private Fixtures() {}

    public static Pod pod(String name, String node, String ip, Map<String, String> labels, int port) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withLabels(labels)
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx")
                .addNewPort().withName("http").withContainerPort(port).withProtocol("TCP").endPort()
                .endContainer().withNodeName(node).endSpec();
        if (ip != null) {
            b.withNewStatus().withPodIP(ip).endStatus();
        }
        return b.build();
    }

    public static Service service(String name, String clusterIp, Map<String, String> selector, int port, int target) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withClusterIP(clusterIp).withSelector(selector)
                .addNewPort().withPort(port).withTargetPort(new IntOrString(target)).withProtocol("TCP").endPort()
                .endSpec().build();
    }

    public static Deployment deployment(String name, int replicas, Map<String, String> labels, int port) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx")
                .addNewPort().withName("http").withContainerPort(port).endPort().endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    public static ClusterSpec spec(List<String> nodes, FlannelSpec.Backend backend, List<HasMetadata> objects) {
        List<NodeSpec> ns = new ArrayList<>();
        for (String n : nodes) {
            ns.add(NodeSpec.named(n));
        }
        return new ClusterSpec(ns, UnderlaySpec.KIND, Ipv4Prefix.parse("10.96.0.0/12"), "cluster.local",
                KubeProxySpec.IPTABLES, FlannelSpec.of(Ipv4Prefix.parse("10.244.0.0/16"), backend), objects);
    }

    /**
     * The seed example: node1 and node2; frontend-abcde on node1; backend-fghij pinned to
     * 10.244.2.8 on node2; Service my-app 10.96.0.10 port 80 to 8080.
     */
    public static ClusterSpec seed(FlannelSpec.Backend backend) {
        return spec(List.of("node1", "node2"), backend, List.of(
                pod("frontend-abcde", "node1", null, Map.of("app", "frontend"), 80),
                pod("backend-fghij", "node2", "10.244.2.8", Map.of("app", "backend"), 8080),
                service("my-app", "10.96.0.10", Map.of("app", "backend"), 80, 8080)));
    }

    /** A cluster of named nodes with any CNI. */
    public static ClusterSpec spec(List<String> nodes, CniSpec cni, List<HasMetadata> objects) {
        List<NodeSpec> ns = new ArrayList<>();
        for (String n : nodes) {
            ns.add(NodeSpec.named(n));
        }
        return new ClusterSpec(ns, UnderlaySpec.KIND, Ipv4Prefix.parse("10.96.0.0/12"), "cluster.local",
                KubeProxySpec.IPTABLES, cni, objects);
    }

    /** The seed example's objects (see {@link #seed}). */
    public static List<HasMetadata> seedObjects() {
        return List.of(
                pod("frontend-abcde", "node1", null, Map.of("app", "frontend"), 80),
                pod("backend-fghij", "node2", "10.244.2.8", Map.of("app", "backend"), 8080),
                service("my-app", "10.96.0.10", Map.of("app", "backend"), 80, 8080));
    }

    /** The seed example under another CNI (Calico: pass the 10.244.0.0/16 pool as an object or default). */
    public static ClusterSpec seed(CniSpec cni, List<HasMetadata> extra) {
        List<HasMetadata> objects = new ArrayList<>(extra);
        objects.addAll(seedObjects());
        return spec(List.of("node1", "node2"), cni, objects);
    }

    /** A Calico resource as the scenario parser passes it: projectcalico.org/v3, spec as a map. */
    public static GenericKubernetesResource calico(String kind, String name, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion("projectcalico.org/v3")
                .withKind(kind).withNewMetadata().withName(name).endMetadata().build();
        r.setAdditionalProperty("spec", spec);
        return r;
    }

    /** An IPPool with a cidr and optional extra fields (key, value, key, value...). */
    public static GenericKubernetesResource pool(String name, String cidr, Object... kv) {
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("cidr", cidr);
        for (int i = 0; i < kv.length; i += 2) {
            spec.put((String) kv[i], kv[i + 1]);
        }
        return calico("IPPool", name, spec);
    }
}
