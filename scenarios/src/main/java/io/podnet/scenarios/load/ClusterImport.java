package io.podnet.scenarios.load;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.YNode;
import io.podnet.scenarios.source.YamlTrees;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code podnet import}: a scenario a user can edit, written around a cluster dump
 * ({@code kubectl get nodes,pods,services,endpointslices,networkpolicies -A -o yaml}). The dump is
 * included as it is (so every diagnostic points into it); the scenario adds what the dump cannot
 * say and says where each value came from in a comment: the underlay (the smallest range, /24 or
 * wider, holding the nodes' InternalIPs), the Service range (kube-apiserver's
 * {@code --service-cluster-ip-range} when its pod is in the dump), the CNI (the command line's
 * {@code --cni}; else a {@code kube-flannel-cfg} ConfigMap in the dump; else what the nodes and pods
 * show: Flannel's node annotations, Calico's, their agent pods), and one example traffic item.
 */
public final class ClusterImport {
    /**
     * The scenario text and what was guessed.
     *
     * @param yaml    the scenario file's text
     * @param cni     the CNI design written (or {@code kube-flannel-cfg} when the dump's ConfigMap is the CNI)
     * @param guessed one line per value podnet guessed, as the comments in the file say
     */
    public record Result(String yaml, String cni, List<String> guessed) {}

    private static final Pattern FLAG = Pattern.compile("^--([a-z-]+)=(.*)$");

    private final List<Resource> resources;
    private final ResourceReader reader;
    private final List<String> guessed = new ArrayList<>();

    private ClusterImport(List<Resource> resources, ResourceReader reader) {
        this.resources = resources;
        this.reader = reader;
    }

    /**
     * Reads the dump and writes the scenario text.
     *
     * @param dump        the dump file
     * @param display     how messages name the dump
     * @param includePath the dump's path relative to the scenario's directory (what {@code include:} says)
     * @param name        the scenario's name (a DNS-1123 label)
     * @param cniOverride a design name ({@code --cni}), or null to guess
     * @throws ScenarioException when the dump cannot be read (every problem, with file:line:column)
     */
    public static Result of(Path dump, String display, String includePath, String name, String cniOverride,
                            Diagnostics diags) throws ScenarioException {
        Limits limits = Limits.fromSystemProperties();
        byte[] bytes = ScenarioLoader.readBounded(dump, display, limits, "cluster dump", diags);
        diags.throwIfErrors();
        List<YNode> docs = new ArrayList<>();
        for (YNode d : YamlTrees.parse(bytes, display, diags)) {
            if (!(d instanceof YNode.YScalar sc && sc.kind() == YNode.YScalar.Kind.NULL)) {
                docs.add(d);
            }
        }
        diags.throwIfErrors();
        Path dir = dump.toAbsolutePath().normalize().getParent();
        ResourceReader reader = new ResourceReader(dir, diags, limits);
        List<Resource> resources = reader.read(docs, "");
        diags.throwIfErrors();
        if (cniOverride != null) {
            ScenarioLoader.design(cniOverride); // IllegalArgumentException naming the known designs
        }
        return new ClusterImport(resources, reader).write(includePath, name, cniOverride);
    }

