package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podnet import} on the kubeadm + Flannel dump ({@code src/test/resources/import/kubeadm-flannel-3-nodes.yaml},
 * see {@code ClusterDumpImportTest}), and {@code validate}/{@code run} on the scenario that includes
 * that dump with upstream's kube-flannel.yml. The CNI guess follows what the dump shows: Flannel
 * writes {@code flannel.alpha.coreos.com/backend-type} and {@code backend-data} ({@code {"VNI":1,...}})
 * on each Node it runs on (flannel pkg/subnet/kube annotations), and kubeadm's kube-controller-manager
 * static pod carries {@code --cluster-cidr}, kube-apiserver's {@code --service-cluster-ip-range}.
 */
class ImportCommandTest {
    static final Path DIR = Path.of("src/test/resources/import");

    @TempDir
    Path tmp;

    @Test
    void theScenarioWithTheDumpAndUpstreamKubeFlannelValidatesAndRuns() {
        CliTestSupport.Result v = CliTestSupport.run("validate", DIR.resolve("kubeadm-flannel-cluster.yaml").toString());
        assertEquals(0, v.exit(), v.err());
        assertTrue(v.out().contains("valid scenario kubeadm-flannel-cluster (3 nodes"), v.out());
        CliTestSupport.Result r = CliTestSupport.run("run", DIR.resolve("kubeadm-flannel-cluster.yaml").toString(),
                "--trace", "none");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("expectations: 6 of 6 hold"), r.err());
    }

    @Test
    void importWritesAScenarioThatRunsAndSaysWhatItGuessed() throws Exception {
        Path dump = Files.copy(DIR.resolve("kubeadm-flannel-3-nodes.yaml"), tmp.resolve("cluster.yaml"));
        Path out = tmp.resolve("my-cluster.yaml");
        CliTestSupport.Result i = CliTestSupport.run("import", dump.toString(), "--out", out.toString());
        assertEquals(0, i.exit(), i.err());
        assertTrue(i.out().contains("wrote " + out + " (CNI flannel-vxlan)"), i.out());
        String yaml = Files.readString(out);
        assertTrue(yaml.contains("# CNI guessed from Node k8s-cp annotation flannel.alpha.coreos.com/backend-type: vxlan"),
                yaml);
        assertTrue(yaml.contains("network: 10.244.0.0/16"), "kube-controller-manager --cluster-cidr: " + yaml);
        assertTrue(yaml.contains("backend: {type: vxlan, vni: 1}"), yaml);
        assertTrue(yaml.contains("cidr: 192.168.56.0/24"), "the nodes' InternalIPs: " + yaml);
        assertTrue(yaml.contains("serviceCIDR: 10.96.0.0/12"), yaml);
        assertTrue(yaml.contains("  - include: cluster.yaml"), yaml);
        assertFalse(yaml.contains("  nodes:"), "the dump's Nodes are the nodes: " + yaml);
        assertTrue(yaml.contains("name: my-cluster"), yaml);
        CliTestSupport.Result r = CliTestSupport.run("run", out.toString(), "--trace", "none");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("call-backend: delivered by pod/backend-5c7d9f8b4-"), r.err());
        assertTrue(r.err().contains("expectations: 1 of 1 hold"), r.err());
    }

    @Test
    void cniOverridesTheGuess() throws Exception {
        Path dump = Files.copy(DIR.resolve("kubeadm-flannel-3-nodes.yaml"), tmp.resolve("cluster.yaml"));
        Path out = tmp.resolve("hostgw.yaml");
        CliTestSupport.Result i = CliTestSupport.run("import", dump.toString(), "--cni", "flannel-host-gw", "--out",
                out.toString());
        assertEquals(0, i.exit(), i.err());
        assertTrue(Files.readString(out).contains("  cni: flannel-host-gw   # given with --cni"));
        CliTestSupport.Result r = CliTestSupport.run("run", out.toString(), "--trace", "none");
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    @Test
    void aScenarioThatWouldNotLoadIsNotWritten() throws Exception {
        // Calico's default pool 192.168.0.0/16 overlaps the nodes' 192.168.56.0/24.
        Path dump = Files.copy(DIR.resolve("kubeadm-flannel-3-nodes.yaml"), tmp.resolve("cluster.yaml"));
        Path out = tmp.resolve("calico.yaml");
        CliTestSupport.Result i = CliTestSupport.run("import", dump.toString(), "--cni", "calico-ipip", "--out",
                out.toString());
        assertEquals(2, i.exit(), i.out());
        assertTrue(i.err().contains("nothing written"), i.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aBrokenDumpIsReportedWithItsPlaceAndNothingIsWritten() throws Exception {
        Path dump = tmp.resolve("cluster.yaml");
        Files.writeString(dump, Files.readString(DIR.resolve("kubeadm-flannel-3-nodes.yaml"))
                .replaceFirst("    podCIDR: 10.244.0.0/24", "    podCIDR: [10.244.0.0/24"));
        Path out = tmp.resolve("s.yaml");
        CliTestSupport.Result i = CliTestSupport.run("import", dump.toString(), "--out", out.toString());
        assertEquals(2, i.exit(), i.out());
        assertTrue(i.err().contains(dump + ":"), i.err());
        assertFalse(Files.exists(out));
        CliTestSupport.Result outside = CliTestSupport.run("import", DIR.resolve("kubeadm-flannel-3-nodes.yaml").toString(),
                "--out", out.toString());
        assertEquals(2, outside.exit());
        assertTrue(outside.err().contains("is outside the directory of --out"), outside.err());
        CliTestSupport.Result badCni = CliTestSupport.run("import", dump.toString(), "--cni", "flanel", "--out",
                out.toString());
        assertEquals(2, badCni.exit());
    }
}
