package io.podnet.topology.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One NetworkPolicy, checked and reduced to what enforcement needs.
 *
 * <p>Semantics (Kubernetes {@code networking.k8s.io/v1}): {@code podSelector} selects pods in the
 * policy's namespace ({@code {}} selects all of them). {@code policyTypes} defaults to
 * {@code [Ingress]}, plus {@code Egress} when the policy has egress rules. A rule with no peers
 * allows every peer; a rule with no ports allows every port; peers and ports of one rule are ANDed,
 * the peers of a rule ORed, the rules ORed. A peer with only {@code podSelector} means pods of the
 * policy's namespace; with only {@code namespaceSelector}, every pod of the matching namespaces; with
 * both in one peer, the matching pods of the matching namespaces (two separate peers would be OR).
 * {@code ipBlock} is a CIDR minus its {@code except} CIDRs. A port is a number or a named container
 * port (resolved on the pod that owns it), {@code protocol} defaults to TCP (TCP, UDP and SCTP are
 * accepted: upstream's e2e requires an SCTP port to be accepted and to isolate the selected pods),
 * {@code endPort} makes a range and needs a numeric port.
 *
 * @param namespace   the policy's namespace
 * @param name        the policy's name
 * @param podSelector which pods of the namespace it selects
 * @param ingress     whether it isolates the selected pods for ingress
 * @param egress      whether it isolates them for egress
 * @param ingressRules the allow rules for ingress (in manifest order)
 * @param egressRules  the allow rules for egress (in manifest order)
 */
public record CompiledPolicy(String namespace, String name, LabelSelector podSelector, boolean ingress, boolean egress,
                             List<Rule> ingressRules, List<Rule> egressRules) {
    public CompiledPolicy {
        ingressRules = List.copyOf(ingressRules);
        egressRules = List.copyOf(egressRules);
    }

    /** {@code networkpolicy/NAMESPACE/NAME}: how rules, traces and {@code droppedBy} name it. */
    public String id() {
        return "networkpolicy/" + namespace + "/" + name;
    }

    /**
     * One allow rule.
     *
     * @param index its position in {@code ingress} or {@code egress}
     * @param peers who may be the peer (empty: anyone)
     * @param ports which destination ports (empty: all)
     */
    public record Rule(int index, List<Peer> peers, List<PortMatch> ports) {
        public Rule {
            peers = List.copyOf(peers);
            ports = List.copyOf(ports);
        }
    }

    /** A peer of a rule. */
    public sealed interface Peer permits PodPeer, IpBlockPeer {}

    /**
     * Pods chosen by labels.
     *
     * @param namespaceSelector the namespaces (null: only the policy's own namespace)
     * @param podSelector       the pods in them (null: all)
     */
    public record PodPeer(LabelSelector namespaceSelector, LabelSelector podSelector) implements Peer {}

    /** A CIDR without its exceptions. */
    public record IpBlockPeer(Ipv4Prefix cidr, List<Ipv4Prefix> except) implements Peer {
        public IpBlockPeer {
            except = List.copyOf(except);
        }
    }

    /**
     * A destination port.
     *
     * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
     * @param port     the port number, or 0 when named or absent
     * @param name     the named port, or null
     * @param endPort  the last port of a range, or 0
     */
    public record PortMatch(String protocol, int port, String name, int endPort) {}

    /**
     * Checks and compiles a policy.
     *
     * @throws TopologyException naming {@code networkpolicy/NS/NAME} when the policy is invalid
     */
    public static CompiledPolicy compile(NetworkPolicy np) {
        String ns = np.getMetadata().getNamespace() == null || np.getMetadata().getNamespace().isEmpty()
                ? "default" : np.getMetadata().getNamespace();
        String name = np.getMetadata().getName();
        String subject = "networkpolicy/" + ns + "/" + name;
        if (np.getSpec() == null) {
            throw new TopologyException(subject, "NetworkPolicy " + ns + "/" + name + " has no spec; expected at least"
                    + " spec.podSelector ({} selects every pod of the namespace)");
        }
        var spec = np.getSpec();
        LabelSelectors.validate(spec.getPodSelector(), subject, "spec.podSelector");
        List<NetworkPolicyIngressRule> in = spec.getIngress() == null ? List.of() : spec.getIngress();
        List<NetworkPolicyEgressRule> out = spec.getEgress() == null ? List.of() : spec.getEgress();
        List<String> types = spec.getPolicyTypes() == null ? List.of() : spec.getPolicyTypes();
        boolean ingress;
        boolean egress;
        if (types.isEmpty()) {
            ingress = true;
            egress = !out.isEmpty();
        } else {
            ingress = false;
            egress = false;
            for (String t : types) {
                if ("Ingress".equals(t)) {
                    ingress = true;
                } else if ("Egress".equals(t)) {
                    egress = true;
                } else {
                    throw new TopologyException(subject, "spec.policyTypes has '" + t + "'; expected Ingress and/or Egress");
                }
            }
        }
        List<Rule> ingressRules = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            ingressRules.add(rule(subject, "spec.ingress[" + i + "]", i, in.get(i).getFrom(), in.get(i).getPorts()));
        }
        List<Rule> egressRules = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            egressRules.add(rule(subject, "spec.egress[" + i + "]", i, out.get(i).getTo(), out.get(i).getPorts()));
        }
        return new CompiledPolicy(ns, name, spec.getPodSelector(), ingress, egress,
                ingress ? ingressRules : List.of(), egress ? egressRules : List.of());
    }

    private static Rule rule(String subject, String field, int index, List<NetworkPolicyPeer> peers,
                             List<NetworkPolicyPort> ports) {
        List<Peer> ps = new ArrayList<>();
        String peersField = field + (field.contains("ingress") ? ".from" : ".to");
        if (peers != null) {
            for (int i = 0; i < peers.size(); i++) {
                ps.add(peer(subject, peersField + "[" + i + "]", peers.get(i)));
            }
        }
        List<PortMatch> pm = new ArrayList<>();
        if (ports != null) {
            for (int i = 0; i < ports.size(); i++) {
                pm.add(port(subject, field + ".ports[" + i + "]", ports.get(i)));
            }
        }
        return new Rule(index, ps, pm);
    }

    private static Peer peer(String subject, String field, NetworkPolicyPeer p) {
        IPBlock block = p.getIpBlock();
        if (block != null) {
            if (p.getPodSelector() != null || p.getNamespaceSelector() != null) {
                throw new TopologyException(subject, field + " has ipBlock together with a selector; an ipBlock peer"
                        + " stands alone (write the selector as another peer)");
            }
            Ipv4Prefix cidr = cidr(subject, field + ".ipBlock.cidr", block.getCidr());
            List<Ipv4Prefix> except = new ArrayList<>();
            if (block.getExcept() != null) {
                for (String e : block.getExcept()) {
                    Ipv4Prefix x = cidr(subject, field + ".ipBlock.except", e);
                    if (!cidr.contains(x)) {
                        throw new TopologyException(subject, field + ".ipBlock.except " + e + " is not inside the cidr "
                                + block.getCidr() + "; an exception must lie within the block");
                    }
                    except.add(x);
                }
            }
            return new IpBlockPeer(cidr, except);
        }
        if (p.getPodSelector() == null && p.getNamespaceSelector() == null) {
            throw new TopologyException(subject, field + " is empty; a peer needs podSelector, namespaceSelector"
                    + " (or both) or ipBlock");
        }
        LabelSelectors.validate(p.getPodSelector(), subject, field + ".podSelector");
        LabelSelectors.validate(p.getNamespaceSelector(), subject, field + ".namespaceSelector");
        return new PodPeer(p.getNamespaceSelector(), p.getPodSelector());
    }

    private static Ipv4Prefix cidr(String subject, String field, String text) {
        if (text == null || text.isEmpty()) {
            throw new TopologyException(subject, field + " is missing; expected a CIDR such as 10.0.0.0/16");
        }
        if (text.contains(":")) {
            throw new TopologyException(subject, field + " " + text + " is IPv6; the simulated clusters are IPv4 only");
        }
        try {
            if (!text.contains("/")) {
                throw new IllegalArgumentException("no prefix length");
            }
            Ipv4Prefix p = Ipv4Prefix.parse(text);
            return p.canonical();
        } catch (IllegalArgumentException e) {
            throw new TopologyException(subject, field + " '" + text + "' is not a CIDR; expected e.g. 172.17.0.0/16");
        }
    }

    private static PortMatch port(String subject, String field, NetworkPolicyPort p) {
        String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol().toUpperCase(Locale.ROOT);
        if (!protocol.equals("TCP") && !protocol.equals("UDP") && !protocol.equals("SCTP")) {
            throw new TopologyException(subject, field + ".protocol is '" + p.getProtocol() + "'; expected TCP, UDP or SCTP");
        }
        IntOrString port = p.getPort();
        int end = p.getEndPort() == null ? 0 : p.getEndPort();
        if (port == null) {
            if (end != 0) {
                throw new TopologyException(subject, field + ".endPort needs a numeric port");
            }
            return new PortMatch(protocol, 0, null, 0);
        }
        if (port.getStrVal() != null) {
            String name = port.getStrVal();
            if (name.matches("[0-9]+")) {
                throw new TopologyException(subject, field + ".port \"" + name + "\" is a quoted number; write it unquoted"
                        + " or use a port name");
            }
            if (end != 0) {
                throw new TopologyException(subject, field + ".endPort needs a numeric port, not the named port " + name);
            }
            return new PortMatch(protocol, 0, name, 0);
        }
        int n = port.getIntVal() == null ? 0 : port.getIntVal();
        if (n < 1 || n > 65535) {
            throw new TopologyException(subject, field + ".port " + n + " is not a port; expected 1-65535 or a port name");
        }
        if (end != 0 && (end < n || end > 65535)) {
            throw new TopologyException(subject, field + ".endPort " + end + " must be between port " + n + " and 65535");
        }
        return new PortMatch(protocol, n, null, end);
    }
}