    private Result write(String includePath, String name, String cniOverride) {
        StringBuilder y = new StringBuilder();
        List<Resource> nodes = NodeObjects.of(resources);
        List<Ipv4Address> nodeIps = new ArrayList<>();
        Map<String, Ipv4Address> podNodes = new LinkedHashMap<>(); // nodes named by pods when the dump has no Nodes
        for (Resource r : nodes) {
            String ip = NodeObjects.internalIp((Node) r.object());
            if (ip != null) {
                nodeIps.add(Ipv4Address.parse(ip));
            }
        }
        if (nodes.isEmpty()) {
            for (Resource r : resources) {
                if (r.object() instanceof Pod p && p.getSpec() != null && p.getSpec().getNodeName() != null) {
                    String host = p.getStatus() == null ? null : p.getStatus().getHostIP();
                    Ipv4Address a = host == null || host.isEmpty() || host.contains(":") ? null : Ipv4Address.parse(host);
                    Ipv4Address had = podNodes.get(p.getSpec().getNodeName());
                    podNodes.put(p.getSpec().getNodeName(), had != null ? had : a);
                }
            }
            podNodes.values().stream().filter(a -> a != null).forEach(nodeIps::add);
        }
        String controllerCidr = flag("kube-controller-manager", "cluster-cidr");
        String serviceRange = flag("kube-apiserver", "service-cluster-ip-range");

        y.append("# Written by 'podnet import' around a cluster dump; edit it freely. The dump is included as it\n");
        y.append("# is: its v1 Node objects are the nodes (name, InternalIP, spec.podCIDR, labels, taints), its\n");
        y.append("# pods, Services and EndpointSlices keep their names and addresses.\n");
        y.append("apiVersion: podnet/v1\nkind: Scenario\nmetadata:\n  name: ").append(name).append('\n');
        y.append("  description: imported from ").append(quoted(includePath)).append('\n');
        y.append("seed: 1\ncluster:\n");
        if (nodes.isEmpty()) {
            guessed.add("nodes: the dump has no v1 Node objects; the nodes are those its pods run on");
            y.append("  # The dump has no v1 Node objects: these are the nodes its pods run on (spec.nodeName), with\n");
            y.append("  # their status.hostIP. Add nodes to the kubectl command to keep their podCIDRs and taints.\n");
            y.append("  nodes:\n");
            podNodes.forEach((n, a) -> y.append("    - {name: ").append(n).append(a == null ? "" : ", address: " + a)
                    .append("}\n"));
            if (podNodes.isEmpty()) {
                y.append("    - {name: node1}\n");
            }
        }
        Ipv4Prefix underlay = cover(nodeIps, 24, Ipv4Prefix.parse("172.18.0.0/24"));
        y.append("  underlay:\n    cidr: ").append(underlay).append("   # ")
                .append(nodeIps.isEmpty() ? "podnet's default: the dump names no node address"
                        : "the smallest range (/24 or wider) holding the nodes' InternalIPs").append('\n');
        guessed.add("underlay " + underlay + (nodeIps.isEmpty() ? " (podnet's default)" : " (holds the nodes' InternalIPs)"));
        Ipv4Prefix services = serviceCidr(serviceRange);
        y.append("  serviceCIDR: ").append(services).append("   # ").append(serviceRange != null
                ? "kube-apiserver --service-cluster-ip-range" : "kubeadm's default, holding every Service's clusterIP")
                .append('\n');
        y.append("  kubeProxy: {mode: iptables}   # the dump does not say; change it to nftables if kube-proxy runs"
                + " --proxy-mode=nftables\n");
        String cni = cni(y, cniOverride, controllerCidr);
        y.append("resources:\n  - include: ").append(quoted(includePath)).append('\n');
        traffic(y);
        return new Result(y.toString(), cni, List.copyOf(guessed));
    }

