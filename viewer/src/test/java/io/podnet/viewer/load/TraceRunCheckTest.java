package io.podnet.viewer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostProfiles;
import io.podnet.sim.trace.file.TraceFileList;
import io.podnet.sim.trace.file.TraceFileWriter;
import io.podnet.viewer.model.ViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podnet view SCENARIO [overrides] --trace FILE} views a trace only over the run it holds:
 * each field of the header's run identity that differs is named with both values, with the options
 * that would match; the options it names do match.
 */
class TraceRunCheckTest {
    private static final Path SEED = Path.of("../scenarios/examples/frontend-to-backend.yaml");

    @TempDir
    static Path dir;

    /** The seed example recorded with the file's settings (seed 42, flannel-vxlan, iptables, default profile). */
    private static Path plain;

    @BeforeAll
    static void record() throws Exception {
        plain = dir.resolve("plain.ptrace");
        close(new RunnerLoader().savingTrace(plain).load(SEED));
    }

    private static void close(ViewModel m) throws Exception {
        ((TraceFileList) m.trace()).close();
    }

    private static String refusal(RunnerLoader loader, Path trace, Path scenario) {
        return assertThrows(ScenarioLoadException.class, () -> loader.readingTrace(trace).load(scenario)).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected '" + p + "' in:\n" + message);
        }
    }

    @Test
    void theSameRunViewsFine() throws Exception {
        ViewModel m = new RunnerLoader().readingTrace(plain).load(SEED);
        assertTrue(m.trace().size() > 0);
        close(m);
    }

    @Test
    void anotherSeedIsRefused() {
        String msg = refusal(new RunnerLoader().withOverrides(7L, null), plain, SEED);
        assertContains(msg, plain + ": the trace is of another run than " + SEED,
                "\n  seed: the trace has '42', this view '7'", "\nto view this trace, add: --seed 42");
        assertTrue(!msg.contains("cni:") && !msg.contains("kube-proxy:") && !msg.contains("profile:"), msg);
    }

    @Test
    void anotherCniIsRefused() {
        assertContains(refusal(new RunnerLoader().withOverrides(null, "calico"), plain, SEED),
                "\n  cni: the trace has 'flannel-vxlan', this view 'calico'", "add: --cni flannel-vxlan");
    }

    @Test
    void anotherKubeProxyModeIsRefused() {
        assertContains(refusal(new RunnerLoader("ipvs"), plain, SEED),
                "\n  kube-proxy: the trace has 'iptables', this view 'ipvs'", "add: --kube-proxy iptables");
    }

    @Test
    void anotherCostProfileIsRefused() throws Exception {
        CostProfile wireOnly = CostProfiles.resolve("wire-only");
        assertContains(refusal(new RunnerLoader(wireOnly, null), plain, SEED),
                "\n  profile: the trace has 'default', this view 'wire-only'", "add: --profile default");
    }

    @Test
    void everyDifferenceIsNamedAndTheNamedOptionsMatch() throws Exception {
        Path tuned = dir.resolve("tuned.ptrace");
        RunnerLoader options = new RunnerLoader(CostProfiles.resolve("wire-only"), "ipvs").withOverrides(7L, "calico");
        close(options.savingTrace(tuned).load(SEED));
        String msg = refusal(new RunnerLoader(), tuned, SEED);
        assertContains(msg, "seed: the trace has '7', this view '42'", "cni: the trace has 'calico', this view"
                + " 'flannel-vxlan'", "kube-proxy: the trace has 'ipvs', this view 'iptables'",
                "profile: the trace has 'wire-only', this view 'default'",
                "to view this trace, add: --seed 7 --cni calico --kube-proxy ipvs --profile wire-only");
        close(options.readingTrace(tuned).load(SEED));
    }

    /** The seed example with its Service in an included file, copied under {@code at}. */
    private static Path withIncludedService(Path at) throws Exception {
        Files.createDirectories(at);
        String text = Files.readString(SEED);
        int svc = text.indexOf("  - apiVersion: v1\n    kind: Service");
        int traffic = text.indexOf("traffic:");
        String service = text.substring(svc, traffic).replace("\n    ", "\n").substring(4);
        Files.writeString(at.resolve("service.yaml"), service);
        return Files.writeString(at.resolve("scenario.yaml"),
                text.substring(0, svc) + "  - include: service.yaml\n" + text.substring(traffic));
    }

    @Test
    void anEditedScenarioFileIsRefused() throws Exception {
        Path copy = dir.resolve("edited");
        Files.createDirectories(copy);
        Path scenario = Files.copy(SEED, copy.resolve("scenario.yaml"));
        Path trace = copy.resolve("t.ptrace");
        close(new RunnerLoader().savingTrace(trace).load(scenario));
        close(new RunnerLoader().readingTrace(trace).load(scenario)); // unedited: fine
        Files.writeString(scenario, Files.readString(scenario).replace("request: 200B", "request: 300B"));
        String msg = refusal(new RunnerLoader(), trace, scenario);
        assertContains(msg, "\n  scenario-sha256: the trace has '",
                "the scenario file (or a file it includes) is not the one the trace was recorded from");
        assertTrue(!msg.contains("to view this trace, add"), msg);
    }

    @Test
    void anEditedIncludedFileIsRefused() throws Exception {
        Path scenario = withIncludedService(dir.resolve("included"));
        Path trace = dir.resolve("included/t.ptrace");
        close(new RunnerLoader().savingTrace(trace).load(scenario));
        close(new RunnerLoader().readingTrace(trace).load(scenario));
        Path service = scenario.resolveSibling("service.yaml");
        Files.writeString(service, Files.readString(service).replace("targetPort: 8080", "targetPort: 8081"));
        assertContains(refusal(new RunnerLoader(), trace, scenario), "\n  scenario-sha256: the trace has '");
    }

    @Test
    void anotherScenarioIsRefusedNamingIt() {
        assertContains(refusal(new RunnerLoader(), plain, Path.of("../scenarios/examples/dns.yaml")),
                "scenario: the trace has 'frontend-to-backend', this view '",
                "give the scenario file the trace was written from (scenario 'frontend-to-backend')");
    }

    @Test
    void aTraceRecordedBeforeHeadersNamedTheRunIsRefusedSayingToReRecord() throws Exception {
        Path old = dir.resolve("old.ptrace");
        new TraceFileWriter(old, "podnet trace\nscenario: frontend-to-backend\nseed: 42\n").close();
        assertContains(refusal(new RunnerLoader(), old, SEED), old + ": recorded before trace files named their run",
                "re-record it (podnet run SCENARIO --trace podnet --out FILE, or podnet view SCENARIO --save-trace FILE)");
    }

    @Test
    void podnetRunAndTheViewerWriteTheSameHeader() throws Exception {
        Path fromRun = dir.resolve("run.ptrace");
        int exit = io.podnet.cli.PodnetCli.execute(new String[] {"run", SEED.toString(), "--trace", "podnet", "--out",
                fromRun.toString()}, new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(0, exit);
        try (var a = io.podnet.sim.trace.file.TraceFileReader.open(fromRun);
             var b = io.podnet.sim.trace.file.TraceFileReader.open(plain)) {
            assertEquals(b.metadata(), a.metadata());
        }
        close(new RunnerLoader().readingTrace(fromRun).load(SEED));
    }
}
