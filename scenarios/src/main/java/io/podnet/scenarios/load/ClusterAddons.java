package io.podnet.scenarios.load;

import io.podnet.scenarios.model.CniSpec;
import io.podnet.scenarios.model.DnsSpec;
import io.podnet.scenarios.model.NetworkPolicySection;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import io.podnet.sim.net.Ipv4Address;
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

    static DnsSpec dns(YNode node, SourceLocation clusterAt, Diagnostics diags) {
        if (node == null) {
            return new DnsSpec("cluster.local", null, null, null, clusterAt);
        }
        Fields d = Fields.open(node, "cluster.dns", diags, DNS_FIELDS);
        if (d == null) {
            return new DnsSpec("cluster.local", null, null, null, clusterAt);
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
        return new DnsSpec(domain, enabled, ip, replicas == null ? null : replicas.intValue(), node.location());
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
        return e.equals("calico") || (e.equals(NetworkPolicySection.AUTO) && !(s.cluster().cni() instanceof CniSpec.Flannel));
    }

    /** Whether the scenario runs CoreDNS: asked for, or needed by a {@code dns/} target. */
    static boolean dnsNeeded(Scenario s) {
        Boolean enabled = s.cluster().dns().enabled();
        if (enabled != null) {
            return enabled;
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
        if (Boolean.FALSE.equals(s.cluster().dns().enabled())) {
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
