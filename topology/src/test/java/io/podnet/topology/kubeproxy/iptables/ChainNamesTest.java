package io.podnet.topology.kubeproxy.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChainNamesTest {
    @Test
    void serviceChainsMatchKubeProxysTestExpectations() {
        assertEquals("KUBE-SVC-XPGD46QRK7WJZT7O", ChainNames.svc("ns1/svc1:p80", "tcp"));
        assertEquals("KUBE-EXT-X27LE4BHSL4DOUIK", ChainNames.ext("ns3/svc3:p80", "tcp"));
        assertEquals("KUBE-FW-NUKIZ6OKUXPJNT4C", ChainNames.fw("ns5/svc5:p80", "tcp"));
        assertEquals("KUBE-SVL-GNZBNJ2PO5MGZ6GT", ChainNames.svl("ns2/svc2:p80", "tcp"));
    }

    @Test
    void endpointChainsHashTheEndpointToo() {
        assertEquals("KUBE-SEP-SXIVWICOYRO3J4NJ", ChainNames.sep("ns1/svc1:p80", "tcp", "10.180.0.1:80"));
        assertEquals("KUBE-SEP-C6EBXVWJJZMIWKLZ", ChainNames.sep("ns4/svc4:p80", "tcp", "10.180.0.5:80"));
    }

    @Test
    void unnamedPortHasNoColon() {
        // base32(sha256("default/my-apptcp"))[:16], computed independently.
        assertEquals("KUBE-SVC-FWDTHD7PLJSQSVVA", ChainNames.svc("default/my-app", "tcp"));
    }
}
