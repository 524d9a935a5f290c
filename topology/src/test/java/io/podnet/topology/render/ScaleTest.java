package io.podnet.topology.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.topology.Fixtures;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.FlannelSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mid-sized cluster renders quickly (guards against quadratic work over pods or Services). */
class ScaleTest {
    @Test
    void hundredNodesThreeThousandPodsFiveHundredServices() {
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            nodes.add("node" + i);
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            objects.add(Fixtures.deployment("app" + i, 6, Map.of("app", "app" + i), 8080));
            objects.add(Fixtures.service("app" + i, null, Map.of("app", "app" + i), 80, 8080));
        }
        RenderedCluster r = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ClusterRenderer.render(Fixtures.spec(nodes, FlannelSpec.Backend.VXLAN, objects), 5));
        assertEquals(3000, r.cluster().pods().size());
        assertEquals(3100, r.network().namespaces().size());
        assertEquals(99, r.network().namespace("node50").fdb().size());
        assertEquals(6, r.cluster().service("default", "app499").ports().get(0).endpoints().size());
    }

    private static List<String> nodes(int n) {
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            nodes.add("node" + i);
        }
        return nodes;
    }

    @Test
    void thousandCalicoNodesInAFullMeshAndWithVxlan() {
        List<HasMetadata> objects = List.of(Fixtures.deployment("web", 2000, Map.of("app", "web"), 8080));
        Ipv4Prefix pods = Ipv4Prefix.parse("10.0.0.0/12");
        RenderedCluster mesh = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> ClusterRenderer.render(Fixtures.spec(nodes(1000), CniSpec.named("calico-ipip", pods), objects), 5));
        long sessions = 0;
        for (BgpDaemonConfig d : mesh.network().bgp()) {
            sessions += d.neighbours().size();
        }
        assertEquals(1000L * 999 / 2, sessions / 2);
        RenderedCluster vx = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> ClusterRenderer.render(Fixtures.spec(nodes(1000), CniSpec.named("calico-vxlan", pods), objects), 5));
        assertEquals(999, vx.network().namespace("node500").fdb().size());
        assertEquals(0, vx.network().bgp().size());
    }
}
