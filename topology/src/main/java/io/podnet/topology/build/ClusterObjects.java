package io.podnet.topology.build;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.podnet.topology.TopologyException;
import io.podnet.topology.TopologyWarning;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.calico.CalicoResourceReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects of a running cluster as {@code kubectl apply} and {@code kubectl delete} change them,
 * and the {@link Cluster} they make. Immutable: each change returns the next state.
 *
 * <p>What may change: NetworkPolicies, Namespaces (their labels), Services and EndpointSlices are
 * added, replaced (same kind, namespace and name: in place) or deleted; a Pod that runs may get
 * other labels (applying a Pod reads only its {@code metadata.labels}: pods are not created,
 * moved or re-addressed during a run). The nodes and the pods keep their placement and addresses;
 * a Service keeps the ClusterIP and node ports it was given when the new manifest leaves them out
 * (the API server keeps them on update); endpoints are derived again from the selectors, so a pod
 * whose labels changed joins or leaves the Services that select it.
 */
public final class ClusterObjects {
    /** The kinds that may be applied or deleted during a run, as {@code kind} is written in manifests. */
    public static final List<String> CHANGEABLE_KINDS = List.of("NetworkPolicy", "Namespace", "Pod", "Service",
            "EndpointSlice");

    private final ClusterSpec spec;
    private final long seed;
    private final Cluster initial;
    private final List<HasMetadata> objects;
    private final Map<String, Map<String, String>> podLabels;
    private final Cluster cluster;

    private ClusterObjects(ClusterSpec spec, long seed, Cluster initial, List<HasMetadata> objects,
                           Map<String, Map<String, String>> podLabels, Cluster cluster) {
        this.spec = spec;
        this.seed = seed;
        this.initial = initial;
        this.objects = List.copyOf(objects);
        this.podLabels = podLabels;
        this.cluster = cluster;
    }

    /**
     * The state of a cluster as built.
     *
     * @param spec    the specification it was built from (with the add-ons' objects)
     * @param seed    the seed it was built with
     * @param cluster the built cluster
     */
    public static ClusterObjects of(ClusterSpec spec, long seed, Cluster cluster) {
        return new ClusterObjects(spec, seed, cluster, spec.objects(), Map.of(), cluster);
    }

    /** The cluster these objects make. */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * The state after {@code kubectl apply} of {@code o}.
     *
     * @throws TopologyException when the object cannot change during a run or makes the cluster invalid
     */
    public ClusterObjects apply(HasMetadata o) {
        String kind = Names.kindOf(o);
        String subject = kind.toLowerCase(Locale.ROOT) + "/" + key(o);
        if (!CHANGEABLE_KINDS.contains(kind) || CalicoResourceReader.isCalico(o)) {
            throw new TopologyException(subject, "a " + kind + " cannot be applied during a run; these kinds can: "
                    + String.join(", ", CHANGEABLE_KINDS));
        }
        if (o instanceof Pod p) {
            String key = key(p);
            if (initial.pod(Names.namespaceOf(p), Names.nameOf(p, false)) == null) {
                throw new TopologyException(subject, "pod " + key + " is not in the cluster; applying a Pod during a run"
                        + " changes the labels of a running pod, it does not create one");
            }
            Map<String, Map<String, String>> labels = new TreeMap<>(podLabels);
            Map<String, String> l = p.getMetadata().getLabels();
            labels.put(key, l == null ? Map.of() : new TreeMap<>(l));
            return rebuilt(objects, labels);
        }
        List<HasMetadata> next = new ArrayList<>();
        boolean replaced = false;
        for (HasMetadata x : objects) {
            if (same(x, o)) {
                next.add(o);
                replaced = true;
            } else {
                next.add(x);
            }
        }
        if (!replaced) {
            next.add(o);
        }
        return rebuilt(next, podLabels);
    }

