package io.podnet.topology.build;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import io.podnet.topology.TopologyWarning;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.ClusterService;
import io.podnet.topology.model.ClusterServicePort;
import io.podnet.topology.model.NamedPort;
import io.podnet.topology.model.ServiceEndpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Services: addresses ({@link ServiceAddressing}), EndpointSlices derived from selectors as the
 * EndpointSlice controller would, and the merged per-port endpoints kube-proxy programs.
 *
 * <p>Derived slices: for a Service with a non-empty selector, the pods of its namespace whose labels
 * match, in pod order, grouped by their resolved target ports (a named {@code targetPort} is looked
 * up in each pod's container ports; a pod without that name is left out of that port), at most 100
 * endpoints per slice, named {@code <service>-<5 chars>} from the seeded stream
 * {@code endpointslice/<namespace>/<service>}. Slices from the manifests (label
 * {@code kubernetes.io/service-name}) are used as well; kube-proxy merges all slices of a Service,
 * dropping duplicate {@code ip:port}s, and sorts endpoints by that text.
 */
final class ServiceSources {
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String CONTROLLER = "endpointslice-controller.k8s.io";

    private final Ipv4Prefix serviceCidr;
    private final long seed;
    private final List<TopologyWarning> warnings;
    private final List<EndpointSlice> derived = new ArrayList<>();

    ServiceSources(Ipv4Prefix serviceCidr, long seed, List<TopologyWarning> warnings) {
        this.serviceCidr = serviceCidr;
        this.seed = seed;
        this.warnings = warnings;
    }

    List<EndpointSlice> derivedSlices() {
        return derived;
    }

    List<ClusterService> build(List<Service> services, List<ClusterPod> pods, List<EndpointSlice> given) {
        PodIndex index = new PodIndex(pods);
        Map<String, List<EndpointSlice>> givenByService = new HashMap<>();
        for (EndpointSlice es : given) {
            if (es.getMetadata().getLabels() != null && es.getMetadata().getLabels().get(SERVICE_NAME_LABEL) != null) {
                givenByService.computeIfAbsent(Names.namespaceOf(es) + "/" + es.getMetadata().getLabels().get(SERVICE_NAME_LABEL),
                        k -> new ArrayList<>()).add(es);
            }
        }
        ServiceAddressing addressing = new ServiceAddressing(serviceCidr);
        Set<String> keys = new HashSet<>();
        // Pass 1: validate, reserve explicit ClusterIPs and node ports.
        for (Service s : services) {
            String key = Names.namespaceOf(s) + "/" + Names.nameOf(s, true);
            if (!keys.add(key)) {
                throw new TopologyException("service/" + key, "service " + key + " is declared twice; rename one");
            }
            ServiceSpec spec = spec(s, key);
            String ip = spec.getClusterIP();
            if (ip != null && !ip.isEmpty() && !"None".equals(ip)) {
                addressing.reserveClusterIp(key, parseIp(key, "clusterIP", ip));
            }
            for (ServicePort p : ports(spec)) {
                if (p.getNodePort() != null && p.getNodePort() != 0) {
                    if (!hasNodePorts(type(spec))) {
                        throw new TopologyException("service/" + key, "service " + key + " sets nodePort " + p.getNodePort()
                                + " but is of type " + type(spec) + "; use type NodePort or LoadBalancer, or drop nodePort");
                    }
                    addressing.reserveNodePort(key, protocol(p), p.getNodePort());
                }
            }
            if (spec.getHealthCheckNodePort() != null && spec.getHealthCheckNodePort() != 0) {
                addressing.reserveNodePort(key, "TCP", spec.getHealthCheckNodePort());
            }
        }
        // Pass 2: allocate, derive slices, resolve endpoints.
        List<ClusterService> out = new ArrayList<>();
        for (Service s : services) {
            String ns = Names.namespaceOf(s);
            String name = s.getMetadata().getName();
            String key = ns + "/" + name;
            ServiceSpec spec = s.getSpec();
            String type = type(spec);
            String ipText = spec.getClusterIP();
            Ipv4Address clusterIp;
            if ("None".equals(ipText) || "ExternalName".equals(type)) {
                clusterIp = null;
            } else if (ipText == null || ipText.isEmpty()) {
                clusterIp = addressing.allocateClusterIp(key);
            } else {
                clusterIp = Ipv4Address.parse(ipText);
            }
            if (clusterIp == null && hasNodePorts(type)) {
                throw new TopologyException("service/" + key, "service " + key + " is headless but of type " + type
                        + "; headless Services must be of type ClusterIP");
            }
            List<Ipv4Address> externalIps = new ArrayList<>();
            if (spec.getExternalIPs() != null) {
                for (String e : spec.getExternalIPs()) {
                    externalIps.add(parseIp(key, "externalIPs", e));
                }
            }
            String etp = spec.getExternalTrafficPolicy() == null || spec.getExternalTrafficPolicy().isEmpty()
                    ? "Cluster" : spec.getExternalTrafficPolicy();
            String itp = spec.getInternalTrafficPolicy() == null || spec.getInternalTrafficPolicy().isEmpty()
                    ? "Cluster" : spec.getInternalTrafficPolicy();
            checkPolicy(key, "externalTrafficPolicy", etp);
            checkPolicy(key, "internalTrafficPolicy", itp);
            String affinity = spec.getSessionAffinity() == null || spec.getSessionAffinity().isEmpty()
                    ? "None" : spec.getSessionAffinity();
            if (!affinity.equals("None") && !affinity.equals("ClientIP")) {
                throw new TopologyException("service/" + key, "service " + key + " has sessionAffinity '" + affinity
                        + "'; use None or ClientIP");
            }
            int timeout = 10800;
            if (spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null
                    && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
                timeout = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
            }
            int healthCheck = spec.getHealthCheckNodePort() == null ? 0 : spec.getHealthCheckNodePort();
            if (healthCheck == 0 && "LoadBalancer".equals(type) && "Local".equals(etp)) {
                healthCheck = addressing.allocateNodePort(key, "TCP");
            }
            Map<String, String> selector = spec.getSelector() == null || spec.getSelector().isEmpty()
                    ? null : Names.sorted(spec.getSelector());
            List<ServicePort> ports = ports(spec);
            List<int[]> nodePortsOut = new ArrayList<>();
            // allocateLoadBalancerNodePorts: false leaves a LoadBalancer without node ports (unless given).
            boolean allocate = !("LoadBalancer".equals(type) && Boolean.FALSE.equals(spec.getAllocateLoadBalancerNodePorts()));
            for (ServicePort p : ports) {
                int np = p.getNodePort() == null ? 0 : p.getNodePort();
                if (np == 0 && hasNodePorts(type) && allocate) {
                    np = addressing.allocateNodePort(key, protocol(p));
                }
                nodePortsOut.add(new int[] {np});
            }
            List<EndpointSlice> slices = new ArrayList<>(givenByService.getOrDefault(key, List.of()));
            if (selector != null) {
                List<ClusterPod> selected = index.select(ns, selector);
                List<EndpointSlice> mine = derive(ns, name, ports, selected);
                derived.addAll(mine);
                slices.addAll(mine);
                boolean any = !selected.isEmpty();
                boolean anyReady = false;
                for (ClusterPod p : selected) {
                    anyReady |= p.ready();
                }
                if (!any) {
                    warnings.add(new TopologyWarning("service/" + key, "service " + key + " selects no pods ("
                            + Names.text(selector) + "); connections to it are refused, as kube-proxy does"));
                } else if (!anyReady) {
                    warnings.add(new TopologyWarning("service/" + key, "service " + key
                            + " selects only pods that are not ready; connections to it are refused"));
                }
            }
            List<ClusterServicePort> cports = new ArrayList<>();
            for (int i = 0; i < ports.size(); i++) {
                ServicePort p = ports.get(i);
                String pname = p.getName() == null ? "" : p.getName();
                cports.add(new ClusterServicePort(pname, protocol(p), p.getPort(), targetText(p),
                        nodePortsOut.get(i)[0], endpoints(pname, protocol(p), slices)));
            }
            List<Ipv4Address> lbIps = new ArrayList<>();
            List<io.podnet.sim.net.Ipv4Prefix> ranges = new ArrayList<>();
            if ("LoadBalancer".equals(type)) {
                if (s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                        && s.getStatus().getLoadBalancer().getIngress() != null) {
                    for (io.fabric8.kubernetes.api.model.LoadBalancerIngress in : s.getStatus().getLoadBalancer().getIngress()) {
                        if (in.getIp() != null && !in.getIp().isEmpty()) {
                            lbIps.add(parseIp(key, "status.loadBalancer.ingress ip", in.getIp()));
                        }
                    }
                }
                if (spec.getLoadBalancerSourceRanges() != null) {
                    for (String r : spec.getLoadBalancerSourceRanges()) {
                        try {
                            ranges.add(io.podnet.sim.net.Ipv4Prefix.parse(r.trim()).canonical());
                        } catch (IllegalArgumentException e) {
                            throw new TopologyException("service/" + key, "service " + key + ": loadBalancerSourceRanges '"
                                    + r + "' is not an IPv4 CIDR; expected a range such as 203.0.113.0/25");
                        }
                    }
                }
            }
            String externalName = "ExternalName".equals(type) ? spec.getExternalName() : null;
            if ("ExternalName".equals(type) && (externalName == null || externalName.isEmpty())) {
                throw new TopologyException("service/" + key, "service " + key + " is of type ExternalName but has no"
                        + " spec.externalName; give the DNS name it stands for, such as db.example.com");
            }
            out.add(new ClusterService(ns, name, type, clusterIp, externalIps, selector, affinity, timeout, etp, itp,
                    healthCheck, cports, lbIps, ranges, externalName));
        }
        return out;
    }

    private ServiceSpec spec(Service s, String key) {
        ServiceSpec spec = s.getSpec();
        String subject = "service/" + key;
        if (spec == null || spec.getPorts() == null || spec.getPorts().isEmpty()) {
            if (spec != null && "ExternalName".equals(spec.getType())) {
                return spec;
            }
            throw new TopologyException(subject, "service " + key + " has no ports; give it at least one under spec.ports");
        }
        String type = type(spec);
        if (!List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(type)) {
            throw new TopologyException(subject, "service " + key + " has type '" + type
                    + "'; use ClusterIP, NodePort, LoadBalancer or ExternalName");
        }
        Set<String> names = new HashSet<>();
        for (ServicePort p : spec.getPorts()) {
            String pname = p.getName() == null ? "" : p.getName();
            if (spec.getPorts().size() > 1 && pname.isEmpty()) {
                throw new TopologyException(subject, "service " + key + " has several ports, so each needs a name "
                        + "(port " + p.getPort() + " has none)");
            }
            if (!names.add(pname)) {
                throw new TopologyException(subject, "service " + key + " has two ports named '" + pname + "'");
            }
            if (p.getPort() == null || p.getPort() < 1 || p.getPort() > 65535) {
                throw new TopologyException(subject, "service " + key + " port '" + pname + "' has port "
                        + p.getPort() + "; use 1-65535");
            }
            String proto = protocol(p);
            if (!proto.equals("TCP") && !proto.equals("UDP") && !proto.equals("SCTP")) {
                throw new TopologyException(subject, "service " + key + " port " + p.getPort() + " has protocol '"
                        + proto + "'; use TCP, UDP or SCTP");
            }
        }
        return spec;
    }

    private static void checkPolicy(String key, String field, String value) {
        if (!value.equals("Cluster") && !value.equals("Local")) {
            throw new TopologyException("service/" + key, "service " + key + " has " + field + " '" + value
                    + "'; use Cluster or Local");
        }
    }

    private static Ipv4Address parseIp(String key, String field, String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TopologyException("service/" + key, "service " + key + ": " + field + " " + e.getMessage());
        }
    }

    private static List<ServicePort> ports(ServiceSpec spec) {
        return spec.getPorts() == null ? List.of() : spec.getPorts();
    }

    static String type(ServiceSpec spec) {
        return spec.getType() == null || spec.getType().isEmpty() ? "ClusterIP" : spec.getType();
    }

    private static boolean hasNodePorts(String type) {
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    private static String protocol(ServicePort p) {
        return p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
    }

    private static String targetText(ServicePort p) {
        IntOrString t = p.getTargetPort();
        if (t == null || (t.getIntVal() == null && (t.getStrVal() == null || t.getStrVal().isEmpty()))) {
            return Integer.toString(p.getPort());
        }
        return t.getIntVal() != null ? t.getIntVal().toString() : t.getStrVal();
    }

    /** The target port a pod serves a Service port on, or -1 when it has no such named port. */
    private static int resolve(ServicePort p, ClusterPod pod) {
        String t = targetText(p);
        if (t.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(t);
        }
        for (NamedPort np : pod.ports()) {
            if (np.name().equals(t) && np.protocol().equals(protocol(p))) {
                return np.port();
            }
        }
        return -1;
    }

    /** Slices for the selected pods (already in pod order). */
    private List<EndpointSlice> derive(String ns, String svc, List<ServicePort> ports, List<ClusterPod> selected) {
        Map<List<Integer>, List<ClusterPod>> groups = new LinkedHashMap<>();
        for (ClusterPod pod : selected) {
            List<Integer> resolved = new ArrayList<>();
            for (ServicePort p : ports) {
                resolved.add(resolve(p, pod));
            }
            groups.computeIfAbsent(resolved, k -> new ArrayList<>()).add(pod);
        }
        SplittableRandom rnd = new SeededRandoms(seed).stream("endpointslice/" + ns + "/" + svc);
        List<EndpointSlice> out = new ArrayList<>();
        for (Map.Entry<List<Integer>, List<ClusterPod>> g : groups.entrySet()) {
            List<EndpointPort> eports = new ArrayList<>();
            for (int i = 0; i < ports.size(); i++) {
                if (g.getKey().get(i) < 0) {
                    continue;
                }
                ServicePort p = ports.get(i);
                eports.add(new EndpointPortBuilder().withName(p.getName() == null ? "" : p.getName())
                        .withPort(g.getKey().get(i)).withProtocol(protocol(p)).build());
            }
            List<ClusterPod> members = g.getValue();
            for (int from = 0; from < members.size(); from += 100) {
                List<Endpoint> eps = new ArrayList<>();
                for (ClusterPod pod : members.subList(from, Math.min(members.size(), from + 100))) {
                    eps.add(new EndpointBuilder().withAddresses(pod.ip().toString())
                            .withNewConditions().withReady(pod.ready()).withServing(pod.ready()).withTerminating(false).endConditions()
                            .withNodeName(pod.node())
                            .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(ns)
                                    .withName(pod.name()).build())
                            .build());
                }
                StringBuilder name = new StringBuilder(svc).append('-');
                for (int c = 0; c < 5; c++) {
                    name.append(PodSources.ALPHABET.charAt(rnd.nextInt(PodSources.ALPHABET.length())));
                }
                out.add(new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(name.toString())
                        .addToLabels(SERVICE_NAME_LABEL, svc).addToLabels(MANAGED_BY_LABEL, CONTROLLER).endMetadata()
                        .withAddressType("IPv4").withEndpoints(eps).withPorts(eports).build());
            }
        }
        return out;
    }

    /** kube-proxy's view of one Service port: all slices merged, duplicates dropped, sorted by ip:port. */
    private static List<ServiceEndpoint> endpoints(String portName, String protocol, List<EndpointSlice> slices) {
        Map<String, ServiceEndpoint> byText = new LinkedHashMap<>();
        for (EndpointSlice es : slices) {
            if (es.getAddressType() != null && !"IPv4".equals(es.getAddressType())) {
                continue;
            }
            if (es.getPorts() == null || es.getEndpoints() == null) {
                continue;
            }
            for (EndpointPort ep : es.getPorts()) {
                String epName = ep.getName() == null ? "" : ep.getName();
                String epProto = ep.getProtocol() == null ? "TCP" : ep.getProtocol();
                if (!epName.equals(portName) || !epProto.equals(protocol) || ep.getPort() == null) {
                    continue;
                }
                for (Endpoint e : es.getEndpoints()) {
                    if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
                        continue;
                    }
                    Ipv4Address ip;
                    try {
                        ip = Ipv4Address.parse(e.getAddresses().get(0));
                    } catch (IllegalArgumentException ex) {
                        throw new TopologyException("endpointslice/" + Names.namespaceOf(es) + "/" + es.getMetadata().getName(),
                                "endpoint slice " + es.getMetadata().getName() + ": " + ex.getMessage());
                    }
                    boolean ready = e.getConditions() == null || e.getConditions().getReady() == null
                            || e.getConditions().getReady();
                    // discovery.k8s.io/v1: an unset serving condition means true (kube-proxy's
                    // endpointslicecache reads it so), whatever ready says.
                    boolean serving = e.getConditions() == null || e.getConditions().getServing() == null
                            || e.getConditions().getServing();
                    boolean terminating = e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getTerminating());
                    String pod = e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind())
                            ? (e.getTargetRef().getNamespace() == null ? Names.namespaceOf(es) : e.getTargetRef().getNamespace())
                            + "/" + e.getTargetRef().getName() : "";
                    ServiceEndpoint se = new ServiceEndpoint(ip, ep.getPort(), e.getNodeName(), pod, ready, serving, terminating);
                    byText.putIfAbsent(se.text(), se);
                }
            }
        }
        List<ServiceEndpoint> out = new ArrayList<>(byText.values());
        out.sort(Comparator.comparing(ServiceEndpoint::text));
        return out;
    }
}
