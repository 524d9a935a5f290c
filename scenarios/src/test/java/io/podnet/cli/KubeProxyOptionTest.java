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
    void aModeTheRendererLacksIsADiagnosticNotAStackTrace() {
        CliTestSupport.Result r = CliTestSupport.run("run", "examples/frontend-to-backend.yaml", "--kube-proxy", "ipvs");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("examples/frontend-to-backend.yaml:") && r.err().contains("ipvs"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }
}