    /**
     * The state after {@code kubectl delete KIND NAMESPACE/NAME}.
     *
     * @param kind a kind of {@link #CHANGEABLE_KINDS} other than Pod and Namespace (a pod is deleted by the
     *             runner, which takes its network down; a Namespace would take its pods with it)
     * @throws TopologyException when there is no such object
     */
    public ClusterObjects delete(String kind, String namespace, String name) {
        String subject = kind.toLowerCase(Locale.ROOT) + "/" + namespace + "/" + name;
        if (!List.of("NetworkPolicy", "Service", "EndpointSlice").contains(kind)) {
            throw new TopologyException(subject, "a " + kind + " cannot be deleted this way during a run; these kinds can:"
                    + " NetworkPolicy, Service, EndpointSlice");
        }
        List<HasMetadata> next = new ArrayList<>();
        boolean found = false;
        for (HasMetadata x : objects) {
            if (Names.kindOf(x).equals(kind) && Names.namespaceOf(x).equals(namespace)
                    && name.equals(x.getMetadata().getName())) {
                found = true;
            } else {
                next.add(x);
            }
        }
        if (!found) {
            List<String> have = new ArrayList<>();
            for (HasMetadata x : objects) {
                if (Names.kindOf(x).equals(kind)) {
                    have.add(key(x));
                }
            }
            throw new TopologyException(subject, "there is no " + kind + " " + namespace + "/" + name + " to delete; "
                    + (have.isEmpty() ? "the cluster has none" : "the cluster has: " + String.join(", ", have)));
        }
        return rebuilt(next, podLabels);
    }

    /** The cluster for these objects: the pods as built (with changed labels), Services and the rest from the objects. */
    private ClusterObjects rebuilt(List<HasMetadata> next, Map<String, Map<String, String>> labels) {
        List<ClusterPod> pods = new ArrayList<>();
        for (ClusterPod p : initial.pods()) {
            Map<String, String> l = labels.get(p.key());
            pods.add(l == null ? p : new ClusterPod(p.namespace(), p.name(), p.node(), p.ip(), l, p.ports(), p.netns(),
                    p.hostNetwork(), p.ready(), p.owner()));
        }
        ClusterBuilder.ByKind byKind = ClusterBuilder.ByKind.of(next);
        List<Service> services = new ArrayList<>();
        for (Service s : byKind.services()) {
            services.add(keepAddresses(s));
        }
        List<EndpointSlice> slices = byKind.slices();
        List<NetworkPolicy> policies = byKind.policies();
        List<Namespace> namespaces = byKind.namespaces();
        List<TopologyWarning> warnings = new ArrayList<>(initial.warnings());
        ServiceSources svc = new ServiceSources(spec.serviceCidr(), seed, new ArrayList<>());
        List<ClusterService> clusterServices = svc.build(services, pods, slices);
        List<EndpointSlice> allSlices = new ArrayList<>(slices);
        allSlices.addAll(svc.derivedSlices());
        Cluster c = new Cluster(initial.nodes(), pods, clusterServices, allSlices,
                ClusterBuilder.namespaces(namespaces, pods, clusterServices), policies, initial.serviceCidr(),
                initial.clusterCidr(), initial.clusterDomain(), warnings);
        return new ClusterObjects(spec, seed, initial, next, labels, c);
    }

    /**
     * The Service with the ClusterIP and node ports the running one has where the manifest leaves
     * them out, as the API server keeps them on update (and so that no running Service is
     * renumbered when another is added or deleted).
     */
    private Service keepAddresses(Service s) {
        ClusterService running = cluster.service(Names.namespaceOf(s), Names.nameOf(s, true));
        if (running == null || s.getSpec() == null) {
            return s;
        }
        Service copy = new ServiceBuilder(s).build();
        String ip = copy.getSpec().getClusterIP();
        if ((ip == null || ip.isEmpty()) && running.clusterIp() != null) {
            copy.getSpec().setClusterIP(running.clusterIp().toString());
        }
        if (copy.getSpec().getPorts() != null) {
            for (ServicePort p : copy.getSpec().getPorts()) {
                String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
                ClusterServicePort was = p.getPort() == null ? null : running.port(p.getPort(), proto);
                if ((p.getNodePort() == null || p.getNodePort() == 0) && was != null && was.nodePort() > 0) {
                    p.setNodePort(was.nodePort());
                }
            }
        }
        return copy;
    }

    private static boolean same(HasMetadata a, HasMetadata b) {
        return Names.kindOf(a).equals(Names.kindOf(b)) && key(a).equals(key(b));
    }

    private static String key(HasMetadata o) {
        String name = o.getMetadata() == null ? "?" : o.getMetadata().getName();
        return (o instanceof Namespace ? "" : Names.namespaceOf(o) + "/") + name;
    }

    /** Applied objects by kind, for messages: {@code NetworkPolicy x/deny}. */
    public static String describe(HasMetadata o) {
        return Names.kindOf(o) + " " + key(o);
    }
}
