package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.Target;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.topology.spec.DnsSpec;
import io.podnet.topology.spec.PolicySpec;

/** Maps {@code cluster.networkPolicy} and {@code cluster.dns} to topology's add-on specs. */
final class AddonSpecs {
    private AddonSpecs() {}

    static PolicySpec policy(Scenario s) {
        return new PolicySpec(PolicySpec.Enforcement.parse(s.cluster().networkPolicy().enforcement()));
    }

    /** CoreDNS runs when {@code cluster.dns.enabled} says so, or (unset) when a traffic item targets {@code dns/}. */
    static DnsSpec dns(Scenario s) {
        var d = s.cluster().dns();
        boolean on = d.enabled() != null ? d.enabled() : usesDns(s);
        return new DnsSpec(on, d.clusterIp(), d.replicas() == null ? 2 : d.replicas());
    }

    static boolean usesDns(Scenario s) {
        for (TrafficItem t : s.traffic()) {
            if (t.to().kind() == Target.Kind.DNS) {
                return true;
            }
        }
        return false;
    }
}
