package io.podnet.dataplane.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.Root;
import io.podnet.dataplane.ScenarioInput;
import io.podnet.dataplane.Verifier;
import io.podnet.dataplane.exec.CommandResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.exec.Environment;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Real captures decoded with the project's codecs say what tshark says, field by field. */
class TsharkCrossCheckTest {
    @Test
    void underlayCaptureDecodesLikeTshark() throws Exception {
        Root.assumeRootAndTools();
        Assumptions.assumeTrue(Environment.which("tshark") != null, "tshark is not installed");
        Path example = Path.of("..", "scenarios", "examples", "frontend-to-backend.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(example));
        Path dir = Files.createTempDirectory("pv-tshark");
        new Verifier(new CommandRunner(), new Verifier.Options(dir, 1500, 10, 1000), null)
                .verify(ScenarioInput.load(example, null));
        Path pcap;
        try (var s = Files.list(dir)) {
            pcap = s.filter(p -> p.getFileName().toString().endsWith("node1_eth0.pcap")).findFirst().orElseThrow();
        }
        List<String> ours = new ArrayList<>();
        for (PcapRecord r : PcapReader.read(pcap)) {
            CapturedFrame f = CaptureSet.decodeFrame("node1/eth0", r, Set.of(8472));
            Packet p = f.packet();
            if (p == null || p.first(VxlanHeader.class) == null) {
                continue;
            }
            Ipv4Header outer = p.first(Ipv4Header.class);
            Ipv4Header inner = p.last(Ipv4Header.class);
            TcpHeader tcp = p.last(TcpHeader.class);
            ours.add(String.join(",", Integer.toString(f.length()), outer.src() + "," + inner.src(),
                    outer.dst() + "," + inner.dst(), outer.ttl() + "," + inner.ttl(),
                    Integer.toString(p.first(UdpHeader.class).dstPort()), Integer.toString(p.first(VxlanHeader.class).vni()),
                    tcp == null ? "" : Integer.toString(tcp.dstPort()) + "," + tcp.srcPort()));
        }
        CommandResult t = new CommandRunner().run(List.of("tshark", "-n", "-r", pcap.toString(), "-d", "udp.port==8472,vxlan",
                "-Y", "vxlan", "-T", "fields", "-E", "separator=,", "-e", "frame.len", "-e", "ip.src", "-e", "ip.dst",
                "-e", "ip.ttl", "-e", "udp.dstport", "-e", "vxlan.vni", "-e", "tcp.dstport", "-e", "tcp.srcport"), null,
                Duration.ofSeconds(60));
        assertTrue(t.ok(), t.describe());
        List<String> theirs = t.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertTrue(ours.size() >= 3, "too few VXLAN frames: " + ours);
        // tshark prints udp.dstport for the outer header only when the inner is TCP; normalise by dropping empties
        List<String> ourNorm = ours.stream().map(s -> s.replaceAll(",+$", "")).toList();
        assertEquals(theirs, ourNorm);
    }
}