    /** The CNI lines (or a comment when the dump's kube-flannel-cfg ConfigMap is the CNI); returns the design. */
    private String cni(StringBuilder y, String override, String controllerCidr) {
        if (override != null) {
            y.append("  cni: ").append(override.strip()).append("   # given with --cni\n");
            guessed.add("cni " + override.strip() + " (--cni)");
            return override.strip();
        }
        if (reader.flannelNetConf() != null) {
            y.append("  # No cni: the dump's ConfigMap kube-flannel-cfg (").append(reader.flannelConfigMap())
                    .append(") is the CNI, its net-conf.json as flanneld reads it.\n");
            guessed.add("cni: the dump's ConfigMap kube-flannel-cfg");
            return "kube-flannel-cfg";
        }
        String network = controllerCidr;
        String networkFrom = "kube-controller-manager --cluster-cidr";
        if (network == null) {
            List<Ipv4Address> cidrs = new ArrayList<>();
            for (Resource r : NodeObjects.of(resources)) {
                String c = NodeObjects.podCidr((Node) r.object());
                if (c != null) {
                    cidrs.add(Ipv4Prefix.parse(c).network());
                }
            }
            network = cidrs.isEmpty() ? io.podnet.topology.spec.FlannelSpec.DEFAULT_NETWORK.toString() : cover(cidrs, 16, null).toString();
            networkFrom = cidrs.isEmpty() ? "Flannel's default" : "the smallest /16 or wider holding the nodes' podCIDRs";
        }
        String backend = null;
        String vni = null;
        String calico = null;
        String evidence = null;
        for (Resource r : NodeObjects.of(resources)) {
            Map<String, String> a = r.object().getMetadata().getAnnotations();
            if (a == null) {
                continue;
            }
            if (backend == null && a.get("flannel.alpha.coreos.com/backend-type") != null) {
                backend = a.get("flannel.alpha.coreos.com/backend-type");
                evidence = "Node " + r.name() + " annotation flannel.alpha.coreos.com/backend-type: " + backend;
                Matcher m = Pattern.compile("\"VNI\"\\s*:\\s*([0-9]+)").matcher(
                        a.getOrDefault("flannel.alpha.coreos.com/backend-data", ""));
                vni = m.find() ? m.group(1) : null;
            }
            if (calico == null && a.get("projectcalico.org/IPv4VXLANTunnelAddr") != null) {
                calico = "calico-vxlan";
                evidence = "Node " + r.name() + " annotation projectcalico.org/IPv4VXLANTunnelAddr";
            } else if (calico == null && a.get("projectcalico.org/IPv4IPIPTunnelAddr") != null) {
                calico = "calico-ipip";
                evidence = "Node " + r.name() + " annotation projectcalico.org/IPv4IPIPTunnelAddr";
            } else if (calico == null && a.get("projectcalico.org/IPv4Address") != null) {
                calico = "calico-bgp";
                evidence = "Node " + r.name() + " annotation projectcalico.org/IPv4Address (no tunnel address)";
            }
        }
        if (backend == null && calico == null) {
            for (Resource r : resources) {
                if (r.object() instanceof Pod && r.name().startsWith("kube-flannel-ds-")) {
                    backend = "vxlan";
                    evidence = "pod " + r.namespace() + "/" + r.name() + " (Flannel's DaemonSet; backend not shown,"
                            + " Flannel's default vxlan)";
                    break;
                }
                if (r.object() instanceof Pod && r.name().startsWith("calico-node-")) {
                    calico = "calico-bgp";
                    evidence = "pod " + r.namespace() + "/" + r.name() + " (calico-node; encapsulation not shown)";
                    break;
                }
            }
        }
        if (calico != null && backend == null) {
            y.append("  # CNI guessed from ").append(evidence).append(".\n");
            y.append("  # Calico's pools, BGP settings and peers are projectcalico.org/v3 objects: add them\n");
            y.append("  # (calicoctl get ippools,bgpconfigurations,bgppeers -o yaml) to resources.\n");
            y.append("  cni: ").append(calico).append('\n');
            guessed.add("cni " + calico + " (from " + evidence + ")");
            return calico;
        }
        if (backend == null) {
            backend = "vxlan";
            evidence = "nothing in the dump: no Flannel or Calico annotations or pods; podnet's default";
        }
        if (!List.of("vxlan", "host-gw", "wireguard").contains(backend)) {
            evidence += " (backend " + backend + " is not modelled; vxlan written instead)";
            backend = "vxlan";
        }
        y.append("  # CNI guessed from ").append(evidence).append(";\n");
        y.append("  # Network from ").append(networkFrom).append(".\n");
        y.append("  cni:\n    type: flannel\n    delegate:\n      network: ").append(network).append('\n');
        y.append("      backend: {type: ").append(backend).append(vni != null && backend.equals("vxlan")
                ? ", vni: " + vni : "").append("}\n");
        guessed.add("cni flannel-" + backend + " (from " + evidence + "), network " + network + " (from " + networkFrom + ")");
        return "flannel-" + backend;
    }

    /**
     * One traffic item to start from: a pod of the first Service (outside kube-system) with
     * endpoints is called from another pod of its namespace (or any pod), on its first port.
     */
    private void traffic(StringBuilder y) {
        List<Pod> pods = new ArrayList<>();
        for (Resource r : resources) {
            if (r.object() instanceof Pod p && p.getSpec() != null
                    && !Boolean.TRUE.equals(p.getSpec().getHostNetwork())) {
                pods.add(p);
            }
        }
        for (Resource r : resources) {
            if (!(r.object() instanceof Service svc) || r.namespace().equals("kube-system") || svc.getSpec() == null
                    || svc.getSpec().getSelector() == null || svc.getSpec().getSelector().isEmpty()
                    || svc.getSpec().getPorts() == null || svc.getSpec().getPorts().isEmpty()
                    || "None".equals(svc.getSpec().getClusterIP())) {
                continue;
            }
            Map<String, String> sel = svc.getSpec().getSelector();
            List<Pod> backends = pods.stream().filter(p -> ns(p).equals(r.namespace()) && selects(sel, p)).toList();
            Pod client = pods.stream().filter(p -> ns(p).equals(r.namespace()) && !selects(sel, p)).findFirst()
                    .orElse(pods.stream().filter(p -> !selects(sel, p) || !ns(p).equals(r.namespace())).findFirst()
                            .orElse(null));
            if (backends.isEmpty() || client == null) {
                continue;
            }
            ServicePort port = svc.getSpec().getPorts().get(0);
            String proto = port.getProtocol() == null ? "TCP" : port.getProtocol();
            if (!proto.equals("TCP") && !proto.equals("UDP")) {
                continue;
            }
            String item = "call-" + r.name();
            item = item.length() > 63 ? item.substring(0, 63).replaceAll("-+$", "") : item;
            y.append("traffic:\n  # An example to start from: edit or add items (from: pod/NAMESPACE/NAME, to:\n");
            y.append("  # service/NAMESPACE/NAME:PORT, pod/NAMESPACE/NAME:PORT, dns/NAME:PORT, node/NAME:NODEPORT).\n");
            y.append("  - {name: ").append(item).append(", from: pod/").append(ns(client)).append('/')
                    .append(client.getMetadata().getName()).append(", to: service/").append(r.namespace()).append('/')
                    .append(r.name()).append(':').append(port.getPort()).append(", protocol: ")
                    .append(proto.toLowerCase(java.util.Locale.ROOT)).append(", at: 0ms}\n");
            y.append("expect:\n  - {traffic: ").append(item).append(", outcome: delivered, servedBy: pod/")
                    .append(r.namespace()).append("/*}\n");
            return;
        }
        y.append("traffic: []   # no Service outside kube-system with pods behind it; add items such as\n");
        y.append("              # {name: call, from: pod/NAMESPACE/NAME, to: service/NAMESPACE/NAME:PORT, protocol: tcp}\n");
        y.append("expect: []\n");
    }

