package io.podnet.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.fixture.FlannelCluster;
import io.podnet.dataplane.fixture.FlannelPredictions;
import io.podnet.dataplane.fixture.VerifyMain;
import io.podnet.dataplane.realise.Cleanup;
import io.podnet.dataplane.realise.Realiser;
import io.podnet.dataplane.realise.Renderer;
import io.podnet.dataplane.realise.RunLock;
import io.podnet.dataplane.realise.RunPrefix;
import io.podnet.dataplane.traffic.TrafficItem;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The root namespace's addresses, routes, rules, iptables/nftables rulesets, net.* sysctls and the
 * namespace list are identical before and after a run, after a run killed by SIGTERM, and after a
 * run killed hard and cleaned up with --cleanup.
 */
class RootNamespaceTest {
    private static final CommandRunner R = new CommandRunner();

    static Map<String, String> snapshot() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("ip addr", run("ip", "addr"));
        s.put("ip route", run("ip", "route", "show", "table", "all"));
        s.put("ip rule", run("ip", "rule"));
        s.put("iptables-save", run("iptables-save").replaceAll("(?m)^#.*$", "").replaceAll("\\[\\d+:\\d+\\]", ""));
        s.put("nft list ruleset", run("nft", "list", "ruleset"));
        s.put("sysctl net.*", run("sysctl", "-a", "-r", "^net\\.").replaceAll("(?m)^net\\.netfilter\\.nf_conntrack_count.*$", ""));
        // other verifications may run on this machine at the same time: their namespaces are not ours
        s.put("ip netns list", run("ip", "netns", "list").lines()
                .filter(l -> !RunPrefix.ANY_RUN.matcher(l.split(" ")[0]).matches()).reduce("", (a, b) -> a + b + "\n"));
        return s;
    }

    private static String run(String... argv) {
        return R.run(List.of(argv), null, Duration.ofSeconds(30)).stdout();
    }

    static void assertSame(Map<String, String> before, Map<String, String> after) {
        for (String k : before.keySet()) {
            assertEquals(before.get(k), after.get(k), k + " changed");
        }
    }

    @Test
    void aRunLeavesTheRootNamespaceAsItWas() {
        Root.assumeRootAndTools();
        Map<String, String> before = snapshot();
        FlannelCluster c = VerifierTest.cluster();
        FlannelPredictions p = new FlannelPredictions(c);
        List<TrafficItem> items = VerifierTest.traffic();
        items.forEach(p::predict);
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), null)
                .verify(VerifierTest.input(c, items, p.events()));
        assertTrue(r.agree(), r.text());
        assertSame(before, snapshot());
    }

    /**
     * --cleanup removes a killed run's namespaces and keeps those of a run still in progress (its
     * lock is held). The test limits the cleanup to its own two runs, so verifications of other
     * processes on this machine are never touched.
     */
    @Test
    void aKilledRunIsRemovedByCleanupAndALiveRunIsKept() {
        Root.assumeRootAndTools();
        Map<String, String> before = snapshot();
        // a run that died right after creating everything (no lock holder), and one still running
        RunPrefix dead = RunPrefix.fresh(ProcessHandle.current().pid(), 42);
        RunPrefix live = RunPrefix.fresh(ProcessHandle.current().pid(), 43);
        new Realiser(R).realise(Renderer.render(FlannelCluster.of(2, 1).config(), dead));
        try (RunLock lock = RunLock.acquire(live)) {
            new Realiser(R).realise(Renderer.render(FlannelCluster.of(2, 1).config(), live));
            List<String> left = new Cleanup(R).leftovers();
            assertEquals(5, left.stream().filter(dead::owns).count(), left.toString());
            Cleanup c = new Cleanup(R);
            List<String> removed = c.removeDeadRuns(n -> dead.owns(n) || live.owns(n));
            assertEquals(left.stream().filter(dead::owns).sorted().toList(), removed.stream().sorted().toList());
            assertEquals(5, c.skipped().size(), c.skipped().toString());
            assertEquals(5, new Cleanup(R).leftovers().stream().filter(live::owns).count());
        } finally {
            new Cleanup(R).removeRun(live);
        }
        assertTrue(new Cleanup(R).leftovers().stream().noneMatch(n -> dead.owns(n) || live.owns(n)));
        assertSame(before, snapshot());
    }

    @Test
    void sigtermTearsDownEverything() throws Exception {
        Root.assumeRootAndTools();
        Map<String, String> before = snapshot();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), VerifyMain.class.getName())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        String prefix = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("creating ")) {
                    prefix = line.substring(line.indexOf('(') + 1, line.indexOf(')'));
                }
                if (line.startsWith("[1/1]")) {
                    Thread.sleep(1500); // traffic and captures are running now
                    assertTrue(new Cleanup(R).leftovers().stream().anyMatch(new RunPrefix(prefix)::owns));
                    child.toHandle().destroy(); // SIGTERM, keeping our end of its output open
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
        assertTrue(lines.stream().noneMatch(l -> l.equals("finished")), String.join("\n", lines));
        RunPrefix p = new RunPrefix(prefix);
        assertTrue(new Cleanup(R).leftovers().stream().noneMatch(p::owns), "namespaces left after SIGTERM");
        assertSame(before, snapshot());
    }
}
