package io.podnet.scenarios.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calico's BGPConfiguration {@code listenPort} (calico-node's BIRD listens on it and nodes of the mesh
 * connect to each other on it; Calico docs, BGPConfiguration reference: "listenPort: the port where
 * BGP protocol should listen", default 179) and {@code serviceClusterIPs} (every node advertises the
 * CIDRs to its BGP peers), and the "accepted, not modelled" warnings for the other fields, with
 * file:line.
 */
class CalicoBgpConfigurationTest {
    @TempDir
    Path tmp;

    Path scenario(String bgpSpec) throws Exception {
        String text = Files.readString(Path.of("examples/calico-bgp.yaml"))
                .replace("spec: {nodeToNodeMeshEnabled: true, asNumber: 64512}", bgpSpec);
        Path p = tmp.resolve("calico-port.yaml");
        Files.writeString(p, text);
        return p;
    }

    static int dstPort(TraceEvent e) {
        Packet p = e.packet();
        TcpHeader t = p == null ? null : p.first(TcpHeader.class);
        return t == null ? -1 : t.dstPort();
    }

    static int srcPort(TraceEvent e) {
        Packet p = e.packet();
        TcpHeader t = p == null ? null : p.first(TcpHeader.class);
        return t == null ? -1 : t.srcPort();
    }

    @Test
    void listenPort178CarriesTheMeshSessionsAndServiceClusterIpsAreAdvertised() throws Exception {
        LoadedScenario loaded = Podnet.load(scenario("spec: {nodeToNodeMeshEnabled: true, asNumber: 64512, listenPort: 178,"
                + " serviceClusterIPs: [{cidr: 10.96.0.0/12}]}"));
        assertEquals(List.of(), loaded.warnings());
        RunResult r = Podnet.run(loaded, null);
        assertTrue(Podnet.check(r).isEmpty(), Podnet.check(r).toString());
        for (BgpDaemonConfig d : r.network().bgp()) {
            assertEquals(178, d.listenPort(), d.namespace());
            assertTrue(d.neighbours().stream().allMatch(n -> n.port() == 178), d.toString());
            assertTrue(d.originate().contains(Ipv4Prefix.parse("10.96.0.0/12")), d.toString());
        }
        List<TraceEvent> syns = r.trace().stream().filter(e -> e.namespace().startsWith("node"))
                .filter(e -> {
                    TcpHeader t = e.packet() == null ? null : e.packet().first(TcpHeader.class);
                    return t != null && (t.flags() & TcpHeader.SYN) != 0 && (t.flags() & TcpHeader.ACK) == 0;
                }).filter(e -> dstPort(e) == 178).toList();
        assertFalse(syns.isEmpty(), "BGP connects to port 178");
        assertTrue(r.trace().stream().noneMatch(e -> dstPort(e) == 179 || srcPort(e) == 179), "nothing on 179");
    }

    @Test
    void defaultStaysOn179() throws Exception {
        RunResult r = Podnet.run(Podnet.load(Path.of("examples/calico-bgp.yaml")), null);
        assertTrue(r.network().bgp().stream().allMatch(d -> d.listenPort() == 179));
        assertTrue(r.trace().stream().anyMatch(e -> dstPort(e) == 179));
    }

    @Test
    void otherFieldsAreAcceptedNotModelledWithFileLine() throws Exception {
        Path p = scenario("spec:\n      nodeToNodeMeshEnabled: true\n      asNumber: 64512\n      logSeverityScreen: Info\n"
                + "      bindMode: NodeIP");
        LoadedScenario loaded = Podnet.load(p);
        List<String> w = loaded.warnings().stream().map(Diagnostic::render).toList();
        assertEquals(2, w.size(), w.toString());
        int line = Files.readAllLines(p).indexOf("      logSeverityScreen: Info") + 1;
        assertTrue(w.get(0).startsWith(p + ":" + line + ":7: "), w.get(0));
        assertTrue(w.get(0).contains("BGPConfiguration default: spec.logSeverityScreen is accepted, not modelled"), w.get(0));
        assertTrue(w.get(1).contains("spec.bindMode is accepted, not modelled"), w.get(1));
    }

    @Test
    void everyFelixConfigurationFieldIsWarned() throws Exception {
        Path p = scenario("spec: {nodeToNodeMeshEnabled: true, asNumber: 64512}\n  - apiVersion: projectcalico.org/v3\n"
                + "    kind: FelixConfiguration\n    metadata: {name: default}\n"
                + "    spec: {logSeverityScreen: Info, bpfEnabled: false}");
        List<String> w = Podnet.load(p).warnings().stream().map(Diagnostic::render).toList();
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.stream().allMatch(x -> x.contains("FelixConfiguration default: spec.")
                && x.contains("is accepted, not modelled")), w.toString());
    }
}