    private static String ns(Pod p) {
        String n = p.getMetadata().getNamespace();
        return n == null || n.isEmpty() ? "default" : n;
    }

    private static boolean selects(Map<String, String> selector, Pod p) {
        Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** The value of {@code --NAME=} in the command of a kube-system pod {@code COMPONENT-*}, or null. */
    private String flag(String component, String name) {
        for (Resource r : resources) {
            if (r.object() instanceof Pod p && r.namespace().equals("kube-system") && r.name().startsWith(component + "-")
                    && p.getSpec() != null && p.getSpec().getContainers() != null) {
                for (Container c : p.getSpec().getContainers()) {
                    List<String> args = new ArrayList<>();
                    if (c.getCommand() != null) {
                        args.addAll(c.getCommand());
                    }
                    if (c.getArgs() != null) {
                        args.addAll(c.getArgs());
                    }
                    for (String a : args) {
                        Matcher m = FLAG.matcher(a);
                        if (m.matches() && m.group(1).equals(name)) {
                            String v = m.group(2).split(",")[0]; // the IPv4 range of a dual-stack list
                            try {
                                return ScenarioLoader.cidr(v).toString();
                            } catch (IllegalArgumentException e) {
                                return null;
                            }
                        }
                    }
                }
            }
        }
        return null;
    }

    /** kube-apiserver's range, else kubeadm's 10.96.0.0/12 when it holds every clusterIP, else a cover of them. */
    private Ipv4Prefix serviceCidr(String fromApiServer) {
        if (fromApiServer != null) {
            guessed.add("serviceCIDR " + fromApiServer + " (kube-apiserver --service-cluster-ip-range)");
            return Ipv4Prefix.parse(fromApiServer);
        }
        List<Ipv4Address> ips = new ArrayList<>();
        for (Resource r : resources) {
            if (r.object() instanceof Service s && s.getSpec() != null && s.getSpec().getClusterIP() != null
                    && s.getSpec().getClusterIP().matches("[0-9.]+")) {
                ips.add(Ipv4Address.parse(s.getSpec().getClusterIP()));
            }
        }
        Ipv4Prefix kubeadm = Ipv4Prefix.parse("10.96.0.0/12");
        Ipv4Prefix p = ips.stream().allMatch(kubeadm::contains) ? kubeadm : cover(ips, 12, kubeadm);
        guessed.add("serviceCIDR " + p + (p.equals(kubeadm) ? " (kubeadm's default)" : " (holds every clusterIP)"));
        return p;
    }

    /** The longest prefix of at most {@code maxLength} bits holding every address; {@code none} when empty. */
    static Ipv4Prefix cover(List<Ipv4Address> ips, int maxLength, Ipv4Prefix none) {
        if (ips.isEmpty()) {
            return none;
        }
        for (int len = maxLength; len >= 0; len--) {
            Ipv4Prefix p = new Ipv4Prefix(ips.get(0), len).canonical();
            if (ips.stream().allMatch(p::contains)) {
                return p;
            }
        }
        return Ipv4Prefix.DEFAULT;
    }

    private static String quoted(String s) {
        return s.matches("[A-Za-z0-9._/-]+") ? s : "'" + s.replace("'", "''") + "'";
    }
}
