package io.podnet.scenarios.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.model.CniSpec;
import io.podnet.scenarios.model.Encapsulation;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Prefix;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CniDesignsTest {
    private static final SourceLocation AT = SourceLocation.ofFile("override");

    @Test
    void namesListTheSupportedDesignsFirst() {
        assertTrue(CniDesigns.supported().containsAll(java.util.List.of("flannel-vxlan", "flannel-host-gw")));
        assertTrue(CniDesigns.names().containsAll(CniDesigns.supported()));
        assertTrue(CniDesigns.names().containsAll(java.util.List.of("flannel-vxlan", "flannel-host-gw", "calico-bgp",
                "calico-ipip", "calico-vxlan", "geneve")));
        assertTrue(!CniDesigns.names().contains("weave"));
    }

    @Test
    void overrideKeepsThePodNetworkOfTheBase() throws Exception {
        CniSpec.Flannel base = new CniSpec.Flannel("cni-config", AT, Ipv4Prefix.parse("10.200.0.0/16"), AT, 24, AT,
                "vxlan", AT, 4789, 7, true, false);
        CniSpec.Flannel gw = (CniSpec.Flannel) CniDesigns.byName("flannel-host-gw", base, AT);
        assertEquals("host-gw", gw.backend());
        assertEquals(Ipv4Prefix.parse("10.200.0.0/16"), gw.network());
        assertEquals(4789, gw.port());
        assertEquals(7, gw.vni());
    }

    @Test
    void unknownAndPlannedNamesAreDiagnosed() {
        ScenarioException unknown = assertThrows(ScenarioException.class, () -> CniDesigns.byName("weave", null, AT));
        assertTrue(unknown.getMessage().startsWith("override:1:1: unknown CNI 'weave'"), unknown.getMessage());
        for (String planned : CniDesigns.names()) {
            if (!CniDesigns.supported().contains(planned)) {
                ScenarioException e = assertThrows(ScenarioException.class, () -> CniDesigns.byName(planned, null, AT));
                assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
            }
        }
    }

    @Test
    void runUnderAnotherDesign() throws Exception {
        LoadedScenario s = Podnet.load(Path.of("examples/frontend-to-backend.yaml"));
        RunResult gw = Podnet.run(new LoadedScenario(CniDesigns.withDesign(s.scenario(), "flannel-host-gw"),
                s.warnings()), null);
        assertEquals(Encapsulation.NONE, gw.flows().get(0).encapsulation());
        assertEquals(1500, gw.network().namespace("frontend-abcde").iface("eth0").mtu());
        assertEquals(Encapsulation.VXLAN, Podnet.run(s, null).flows().get(0).encapsulation());
    }
}
