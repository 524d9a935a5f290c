package io.podnet.scenarios.load;

import io.podnet.scenarios.model.ClusterSection;
import io.podnet.scenarios.model.NetworkPolicySection;
import io.podnet.scenarios.model.Encapsulation;
import io.podnet.scenarios.model.Endpoint;
import io.podnet.scenarios.model.Expectation;
import io.podnet.scenarios.model.ExternalHost;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.ScenarioEvent;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import io.podnet.scenarios.source.YamlTrees;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.MtuSettings;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.Origin;
import io.podnet.topology.spec.RackSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a scenario file (format v1) into a {@link Scenario}: parses YAML or JSON keeping every
 * position, checks each field and the cross-field rules ({@link ScenarioChecks}), and either
 * returns the typed scenario (with any warnings in the given {@link Diagnostics}) or throws a
 * {@link ScenarioException} listing every error found.
 */
public final class ScenarioLoader {
    // "challenges" is read by the viewer (podnet view --challenge), which checks its entries.
    static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "seed", "cluster", "resources",
            "traffic", "events", "expect", "challenges");
    static final List<String> CLUSTER = List.of("nodes", "underlay", "serviceCIDR", "kubeProxy", "dns", "cni", "mtu",
            "networkPolicy", "external");
    static final List<String> TRAFFIC = List.of("name", "from", "to", "protocol", "request", "response", "at",
            "repeat", "timeout");
    static final List<String> EXPECT = List.of("traffic", "outcome", "servedBy", "encapsulation", "path",
            "maxLatency", "droppedBy", "endpointSpread", "endpoints", "confidence", "latency", "kubeProxy");
    static final List<String> PROTOCOLS = List.of("tcp", "udp", "icmp", "http", "sctp");
    static final List<String> OUTCOMES = List.of("delivered", "refused", "dropped", "timeout");
    static final List<String> ENCAPS = List.of("vxlan", "ipip", "geneve", "wireguard", "none");
    static final List<String> EVENT_ACTIONS = List.of("fail", "restore", "link-down", "link-up", "delete", "apply");

    /** Default traffic timeout. */
    public static final long DEFAULT_TIMEOUT_NANOS = 1_000_000_000L;

    private final Diagnostics diags;
    private final Limits limits;

    private ScenarioLoader(Diagnostics diags, Limits limits) {
        this.diags = diags;
        this.limits = limits;
    }

    /**
     * Loads {@code file}. Warnings are added to {@code warnings}; errors (with the warnings) are
     * thrown together.
     */
    public static Scenario load(Path file, Diagnostics warnings) throws ScenarioException {
        return load(file, warnings, Limits.fromSystemProperties());
    }

    /** Loads {@code file} within {@code limits}. */
    public static Scenario load(Path file, Diagnostics warnings, Limits limits) throws ScenarioException {
        String display = file.toString().replace('\\', '/');
        byte[] bytes = readBounded(file, display, limits, "scenario file", warnings);
        warnings.throwIfErrors();
        List<YNode> roots = YamlTrees.parse(bytes, display, warnings);
        Path dir = file.toAbsolutePath().normalize().getParent();
        return parse(roots, display, dir, warnings, limits);
    }

    /**
     * The bytes of a file the user named, after checking that it is a regular file (not a
     * directory, FIFO, device or a link to one: {@code /dev/zero} never ends) no larger than
     * {@link Limits#fileBytes()}; reads at most that many bytes even if the file grows. Null after
     * reporting.
     */
    static byte[] readBounded(Path file, String display, Limits limits, String what, Diagnostics diags) {
        SourceLocation at = SourceLocation.ofFile(display);
        try {
            if (!java.nio.file.Files.exists(file)) {
                diags.error(at, "no such file; give the path of a " + what + " (.yaml or .json)");
                return null;
            }
            if (Files.isDirectory(file)) {
                diags.error(at, "is a directory; give the path of a " + what + " (.yaml or .json)");
                return null;
            }
            if (!Files.isRegularFile(file)) {
                diags.error(at, "is not a regular file (a device, FIFO or socket, or a link to one); give the path of"
                        + " a " + what + " (.yaml or .json)");
                return null;
            }
            long size = Files.size(file);
            if (size > limits.fileBytes()) {
                diags.error(at, "the file is " + size + " bytes, over the size a " + what + " may have; "
                        + Limits.raise("fileBytes", limits.fileBytes()));
                return null;
            }
            try (java.io.InputStream in = Files.newInputStream(file)) {
                byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.fileBytes() + 1));
                if (b.length > limits.fileBytes()) {
                    diags.error(at, "the file grew over the size a " + what + " may have while it was read; "
                            + Limits.raise("fileBytes", limits.fileBytes()));
                    return null;
                }
                return b;
            }
        } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
            diags.error(at, "cannot read the file (" + e.getClass().getSimpleName() + "); give a readable " + what);
            return null;
        }
    }

    /** Loads a scenario from text; {@code baseDir} anchors includes. */
    public static Scenario parse(String text, String displayName, Path baseDir, Diagnostics diags)
            throws ScenarioException {
        return parse(YamlTrees.parse(text, displayName, diags), displayName, baseDir, diags,
                Limits.fromSystemProperties());
    }

    private static Scenario parse(List<YNode> roots, String displayName, Path baseDir, Diagnostics diags,
                                  Limits limits) throws ScenarioException {
        diags.throwIfErrors();
        if (roots.isEmpty()) {
            diags.error(SourceLocation.ofFile(displayName), "the file is empty; a scenario starts with apiVersion:"
                    + " podnet/v1 and kind: Scenario");
            diags.throwIfErrors();
        }
        if (roots.size() > 1) {
            diags.error(roots.get(1).location(), "a scenario file holds one document; put further manifests under"
                    + " resources or in a file named by {include: ...}");
        }
        Scenario s = new ScenarioLoader(diags, limits).scenario(roots.get(0), displayName, baseDir);
        diags.throwIfErrors();
        return s;
    }

    private Scenario scenario(YNode root, String displayName, Path baseDir) {
        Fields top = Fields.open(root, "the scenario", diags, TOP);
        if (top == null) {
            return null;
        }
        String apiVersion = top.text("apiVersion");
        if (apiVersion == null) {
            diags.error(root.location(), "the scenario is missing 'apiVersion'; expected apiVersion: podnet/v1");
        } else if (!apiVersion.equals("podnet/v1")) {
            diags.error(top.at("apiVersion"), "unsupported apiVersion '" + apiVersion + "'; expected podnet/v1");
        }
        String kind = top.text("kind");
        if (kind == null) {
            diags.error(root.location(), "the scenario is missing 'kind'; expected kind: Scenario");
        } else if (!kind.equals("Scenario")) {
            diags.error(top.at("kind"), "unsupported kind '" + kind + "'; expected Scenario");
        }
        String name = null;
        String description = "";
        YNode meta = top.node("metadata");
        if (meta == null) {
            diags.error(root.location(), "the scenario is missing 'metadata' with a name (a DNS-1123 label)");
        } else {
            Fields m = Fields.open(meta, "metadata", diags, List.of("name", "description", "labels"));
            if (m != null) {
                name = m.text("name");
                if (name == null) {
                    m.required("name");
                } else {
                    String problem = Names.dns1123LabelProblem(name);
                    if (problem != null) {
                        diags.error(m.at("name"), "scenario name '" + name + "' " + problem
                                + "; expected a DNS-1123 label such as frontend-to-backend");
                    }
                }
                String d = m.text("description");
                description = d == null ? "" : d;
                m.stringMap("labels");
            }
        }
        Long seed = top.integer("seed", 0, Long.MAX_VALUE);
        // Resources first: a kube-flannel-cfg ConfigMap among them is the CNI when cluster.cni is absent.
        String displayDir = displayName.contains("/") ? displayName.substring(0, displayName.lastIndexOf('/')) : "";
        int errorsBefore = diags.errorCount();
        ResourceReader resourceReader = new ResourceReader(baseDir, diags, limits);
        List<Resource> resources = resourceReader.read(top.list("resources"), displayDir);
        boolean resourcesComplete = diags.errorCount() == errorsBefore;
        ClusterSection cluster = null;
        YNode cn = top.node("cluster");
        if (cn == null) {
            diags.error(root.location(), "the scenario is missing 'cluster' (nodes, underlay, cni...)");
        } else {
            cluster = cluster(cn, resourceReader, NodeObjects.of(resources));
        }
        List<TrafficItem> traffic = new ArrayList<>();
        for (YNode t : top.list("traffic")) {
            TrafficItem item = trafficItem(t);
            if (item != null) {
                traffic.add(item);
            }
        }
        List<ScenarioEvent> events = new ArrayList<>();
        for (YNode e : top.list("events")) {
            ScenarioEvent ev = event(e, baseDir, displayDir);
            if (ev != null) {
                events.add(ev);
            }
        }
        List<Expectation> expectations = new ArrayList<>();
        List<YNode> ex = top.list("expect");
        for (int i = 0; i < ex.size(); i++) {
            Expectation x = expectation(i, ex.get(i));
            if (x != null) {
                expectations.add(x);
            }
        }
        if (cluster == null) {
            return null;
        }
        // Cross-field rules run even when some fields were bad, so that every problem is reported
        // at once; references to pods and Services are only checked when every manifest loaded.
        Scenario s = new Scenario(Path.of(displayName), root.location(), name == null ? "invalid" : name, description,
                seed == null ? Scenario.DEFAULT_SEED : seed, seed != null, cluster, resources, traffic, events,
                expectations);
        ManifestChecks.check(s, diags, limits); // what the API server refuses; the Limits of a scenario
        new ScenarioChecks(s, diags, resourcesComplete).check();
        new LiveObjectChecks(s, diags).check(); // a cluster dump: Nodes, hostNetwork pods, pod IPs, EndpointSlices
        ClusterAddons.check(s, diags); // policy helper: unenforced NetworkPolicies, dns/ without DNS
        return diags.hasErrors() || name == null ? null : s;
    }

    // ---------------------------------------------------------------- cluster

    private ClusterSection cluster(YNode node, ResourceReader resources, List<Resource> nodeObjects) {
        Fields f = Fields.open(node, "cluster", diags, CLUSTER);
        if (f == null) {
            return null;
        }
        List<NodeSpec> nodes = new ArrayList<>();
        if (!f.has("nodes") && nodeObjects.isEmpty()) {
            diags.error(node.location(), "cluster is missing 'nodes' (a list such as - name: node1, or v1 Node objects"
                    + " among the resources)");
        } else if (!f.has("nodes")) {
            nodes.addAll(NodeObjects.nodes(nodeObjects, diags)); // a cluster dump's Nodes are the cluster's nodes
        }
        for (YNode n : f.list("nodes")) {
            NodeSpec ns = nodeSpec(n);
            if (ns != null) {
                nodes.add(ns);
            }
        }
        if (f.has("nodes") && f.list("nodes").isEmpty()) {
            diags.error(f.at("nodes"), "cluster.nodes is empty; a cluster needs at least one node");
        }
        UnderlaySpec underlay = underlay(f.node("underlay"), node.location(), nodes);
        Ipv4Prefix serviceCidr = f.has("serviceCIDR") ? f.parsed("serviceCIDR", ScenarioLoader::cidr)
                : Ipv4Prefix.parse("10.96.0.0/12");
        KubeProxySpec kp = new KubeProxySpec(KubeProxySpec.Mode.IPTABLES, false, null, origin(f.location()));
        YNode kpn = f.node("kubeProxy");
        if (kpn != null) {
            Fields k = Fields.open(kpn, "cluster.kubeProxy", diags, List.of("mode", "masqueradeAll", "clusterCIDR", "ipvs"));
            if (k != null) {
                String mode = k.choice("mode", List.of("iptables", "nftables", "ipvs"));
                Boolean masqAll = k.has("masqueradeAll") ? k.bool("masqueradeAll") : Boolean.FALSE;
                Ipv4Prefix kpCidr = k.has("clusterCIDR") ? k.parsed("clusterCIDR", ScenarioLoader::cidr) : null;
                String scheduler = null;
                if (k.has("ipvs")) {
                    Fields iv = Fields.open(k.node("ipvs"), "cluster.kubeProxy.ipvs", diags, List.of("scheduler"));
                    if (iv != null && iv.has("scheduler")) {
                        // kube-proxy's ipvs.scheduler; the schedulers podnet's IPVS model runs
                        scheduler = iv.choice("scheduler", io.podnet.sim.ipvs.IpvsTable.SCHEDULERS);
                    }
                }
                kp = new KubeProxySpec(KubeProxySpec.Mode.parse(mode == null ? "iptables" : mode),
                        Boolean.TRUE.equals(masqAll), kpCidr, origin(k.location()).with("mode",
                        k.has("mode") ? origin(k.at("mode")) : null), scheduler);
            }
        }
        ClusterAddons.Dns dns = ClusterAddons.dns(f.node("dns"), f.location(), diags); // policy helper: CoreDNS
        NetworkPolicySection policy = ClusterAddons.networkPolicy(f.node("networkPolicy"), f.location(), diags);
        if (dns.spec().clusterIp() != null && serviceCidr != null && !serviceCidr.contains(dns.spec().clusterIp())
                && f.node("dns") instanceof YNode.YMap dm && dm.get("clusterIP") != null) {
            diags.error(dm.get("clusterIP").location(), "cluster.dns.clusterIP " + dns.spec().clusterIp() + " is outside"
                    + " serviceCIDR " + serviceCidr + "; expected an address inside it (kubeadm uses its 10th address)");
        }
        CniSpec cni;
        if (f.has("cni")) {
            cni = new CniReader(diags).read(f.node("cni"));
            if (resources.flannelNetConf() != null) {
                diags.warning(resources.flannelConfigMap(), "ConfigMap kube-flannel-cfg is not used: cluster.cni (line "
                        + f.keyAt("cni").line() + ") sets the CNI; remove one of them");
            }
        } else if (resources.flannelNetConf() != null) {
            cni = new CniReader(diags).read(resources.flannelNetConf()); // its net-conf.json, as flanneld reads it
        } else {
            cni = CniReader.defaultFlannel(f.location());
        }
        if (underlay == null || serviceCidr == null || cni == null) {
            return null;
        }
        MtuSettings mtu = MtuSettings.NONE;
        YNode mn = f.node("mtu");
        if (mn != null) {
            Fields m = Fields.open(mn, "cluster.mtu", diags, List.of("pod", "tunnel", "tunnelDf"));
            if (m != null) {
                Long pod = m.integer("pod", 576, 65535);
                Long tunnel = m.integer("tunnel", 576, 65535);
                String df = m.choice("tunnelDf", List.of("set", "unset"));
                mtu = new MtuSettings(pod == null ? 0 : pod.intValue(), tunnel == null ? 0 : tunnel.intValue(),
                        "set".equals(df), origin(mn.location()));
            }
        }
        List<ExternalHost> external = new ArrayList<>();
        for (YNode e : f.list("external")) {
            ExternalHost h = externalHost(e);
            if (h != null) {
                external.add(h);
            }
        }
        return new ClusterSection(node.location(), nodes, underlay, serviceCidr, f.at("serviceCIDR"), kp, dns.domain(),
                dns.spec(), dns.auto(), cni, mtu, policy, external);
    }

    /** One {@code cluster.external[]} host: {@code {name, address}}. */
    private ExternalHost externalHost(YNode n) {
        Fields f = Fields.open(n, "an external host", diags, List.of("name", "address", "behind"));
        if (f == null) {
            return null;
        }
        String name = f.text("name");
        String address = f.text("address");
        if (name == null) {
            f.required("name");
        } else if (Names.dns1123SubdomainProblem(name) != null) {
            diags.error(f.at("name"), "external host name '" + name + "' " + Names.dns1123SubdomainProblem(name)
                    + "; expected a name such as client");
            return null;
        }
        if (address == null) {
            f.required("address");
            return null;
        }
        boolean behind = false;
        if (f.has("behind")) {
            String b = f.text("behind");
            if (!"router".equals(b)) {
                diags.error(f.at("behind"), "external host " + name + ": behind '" + b + "' is not known; expected behind: router (the host then"
                        + " sits on its own subnet behind the underlay's gateway router)");
                return null;
            }
            behind = true;
        }
        Ipv4Prefix subnet = null;
        Ipv4Address ip;
        try {
            if (behind) {
                subnet = address.contains("/") ? Ipv4Prefix.parse(address) : new Ipv4Prefix(Ipv4Address.parse(address), 24);
                ip = subnet.address();
                subnet = subnet.canonical();
                if (subnet.length() > 30 || subnet.length() < 8) {
                    diags.error(f.at("address"), "the subnet of external host " + name + " is /" + subnet.length()
                            + "; expected /8 to /30 (the router takes its first host address)");
                    return null;
                }
            } else {
                ip = Ipv4Address.parse(address);
            }
        } catch (IllegalArgumentException e) {
            diags.error(f.at("address"), "'" + address + "' is not an IPv4 address" + (behind ? " (or ADDRESS/LENGTH)" : "")
                    + "; expected " + (behind ? "an address of the host's own subnet such as 198.51.100.10/24"
                    : "a free address on the underlay such as 172.18.0.100"));
            return null;
        }
        return name == null ? null : new ExternalHost(name, ip, f.location(), subnet);
    }

    /** The origin topology carries for what was written at {@code at}. */
    static Origin origin(SourceLocation at) {
        return SourceLocation.origin(at);
    }

    private NodeSpec nodeSpec(YNode n) {
        if (n instanceof YNode.YScalar s && s.kind() == YNode.YScalar.Kind.STRING) {
            if (blankNodeName(s.text(), s.location())) {
                return null;
            }
            return new NodeSpec(s.text(), null, Map.of(), null, null, null, 0, 0, origin(s.location()));
        }
        Fields f = Fields.open(n, "a node", diags, List.of("name", "address", "labels", "zone", "subnet", "bgp",
                "cpus"));
        if (f == null) {
            return null;
        }
        String name = f.text("name");
        if (name == null) {
            f.required("name");
            return null;
        }
        Ipv4Address addr = f.parsed("address", ScenarioLoader::address);
        Ipv4Address clusterId = null;
        long asn = 0;
        YNode bn = f.node("bgp");
        if (bn != null) {
            Fields b = Fields.open(bn, "a node's bgp", diags, List.of("routeReflectorClusterID", "asNumber"));
            if (b != null) {
                clusterId = b.parsed("routeReflectorClusterID", ScenarioLoader::address);
                Long a = b.integer("asNumber", 1, 4_294_967_295L);
                asn = a == null ? 0 : a;
            }
        }
        Long cpus = f.integer("cpus", 1, 4096);
        Map<String, String> labels = f.stringMap("labels");
        if (blankNodeName(name, f.at("name"))) {
            return null;
        }
        return new NodeSpec(name, addr, labels, f.text("zone"), f.text("subnet"), clusterId, asn,
                cpus == null ? 0 : cpus.intValue(), origin(f.at("name")).with("rack", origin(f.at("subnet")))
                .with("bgp", origin(f.at("bgp"))));
    }

    /** An empty node name is reported here (a node spec needs a name). */
    private boolean blankNodeName(String name, SourceLocation at) {
        if (!name.isBlank()) {
            return false;
        }
        diags.error(at, "node name '" + name + "' " + Names.dns1123SubdomainProblem(name)
                + "; expected a Kubernetes name such as node1");
        return true;
    }

    /** The default underlay segment (kind's network as podnet scenarios default it). */
    static final String DEFAULT_UNDERLAY_CIDR = "172.18.0.0/24";
    /** The default core segment of an underlay with subnets. */
    static final String DEFAULT_CORE_CIDR = "10.255.0.0/24";

    /**
     * {@code cluster.underlay}; each subnet is a rack holding the nodes that name it. How the ranges
     * fit together is {@link ScenarioChecks}' to report.
     */
    private UnderlaySpec underlay(YNode node, SourceLocation clusterAt, List<NodeSpec> nodes) {
        Ipv4Prefix cidr = Ipv4Prefix.parse(DEFAULT_UNDERLAY_CIDR);
        SourceLocation cidrAt = clusterAt;
        int mtu = 1500;
        long bandwidth = 10_000_000_000L;
        long latency = 50_000;
        int queue = 1000;
        List<RackSpec> subnets = new ArrayList<>();
        if (node != null) {
            Fields f = Fields.open(node, "cluster.underlay", diags, List.of("cidr", "mtu", "link", "subnets"));
            if (f == null) {
                return null;
            }
            for (YNode sn : f.list("subnets")) {
                Fields sf = Fields.open(sn, "an underlay subnet", diags, List.of("name", "cidr"));
                if (sf == null) {
                    continue;
                }
                String name = sf.text("name");
                Ipv4Prefix sc = sf.parsed("cidr", ScenarioLoader::cidr);
                sf.required("name");
                sf.required("cidr");
                if (name != null && sc != null) {
                    List<String> members = new ArrayList<>();
                    nodes.stream().filter(n -> name.equals(n.rack())).forEach(n -> members.add(n.name()));
                    subnets.add(new RackSpec(name, sc, members, origin(sf.at("name")).with("cidr",
                            origin(sf.at("cidr")))));
                }
            }
            if (f.has("subnets") && f.list("subnets").isEmpty()) {
                diags.error(f.at("subnets"), "underlay.subnets is empty; list the racks, e.g. - {name: rack1, cidr:"
                        + " 172.18.1.0/24}, or leave subnets out for one segment");
            }
            if (f.has("cidr")) {
                cidr = f.parsed("cidr", ScenarioLoader::cidr);
                cidrAt = f.at("cidr");
            } else {
                cidrAt = node.location();
                if (f.has("subnets")) {
                    cidr = Ipv4Prefix.parse(DEFAULT_CORE_CIDR);
                }
            }
            Long m = f.integer("mtu", 576, 65535);
            mtu = m == null ? mtu : m.intValue();
            YNode ln = f.node("link");
            if (ln != null) {
                Fields l = Fields.open(ln, "cluster.underlay.link", diags, List.of("bandwidth", "latency", "queue"));
                if (l != null) {
                    Long b = l.parsed("bandwidth", Units::bandwidth);
                    bandwidth = b == null ? bandwidth : b;
                    Long lat = l.parsed("latency", Units::duration);
                    latency = lat == null ? latency : lat;
                    Long q = l.integer("queue", 1, 1_000_000);
                    queue = q == null ? queue : q.intValue();
                }
            }
        }
        if (cidr == null) {
            return null;
        }
        return new UnderlaySpec(cidr, mtu, bandwidth, latency, queue, subnets,
                origin(node == null ? clusterAt : node.location()).with("cidr", origin(cidrAt)));
    }

    // ---------------------------------------------------------------- traffic

    private TrafficItem trafficItem(YNode node) {
        Fields f = Fields.open(node, "a traffic item", diags, TRAFFIC);
        if (f == null) {
            return null;
        }
        String name = f.text("name");
        if (name == null) {
            f.required("name");
        } else {
            String problem = Names.dns1123LabelProblem(name);
            if (problem != null) {
                diags.error(f.at("name"), "traffic name '" + name + "' " + problem
                        + "; expected a DNS-1123 label such as frontend-calls-my-app");
            }
        }
        String protoText = f.has("protocol") ? f.choice("protocol", PROTOCOLS) : null;
        if (!f.has("protocol")) {
            f.required("protocol");
        }
        Protocol protocol = protoText == null ? null : Protocol.valueOf(protoText.toUpperCase(Locale.ROOT));
        Endpoint from = null;
        String fromText = f.text("from");
        if (fromText == null) {
            f.required("from");
        } else {
            from = endpoint(fromText, f.at("from"));
        }
        Target to = null;
        String toText = f.text("to");
        if (toText == null) {
            f.required("to");
        } else {
            to = target(toText, f.at("to"), protocol);
        }
        Long request = f.parsed("request", Units::size);
        Long response = f.parsed("response", Units::size);
        Long at = f.parsed("at", Units::duration);
        Long timeout = f.parsed("timeout", Units::duration);
        if (timeout != null && timeout <= 0) {
            diags.error(f.at("timeout"), "timeout must be above zero; expected " + Units.DURATION_FORMS);
        }
        int count = 1;
        long interval = 0;
        YNode rn = f.node("repeat");
        if (rn != null) {
            Fields r = Fields.open(rn, "repeat", diags, List.of("count", "interval"));
            if (r != null) {
                Long c = r.integer("count", 1, 100_000);
                count = c == null ? 1 : c.intValue();
                Long iv = r.parsed("interval", Units::duration);
                interval = iv == null ? 0 : iv;
                if (count > 1 && !r.has("interval")) {
                    diags.error(rn.location(), "repeat needs an 'interval' when count is above 1, e.g. {count: 100,"
                            + " interval: 1ms}");
                }
            }
        }
        request = payload(f, "request", request);
        response = payload(f, "response", response);
        if (at != null) {
            // The last attempt's deadline: at + (count - 1) x interval + timeout, in exact arithmetic.
            java.math.BigInteger end = java.math.BigInteger.valueOf(at)
                    .add(java.math.BigInteger.valueOf(count - 1L).multiply(java.math.BigInteger.valueOf(interval)))
                    .add(java.math.BigInteger.valueOf(timeout == null || timeout <= 0 ? DEFAULT_TIMEOUT_NANOS : timeout));
            if (end.compareTo(java.math.BigInteger.valueOf(limits.simulatedNanos())) > 0) {
                SourceLocation where = timeout != null && timeout > limits.simulatedNanos() ? f.at("timeout")
                        : rn != null && count > 1 ? rn.location() : f.at("at");
                diags.error(where, "traffic " + name + " lasts until "
                        + seconds(end) + " (at + (count - 1) x interval + timeout), beyond the simulated time a"
                        + " scenario may span; " + Limits.raise("simulatedSeconds", limits.simulatedNanos()
                        / 1_000_000_000L, "seconds"));
                // the item is kept (so expectations naming it do not fail too); the scenario will not run
            }
        }
        if (protocol == Protocol.ICMP && response != null) {
            diags.error(f.at("response"), "icmp echo replies carry the request payload; remove 'response'");
        }
        if (protocol == Protocol.SCTP && request != null && request == 0) {
            diags.error(f.at("request"), "an SCTP message has at least 1 byte (RFC 9260: no empty DATA chunks);"
                    + " expected a request of 1 byte or more");
        }
        if (name == null || protocol == null || from == null || to == null) {
            return null;
        }
        long req = request != null ? request : protocol == Protocol.ICMP ? 56 : protocol == Protocol.HTTP ? 0 : 100;
        long resp = response != null ? response : protocol == Protocol.ICMP ? req : protocol == Protocol.HTTP ? 0 : 100;
        return new TrafficItem(name, f.location(), from, to, protocol, req, resp, at == null ? 0 : at, count, interval,
                timeout == null || timeout <= 0 ? DEFAULT_TIMEOUT_NANOS : timeout);
    }

    /** A payload size within {@link Limits#payloadBytes()}; null (after reporting) when over it. */
    private Long payload(Fields f, String key, Long bytes) {
        if (bytes != null && bytes > limits.payloadBytes()) {
            diags.error(f.at(key), "'" + key + "' is " + bytes + " bytes, more than a payload may be; "
                    + Limits.raise("payloadBytes", limits.payloadBytes(), "bytes"));
            return null;
        }
        return bytes;
    }

    private static String seconds(java.math.BigInteger nanos) {
        return new java.math.BigDecimal(nanos).movePointLeft(9).stripTrailingZeros().toPlainString() + " s";
    }

    private Endpoint endpoint(String text, SourceLocation at) {
        String expected = "expected pod/NAME, pod/NAMESPACE/NAME, node/NAME or external/NAME";
        int slash = text.indexOf('/');
        String kindText = slash < 0 ? text : text.substring(0, slash);
        Endpoint.Kind kind;
        switch (kindText) {
            case "pod":
                kind = Endpoint.Kind.POD;
                break;
            case "node":
                kind = Endpoint.Kind.NODE;
                break;
            case "external":
                kind = Endpoint.Kind.EXTERNAL;
                break;
            default:
                diags.error(at, "traffic cannot start from '" + text + "'" + Suggest.didYouMean(kindText,
                        List.of("pod", "node", "external")) + "; " + expected);
                return null;
        }
        if (slash < 0) {
            diags.error(at, "'from: " + text + "' names no " + kindText + "; " + expected);
            return null;
        }
        String rest = text.substring(slash + 1);
        String ns = kind == Endpoint.Kind.POD ? "default" : "";
        if (kind == Endpoint.Kind.POD && rest.contains("/")) {
            ns = rest.substring(0, rest.indexOf('/'));
            rest = rest.substring(rest.indexOf('/') + 1);
        }
        if (rest.contains(":")) {
            diags.error(at, "'from: " + text + "' has a port; a client uses an ephemeral port, so write " + kindText
                    + "/NAME");
            return null;
        }
        if (Names.dns1123SubdomainProblem(rest) != null) {
            diags.error(at, kindText + " name '" + rest + "' " + Names.dns1123SubdomainProblem(rest) + "; " + expected);
            return null;
        }
        return new Endpoint(kind, ns, rest, at);
    }

    private Target target(String text, SourceLocation at, Protocol protocol) {
        String forms = "pod/NAME:PORT, service/NAME:PORT, service/NAMESPACE/NAME:PORT, node/NAME:PORT (a NodePort),"
                + " loadbalancer/NAMESPACE/NAME:PORT, dns/NAME:PORT or ip/ADDRESS:PORT (no port for icmp)";
        int slash = text.indexOf('/');
        if (slash <= 0) {
            diags.error(at, "'to: " + text + "' has no kind; expected " + forms);
            return null;
        }
        String kindText = text.substring(0, slash);
        String rest = text.substring(slash + 1);
        Target.Kind kind;
        switch (kindText) {
            case "pod":
                kind = Target.Kind.POD;
                break;
            case "service":
            case "svc":
                kind = Target.Kind.SERVICE;
                break;
            case "ip":
                kind = Target.Kind.IP;
                break;
            case "dns":
                kind = Target.Kind.DNS; // policy helper: resolved by the simulated cluster DNS
                break;
            case "node":
                kind = Target.Kind.NODE; // the node's address; the port is a NodePort
                break;
            case "loadbalancer":
            case "lb":
                kind = Target.Kind.LOADBALANCER; // the Service's status.loadBalancer.ingress IP
                break;
            default:
                diags.error(at, "unknown target kind '" + kindText + "'" + Suggest.didYouMean(kindText,
                        List.of("pod", "service", "ip", "dns", "node", "loadbalancer")) + "; expected " + forms);
                return null;
        }
        int port = 0;
        int colon = rest.lastIndexOf(':');
        String name = rest;
        if (colon >= 0) {
            name = rest.substring(0, colon);
            String p = rest.substring(colon + 1);
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                diags.error(at, "port '" + p + "' in 'to: " + text + "' is not a port number; expected 1-65535");
                return null;
            }
            port = Integer.parseInt(p);
        }
        if (protocol == Protocol.ICMP) {
            if (port != 0) {
                diags.error(at, "icmp has no ports; write " + kindText + "/" + name);
                return null;
            }
        } else if (port == 0 && protocol != null) {
            diags.error(at, "'to: " + text + "' needs a port for " + protocol.text() + "; expected " + forms);
            return null;
        }
        String ns = "default";
        if (kind == Target.Kind.DNS) {
            String problem = DnsTargets.nameProblem(name);
            if (problem != null) {
                diags.error(at, "'to: " + text + "': " + problem);
                return null;
            }
            return new Target(kind, "", name, port, at);
        }
        if (kind == Target.Kind.IP) {
            try {
                Ipv4Address.parse(name);
            } catch (IllegalArgumentException e) {
                diags.error(at, "'" + name + "' is not an IPv4 address; expected ip/a.b.c.d:PORT");
                return null;
            }
            ns = "";
        } else {
            if (kind == Target.Kind.NODE) {
                ns = "";
            }
            if (kind != Target.Kind.NODE && name.contains("/")) {
                ns = name.substring(0, name.indexOf('/'));
                name = name.substring(name.indexOf('/') + 1);
            }
            String problem = Names.dns1123SubdomainProblem(name);
            if (problem != null) {
                diags.error(at, kindText + " name '" + name + "' " + problem + "; expected " + forms);
                return null;
            }
        }
        return new Target(kind, ns, name, port, at);
    }

    // ---------------------------------------------------------------- events

    private ScenarioEvent event(YNode node, Path baseDir, String displayDir) {
        List<String> accepted = new ArrayList<>(List.of("at", "after"));
        accepted.addAll(EVENT_ACTIONS);
        Fields f = Fields.open(node, "an event", diags, accepted);
        if (f == null) {
            return null;
        }
        Long at = f.parsed("at", Units::duration);
        if (!f.has("at")) {
            f.required("at");
        }
        Long after = f.parsed("after", Units::duration);
        List<String> actions = EVENT_ACTIONS.stream().filter(f::has).toList();
        if (actions.size() != 1) {
            diags.error(node.location(), "an event needs exactly one of: " + String.join(", ", EVENT_ACTIONS)
                    + (actions.isEmpty() ? "" : "; this one has " + String.join(", ", actions)));
            return null;
        }
        String key = actions.get(0);
        if (after != null && after < 0) {
            diags.error(f.at("after"), "after must not be negative; expected " + Units.DURATION_FORMS);
            return null;
        }
        if (key.equals("apply")) {
            return applyEvent(f, at, after, baseDir, displayDir);
        }
        ScenarioEvent.Action action = ScenarioEvent.Action.byKey(key);
        String text = f.text(key);
        if (text == null) {
            return null;
        }
        SourceLocation targetAt = f.at(key);
        String kind = action.targetKind();
        String expected = kind.equals("node") ? "node/NAME" : "pod/NAME or pod/NAMESPACE/NAME";
        int slash = text.indexOf('/');
        String givenKind = slash < 0 ? "" : text.substring(0, slash);
        if (action == ScenarioEvent.Action.DELETE && DELETABLE.contains(givenKind)) {
            kind = givenKind; // delete: networkpolicy/NS/NAME, service/..., endpointslice/...
        } else if (action == ScenarioEvent.Action.DELETE) {
            expected = "pod/NAME, or networkpolicy/, service/ or endpointslice/ followed by NAME or NAMESPACE/NAME";
        }
        if (!givenKind.equals(kind)) {
            diags.error(targetAt, "'" + key + ": " + text + "' must name a " + kind + (givenKind.isEmpty() ? ""
                    : ", not a " + givenKind) + "; expected " + expected);
            return null;
        }
        String rest = text.substring(slash + 1);
        String ns = "";
        if (!kind.equals("node")) {
            ns = "default";
            if (rest.contains("/")) {
                ns = rest.substring(0, rest.indexOf('/'));
                rest = rest.substring(rest.indexOf('/') + 1);
            }
        }
        String problem = rest.isEmpty() ? "is empty" : Names.dns1123SubdomainProblem(rest);
        if (problem != null) {
            diags.error(targetAt, kind + " name '" + rest + "' " + problem + "; expected " + expected);
            return null;
        }
        if (at == null) {
            return null;
        }
        boolean objectEvent = !kind.equals("pod") && !kind.equals("node"); // an object only the node agents act on
        long afterNanos = after != null ? after : !objectEvent ? action.defaultAfterNanos()
                : kind.equals("networkpolicy") ? ScenarioEvent.FELIX_AFTER_NANOS : ScenarioEvent.KUBE_PROXY_AFTER_NANOS;
        if (at > limits.simulatedNanos() || afterNanos > limits.simulatedNanos() - at) {
            java.math.BigInteger end = java.math.BigInteger.valueOf(at).add(java.math.BigInteger.valueOf(afterNanos));
            diags.error(at > limits.simulatedNanos() || after == null ? f.at("at") : f.at("after"), "the event ends at "
                    + seconds(end) + " (at + after), beyond the simulated time a scenario may span; "
                    + Limits.raise("simulatedSeconds", limits.simulatedNanos() / 1_000_000_000L, "seconds"));
            return null;
        }
        if (objectEvent) {
            return new ScenarioEvent(at, action, ns, rest, afterNanos, f.keyAt(key), targetAt, kind, List.of(), -1);
        }
        return new ScenarioEvent(at, action, ns, rest, afterNanos,
                f.keyAt(key), targetAt);
    }

    /** The kinds {@code delete} names besides pods, as written in the target ({@code service/NS/NAME}). */
    static final List<String> DELETABLE = List.of("networkpolicy", "service", "endpointslice");

    /**
     * {@code apply:} a manifest (inline, {@code {include: PATH}}, or a list of those), read as
     * {@code resources} are. Felix acts on NetworkPolicies and Namespace and Pod labels, kube-proxy
     * on Services, EndpointSlices and Pod labels (which move pods in or out of Services); each after
     * its own default delay unless {@code after} is given.
     */
    private ScenarioEvent applyEvent(Fields f, Long at, Long after, Path baseDir, String displayDir) {
        YNode value = f.node("apply");
        List<YNode> items = value instanceof YNode.YList l ? l.items() : value == null ? List.of() : List.of(value);
        int errorsBefore = diags.errorCount();
        List<Resource> manifests = new ResourceReader(baseDir, diags).read(items, displayDir);
        if (diags.errorCount() != errorsBefore || at == null) {
            return null;
        }
        if (manifests.isEmpty()) {
            diags.error(f.at("apply"), "apply needs a manifest (a NetworkPolicy, Namespace, Pod, Service or EndpointSlice),"
                    + " inline or as {include: PATH}");
            return null;
        }
        boolean felix = false;
        boolean proxy = false;
        for (Resource r : manifests) {
            switch (r.kind()) {
                case "NetworkPolicy":
                case "Namespace":
                    felix = true;
                    break;
                case "Pod":
                    felix = true;
                    proxy = true;
                    break;
                case "Service":
                case "EndpointSlice":
                    proxy = true;
                    break;
                default:
                    diags.error(r.location(), "a " + r.kind() + " cannot be applied during a run; these kinds can:"
                            + " NetworkPolicy, Namespace, Pod (its labels), Service, EndpointSlice");
                    return null;
            }
        }
        long policyAfter = after != null ? after : ScenarioEvent.FELIX_AFTER_NANOS;
        long proxyAfter = after != null ? after : ScenarioEvent.KUBE_PROXY_AFTER_NANOS;
        return new ScenarioEvent(at, ScenarioEvent.Action.APPLY, "", "", proxy ? proxyAfter : policyAfter,
                f.keyAt("apply"), f.at("apply"), "manifest", manifests, felix && proxy ? policyAfter : -1);
    }

    // ---------------------------------------------------------------- expect

    private Expectation expectation(int index, YNode node) {
        Fields f = Fields.open(node, "an expectation", diags, EXPECT);
        if (f == null) {
            return null;
        }
        Map<String, SourceLocation> where = new LinkedHashMap<>();
        for (String k : EXPECT) {
            if (f.has(k)) {
                where.put(k, f.at(k));
            }
        }
        String traffic = f.text("traffic");
        if (traffic == null) {
            f.required("traffic");
        }
        String o = f.choice("outcome", OUTCOMES);
        String e = f.choice("encapsulation", ENCAPS);
        String servedBy = f.text("servedBy");
        if (servedBy != null && !servedBy.startsWith("pod/")) {
            diags.error(f.at("servedBy"), "servedBy '" + servedBy + "' must name pods; expected pod/NAME or a glob such"
                    + " as pod/backend-*");
            servedBy = null;
        }
        List<String> path = null;
        if (f.has("path")) {
            path = new ArrayList<>();
            for (YNode.YScalar s : f.scalars("path")) {
                if (!s.text().contains("/")) {
                    diags.error(s.location(), "path hop '" + s.text() + "' must be NAMESPACE/DEVICE, e.g. node1/cni0");
                }
                path.add(s.text());
            }
        }
        Long maxLatency = f.parsed("maxLatency", Units::duration);
        String droppedBy = f.text("droppedBy");
        String kubeProxyMode = f.choice("kubeProxy", List.of("iptables", "nftables", "ipvs"));
        Expectation.Spread spread = null;
        String sp = f.choice("endpointSpread", List.of("uniform"));
        Long n = f.parsed("endpoints", Long::parseLong);
        double confidence = 0.95;
        if (f.has("confidence")) {
            String c = f.text("confidence");
            Double v = null;
            try {
                v = c == null ? null : c.endsWith("%") ? Double.parseDouble(c.substring(0, c.length() - 1)) / 100
                        : Double.parseDouble(c);
            } catch (NumberFormatException ex) {
                v = null;
            }
            if (v == null || !(v > 0 && v < 1)) {
                diags.error(f.at("confidence"), "confidence '" + c + "' must be between 0 and 100%, e.g. 99%");
            } else {
                confidence = v;
            }
        }
        if (n != null && (n < 2 || n > 100_000)) {
            diags.error(f.at("endpoints"), "endpoints must be from 2 to 100000 (the n of a 1/n split), was " + n);
            n = null;
        }
        if ((f.has("endpoints") || f.has("confidence")) && !f.has("endpointSpread")) {
            diags.error(f.at(f.has("endpoints") ? "endpoints" : "confidence"), "endpoints and confidence go with"
                    + " endpointSpread: uniform");
        }
        if (sp != null) {
            spread = new Expectation.Spread(n == null ? 0 : n.intValue(), confidence);
        }
        Long p99 = null;
        if (f.has("latency")) {
            YNode l = ((YNode.YMap) node).get("latency");
            YNode v = l instanceof YNode.YMap lm && lm.entries().size() == 1 ? lm.get("p99") : null;
            if (!(v instanceof YNode.YScalar sc)) {
                diags.error(f.at("latency"), "latency must be {p99: DURATION}, e.g. {p99: 2ms}");
            } else {
                try {
                    p99 = Units.duration(sc.text());
                } catch (IllegalArgumentException ex) {
                    diags.error(sc.location(), "latency p99 '" + sc.text() + "' is not " + Units.DURATION_FORMS);
                }
            }
        }
        if (traffic == null) {
            return null;
        }
        return new Expectation(index, traffic, f.location(),
                o == null ? null : Outcome.valueOf(o.toUpperCase(Locale.ROOT)), servedBy,
                e == null ? null : Encapsulation.valueOf(e.toUpperCase(Locale.ROOT)), path, maxLatency, droppedBy, where,
                spread, p99, kubeProxyMode);
    }

    // ---------------------------------------------------------------- values

    /**
     * The CNI design called {@code name} with its defaults, as the command line's {@code --cni}
     * gives it (form {@code override}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static CniSpec design(String name) {
        CniSpec spec = name == null ? null : CniReader.named(name.strip(), SourceLocation.ofFile("--cni"));
        if (spec == null) {
            throw new IllegalArgumentException("unknown CNI design '" + name + "'" + Suggest.didYouMean(String.valueOf(name),
                    CniSpec.DESIGNS) + "; expected one of: " + String.join(", ", CniSpec.DESIGNS));
        }
        return spec;
    }

    /** Parses a CIDR, with messages that say what is wrong and what is accepted. */
    static Ipv4Prefix cidr(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: the prefix length is missing; expected"
                    + " a.b.c.d/len such as 10.244.0.0/16");
        }
        String len = t.substring(slash + 1);
        if (!len.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: '" + len + "' is not a prefix length;"
                    + " expected a.b.c.d/len with len 0-32");
        }
        int l = Integer.parseInt(len);
        if (l > 32) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: prefix length " + l
                    + " is over 32; expected a.b.c.d/len with len 0-32");
        }
        Ipv4Address a = address(t.substring(0, slash));
        Ipv4Prefix p = new Ipv4Prefix(a, l);
        if (!p.network().equals(a)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set; expected the network address "
                    + p.canonical());
        }
        return p;
    }

    static Ipv4Address address(String text) {
        String t = text.strip();
        String[] parts = t.split("\\.", -1);
        boolean ok = parts.length == 4;
        for (int i = 0; ok && i < 4; i++) {
            ok = parts[i].matches("[0-9]{1,3}") && Integer.parseInt(parts[i]) <= 255;
        }
        if (!ok) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address; expected four numbers 0-255"
                    + " separated by dots, such as 10.244.2.8");
        }
        return Ipv4Address.parse(t);
    }
}
