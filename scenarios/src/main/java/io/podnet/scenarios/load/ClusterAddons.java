package io.podnet.scenarios.load;

import io.podnet.scenarios.model.NetworkPolicySection;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.topology.spec.DnsSpec;
import io.podnet.topology.spec.FlannelSpec;
import java.util.List;

/**
 * The cluster add-ons of a scenario: {@code cluster.dns} (domain, CoreDNS) and
 * {@code cluster.networkPolicy} (who enforces NetworkPolicies), and the warning when NetworkPolicies
 * are given but nothing enforces them.
 */
final class ClusterAddons {
    static final List<String> DNS_FIELDS = List.of("domain", "enabled", "clusterIP", "replicas");
    static final List<String> ENFORCEMENTS = List.of("auto", "calico", "none");

    private ClusterAddons() {}

    /**
     * {@code cluster.dns} as read: the cluster domain, CoreDNS's settings, and whether
     * {@code enabled} was left out (then CoreDNS runs when traffic targets {@code dns/}).
     */
    record Dns(String domain, DnsSpec spec, boolean auto) {}

    static Dns dns(YNode node, SourceLocation clusterAt, Diagnostics diags) {
        Dns none = new Dns("cluster.local", new DnsSpec(false, null, 2, SourceLocation.origin(clusterAt)), true);
        if (node == null) {
            return none;
        }
        Fields d = Fields.open(node, "cluster.dns", diags, DNS_FIELDS);
        if (d == null) {
            return none;
        }
        String domain = "cluster.local";
        if (d.has("domain")) {
            String given = d.text("domain");
            String problem = given == null ? null : Names.dns1123SubdomainProblem(given);
            if (problem != null) {
                diags.error(d.at("domain"), "DNS domain '" + given + "' " + problem + "; expected e.g. cluster.local");
            } else if (given != null) {
                domain = given;
            }
        }
        Boolean enabled = d.bool("enabled");
        Ipv4Address ip = null;
        if (d.has("clusterIP")) {
            String text = d.text("clusterIP");
            try {
                ip = text == null ? null : Ipv4Address.parse(text);
            } catch (IllegalArgumentException e) {
                diags.error(d.at("clusterIP"), "cluster.dns.clusterIP '" + text + "' is not an IPv4 address; expected"
                        + " an address in the serviceCIDR, e.g. 10.96.0.10");
            }
        }
        Long replicas = d.integer("replicas", 1, 100);
        return new Dns(domain, new DnsSpec(Boolean.TRUE.equals(enabled), ip, replicas == null ? 2 : replicas.intValue(),
                SourceLocation.origin(node.location())), enabled == null);
    }

    static NetworkPolicySection networkPolicy(YNode node, SourceLocation clusterAt, Diagnostics diags) {
        if (node == null) {
            return new NetworkPolicySection(NetworkPolicySection.AUTO, clusterAt);
        }
        Fields f = Fields.open(node, "cluster.networkPolicy", diags, List.of("enforcement"));
        if (f == null) {
            return new NetworkPolicySection(NetworkPolicySection.AUTO, clusterAt);
        }
        String e = f.has("enforcement") ? f.choice("enforcement", ENFORCEMENTS) : NetworkPolicySection.AUTO;
        return new NetworkPolicySection(e == null ? NetworkPolicySection.AUTO : e, f.has("enforcement")
                ? f.at("enforcement") : node.location());
    }

    /** Whether NetworkPolicies are enforced: {@code calico}, or {@code auto} with a CNI other than Flannel. */
    static boolean enforced(Scenario s) {
        String e = s.cluster().networkPolicy().enforcement();
        return e.equals("calico") || (e.equals(NetworkPolicySection.AUTO) && !(s.cluster().cni() instanceof FlannelSpec));
    }

    /** Whether the scenario runs CoreDNS: asked for, or needed by a {@code dns/} target. */
    static boolean dnsNeeded(Scenario s) {
        if (!s.cluster().dnsAuto()) {
            return s.cluster().dns().enabled();
        }
        for (TrafficItem t : s.traffic()) {
            if (t.to() != null && t.to().kind() == Target.Kind.DNS) {
                return true;
            }
        }
        return false;
    }

    /** Warns at the first NetworkPolicy when nothing enforces them; errors when dns/ targets have no DNS. */
    static void check(Scenario s, Diagnostics diags) {
        if (!enforced(s)) {
            for (Resource r : s.resources()) {
                if (r.kind().equals("NetworkPolicy")) {
                    String why = s.cluster().networkPolicy().enforcement().equals("none")
                            ? "cluster.networkPolicy.enforcement is none"
                            : "Flannel has no policy agent";
                    diags.warning(r.location(), "NetworkPolicy " + r.namespace() + "/" + r.name() + " is not enforced: "
                            + why + ", so every NetworkPolicy is ignored; set cluster.networkPolicy: {enforcement: calico}"
                            + " to run Calico's policy agent on the nodes (Flannel + Calico policy = Canal)");
                    break;
                }
            }
        }
        if (!s.cluster().dnsAuto() && !s.cluster().dns().enabled()) {
            for (TrafficItem t : s.traffic()) {
                if (t.to() != null && t.to().kind() == Target.Kind.DNS) {
                    diags.error(t.to().location(), "traffic " + t.name() + " targets " + t.to() + " but cluster.dns.enabled"
                            + " is false, so no cluster DNS answers; remove enabled: false or use service/NAME:PORT");
                    break;
                }
            }
        }
    }
}
