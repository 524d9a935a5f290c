package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.Podnet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code podnet run --kube-proxy MODE}: overrides the file's cluster.kubeProxy.mode, as --cni overrides the CNI. */
class KubeProxyOptionTest {
    @Test
    void modesComeFromTopologysModeList() {
        assertEquals(List.of("iptables", "nftables", "ipvs"), Podnet.kubeProxyModes());
    }

    @Test
    void iptablesOverrideRunsTheExample() {
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--kube-proxy", "iptables");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().endsWith("expectations: 1 of 1 hold\n"), r.err());
    }

    @Test
    void unknownModeIsAUsageErrorWithASuggestion() {
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--kube-proxy", "ipv");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--kube-proxy: unknown kube-proxy mode 'ipv' (did you mean 'ipvs'?); accepted:"
                + " iptables, nftables, ipvs"), r.err());
    }

    @Test
    void ipvsOverrideRunsTheExample() {
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--kube-proxy", "ipvs");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("IPVS virtual service TCP 10.96.0.10:80: scheduler rr"), r.out());
        assertTrue(r.err().endsWith("expectations: 1 of 1 hold\n"), r.err());
    }

    /** {@code ipvs.scheduler} names a scheduler the model runs; another is a diagnostic at its place. */
    @Test
    void anIpvsSchedulerTheModelLacksIsADiagnostic() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("podnet-ipvs-test");
        try {
            java.nio.file.Path f = dir.resolve("ipvs.yaml");
            String text = java.nio.file.Files.readString(java.nio.file.Path.of("examples/frontend-to-backend.yaml"));
            java.nio.file.Files.writeString(f, text.replace("kubeProxy: {mode: iptables}",
                    "kubeProxy: {mode: ipvs, ipvs: {scheduler: mh}}"));
            CliTestSupport.Result r = CliTestSupport.run("run", f.toString());
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("ipvs.yaml:18:") && r.err().contains("mh"), r.err());
            assertTrue(!r.err().contains("Exception"), r.err());
            java.nio.file.Files.writeString(f, text.replace("kubeProxy: {mode: iptables}",
                    "kubeProxy: {mode: ipvs, ipvs: {scheduler: sh}}"));
            CliTestSupport.Result ok = CliTestSupport.run("run", f.toString());
            assertEquals(0, ok.exit(), ok.err());
            assertTrue(ok.out().contains("scheduler sh picks real server 10.244.2.8:8080"), ok.out());
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> w = java.nio.file.Files.walk(dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
