package io.podnet.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.realise.Renderer;
import io.podnet.dataplane.realise.Rendering;
import io.podnet.dataplane.realise.RunPrefix;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code cluster.mtu} is part of the rendered configuration: what the simulator ran
 * ({@code RunResult.network()}) carries the overridden MTUs and DF, and verify realises that very
 * configuration ({@code ip link add ... mtu N ... df set}) without patching it. No kernel needed.
 */
class MtuRenderingTest {
    private static final Path BLACKHOLE = Path.of("..", "scenarios", "examples", "mtu-blackhole.yaml");

    @Test
    void calicoIpipRunCarriesTheOverriddenMtusAndVerifyUsesThemAsTheyAre() throws Exception {
        RunResult run = Podnet.run(Podnet.load(BLACKHOLE), null, "calico-ipip"); // podnet run --cni calico-ipip
        NamespaceConfig node = run.network().namespace("node1");
        InterfaceConfig tunl0 = node.interfaces().stream().filter(i -> i instanceof InterfaceConfig.Ipip).findFirst()
                .orElseThrow();
        assertEquals(1500, tunl0.mtu(), "tunnel: 1500 (Calico would give tunl0 1480)");
        InterfaceConfig eth0 = run.network().namespace("client").interfaces().get(0);
        assertEquals(1500, eth0.mtu(), "pod: 1500");

        VerifyInput in = ScenarioInput.fromRun(run);
        assertSame(run.network(), in.network(), "verify realises what ran, unpatched");
        Rendering r = Renderer.render(in.network(), new RunPrefix("pn0000a1"));
        // the pod veths are created with the overridden MTU (Calico IPIP's own would be 1480)
        assertTrue(r.createVeths().contains("mtu 1500"), r.createVeths());
        assertTrue(!r.createVeths().contains("mtu 1480"), r.createVeths());
    }

    @Test
    void flannelVxlanRunCarriesDfAndVerifyCreatesTheDeviceWithDfSet() throws Exception {
        RunResult run = Podnet.run(Podnet.load(BLACKHOLE), null);
        InterfaceConfig.Vxlan vx = (InterfaceConfig.Vxlan) run.network().namespace("node2").interfaces().stream()
                .filter(i -> i instanceof InterfaceConfig.Vxlan).findFirst().orElseThrow();
        assertEquals(1500, vx.mtu(), "tunnel: 1500 (Flannel would give flannel.1 1450)");
        assertTrue(vx.dontFragment(), "tunnelDf: set");

        VerifyInput in = ScenarioInput.fromRun(run);
        assertSame(run.network(), in.network());
        String batches = ipBatches(Renderer.render(in.network(), new RunPrefix("pn0000a1")));
        assertTrue(batches.contains("type vxlan") && batches.contains(" df set"), batches);
        // what verify realises after unbinding the 1500-byte VXLAN device from eth0 keeps DF
        java.util.List<String> warnings = new java.util.ArrayList<>();
        String realised = ipBatches(Renderer.render(KernelRealisation.unbindOversizeVxlan(in.network(), warnings),
                new RunPrefix("pn0000a1")));
        assertTrue(!warnings.isEmpty() && realised.contains(" df set"), realised);
    }

    private static String ipBatches(Rendering r) {
        return String.join("\n", r.ipBatch().values());
    }
}
