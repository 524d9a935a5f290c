package io.podnet.sim.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CostProfilesTest {
    @Test
    void defaultsLoadAndCoverEveryStep() {
        CostProfile d = CostProfile.defaults();
        assertEquals("default", d.name());
        assertEquals(2, d.cpusPerNode());
        for (CostStep s : CostStep.values()) {
            assertTrue(d.cost(s) != null, s.key());
        }
        assertTrue(d.cost(CostStep.WIREGUARD_ENCRYPT).perByteNanos() > d.cost(CostStep.VXLAN_ENCAP).perByteNanos());
        assertTrue(!d.isWireOnly());
        assertTrue(CostProfile.wireOnly().isWireOnly());
    }

    @Test
    void yamlRoundTrips() throws Exception {
        CostProfile d = CostProfile.defaults().withCost(CostStep.NETFILTER_RULE, 12.5, 0.001)
                .withMetadata("fit", "cpu \"x\"", "6.1", "line1\nline2").withCpusPerNode(4);
        CostProfile back = CostProfiles.parse(d.toYaml(), "p.yaml");
        assertEquals(d, back);
    }

    @Test
    void variationRoundTripsAndIsChecked() throws Exception {
        CostProfile d = CostProfile.defaults().withVariation(new CostVariation(CostVariation.Distribution.GAMMA, 0.35,
                StepCost.Source.FITTED, "sockperf p50/p90/p99"));
        assertEquals(d, CostProfiles.parse(d.toYaml(), "p.yaml"));
        assertEquals(CostVariation.NONE, CostProfile.defaults().variation());
        String yaml = "apiVersion: podnet/v1\nkind: CostProfile\ncpusPerNode: 2\ncosts:\n"
                + "  nat: {perPacket: 100ns, source: published}\n"
                + "variation: {distribution: weibull, cv: -1, source: fitted}\n";
        CostProfileException e = assertThrows(CostProfileException.class, () -> CostProfiles.parse(yaml, "v.yaml"));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertEquals("v.yaml:6:27", e.problems().get(0).file() + ":" + e.problems().get(0).line() + ":"
                + e.problems().get(0).column());
        assertTrue(e.problems().get(0).message().contains("lognormal, gamma"), e.getMessage());
        assertTrue(e.problems().get(1).message().contains("from 0 to 10"), e.getMessage());
    }

    @Test
    void unitsAreRequired() {
        assertEquals(1200.0, CostProfiles.parseTimeNanos("1.2us"), 1e-9);
        assertEquals(500.0, CostProfiles.parseTimeNanos("0.5µs"), 1e-9);
        assertEquals(0.35, CostProfiles.parsePerByteNanos("0.35ns/B"), 1e-12);
        assertEquals(0.35, CostProfiles.parsePerByteNanos("350ps/B"), 1e-12);
        assertEquals(null, CostProfiles.parseTimeNanos("1200"));
        assertEquals(null, CostProfiles.parsePerByteNanos("0.35ns"));
    }

    @Test
    void errorsCarryPositionsAndSuggestions() {
        String yaml = "apiVersion: podnet/v1\n"
                + "kind: CostProfile\n"
                + "cpusPerNode: 2\n"
                + "costs:\n"
                + "  socket-sned: {perPacket: 1us, source: published}\n"
                + "  nat: {perPacket: 100, source: published}\n"
                + "  veth-xmit: {perPacket: 1us, perByte: 2ns, source: guessed}\n";
        CostProfileException e = assertThrows(CostProfileException.class, () -> CostProfiles.parse(yaml, "p.yaml"));
        List<CostProfileException.Problem> ps = e.problems();
        assertEquals(4, ps.size(), e.getMessage());
        assertEquals("p.yaml:5:3", ps.get(0).file() + ":" + ps.get(0).line() + ":" + ps.get(0).column());
        assertTrue(ps.get(0).message().contains("did you mean 'socket-send'"), ps.get(0).message());
        assertEquals(6, ps.get(1).line());
        assertTrue(ps.get(1).message().contains("needs a time with a unit"), ps.get(1).message());
        assertEquals(7, ps.get(2).line());
        assertTrue(ps.get(2).message().contains("ns/B"), ps.get(2).message());
        assertTrue(ps.get(3).message().contains("measured, fitted, published"), ps.get(3).message());
    }

    @Test
    void syntaxErrorsArePositioned() {
        CostProfileException e = assertThrows(CostProfileException.class,
                () -> CostProfiles.parse("kind: CostProfile\ncosts: {a: [\n", "bad.yaml"));
        assertTrue(e.getMessage().startsWith("bad.yaml:"), e.getMessage());
    }
}
