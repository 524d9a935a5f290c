package io.podnet.dataplane.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Rules} on an iptables-save excerpt shaped as kube-proxy writes a Service with
 * {@code sessionAffinity: ClientIP} (pkg/proxy/iptables/proxier.go: the service chain first checks
 * each endpoint's {@code -m recent --rcheck --seconds T --reap} list, then picks at random).
 */
class RulesTest {
    private static final String RULES = """
            *nat
            :KUBE-SERVICES - [0:0]
            :KUBE-SVC-STICKY - [0:0]
            :KUBE-SVC-PLAIN - [0:0]
            :KUBE-SEP-A - [0:0]
            :KUBE-SEP-B - [0:0]
            :KUBE-SEP-C - [0:0]
            -A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/sticky" -m tcp --dport 80 -j KUBE-SVC-STICKY
            -A KUBE-SERVICES -d 10.96.0.30/32 -p tcp -m comment --comment "default/plain" -m tcp --dport 80 -j KUBE-SVC-PLAIN
            -A KUBE-SVC-STICKY -m comment --comment "default/sticky -> 10.244.1.3:8080" -m recent --name KUBE-SEP-A --mask 255.255.255.255 --rsource --rcheck --seconds 10800 --reap -j KUBE-SEP-A
            -A KUBE-SVC-STICKY -m comment --comment "default/sticky -> 10.244.2.3:8080" -m recent --name KUBE-SEP-B --mask 255.255.255.255 --rsource --rcheck --seconds 10800 --reap -j KUBE-SEP-B
            -A KUBE-SVC-STICKY -m comment --comment "default/sticky -> 10.244.1.3:8080" -m statistic --mode random --probability 0.5 -j KUBE-SEP-A
            -A KUBE-SVC-STICKY -m comment --comment "default/sticky -> 10.244.2.3:8080" -j KUBE-SEP-B
            -A KUBE-SVC-PLAIN -m comment --comment "default/plain -> 10.244.1.4:8080" -j KUBE-SEP-C
            -A KUBE-SEP-A -p tcp -m comment --comment "default/sticky" -m recent --name KUBE-SEP-A --mask 255.255.255.255 --rsource --set -m tcp -j DNAT --to-destination 10.244.1.3:8080
            -A KUBE-SEP-B -p tcp -m comment --comment "default/sticky" -m recent --name KUBE-SEP-B --mask 255.255.255.255 --rsource --set -m tcp -j DNAT --to-destination 10.244.2.3:8080
            -A KUBE-SEP-C -p tcp -m comment --comment "default/plain" -m tcp -j DNAT --to-destination 10.244.1.4:8080
            COMMIT
            """;

    @Test
    void endpointsAndAffinityOfAService() {
        assertEquals(Set.of("10.244.1.3:8080", "10.244.2.3:8080"), Rules.endpointsFor(RULES, "tcp", "10.96.0.20", 80));
        assertTrue(Rules.stickyFor(RULES, "tcp", "10.96.0.20", 80));
        assertEquals(Set.of("10.244.1.4:8080"), Rules.endpointsFor(RULES, "tcp", "10.96.0.30", 80));
        assertFalse(Rules.stickyFor(RULES, "tcp", "10.96.0.30", 80), "--set in the endpoint chain is not a check");
        assertFalse(Rules.stickyFor(RULES, "udp", "10.96.0.20", 80));
    }
}
