package io.podnet.topology.build;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.TopologyWarning;
import io.podnet.topology.cni.CniPlugin;
import io.podnet.topology.cni.PodIpam;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.Origin;
import io.podnet.topology.spec.RackSpec;
import io.podnet.topology.spec.calico.CalicoResourceReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the {@link Cluster} model from a {@link ClusterSpec}: node addresses, pod subnets, pod
 * placement and addresses, Service addresses and endpoints.
 *
 * <p>Placement (documented, deterministic): pods are placed in this order — first every pod with
 * {@code spec.nodeName} (that node), then pods with a {@code status.podIP} but no node (the node
 * whose pod subnet holds the address), then the remaining bare pods in input order, then
 * Deployment replicas (Deployments in input order, replicas in turn). An unpinned pod goes to the
 * least-loaded node (fewest pods so far) among those whose labels match its {@code nodeSelector},
 * ties broken by node order.
 *
 * <p>Pod order (namespaces, addresses): bare pods in input order, then replicas. Pods with a
 * {@code status.podIP} keep it; the others get host-local addresses in pod order.
 *
 * <p>Network namespace of a pod: its name, or {@code <namespace>.<name>} when another pod in another
 * namespace or a node has the same name.
 */
public final class ClusterBuilder {
    private ClusterBuilder() {}

    public static Cluster build(ClusterSpec spec, CniPlugin cni, long seed) {
        ByKind o = ByKind.of(spec.objects());
        List<Pod> pods = o.pods();
        List<Deployment> deployments = o.deployments();
        List<Service> services = o.services();
        List<EndpointSlice> slices = o.slices();
        List<Namespace> namespaces = o.namespaces();
        List<NetworkPolicy> policies = o.policies();
        checkRanges(spec, cni);
        List<ClusterNode> nodes = nodes(spec, cni);
        List<TopologyWarning> warnings = new ArrayList<>();
        PodIpam ipam = cni.newIpam(nodes);
        List<ClusterPod> clusterPods = pods(nodes, pods, deployments, cni, ipam, seed, NodeManifests.of(spec.objects()));
        List<ClusterNode> withCidrs = new ArrayList<>();
        for (ClusterNode n : nodes) {
            withCidrs.add(n.withPodCidr(ipam.podCidrOf(n)));
        }
        nodes = withCidrs;
        ServiceSources svc = new ServiceSources(spec.serviceCidr(), seed, warnings);
        List<ClusterService> clusterServices = svc.build(services, clusterPods, slices);
        List<EndpointSlice> allSlices = new ArrayList<>(slices);
        allSlices.addAll(svc.derivedSlices());
        return new Cluster(nodes, clusterPods, clusterServices, allSlices, namespaces(namespaces, clusterPods, clusterServices),
                policies, spec.serviceCidr(), cni.clusterCidr(), spec.clusterDomain(), warnings);
    }

    /** A cluster's Kubernetes objects by kind, in input order (Calico resources left to the plugin). */
    record ByKind(List<Pod> pods, List<Deployment> deployments, List<Service> services, List<EndpointSlice> slices,
                   List<Namespace> namespaces, List<NetworkPolicy> policies) {
        /**
         * @throws TopologyException for a kind the cluster does not take, or a nameless object
         */
        static ByKind of(List<HasMetadata> objects) {
            ByKind out = new ByKind(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>());
            for (HasMetadata o : objects) {
                if (CalicoResourceReader.isCalico(o)) {
                    continue; // consumed by the Calico plugin (see ClusterRenderer)
                }
                if (o instanceof Pod p) {
                    out.pods.add(p);
                } else if (o instanceof Deployment d) {
                    out.deployments.add(d);
                } else if (o instanceof Service s) {
                    out.services.add(s);
                } else if (o instanceof EndpointSlice e) {
                    Names.nameOf(e, false);
                    out.slices.add(e);
                } else if (o instanceof Namespace n) {
                    Names.nameOf(n, true);
                    out.namespaces.add(n);
                } else if (o instanceof NetworkPolicy np) {
                    Names.nameOf(np, false);
                    out.policies.add(np);
                } else if (o instanceof io.fabric8.kubernetes.api.model.Node) {
                    continue; // a cluster dump's Node: its podCIDR and taints are read by NodeManifests
                } else {
                    String name = o.getMetadata() == null ? "?" : o.getMetadata().getName();
                    throw new TopologyException(Names.kindOf(o).toLowerCase(java.util.Locale.ROOT) + "/" + name,
                            "objects of kind " + Names.kindOf(o) + " (" + o.getApiVersion() + ") are not supported; accepted: "
                                    + "v1 Pod, v1 Service, v1 Namespace, apps/v1 Deployment, discovery.k8s.io/v1 EndpointSlice, "
                                    + "networking.k8s.io/v1 NetworkPolicy, and with cni calico the projectcalico.org/v3 kinds "
                                    + "IPPool, BGPConfiguration, BGPPeer, Node, IPAMConfiguration");
                }
            }
            return out;
        }
    }

