package io.podnet.scenarios.load;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.podnet.scenarios.model.Protocol;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import io.podnet.topology.policy.LabelSelectors;
import io.podnet.topology.spec.NodeSpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the Kubernetes API server would refuse in a manifest, and what a scenario may ask for in
 * total ({@link Limits}): label keys and values (at most 63 characters, alphanumerics with
 * {@code - _ .} inside), namespaces (DNS-1123 labels), EndpointSlice addresses and ports, a
 * Deployment's selector (required, and matching its template's labels), port numbers and named
 * target ports (IANA service names), and the number of nodes, pods (Pods plus replicas) and
 * traffic attempts, the last also within a client's ephemeral port range. Each problem is
 * reported at the field.
 */
final class ManifestChecks {
    /** A label name or value: empty (values only), or alphanumeric at both ends with [-_.] inside. */
    private static final Pattern LABEL = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    /** IANA service name (a named port): lower-case alphanumerics and '-', at least one letter. */
    private static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    /**
     * Linux's default {@code net.ipv4.ip_local_port_range} is 32768-60999: one client has 28,232
     * ephemeral ports, so more attempts from one pod to one destination cannot all have their own.
     */
    static final int EPHEMERAL_PORTS = 60999 - 32768 + 1;

    private final Scenario s;
    private final Diagnostics diags;
    private final Limits limits;

    private ManifestChecks(Scenario s, Diagnostics diags, Limits limits) {
        this.s = s;
        this.diags = diags;
        this.limits = limits;
    }

    static void check(Scenario s, Diagnostics diags, Limits limits) {
        new ManifestChecks(s, diags, limits).run();
    }

    private void run() {
        List<NodeSpec> nodes = s.cluster().nodes();
        if (nodes.size() > limits.nodes()) {
            diags.error(SourceLocation.of(nodes.get((int) limits.nodes()).origin()), "the cluster has " + nodes.size()
                    + " nodes, more than a scenario may have; " + Limits.raise("nodes", limits.nodes()));
        }
        for (NodeSpec n : nodes) {
            labels(n.labels(), SourceLocation.of(n.origin()), "node " + n.name());
        }
        long pods = 0;
        for (Resource r : s.resources()) {
            if (ResourceReader.isCalico(r)) {
                continue;
            }
            namespace(r);
            Map<String, String> labels = r.object().getMetadata().getLabels();
            if (labels != null) {
                labels(labels, r, "metadata", "labels");
            }
            if (r.object() instanceof Pod p) {
                pods++;
                podSpec(r, p.getSpec(), "spec");
            } else if (r.object() instanceof Deployment d) {
                pods += deployment(r, d);
            } else if (r.object() instanceof Service svc) {
                service(r, svc);
            } else if (r.object() instanceof EndpointSlice es) {
                endpointSlice(r, es);
            }
            if (pods > limits.pods()) {
                diags.error(r.object() instanceof Deployment ? r.at("spec", "replicas") : r.location(), "the resources"
                        + " ask for " + pods + " pods (Pods plus Deployment replicas),"
                        + " more than a scenario may have; " + Limits.raise("pods", limits.pods()));
                break;
            }
        }
        long attempts = 0;
        for (TrafficItem t : s.traffic()) {
            attempts += t.count();
            if (t.protocol() != Protocol.ICMP && t.count() > EPHEMERAL_PORTS) {
                diags.error(t.location(), "traffic " + t.name() + " repeats " + t.count() + " times from one pod, more"
                        + " than the " + EPHEMERAL_PORTS + " ephemeral ports a Linux client has (ip_local_port_range"
                        + " 32768-60999); use at most " + EPHEMERAL_PORTS + " or split it across client pods");
            }
        }
        if (attempts > limits.attempts()) {
            diags.error(s.traffic().get(s.traffic().size() - 1).location(), "the traffic makes " + attempts
                    + " attempts in all, more than a scenario may make; " + Limits.raise("attempts", limits.attempts()));
        }
    }

