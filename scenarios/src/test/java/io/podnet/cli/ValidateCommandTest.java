package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValidateCommandTest {
    private static final String BAD = "src/test/resources/bad/";

    @Test
    void exampleIsValid() {
        CliTestSupport.Result r = CliTestSupport.run("validate", "examples/frontend-to-backend.yaml");
        assertEquals("", r.err());
        assertEquals("examples/frontend-to-backend.yaml: valid scenario frontend-to-backend (2 nodes, 3 resources,"
                + " 1 traffic items, 1 expectations)\n", r.out());
        assertEquals(0, r.exit());
    }

    @Test
    void cidrWithPrefixOver32() {
        CliTestSupport.Result r = CliTestSupport.run("validate", BAD + "cidr-33.yaml");
        assertEquals(2, r.exit());
        assertEquals(BAD + "cidr-33.yaml:11:16: 'network': '10.244.0.0/33' is not a CIDR: prefix length 33 is over"
                + " 32; expected a.b.c.d/len with len 0-32\n1 error\n", r.err());
    }

    @Test
    void unknownFieldWithDidYouMean() {
        CliTestSupport.Result r = CliTestSupport.run("validate", BAD + "unknown-field.yaml");
        assertEquals(2, r.exit());
        assertEquals(BAD + "unknown-field.yaml:8:3: unknown field 'undrelay' in cluster (did you mean 'underlay'?);"
                + " accepted fields: nodes, underlay, serviceCIDR, kubeProxy, dns, cni, mtu, networkPolicy, external\n1 error\n", r.err());
    }

    @Test
    void podPinnedToUnknownNode() {
        CliTestSupport.Result r = CliTestSupport.run("validate", BAD + "unknown-node.yaml");
        assertEquals(2, r.exit());
        assertEquals(BAD + "unknown-node.yaml:15:17: pod web is pinned to unknown node 'node3' (did you mean"
                + " 'node1'?); nodes are: node1, node2\n1 error\n", r.err());
    }

    @Test
    void tooManyNodesForThePodNetwork() {
        CliTestSupport.Result r = CliTestSupport.run("validate", BAD + "too-many-nodes.yaml");
        assertEquals(2, r.exit());
        assertEquals(BAD + "too-many-nodes.yaml:11:18: the pod network 10.244.0.0/23 with SubnetLen 25 holds 3 node"
                + " subnets but the cluster has 4 nodes; use a larger network or a longer SubnetLen\n1 error\n",
                r.err());
    }

    @Test
    void unknownManifestFieldIsReportedAtItsLine() {
        CliTestSupport.Result r = CliTestSupport.run("validate", BAD + "manifest-typo.yaml");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(BAD + "manifest-typo.yaml:18:11: unknown field 'prots' in Pod"
                + " spec.containers[0] (did you mean 'ports'?); accepted fields: "), r.err());
    }

    @Test
    void everyErrorIsReportedOnce() {
        CliTestSupport.Result r = CliTestSupport.run("validate", BAD + "many-errors.yaml");
        assertEquals(2, r.exit());
        String f = BAD + "many-errors.yaml:";
        String[] lines = r.err().split("\n");
        assertEquals(f + "4:9: scenario name 'Many_Errors' must consist of lower-case letters, digits and '-', and"
                + " start and end with a letter or digit; expected a DNS-1123 label such as frontend-to-backend",
                lines[0]);
        assertTrue(r.err().contains(f + "11:23: 'bandwidth': unknown bandwidth unit 'Gbyte' in '10Gbyte'; expected a"
                + " bandwidth such as 10Gbit, 100Mbit, 1Gbps or 500Kbit\n"), r.err());
        assertTrue(r.err().contains(f + "13:8: unknown CNI 'calico-bgpp' (did you mean 'calico-bgp'?)"), r.err());
        assertTrue(r.err().contains(f + "18:15: 'quic' is not a valid protocol; expected one of: tcp, udp, icmp,"
                + " http, sctp\n"), r.err());
        assertTrue(r.err().contains(f + "19:14: 'request': unknown size unit 'KiBs'"), r.err());
        assertTrue(r.err().contains(f + "22:14: 'deliverd' is not a valid outcome (did you mean 'delivered'?)"),
                r.err());
        assertTrue(r.err().endsWith(" errors\n"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    /** issue 8: three files validate accepted and run refused; validate now builds the cluster as run does. */
    @Test
    void validateRefusesWhatRunWouldRefuse() {
        CliTestSupport.Result r = CliTestSupport.run("validate", BAD + "bgp-peer-not-a-node.yaml");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(BAD + "bgp-peer-not-a-node.yaml:24:20: BGPPeer tor peerIP 172.18.0.99 is neither"
                + " a node nor a rack router here"), r.err());
        r = CliTestSupport.run("validate", BAD + "pod-ip-outside-node-subnet.yaml");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(BAD + "pod-ip-outside-node-subnet.yaml:50:14: pod default/backend-fghij has"
                + " status.podIP 10.244.9.8 but runs on node node2, whose pod subnet is 10.244.2.0/24"), r.err());
        // kube-apiserver's default --service-node-port-range is 30000-32767.
        r = CliTestSupport.run("validate", BAD + "node-port-3001.yaml");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(BAD + "node-port-3001.yaml:54:13: service default/my-app asks for nodePort 3001,"
                + " outside the node port range 30000-32767"), r.err());
    }

    @Test
    void missingFileIsBadInput() {
        CliTestSupport.Result r = CliTestSupport.run("validate", "no/such.yaml");
        assertEquals(2, r.exit());
        assertEquals("no/such.yaml:1:1: no such file; give the path of a scenario file (.yaml or .json)\n1 error\n",
                r.err());
    }

    @Test
    void unknownOptionIsUsageError() {
        CliTestSupport.Result r = CliTestSupport.run("validate", "--frobnicate", "x.yaml");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("podnet: Unknown option: '--frobnicate'"), r.err());
    }

    @Test
    void helpOnEveryCommand() {
        for (String c : new String[] {"run", "demo", "validate"}) {
            CliTestSupport.Result r = CliTestSupport.run(c, "--help");
            assertEquals(0, r.exit(), c);
            assertTrue(r.out().startsWith("Usage: podnet " + c), r.out());
        }
        CliTestSupport.Result r = CliTestSupport.run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("validate"), r.out());
    }
}