    private static void checkRanges(ClusterSpec spec, CniPlugin cni) {
        Ipv4Prefix svc = spec.serviceCidr();
        List<Ipv4Prefix> unders = new ArrayList<>();
        List<String> underSubjects = new ArrayList<>();
        List<Origin> underOrigins = new ArrayList<>();
        unders.add(spec.underlay().cidr());
        underSubjects.add("cluster.underlay.cidr");
        underOrigins.add(spec.underlay().origin().at("cidr"));
        for (RackSpec r : spec.underlay().racks()) {
            unders.add(r.cidr());
            underSubjects.add("cluster.underlay.racks." + r.name());
            underOrigins.add(r.origin().at("cidr"));
        }
        for (Ipv4Prefix pods : cni.podNetworks()) {
            if (pods.overlaps(svc)) {
                throw new TopologyException("cluster.serviceCIDR", "the pod network " + pods + " and the service CIDR " + svc
                        + " overlap; choose ranges that do not (e.g. 10.244.0.0/16 and 10.96.0.0/12)");
            }
            for (int i = 0; i < unders.size(); i++) {
                if (pods.overlaps(unders.get(i))) {
                    throw new TopologyException(underOrigins.get(i), underSubjects.get(i), "the pod network " + pods + " and the underlay "
                            + unders.get(i) + " overlap; choose ranges that do not (e.g. 10.244.0.0/16 and 172.18.0.0/16)");
                }
            }
        }
        for (int i = 0; i < unders.size(); i++) {
            if (svc.overlaps(unders.get(i))) {
                throw new TopologyException(underOrigins.get(i), underSubjects.get(i), "the service CIDR " + svc + " and the underlay "
                        + unders.get(i) + " overlap; choose ranges that do not (e.g. 10.96.0.0/12 and 172.18.0.0/16)");
            }
        }
    }

    private static List<ClusterNode> nodes(ClusterSpec spec, CniPlugin cni) {
        boolean routed = spec.underlay().routed();
        Set<String> names = new HashSet<>();
        Map<Ipv4Address, String> taken = new HashMap<>();
        if (routed) {
            for (RackSpec r : spec.underlay().racks()) {
                taken.put(r.cidr().host(1), "the router of rack " + r.name());
            }
        } else {
            taken.put(spec.underlay().gateway(), "the underlay gateway");
        }
        for (NodeSpec n : spec.nodes()) {
            String subject = "node/" + n.name();
            if (!n.name().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || n.name().length() > 63) {
                throw new TopologyException(n.origin(), subject, "node name '" + n.name() + "' is not valid (lower-case letters, digits "
                        + "and '-', starting and ending with a letter or digit, at most 63 characters)");
            }
            if (!names.add(n.name())) {
                throw new TopologyException(n.origin(), subject, "node " + n.name() + " is declared twice; rename one");
            }
            Ipv4Prefix under = segmentOf(spec, n.name());
            if (n.address() != null) {
                long off = Integer.toUnsignedLong(n.address().bits() - under.network().bits());
                if (!under.contains(n.address()) || off == 0 || off == under.size() - 1) {
                    throw new TopologyException(n.origin(), subject, "node " + n.name() + " has address " + n.address()
                            + ", which is not a host address of " + (routed ? "its rack's subnet " : "the underlay ") + under
                            + "; use one in " + under.host(2) + "-" + under.host(under.size() - 2) + " or leave it out");
                }
                String holder = taken.putIfAbsent(n.address(), "node " + n.name());
                if (holder != null) {
                    throw new TopologyException(n.origin(), subject, "node " + n.name() + " has address " + n.address()
                            + ", already used by " + holder + "; leave it out to get a free one");
                }
            }
        }
        for (RackSpec r : spec.underlay().racks()) {
            for (String n : r.nodes()) {
                if (!names.contains(n)) {
                    throw new TopologyException(r.origin().at("cidr"), "cluster.underlay.racks." + r.name(), "rack " + r.name() + " lists node " + n
                            + ", which is not in the cluster");
                }
            }
            if (names.contains(r.routerName())) {
                throw new TopologyException(originOf(spec, r.routerName()), "node/" + r.routerName(), "node " + r.routerName() + " has the name of rack "
                        + r.name() + "'s router; rename the node or the rack");
            }
        }
        List<String> nodeNames = new ArrayList<>();
        for (NodeSpec n : spec.nodes()) {
            nodeNames.add(n.name());
        }
        List<Ipv4Prefix> cidrs = NodeManifests.of(spec.objects()).podCidrs(nodeNames, cni); // a dump's podCIDRs
        List<ClusterNode> out = new ArrayList<>();
        Map<Ipv4Prefix, Long> next = new HashMap<>();
        for (int i = 0; i < spec.nodes().size(); i++) {
            NodeSpec n = spec.nodes().get(i);
            Ipv4Prefix under = segmentOf(spec, n.name());
            Ipv4Address addr = n.address();
            if (addr == null) {
                long k = next.getOrDefault(under, 2L);
                while (k < under.size() - 1 && taken.containsKey(under.host(k))) {
                    k++;
                }
                if (k >= under.size() - 1) {
                    throw new TopologyException(n.origin(), "node/" + n.name(), "the underlay " + under + " has no address left for node "
                            + n.name() + "; use a larger " + (routed ? "rack subnet" : "underlay CIDR"));
                }
                addr = under.host(k);
                next.put(under, k + 1);
                taken.put(addr, "node " + n.name());
            }
            RackSpec rack = spec.underlay().rackOf(n.name());
            out.add(new ClusterNode(n.name(), i, addr, under, n.labels(), cidrs.get(i), rack == null ? null : rack.name(),
                    rack == null ? spec.underlay().gateway() : rack.cidr().host(1)));
        }
        return out;
    }

