package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RulesCommandTest {
    private static final String SEED = "examples/frontend-to-backend.yaml";

    @Test
    void iptablesModePrintsTheNatTableWithAServiceEndpointChain() {
        CliTestSupport.Result r = CliTestSupport.run("rules", SEED, "--node", "node1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("*nat\n"), r.out());
        assertTrue(r.out().contains(":KUBE-SEP-"), r.out());
        assertFalse(r.out().contains("table ip kube-proxy"), r.out());
    }

    @Test
    void tableFilterKeepsOnlyThatTable() {
        CliTestSupport.Result r = CliTestSupport.run("rules", SEED, "--node", "node1", "--table", "nat");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("*nat\n"), r.out());
        assertFalse(r.out().contains("*filter"), r.out());
    }

    @Test
    void nftablesModePrintsKubeProxysTable() {
        CliTestSupport.Result r = CliTestSupport.run("rules", SEED, "--node", "node1", "--kube-proxy", "nftables");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("table ip kube-proxy {"), r.out());
        assertTrue(r.out().contains("map service-ips {"), r.out());
        assertFalse(r.out().contains("KUBE-SEP-"), r.out());
    }

    @Test
    void unknownNodeAndModeAreUsageErrors() {
        CliTestSupport.Result r = CliTestSupport.run("rules", SEED, "--node", "node9");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("--node: unknown node 'node9'"), r.err());
        r = CliTestSupport.run("rules", SEED, "--node", "node1", "--kube-proxy", "ipvsadm");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--kube-proxy: unknown kube-proxy mode 'ipvsadm'"), r.err());
    }

    /** IPVS mode: kube-ipvs0's addresses, the ipvsadm -Ln listing, ipset save, then iptables-save. */
    @Test
    void ipvsModePrintsTheIpvsTableIpSetsAndIptables() {
        CliTestSupport.Result r = CliTestSupport.run("rules", SEED, "--node", "node1", "--kube-proxy", "ipvs");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        assertTrue(out.contains("    inet 10.96.0.10/32 scope global kube-ipvs0\n"), out);
        assertTrue(out.contains("TCP  10.96.0.10:80 rr\n  -> 10.244.2.8:8080              Masq    1      0          0\n"), out);
        assertTrue(out.contains("add KUBE-CLUSTER-IP 10.96.0.10,tcp:80\n"), out);
        assertTrue(out.indexOf("# iptables-save\n*nat\n") > out.indexOf("# ipset save"), out);
        r = CliTestSupport.run("rules", SEED, "--node", "node1", "--kube-proxy", "ipvs", "--table", "ipvs");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("IP Virtual Server version 1.2.1 (size=4096)\n"), r.out());
        assertFalse(r.out().contains("*nat"), r.out());
    }
}
