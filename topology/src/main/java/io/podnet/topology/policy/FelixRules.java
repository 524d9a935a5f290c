package io.podnet.topology.policy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.model.Cluster;
import io.podnet.topology.model.ClusterPod;
import io.podnet.topology.model.NamedPort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The filter-table rules a Felix-like agent writes on one node for its local pods, in the layout of
 * Calico's iptables dataplane (without ipsets: selector members are written out as addresses).
 *
 * <pre>
 * FORWARD (first rule)  -j cali-FORWARD
 * cali-FORWARD          ESTABLISHED,RELATED -> ACCEPT; clear the accept mark; -j cali-from-wl-dispatch; -j cali-to-wl-dispatch
 * cali-from-wl-dispatch -i IFACE -> cali-fw-IFACE    (per local pod; egress of the pod)
 * cali-to-wl-dispatch   -o IFACE -> cali-tw-IFACE    (per local pod; ingress of the pod)
 * cali-tw-IFACE         clear the accept mark (as every Felix endpoint chain starts); for each policy isolating
 *                       the pod: -j cali-pi-HASH, RETURN if it set the accept mark;
 *                       then DROP, commented with the isolating policies; not isolated: set the accept mark
 * cali-pi-HASH          per allow rule (peer x port): set the accept mark 0x10000, RETURN
 * cali-po-HASH          the same for egress; cali-pb-HASH for an ipBlock with except (RETURN on the exceptions)
 * FORWARD (last rule)   accept mark set -> ACCEPT (Felix >= 3.16 puts its ACCEPT at the end of FORWARD)
 * </pre>
 *
 * <p>Named ports resolve on the pod that owns them: for ingress on the selected local pod (so the
 * rule also matches its address), for egress on each peer pod. Pods are written in cluster order,
 * policies in namespace/name order.
 */
public final class FelixRules {
    /** Felix's accept mark bit. */
    public static final String ACCEPT_MARK = "0x10000";
    static final String MARK_ACCEPT = "-j MARK --set-xmark " + ACCEPT_MARK + "/" + ACCEPT_MARK;
    static final String MARK_CLEAR = "-j MARK --set-xmark 0x0/" + ACCEPT_MARK;
    static final String IF_ACCEPTED = "-m mark --mark " + ACCEPT_MARK + "/" + ACCEPT_MARK;
    public static final String FORWARD = "cali-FORWARD";
    public static final String FROM_DISPATCH = "cali-from-wl-dispatch";
    public static final String TO_DISPATCH = "cali-to-wl-dispatch";

    private final Cluster cluster;
    private final List<CompiledPolicy> policies;
    private final Map<String, Map<String, String>> namespaceLabels = new TreeMap<>();
    private final Map<String, List<String>> chains = new LinkedHashMap<>();
    private final java.util.Set<String> localPods = new java.util.HashSet<>();

    /**
     * @param cluster  the built cluster (pods, namespaces)
     * @param policies the compiled policies, in namespace/name order
     */
    public FelixRules(Cluster cluster, List<CompiledPolicy> policies) {
        this.cluster = cluster;
        this.policies = List.copyOf(policies);
        for (ClusterPod p : cluster.pods()) {
            namespaceLabels.computeIfAbsent(p.namespace(), FelixRules::defaultLabels);
        }
        for (CompiledPolicy p : policies) {
            namespaceLabels.computeIfAbsent(p.namespace(), FelixRules::defaultLabels);
        }
        for (Namespace n : cluster.namespaces()) {
            String name = n.getMetadata().getName();
            Map<String, String> labels = defaultLabels(name);
            if (n.getMetadata().getLabels() != null) {
                labels.putAll(n.getMetadata().getLabels());
            }
            labels.put("kubernetes.io/metadata.name", name);
            namespaceLabels.put(name, labels);
        }
    }

