package io.podnet.dataplane.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.exec.CommandResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.exec.Environment;
import io.podnet.dataplane.fixture.CalicoCluster;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class BirdConfigTest {
    static final NetworkConfig RR = new CalicoCluster(3, 1, CalicoCluster.Mode.BGP, 1).config();

    @Test
    void reflectorConfigHasTheCalicoLikeProtocols() {
        String conf = BirdConfig.render(RR.bgp().get(0), RR);
        assertTrue(conf.contains("router id 172.18.0.11;\n"), conf);
        assertTrue(conf.contains("protocol direct {\n  ipv4;\n  interface \"eth0\";\n}\n"), conf);
        assertTrue(conf.contains("protocol static podnet_blocks {\n  ipv4;\n  route 10.244.1.0/26 blackhole;\n}\n"), conf);
        assertTrue(conf.contains("protocol kernel {\n  ipv4 {\n    import none;\n    export filter podnet_kernel;\n  };\n"
                + "  metric 0;\n"), conf);
        assertTrue(conf.contains("protocol bgp peer_172_18_0_12 {\n  local as 64512;\n  neighbor 172.18.0.12 as 64512;\n"
                + "  rr client;\n  rr cluster id 244.0.0.1;\n  hold time 240;\n  keepalive time 80;\n"
                + "  connect delay time 2;\n  connect retry time 5;\n  error wait time 5, 30;\n"), conf);
        assertEquals(2, conf.split("protocol bgp ", -1).length - 1);
        String client = BirdConfig.render(RR.bgp().get(1), RR);
        assertEquals(1, client.split("protocol bgp ", -1).length - 1);
        assertFalse(client.contains("rr client"), client);
    }

    @Test
    void exportRulesBecomeKernelFilterBranches() {
        BgpDaemonConfig d = RR.bgp().get(1);
        BgpDaemonConfig ipip = new BgpDaemonConfig(d.namespace(), d.asn(), d.routerId(), null, d.neighbours(), d.originate(),
                "eth0", List.of(new BgpDaemonConfig.BgpExportRule(Ipv4Prefix.parse("10.244.0.0/16"), "tunl0", true, true)),
                d.holdTimeSeconds(), d.keepaliveSeconds(), d.connectDelayNanos(), d.connectRetryNanos());
        String conf = BirdConfig.render(ipip, RR);
        assertTrue(conf.contains("  if net ~ 10.244.0.0/16 then {\n    if bgp_next_hop ~ 172.18.0.0/24 then accept;\n"
                + "    ifname = \"tunl0\";\n    onlink = true;\n    accept;\n  }\n"), conf);
        assertEquals(new KernelRoute("unicast", Ipv4Prefix.parse("10.244.3.0/26"), Ipv4Address.parse("172.18.0.13"), "eth0", false),
                BgpReference.program(RR, ipip, Ipv4Prefix.parse("10.244.3.0/26"), Ipv4Address.parse("172.18.0.13")));
        assertEquals(new KernelRoute("unicast", Ipv4Prefix.parse("10.244.3.0/26"), Ipv4Address.parse("172.19.0.13"), "tunl0", true),
                BgpReference.program(RR, ipip, Ipv4Prefix.parse("10.244.3.0/26"), Ipv4Address.parse("172.19.0.13")));
    }

    @Test
    void unsafeDevicesAreRefused() {
        BgpDaemonConfig d = RR.bgp().get(1);
        BgpDaemonConfig bad = new BgpDaemonConfig(d.namespace(), d.asn(), d.routerId(), null, d.neighbours(), d.originate(),
                "eth0\"; } protocol x {", List.of(), 240, 80, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> BirdConfig.render(bad, RR));
        BgpDaemonConfig badRule = new BgpDaemonConfig(d.namespace(), d.asn(), d.routerId(), null, d.neighbours(), d.originate(),
                "eth0", List.of(new BgpDaemonConfig.BgpExportRule(Ipv4Prefix.parse("10.0.0.0/8"), "a\"b", false, false)),
                240, 80, 0, 0);
        assertFalse(BirdConfig.problems(badRule, RR).isEmpty());
        BgpDaemonConfig elsewhere = new BgpDaemonConfig("nowhere", 64512, d.routerId(), null, d.neighbours(), d.originate(),
                "eth0", List.of(), 240, 80, 0, 0);
        assertFalse(BirdConfig.problems(elsewhere, RR).isEmpty());
    }

    /** BGPConfiguration listenPort 178: BIRD 2 takes the ports per protocol ({@code local port}, {@code neighbor ... port}). */
    static BgpDaemonConfig on178(BgpDaemonConfig d) {
        BgpDaemonConfig p = d.withListenPort(178);
        return new BgpDaemonConfig(p.namespace(), p.asn(), p.routerId(), p.clusterId(),
                p.neighbours().stream().map(n -> n.withPort(178)).toList(), p.originate(), p.underlayDevice(),
                p.exportRules(), p.holdTimeSeconds(), p.keepaliveSeconds(), p.connectDelayNanos(), p.connectRetryNanos(), 178);
    }

    @Test
    void listenPortGoesIntoLocalAndNeighbor() {
        String conf = BirdConfig.render(on178(RR.bgp().get(0)), RR);
        assertTrue(conf.contains("protocol bgp peer_172_18_0_12 {\n  local port 178 as 64512;\n"
                + "  neighbor 172.18.0.12 port 178 as 64512;\n"), conf);
        assertFalse(BirdConfig.render(RR.bgp().get(0), RR).contains(" port "), "179 is BIRD's default and not written");
    }

    @Test
    void birdParsesEveryRenderedConfig() throws Exception {
        Assumptions.assumeTrue(Environment.which("bird") != null, "bird (Debian package bird2) is not installed");
        Path dir = Files.createTempDirectory("podnet-bird-test-");
        try {
            for (NetworkConfig c : List.of(RR, new CalicoCluster(4, 1, CalicoCluster.Mode.BGP, 0).config())) {
                for (BgpDaemonConfig d0 : c.bgp()) {
                  for (BgpDaemonConfig d : List.of(d0, on178(d0))) {
                    Path f = dir.resolve(d.namespace() + ".conf");
                    Files.writeString(f, BirdConfig.render(d, c));
                    CommandResult r = new CommandRunner().run(List.of("bird", "-p", "-c", f.toString()), null, Duration.ofSeconds(10));
                    assertTrue(r.ok(), d.namespace() + ": " + r.stderr() + r.stdout());
                  }
                }
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void kernelRoutesParseFromIpJson() {
        List<KernelRoute> r = KernelRoute.parseJson("[{\"type\":\"blackhole\",\"dst\":\"10.244.1.0/26\",\"flags\":[]},"
                + "{\"dst\":\"10.244.2.0/26\",\"gateway\":\"172.18.0.12\",\"dev\":\"eth0\",\"flags\":[]},"
                + "{\"dst\":\"10.244.3.0/26\",\"gateway\":\"10.0.0.1\",\"dev\":\"tunl0\",\"metric\":32,\"flags\":[\"onlink\"]}]");
        assertEquals(List.of("blackhole 10.244.1.0/26", "10.244.2.0/26 via 172.18.0.12 dev eth0",
                "10.244.3.0/26 via 10.0.0.1 dev tunl0 onlink"), r.stream().map(KernelRoute::text).toList());
    }
}