    private void namespace(Resource r) {
        String ns = r.object().getMetadata().getNamespace();
        if (ns != null && !ns.isEmpty()) {
            String problem = Names.dns1123LabelProblem(ns);
            if (problem != null) {
                diags.error(r.at("metadata", "namespace"), "namespace '" + YNode.quoted(ns) + "' " + problem
                        + "; expected a DNS-1123 label such as prod-ns");
            }
        }
    }

    private long deployment(Resource r, Deployment d) {
        if (d.getSpec() == null) {
            diags.error(r.location(), "Deployment " + r.name() + " needs a spec with selector and template");
            return 0;
        }
        Integer replicas = d.getSpec().getReplicas();
        long n = replicas == null ? 1 : replicas;
        if (n < 0) {
            diags.error(r.at("spec", "replicas"), "Deployment " + r.name() + " replicas is " + n
                    + "; expected 0 or more");
            return 0;
        }
        Map<String, String> templateLabels = d.getSpec().getTemplate() == null
                || d.getSpec().getTemplate().getMetadata() == null ? null
                : d.getSpec().getTemplate().getMetadata().getLabels();
        if (templateLabels != null) {
            labels(templateLabels, r, "spec", "template", "metadata", "labels");
        }
        LabelSelector sel = d.getSpec().getSelector();
        if (sel == null || ((sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty())
                && (sel.getMatchExpressions() == null || sel.getMatchExpressions().isEmpty()))) {
            diags.error(sel == null ? r.at("spec") : r.at("spec", "selector"), "Deployment " + r.name()
                    + " needs a non-empty spec.selector (apps/v1 requires one); expected selector: {matchLabels: {...}}"
                    + " matching spec.template.metadata.labels");
        } else {
            if (sel.getMatchLabels() != null) {
                labels(sel.getMatchLabels(), r, "spec", "selector", "matchLabels");
            }
            // not validated yet: an unknown operator matches nothing, a valueless matchLabels pair reads "null"
            if (!LabelSelectors.matches(sel, templateLabels == null ? Map.of() : templateLabels,
                    LabelSelectors.Mode.UNVALIDATED)) {
                diags.error(r.at("spec", "selector"), "Deployment " + r.name() + " selector does not match its"
                        + " template's labels (the API server refuses this); make spec.template.metadata.labels"
                        + " carry every label the selector asks for");
            }
        }
        if (d.getSpec().getTemplate() != null) {
            podSpec(r, d.getSpec().getTemplate().getSpec(), "spec", "template", "spec");
        }
        return n;
    }

    private void podSpec(Resource r, PodSpec spec, String... at) {
        if (spec == null || spec.getContainers() == null) {
            return;
        }
        for (int c = 0; c < spec.getContainers().size(); c++) {
            Container ct = spec.getContainers().get(c);
            if (ct == null || ct.getPorts() == null) {
                continue;
            }
            for (int i = 0; i < ct.getPorts().size(); i++) {
                ContainerPort p = ct.getPorts().get(i);
                if (p != null && p.getContainerPort() != null && (p.getContainerPort() < 1 || p.getContainerPort() > 65535)) {
                    diags.error(r.at(path(at, "containers", String.valueOf(c), "ports", String.valueOf(i), "containerPort")),
                            "containerPort " + p.getContainerPort() + " is not a port number; expected 1-65535");
                }
            }
        }
    }

    private static String[] path(String[] prefix, String... rest) {
        String[] out = new String[prefix.length + rest.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(rest, 0, out, prefix.length, rest.length);
        return out;
    }

    private void service(Resource r, Service svc) {
        if (svc.getSpec() == null) {
            return;
        }
        if (svc.getSpec().getSelector() != null) {
            labels(svc.getSpec().getSelector(), r, "spec", "selector");
        }
        List<ServicePort> ports = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            if (p == null) {
                continue;
            }
            IntOrString tp = p.getTargetPort();
            SourceLocation at = r.at("spec", "ports", String.valueOf(i), "targetPort");
            if (tp != null && tp.getIntVal() != null && (tp.getIntVal() < 1 || tp.getIntVal() > 65535)) {
                diags.error(at, "targetPort " + tp.getIntVal() + " is not a port number; expected 1-65535 or the name"
                        + " of a container port");
            } else if (tp != null && tp.getStrVal() != null) {
                String name = tp.getStrVal();
                if (name.length() > 15 || !IANA_SVC_NAME.matcher(name).matches() || name.contains("--")
                        || name.chars().noneMatch(Character::isLetter)) {
                    diags.error(at, "targetPort '" + YNode.quoted(name) + "' is neither a port number (1-65535) nor a"
                            + " port name (at most 15 lower-case letters, digits and '-', with a letter)");
                }
            }
        }
    }