    /** Where the node called {@code name} was written ({@link Origin#NONE} when there is none). */
    private static Origin originOf(ClusterSpec spec, String name) {
        for (NodeSpec n : spec.nodes()) {
            if (n.name().equals(name)) {
                return n.origin();
            }
        }
        return Origin.NONE;
    }

    /** The subnet a node's eth0 is on: its rack's, or the single underlay segment. */
    private static Ipv4Prefix segmentOf(ClusterSpec spec, String node) {
        if (!spec.underlay().routed()) {
            return spec.underlay().cidr();
        }
        RackSpec r = spec.underlay().rackOf(node);
        if (r == null) {
            List<String> racks = new ArrayList<>();
            for (RackSpec x : spec.underlay().racks()) {
                racks.add(x.name());
            }
            throw new TopologyException(originOf(spec, node), "node/" + node, "node " + node + " is in no rack of the routed underlay; add it to"
                    + " one of " + String.join(", ", racks));
        }
        return r.cidr();
    }

    private static List<ClusterPod> pods(List<ClusterNode> nodes, List<Pod> pods, List<Deployment> deployments,
                                         CniPlugin cni, PodIpam ipam, long seed, NodeManifests nodeObjects) {
        List<PodDraft> drafts = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Pod p : pods) {
            PodDraft d = PodSources.fromPod(p);
            if (!keys.add(d.key())) {
                throw new TopologyException(d.subject(), "pod " + d.key() + " is declared twice; rename one");
            }
            drafts.add(d);
        }
        Set<String> deploymentKeys = new HashSet<>();
        for (Deployment dep : deployments) {
            String key = Names.namespaceOf(dep) + "/" + Names.nameOf(dep, true);
            if (!deploymentKeys.add(key)) {
                throw new TopologyException("deployment/" + key, "deployment " + key + " is declared twice; rename one");
            }
            drafts.addAll(PodSources.expand(dep, seed, keys));
        }
        Map<String, ClusterNode> byName = new HashMap<>();
        for (ClusterNode n : nodes) {
            byName.put(n.name(), n);
        }
        // Placement.
        Map<PodDraft, ClusterNode> placed = new IdentityHashMap<>();
        int[] load = new int[nodes.size()];
        for (PodDraft d : drafts) {
            if (d.nodeName() != null) {
                ClusterNode n = byName.get(d.nodeName());
                if (n == null) {
                    throw new TopologyException(d.subject(), "pod " + d.key() + " is pinned to node " + d.nodeName()
                            + " (spec.nodeName), which is not in the cluster; use one of " + nodeList(nodes));
                }
                placed.put(d, n);
                load[n.index()]++;
            }
        }
        for (PodDraft d : drafts) {
            if (d.nodeName() == null && d.podIp() != null && !d.hostNetwork() && cni.podIpChoosesNode()) {
                ClusterNode owner = null;
                for (ClusterNode n : nodes) {
                    if (n.podCidr() != null && n.podCidr().contains(d.podIp())) {
                        owner = n;
                    }
                }
                if (owner == null) {
                    throw new TopologyException(d.subject(), "status.podIP", "pod " + d.key() + " has status.podIP " + d.podIp()
                            + ", which is in no node's pod subnet; use an address in one of "
                            + subnetList(nodes) + ", or set spec.nodeName");
                }
                placed.put(d, owner);
                load[owner.index()]++;
            }
        }
        // Least loaded node that the selector and the tolerations admit, the first in node order
        // among equals: a queue of (load, position) per distinct (selector, tolerations), entries
        // refreshed lazily when other pods raised a node's load (loads only grow), instead of a scan
        // of every node per pod.
        Map<List<Object>, PriorityQueue<Long>> bySelector = new HashMap<>();
        for (PodDraft d : drafts) {
            if (placed.containsKey(d)) {
                continue;
            }
            PriorityQueue<Long> queue = bySelector.computeIfAbsent(Arrays.asList(d.nodeSelector(), d.tolerations()), k -> {
                PriorityQueue<Long> q = new PriorityQueue<>();
                for (int i = 0; i < nodes.size(); i++) {
                    ClusterNode n = nodes.get(i);
                    if (selects(d.nodeSelector(), n.labels()) && nodeObjects.tolerates(n.name(), d.tolerations())) {
                        q.add((long) load[n.index()] << 32 | i);
                    }
                }
                return q;
            });
            ClusterNode best = null;
            while (!queue.isEmpty()) {
                long head = queue.poll();
                ClusterNode n = nodes.get((int) head);
                if ((int) (head >>> 32) == load[n.index()]) {
                    best = n;
                    queue.add((long) (load[n.index()] + 1) << 32 | (int) head);
                    break;
                }
                queue.add((long) load[n.index()] << 32 | (int) head);
            }
            if (best == null) {
                throw new TopologyException(d.subject(), "pod " + d.key() + " has nodeSelector "
                        + Names.text(d.nodeSelector()) + ", which no node's labels match, or tolerates no node's taints"
                        + " (Node spec.taints); label a node, change the selector or add a toleration");
            }
            placed.put(d, best);
            load[best.index()]++;
        }
        // Addresses.
        Map<PodDraft, Ipv4Address> ips = new IdentityHashMap<>();
        for (PodDraft d : drafts) {
            ClusterNode n = placed.get(d);
            if (d.hostNetwork()) {
                ips.put(d, n.address());
            } else if (d.podIp() != null) {
                ipam.reserve(n, d.key(), d.podIp());
                ips.put(d, d.podIp());
            }
        }
        for (PodDraft d : drafts) {
            if (!ips.containsKey(d)) {
                ips.put(d, ipam.allocate(placed.get(d), d.key()));
            }
        }
        // Namespace names.
        Map<String, Integer> nameCount = new HashMap<>();
        for (PodDraft d : drafts) {
            nameCount.merge(d.name(), 1, Integer::sum);
        }
        List<ClusterPod> out = new ArrayList<>();
        for (PodDraft d : drafts) {
            ClusterNode n = placed.get(d);
            String netns;
            if (d.hostNetwork()) {
                netns = n.name();
            } else if (nameCount.get(d.name()) > 1 || byName.containsKey(d.name())) {
                netns = d.namespace() + "." + d.name();
            } else {
                netns = d.name();
            }
            out.add(new ClusterPod(d.namespace(), d.name(), n.name(), ips.get(d), d.labels(), d.ports(), netns,
                    d.hostNetwork(), d.ready(), d.owner()));
        }
        return out;
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String nodeList(List<ClusterNode> nodes) {
        List<String> names = new ArrayList<>();
        for (ClusterNode n : nodes) {
            names.add(n.name());
        }
        return String.join(", ", names);
    }

