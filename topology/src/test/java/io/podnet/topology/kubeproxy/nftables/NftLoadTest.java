package io.podnet.topology.kubeproxy.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.podnet.sim.config.NamespaceConfig;
import io.podnet.topology.Fixtures;
import io.podnet.topology.model.ClusterNode;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Loads the rendered nftables rulesets into the real {@code nft -f} inside a throwaway network
 * namespace (name prefix {@code podnet-nftload-}, removed afterwards). Skipped unless running as
 * root with {@code ip} and {@code nft} present.
 */
class NftLoadTest {
    private static boolean canRun() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/nft"))
                && (Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/usr/bin/ip")));
    }

    private record Result(int code, String output) {}

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

    /** Loads {@code text} with nft -f; returns {@code nft -a list ruleset}. */
    private static String load(String text) throws Exception {
        String ns = "podnet-nftload-" + ProcessHandle.current().pid();
        Result add = run(List.of("ip", "netns", "add", ns), null);
        assumeTrue(add.code == 0, "cannot create a network namespace: " + add.output);
        try {
            Result check = run(List.of("ip", "netns", "exec", ns, "nft", "-c", "-f", "-"), text);
            assertEquals(0, check.code, check.output);
            Result real = run(List.of("ip", "netns", "exec", ns, "nft", "-f", "-"), text);
            assertEquals(0, real.code, real.output);
            Result list = run(List.of("ip", "netns", "exec", ns, "nft", "-a", "list", "ruleset"), null);
            assertEquals(0, list.code, list.output);
            return list.output;
        } finally {
            run(List.of("ip", "netns", "del", ns), null);
        }
    }

    @Test
    void upstreamTestClusterLoadsWithTheHandlesTheEvaluatorNames() throws Exception {
        assumeTrue(canRun(), "needs root, ip and nft");
        RenderedCluster r = ClusterRenderer.render(NftablesProxierTest.upstreamCluster(), 1);
        String text = r.network().namespace("test-node").nftables();
        String listed = load(text);
        assertTrue(listed.contains("table ip kube-proxy"), listed);
        // the kernel numbers chains, sets, maps and rules of a table from one counter, as NftText's order gives
        io.podnet.sim.nftables.NftRuleset parsed = io.podnet.sim.nftables.NftParser.parse(text);
        int handle = parsed.handle("ip kube-proxy", "services", 0);
        assertTrue(listed.contains("ip daddr . meta l4proto . th dport vmap @service-ips # handle " + handle), listed);
        // what the kernel lists reads back into the same rules (the kernel re-spells some expressions)
        io.podnet.sim.nftables.NftRuleset reread = io.podnet.sim.nftables.NftParser.parse(listed);
        assertEquals(parsed.ruleCount(), reread.ruleCount());
        assertEquals(parsed.rules("ip kube-proxy", "services"), reread.rules("ip kube-proxy", "services"));
    }

    @Test
    void seedClusterInNftablesModeLoadsOnEveryNode() throws Exception {
        assumeTrue(canRun(), "needs root, ip and nft");
        ClusterSpec seed = Fixtures.seed(FlannelSpec.Backend.VXLAN);
        ClusterSpec nft = new ClusterSpec(seed.nodes(), seed.underlay(), seed.serviceCidr(), seed.clusterDomain(),
                new KubeProxySpec(KubeProxySpec.Mode.NFTABLES, false), seed.cni(), seed.objects(), seed.policy(), seed.dns());
        RenderedCluster r = ClusterRenderer.render(nft, 42);
        int loaded = 0;
        for (NamespaceConfig n : r.network().namespaces()) {
            if (!n.nftables().isEmpty()) {
                load(n.nftables());
                loaded++;
            }
        }
        assertTrue(loaded > 0);
    }

    @Test
    void listingLoadsToo() throws Exception {
        assumeTrue(canRun(), "needs root, ip and nft");
        RenderedCluster r = ClusterRenderer.render(NftablesProxierTest.upstreamCluster(), 1);
        ClusterNode n = r.cluster().nodes().get(0);
        load(new NftablesProxier(false).render(r.cluster(), n).listing());
    }
}