    private void endpointSlice(Resource r, EndpointSlice es) {
        if (es.getAddressType() != null && !es.getAddressType().equals("IPv4")) {
            diags.error(r.at("addressType"), "EndpointSlice addressType '" + YNode.quoted(es.getAddressType())
                    + "' is not supported; expected IPv4");
        }
        if (es.getEndpoints() != null) {
            for (int i = 0; i < es.getEndpoints().size(); i++) {
                var ep = es.getEndpoints().get(i);
                if (ep == null || ep.getAddresses() == null) {
                    continue;
                }
                for (int j = 0; j < ep.getAddresses().size(); j++) {
                    String a = ep.getAddresses().get(j);
                    try {
                        ScenarioLoader.address(a == null ? "" : a);
                    } catch (IllegalArgumentException e) {
                        diags.error(r.at("endpoints", String.valueOf(i), "addresses", String.valueOf(j)),
                                "EndpointSlice address '" + YNode.quoted(String.valueOf(a)) + "' is not an IPv4"
                                        + " address; expected four numbers 0-255 such as 10.244.2.8");
                    }
                }
            }
        }
        if (es.getPorts() != null) {
            for (int i = 0; i < es.getPorts().size(); i++) {
                EndpointPort p = es.getPorts().get(i);
                if (p != null && p.getPort() != null && (p.getPort() < 1 || p.getPort() > 65535)) {
                    diags.error(r.at("ports", String.valueOf(i), "port"), "EndpointSlice port " + p.getPort()
                            + " is not a port number; expected 1-65535");
                }
                if (p != null && p.getProtocol() != null && !List.of("TCP", "UDP", "SCTP").contains(p.getProtocol())) {
                    diags.error(r.at("ports", String.valueOf(i), "protocol"), "EndpointSlice protocol '"
                            + YNode.quoted(p.getProtocol()) + "' is not TCP, UDP or SCTP");
                }
            }
        }
    }

    private void labels(Map<String, String> labels, Resource r, String... path) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String problem = labelProblem(e.getKey(), e.getValue());
            if (problem != null) {
                diags.error(r.at(path(path, e.getKey())), problem);
            }
        }
    }

    private void labels(Map<String, String> labels, SourceLocation at, String owner) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String problem = labelProblem(e.getKey(), e.getValue());
            if (problem != null) {
                diags.error(at, owner + ": " + problem);
            }
        }
    }

    /** Kubernetes' rules for a label (IsQualifiedName for the key, IsValidLabelValue for the value). */
    static String labelProblem(String key, String value) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || Names.dns1123SubdomainProblem(prefix) != null) {
                return "label key '" + YNode.quoted(key) + "' has an invalid prefix; expected a DNS subdomain such as"
                        + " example.com/ before the name";
            }
        }
        if (name.isEmpty() || name.length() > 63 || !LABEL.matcher(name).matches()) {
            return "label key '" + YNode.quoted(key) + "' is not a valid label name" + (name.length() > 63
                    ? " (" + name.length() + " characters, at most 63)" : "") + "; expected at most 63 characters,"
                    + " letters and digits at both ends, '-', '_' and '.' inside";
        }
        if (value == null) {
            return null;
        }
        if (value.length() > 63 || (!value.isEmpty() && !LABEL.matcher(value).matches())) {
            return "label value '" + YNode.quoted(value) + "' of '" + YNode.quoted(key) + "' is not valid"
                    + (value.length() > 63 ? " (" + value.length() + " characters, at most 63)" : "")
                    + "; expected at most 63 characters, letters and digits at both ends, '-', '_' and '.' inside";
        }
        return null;
    }
}
