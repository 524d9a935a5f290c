package io.podnet.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.realise.Renderer;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code verify --kube-proxy ipvs}: this kernel has no {@code ip_vs} (DATAPLANE-FACTS), so every
 * flow is reported not checkable with that reason, as for IPIP, before any namespace is made.
 */
class IpvsNotCheckableTest {
    @Test
    void ipvsModeIsModelOnlyOnThisKernel() throws Exception {
        Path seed = Path.of("..", "scenarios", "examples", "frontend-to-backend.yaml");
        RunResult r = Podnet.run(Podnet.withKubeProxy(Podnet.load(seed), "ipvs"), null);
        List<String> why = Renderer.notCheckable(r.network());
        assertEquals(1, why.size(), why.toString());
        assertTrue(why.get(0).startsWith("kube-proxy IPVS mode: this kernel has no ip_vs"), why.get(0));
        RunResult iptables = Podnet.run(Podnet.load(seed), null);
        assertTrue(Renderer.notCheckable(iptables.network()).isEmpty());
    }
}