    private static String subnetList(List<ClusterNode> nodes) {
        List<String> s = new ArrayList<>();
        for (ClusterNode n : nodes) {
            s.add(n.podCidr() + " (" + n.name() + ")");
        }
        return String.join(", ", s);
    }

    /** Declared namespaces in input order, then the ones only used (sorted), always with default. */
    static List<Namespace> namespaces(List<Namespace> declared, List<ClusterPod> pods, List<ClusterService> services) {
        Set<String> names = new LinkedHashSet<>();
        List<Namespace> out = new ArrayList<>();
        for (Namespace n : declared) {
            if (!names.add(n.getMetadata().getName())) {
                throw new TopologyException("namespace/" + n.getMetadata().getName(), "namespace "
                        + n.getMetadata().getName() + " is declared twice");
            }
            out.add(n);
        }
        Set<String> used = new TreeSet<>();
        used.add("default");
        for (ClusterPod p : pods) {
            used.add(p.namespace());
        }
        for (ClusterService s : services) {
            used.add(s.namespace());
        }
        for (String u : used) {
            if (names.add(u)) {
                out.add(new NamespaceBuilder().withNewMetadata().withName(u)
                        .addToLabels("kubernetes.io/metadata.name", u).endMetadata().build());
            }
        }
        return out;
    }
}
