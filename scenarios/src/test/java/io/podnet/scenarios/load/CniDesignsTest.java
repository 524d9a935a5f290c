package io.podnet.scenarios.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.model.Encapsulation;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.Origin;
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
        FlannelSpec base = new FlannelSpec(Ipv4Prefix.parse("10.200.0.0/16"), 24, null, null, FlannelSpec.Backend.VXLAN,
                4789, 7, true, false, new Origin("s.yaml", 3, 4).with("network", new Origin("s.yaml", 3, 9)));
        FlannelSpec gw = (FlannelSpec) CniDesigns.byName("flannel-host-gw", base, AT);
        assertEquals(FlannelSpec.Backend.HOST_GW, gw.backend());
        assertEquals(Ipv4Prefix.parse("10.200.0.0/16"), gw.network());
        assertEquals("s.yaml:3:9", gw.origin().at("network").toString(), "the network is still where the file wrote it");
        assertEquals("override:1:1", gw.origin().toString());
        assertEquals(4789, gw.vxlanPort());
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