    private static Map<String, String> defaultLabels(String ns) {
        Map<String, String> m = new TreeMap<>();
        m.put("kubernetes.io/metadata.name", ns);
        return m;
    }

    /** The labels of a namespace: declared ones plus {@code kubernetes.io/metadata.name}. */
    public Map<String, String> namespaceLabels(String ns) {
        return namespaceLabels.getOrDefault(ns, defaultLabels(ns));
    }

    /** Whether the policy selects the pod. */
    public boolean selects(CompiledPolicy p, ClusterPod pod) {
        return !pod.hostNetwork() && p.namespace().equals(pod.namespace())
                && LabelSelectors.matches(p.podSelector(), pod.labels());
    }

    /**
     * The rules for one node's pods, by chain (declaration order); empty when no policy exists.
     *
     * @param workloads the node's non-hostNetwork pods with their host-side interfaces, in pod order
     */
    public Map<String, List<String>> render(List<Workload> workloads) {
        chains.clear();
        localPods.clear();
        workloads.forEach(w -> localPods.add(w.pod().key()));
        if (policies.isEmpty() || workloads.isEmpty()) {
            return Map.of();
        }
        chain(FORWARD);
        chain(FROM_DISPATCH);
        chain(TO_DISPATCH);
        rule(FORWARD, "-m comment --comment \"networkpolicy: accept established and related\""
                + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        rule(FORWARD, "-m comment --comment \"networkpolicy: clear the accept mark\" " + MARK_CLEAR);
        rule(FORWARD, "-j " + FROM_DISPATCH);
        rule(FORWARD, "-j " + TO_DISPATCH);
        for (Workload w : workloads) {
            String fw = "cali-fw-" + w.iface();
            String tw = "cali-tw-" + w.iface();
            rule(FROM_DISPATCH, w.fromMatch() + " -m comment --comment \"pod " + w.pod().key() + "\" -g " + fw);
            rule(TO_DISPATCH, w.toMatch() + " -m comment --comment \"pod " + w.pod().key() + "\" -g " + tw);
            workloadChain(fw, w, false);
            workloadChain(tw, w, true);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        chains.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    private void chain(String name) {
        chains.putIfAbsent(name, new ArrayList<>());
    }

    private void rule(String chain, String text) {
        chains.get(chain).add(text);
    }

    private void workloadChain(String chain, Workload w, boolean ingress) {
        chain(chain);
        String dir = ingress ? "ingress" : "egress";
        // As Felix's endpointIptablesChain: every workload chain starts by clearing the policy result
        // bit, so a mark the other direction's chain left (egress of a pod on the same node) cannot
        // stand for this direction's verdict. (Felix clears its pass bit too; no pass is used here.)
        rule(chain, "-m comment --comment \"networkpolicy: start of " + dir + " policies of " + w.pod().key() + "\" "
                + MARK_CLEAR);
        List<CompiledPolicy> isolating = new ArrayList<>();
        for (CompiledPolicy p : policies) {
            if ((ingress ? p.ingress() : p.egress()) && selects(p, w.pod())) {
                isolating.add(p);
            }
        }
        if (isolating.isEmpty()) {
            rule(chain, "-m comment --comment \"no networkpolicy isolates " + w.pod().key() + " for " + dir + "\" "
                    + MARK_ACCEPT);
            return;
        }
        List<String> ids = new ArrayList<>();
        for (CompiledPolicy p : isolating) {
            String pc = policyChain(p, ingress);
            rule(chain, comment(p.id() + " " + dir) + " -j " + pc);
            rule(chain, IF_ACCEPTED + " -j RETURN");
            ids.add(p.id());
        }
        rule(chain, comment(String.join(" ", ids) + ": no policy selecting " + w.pod().key() + " allows " + dir)
                + " -j DROP");
    }

    /** The chain holding a policy's rules for one direction (written once per node). */
    private String policyChain(CompiledPolicy p, boolean ingress) {
        String name = (ingress ? "cali-pi-" : "cali-po-") + hash(p.namespace() + "/" + p.name());
        if (chains.containsKey(name)) {
            return name;
        }
        chain(name);
        String dir = ingress ? "ingress" : "egress";
        String peersField = ingress ? "from" : "to";
        for (CompiledPolicy.Rule r : ingress ? p.ingressRules() : p.egressRules()) {
            String ruleName = p.id() + " " + dir + "[" + r.index() + "]";
            List<CompiledPolicy.Peer> peers = r.peers().isEmpty() ? java.util.Collections.singletonList(null) : r.peers();
            List<CompiledPolicy.PortMatch> ports = r.ports().isEmpty() ? java.util.Collections.singletonList(null) : r.ports();
            for (int pi = 0; pi < peers.size(); pi++) {
                CompiledPolicy.Peer peer = peers.get(pi);
                String peerName = peer == null ? "any peer" : peersField + "[" + pi + "]";
                for (int qi = 0; qi < ports.size(); qi++) {
                    CompiledPolicy.PortMatch port = ports.get(qi);
                    for (Match m : matches(p, ingress, peer, port)) {
                        // What decided, in the rule's comment (as Calico names its rules): the policy, the
                        // rule index, the peer of the rule (and the pod it stands for) and the port.
                        String comment = comment(ruleName + " " + peerName + m.peer() + " "
                                + (port == null ? "any port" : "ports[" + qi + "] " + m.port()));
                        if (peer instanceof CompiledPolicy.IpBlockPeer b && !b.except().isEmpty()) {
                            String sub = "cali-pb-" + hash(p.namespace() + "/" + p.name() + "/" + dir + "/" + r.index() + "/" + pi);
                            if (!chains.containsKey(sub)) {
                                chain(sub);
                                String addr = ingress ? "-s " : "-d ";
                                for (Ipv4Prefix x : b.except()) {
                                    rule(sub, comment(ruleName + " " + peerName + " except " + x) + " " + addr + x + " -j RETURN");
                                }
                                rule(sub, comment(ruleName + " " + peerName + m.peer()) + " " + MARK_ACCEPT);
                            }
                            rule(name, comment + m.text() + " -j " + sub);
                        } else {
                            rule(name, comment + m.text() + " " + MARK_ACCEPT);
                        }
                        rule(name, IF_ACCEPTED + " -j RETURN");
                    }
                }
            }
        }
        return name;
    }

    /** iptables allows 256 characters in a comment; longer texts are cut (the policy and rule come first). */
    static String comment(String text) {
        String t = text.replace('"', '\'');
        if (t.length() > 256) {
            t = t.substring(0, 253) + "...";
        }
        return "-m comment --comment \"" + t + "\"";
    }

    /**
     * One rendered match.
     *
     * @param text the match text (starting with a space, or empty)
     * @param peer what it matches of the peer: " pod NS/NAME", " ipBlock CIDR", or empty
     * @param port the port it matches: "TCP/80", "TCP/5000-5500", "named port http (TCP/8080)", "TCP"
     */
    record Match(String text, String peer, String port) {}

    /**
     * The matches for one peer and one port of a rule (one per pod the peer stands for); none when
     * nothing can match (a selector that selects no pod, a named port no pod has).
     */
    private List<Match> matches(CompiledPolicy p, boolean ingress, CompiledPolicy.Peer peer, CompiledPolicy.PortMatch port) {
        String peerAddr = ingress ? " -s " : " -d ";
        List<Match> out = new ArrayList<>();
        if (port != null && port.name() != null) {
            // Named port: resolved on the pod that has it. Ingress: the selected pods (local ones);
            // egress: the peer pods.
            if (ingress) {
                List<Match> peerMatches = peerMatches(p, peer, peerAddr);
                for (ClusterPod pod : cluster.pods()) {
                    if (!localPods.contains(pod.key()) || !selects(p, pod)) {
                        continue;
                    }
                    int number = namedPort(pod, port);
                    if (number == 0) {
                        continue;
                    }
                    for (Match pm : peerMatches) {
                        out.add(new Match(pm.text() + " -d " + pod.ip() + "/32" + portMatch(port.protocol(), number, 0),
                                pm.peer(), namedPortText(port, number)));
                    }
                }
            } else {
                for (ClusterPod pod : cluster.pods()) {
                    if (pod.hostNetwork() || !peerHas(p, peer, pod)) {
                        continue;
                    }
                    int number = namedPort(pod, port);
                    if (number != 0) {
                        out.add(new Match(" -d " + pod.ip() + "/32" + portMatch(port.protocol(), number, 0),
                                peer == null ? "" : " pod " + pod.key(), namedPortText(port, number)));
                    }
                }
            }
            return out;
        }
        String pm = port == null ? "" : portMatch(port.protocol(), port.port(), port.endPort());
        String portText = port == null ? "" : port.port() == 0 ? "all " + port.protocol() + " ports"
                : port.protocol() + "/" + port.port() + (port.endPort() > port.port() ? "-" + port.endPort() : "");
        for (Match m : peerMatches(p, peer, peerAddr)) {
            out.add(new Match(m.text() + pm, m.peer(), portText));
        }
        return out;
    }

    private static String namedPortText(CompiledPolicy.PortMatch port, int number) {
        return "named port " + port.name() + " (" + port.protocol() + "/" + number + ")";
    }

    private List<Match> peerMatches(CompiledPolicy p, CompiledPolicy.Peer peer, String addr) {
        if (peer == null) {
            return List.of(new Match("", "", ""));
        }
        if (peer instanceof CompiledPolicy.IpBlockPeer b) {
            return List.of(new Match(addr + b.cidr(), " ipBlock " + b.cidr(), ""));
        }
        List<Match> out = new ArrayList<>();
        for (ClusterPod pod : cluster.pods()) {
            if (!pod.hostNetwork() && peerHas(p, peer, pod)) {
                out.add(new Match(addr + pod.ip() + "/32", " pod " + pod.key(), ""));
            }
        }
        return out;
    }

    /** Whether a pod is one of the peer's (for ipBlock: its address is in the block, not excepted). */
    boolean peerHas(CompiledPolicy p, CompiledPolicy.Peer peer, ClusterPod pod) {
        if (peer == null) {
            return true;
        }
        if (peer instanceof CompiledPolicy.IpBlockPeer b) {
            if (!b.cidr().contains(pod.ip())) {
                return false;
            }
            for (Ipv4Prefix x : b.except()) {
                if (x.contains(pod.ip())) {
                    return false;
                }
            }
            return true;
        }
        CompiledPolicy.PodPeer pp = (CompiledPolicy.PodPeer) peer;
        boolean nsOk = pp.namespaceSelector() == null ? pod.namespace().equals(p.namespace())
                : LabelSelectors.matches(pp.namespaceSelector(), namespaceLabels(pod.namespace()));
        return nsOk && LabelSelectors.matches(pp.podSelector(), pod.labels());
    }

    private static int namedPort(ClusterPod pod, CompiledPolicy.PortMatch port) {
        for (NamedPort np : pod.ports()) {
            if (port.name().equals(np.name()) && port.protocol().equals(np.protocol())) {
                return np.port();
            }
        }
        return 0;
    }

    private static String portMatch(String protocol, int port, int end) {
        String proto = protocol.toLowerCase(Locale.ROOT);
        if (port == 0) {
            return " -p " + proto;
        }
        return " -p " + proto + " -m " + proto + " --dport " + port + (end > port ? ":" + end : "");
    }

    /** 12 hex digits of SHA-1: short, stable chain-name suffixes (iptables allows 28 characters). */
    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                sb.append(String.format("%02x", d[i] & 0xff));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
