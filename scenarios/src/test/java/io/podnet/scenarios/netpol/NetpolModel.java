package io.podnet.scenarios.netpol;

import io.podnet.scenarios.reachability.TruthTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Upstream's NetworkPolicy e2e model as a scenario generator. Namespaces x, y, z (label
 * {@code ns: NAME}, plus {@code kubernetes.io/metadata.name}, which every namespace has); pods a, b, c
 * in each (label {@code pod: NAME}); one container per port and protocol named as upstream's model
 * names them ({@code cont-80-tcp}, port name {@code serve-80-tcp}). Pods alternate between node1 and
 * node2 in x/a, x/b, ... z/c order, so x/a, x/c, y/b, z/a, z/c share node1 and x/b, y/a, y/c, z/b
 * node2: 32 of the 72 ordered pairs (loopback left out) are same-node, 40 cross-node. Pod addresses
 * are fixed ({@code status.podIP}) so ipBlock cases can name them.
 */
final class NetpolModel {
    static final List<String> NAMESPACES = List.of("x", "y", "z");
    static final List<String> PODS = List.of("a", "b", "c");

    private NetpolModel() {}

    /** The CNI designs the suite runs under. */
    enum Design {
        /** Flannel VXLAN for the network, Calico's policy agent for policy (Canal). */
        FLANNEL_VXLAN("flannel-vxlan", "10.244.1.", "10.244.2."),
        /** Calico with VXLAN (routes programmed by Felix, no BGP warm-up). */
        CALICO_VXLAN("calico-vxlan", "192.168.1.", "192.168.2.");

        final String cni;
        final String node1Prefix;
        final String node2Prefix;

        Design(String cni, String node1Prefix, String node2Prefix) {
            this.cni = cni;
            this.node1Prefix = node1Prefix;
            this.node2Prefix = node2Prefix;
        }
    }

    /** Every pod as {@code ns/pod}, in model order. */
    static List<String> allPods() {
        List<String> out = new ArrayList<>();
        for (String ns : NAMESPACES) {
            for (String p : PODS) {
                out.add(ns + "/" + p);
            }
        }
        return out;
    }

    static int index(String pod) {
        return allPods().indexOf(pod);
    }

    static String node(String pod) {
        return index(pod) % 2 == 0 ? "node1" : "node2";
    }

    static boolean sameNode(String from, String to) {
        return node(from).equals(node(to));
    }

    /** The pod's fixed address under a design. */
    static String ip(Design d, String pod) {
        int i = index(pod);
        return (i % 2 == 0 ? d.node1Prefix : d.node2Prefix) + (10 + i);
    }

    /**
     * One probe of upstream's {@code TestCase}: every pod to every pod on a port and protocol, and the
     * truth table upstream expects.
     */
    record Step(int port, String protocol, TruthTable expected) {
        String id() {
            return port + "-" + protocol.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The cluster state a group of probes runs in: the policies (as manifests) and any labels upstream's
     * case adds to pods or namespaces before probing.
     */
    record Phase(String label, List<String> policies, Map<String, Map<String, String>> podLabels,
                 Map<String, Map<String, String>> namespaceLabels, List<Step> steps) {}

    /**
     * One upstream case.
     *
     * @param it        the upstream {@code It("...")} it reproduces (with its Describe context when not the TCP one)
     * @param ports     the ports the pods serve on (upstream's {@code ports})
     * @param protocols the protocols they serve (upstream's {@code protocols})
     * @param phases    the states probed, in upstream's order
     * @param needsSctpMatch whether a policy has an SCTP port (rendered {@code -m sctp}, which sim-core
     *                  must evaluate)
     */
    record Case(String it, List<Integer> ports, List<String> protocols, List<Phase> phases, boolean needsSctpMatch) {}

    /** The scenario text for one phase of a case under a design. */
    static String scenario(String name, Case c, Phase phase, Design d, Map<String, String> substitutions) {
        StringBuilder y = new StringBuilder();
        y.append("apiVersion: podnet/v1\nkind: Scenario\nmetadata: {name: ").append(name).append("}\nseed: 1\n");
        y.append("cluster:\n  nodes: [node1, node2]\n  networkPolicy: {enforcement: calico}\n  cni: ").append(d.cni)
                .append('\n');
        y.append("resources:\n");
        for (String ns : NAMESPACES) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("ns", ns);
            labels.putAll(phase.namespaceLabels().getOrDefault(ns, Map.of()));
            y.append("  - {apiVersion: v1, kind: Namespace, metadata: {name: ").append(ns).append(", labels: ")
                    .append(flow(labels)).append("}}\n");
        }
        for (String pod : allPods()) {
            String ns = pod.substring(0, 1);
            String p = pod.substring(2);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("pod", p);
            labels.putAll(phase.podLabels().getOrDefault(pod, Map.of()));
            y.append("  - apiVersion: v1\n    kind: Pod\n    metadata: {name: ").append(p).append(", namespace: ").append(ns)
                    .append(", labels: ").append(flow(labels)).append("}\n    spec:\n      nodeName: ").append(node(pod))
                    .append("\n      containers:\n");
            for (int port : c.ports()) {
                for (String proto : c.protocols()) {
                    String lp = proto.toLowerCase(Locale.ROOT);
                    y.append("        - {name: cont-").append(port).append('-').append(lp).append(", image: agnhost, ports: ")
                            .append("[{containerPort: ").append(port).append(", name: serve-").append(port).append('-')
                            .append(lp).append(", protocol: ").append(proto).append("}]}\n");
                }
            }
            y.append("    status: {podIP: ").append(ip(d, pod)).append("}\n");
        }
        for (String policy : phase.policies()) {
            String text = policy;
            for (Map.Entry<String, String> s : substitutions.entrySet()) {
                text = text.replace(s.getKey(), s.getValue());
            }
            y.append("  - ").append(text).append('\n');
        }
        y.append("traffic:\n");
        for (Step s : phase.steps()) {
            for (String from : allPods()) {
                for (String to : allPods()) {
                    if (from.equals(to)) {
                        continue; // upstream ignores loopback (ignoreLoopback = true)
                    }
                    y.append("  - {name: ").append(flowName(s, from, to)).append(", from: pod/").append(from)
                            .append(", to: pod/").append(to).append(':').append(s.port()).append(", protocol: ")
                            .append(s.protocol().toLowerCase(Locale.ROOT)).append(", timeout: 200ms}\n");
                }
            }
        }
        return y.toString();
    }

    static String flowName(Step s, String from, String to) {
        return "p" + s.id() + "-" + from.replace('/', '-') + "-to-" + to.replace('/', '-');
    }

    private static String flow(Map<String, String> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(v));
        return sb.append('}').toString();
    }
}
