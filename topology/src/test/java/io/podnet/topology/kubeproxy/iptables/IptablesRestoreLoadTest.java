package io.podnet.topology.kubeproxy.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.podnet.sim.config.NamespaceConfig;
import io.podnet.topology.Fixtures;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.spec.FlannelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Loads the rendered rulesets into the real {@code iptables-restore} inside a throwaway network
 * namespace. Skipped unless running as root with {@code ip} and {@code iptables-restore} present.
 */
class IptablesRestoreLoadTest {
    private static boolean canRun() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/iptables-restore"))
                && (Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/usr/bin/ip")));
    }

    private static Result run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + cmd);
        }
        return new Result(p.exitValue(), out);
    }

    private record Result(int code, String output) {}

    private static void load(String rules) throws Exception {
        String ns = "podnet-topo-" + ProcessHandle.current().pid();
        Result add = run(List.of("ip", "netns", "add", ns), null);
        assumeTrue(add.code == 0, "cannot create a network namespace: " + add.output);
        try {
            Result test = run(List.of("ip", "netns", "exec", ns, "iptables-restore", "--test"), rules);
            assertEquals(0, test.code, test.output);
            Result real = run(List.of("ip", "netns", "exec", ns, "iptables-restore"), rules);
            assertEquals(0, real.code, real.output);
        } finally {
            run(List.of("ip", "netns", "del", ns), null);
        }
    }

    @Test
    void seedClusterRulesLoad() throws Exception {
        assumeTrue(canRun(), "needs root, ip and iptables-restore");
        for (NamespaceConfig n : ClusterRenderer.render(Fixtures.seed(FlannelSpec.Backend.VXLAN), 42).network().namespaces()) {
            if (!n.iptables().isEmpty()) {
                load(n.iptables());
            }
        }
    }

    @Test
    void localTrafficPolicyRulesLoad() throws Exception {
        assumeTrue(canRun(), "needs root, ip and iptables-restore");
        var r = ClusterRenderer.render(IptablesProxierTest.localPolicyCluster(), 1);
        load(r.network().namespace("node1").iptables());
        load(r.network().namespace("node2").iptables());
    }

    @Test
    void kubeProxyTestClusterRulesLoad() throws Exception {
        assumeTrue(canRun(), "needs root, ip and iptables-restore");
        load(ClusterRenderer.render(IptablesProxierTest.kubeProxyTestCluster(), 1).network().namespace("test-node").iptables());
    }

    @Test
    void calicoNatOutgoingRulesLoad() throws Exception {
        assumeTrue(canRun(), "needs root, ip and iptables-restore");
        var r = ClusterRenderer.render(Fixtures.seed(io.podnet.topology.spec.CniSpec.named("calico-ipip",
                io.podnet.sim.net.Ipv4Prefix.parse("10.244.0.0/16")), List.of()), 42);
        load(r.network().namespace("node1").iptables());
    }

    @Test
    void sessionAffinityRulesLoad() throws Exception {
        assumeTrue(canRun(), "needs root, ip and iptables-restore");
        load(ClusterRenderer.render(IptablesProxierTest.affinityCluster(), 1).network().namespace("node1").iptables());
    }

    @Test
    void sctpServiceRulesLoad() throws Exception {
        assumeTrue(canRun(), "needs root, ip and iptables-restore");
        load(ClusterRenderer.render(IptablesProxierTest.sctpCluster(), 1).network().namespace("node1").iptables());
    }
}
