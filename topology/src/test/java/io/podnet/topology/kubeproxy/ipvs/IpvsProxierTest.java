package io.podnet.topology.kubeproxy.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.ipvs.IpvsTable;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.netfilter.IpSets;
import io.podnet.sim.netfilter.Ruleset;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.spec.ClusterSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.KubeProxySpec;
import io.podnet.topology.spec.NodeSpec;
import io.podnet.topology.spec.UnderlaySpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IPVS renderer against upstream kube-proxy's own expectations ({@code pkg/proxy/ipvs/proxier_test.go}):
 * {@code TestIPv4Proxier} and {@code TestNodePortIPv4} (their IPv4 cases) for the IPVS state, the IP
 * set entries and the KUBE-SERVICES / KUBE-NODE-PORT rules ({@code checkIptables}: jump target and
 * matched set, in order). Upstream's fake node address 100.101.102.103 is passed as the node's
 * address; node port 3001 becomes 30001 (podnet enforces the API server's 30000-32767); upstream's
 * fake proxier uses {@code testHostname} as node name, here {@code test-node}.
 */
class IpvsProxierTest {
    static final List<Ipv4Address> NODE_IPS = List.of(Ipv4Address.parse("100.101.102.103"));

    private static HasMetadata svc(String type, String protocol, Integer nodePort, String etp) {
        return new ServiceBuilder().withNewMetadata().withNamespace("ns1").withName("svc1").endMetadata()
                .withNewSpec().withType(type).withClusterIP("10.20.30.41").withExternalTrafficPolicy(etp)
                .addNewPort().withName("p80").withPort(80).withProtocol(protocol).withNodePort(nodePort)
                .withTargetPort(new IntOrString(80)).endPort().endSpec().build();
    }

    /** Endpoints as {@code IP} or {@code IP@NODE}. */
    private static HasMetadata slice(String protocol, String... eps) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace("ns1").withName("svc1-1")
                .addToLabels("kubernetes.io/service-name", "svc1").endMetadata().withAddressType("IPv4")
                .addNewPort().withName("p80").withPort(80).withProtocol(protocol).endPort();
        for (String ep : eps) {
            String[] f = ep.split("@");
            if (f.length > 1) {
                b.addNewEndpoint().withAddresses(f[0]).withNodeName(f[1]).endEndpoint();
            } else {
                b.addNewEndpoint().withAddresses(f[0]).endEndpoint();
            }
        }
        return b.build();
    }

    static RenderedCluster cluster(HasMetadata... objects) {
        ClusterSpec spec = new ClusterSpec(List.of(NodeSpec.named("test-node")), UnderlaySpec.KIND,
                Ipv4Prefix.parse("10.20.0.0/16"), "cluster.local", new KubeProxySpec(KubeProxySpec.Mode.IPVS, false),
                FlannelSpec.of(Ipv4Prefix.parse("10.180.0.0/16"), FlannelSpec.Backend.VXLAN), new ArrayList<>(List.of(objects)));
        return ClusterRenderer.render(spec, 1);
    }

    static IpvsProxier.Rendered render(List<Ipv4Address> nodeIps, HasMetadata... objects) {
        RenderedCluster rc = cluster(objects);
        return new IpvsProxier(false, null, null).render(rc.cluster(), rc.cluster().nodes().get(0), nodeIps);
    }

    /** {@code (JumpChain, MatchSet)} of each rule of {@code chain} in {@code table}, as upstream's checkIptables reads them. */
    static List<String> jumps(String iptables, String chain) {
        List<String> out = new ArrayList<>();
        for (String l : iptables.split("\n")) {
            if (!l.startsWith("-A " + chain + " ")) {
                continue;
            }
            String jump = l.substring(l.indexOf(" -j ") + 4).split(" ")[0];
            int m = l.indexOf("--match-set ");
            out.add(jump + "/" + (m < 0 ? "" : l.substring(m + 12).split(" ")[0]));
        }
        return out;
    }

    @Test
    void clusterIpWithEndpointsTestIPv4Proxier() {
        IpvsProxier.Rendered r = render(NODE_IPS, svc("ClusterIP", "TCP", null, null), slice("TCP", "10.180.0.1"));
        assertEquals("-A -t 10.20.30.41:80 -s rr\n-a -t 10.20.30.41:80 -r 10.180.0.1:80 -m -w 1\n", r.ipvsadmSave());
        assertEquals(List.of(Ipv4Address.parse("10.20.30.41")), r.bound());
    }

    @Test
    void clusterIpWithoutEndpointsTestIPv4Proxier() {
        IpvsProxier.Rendered r = render(NODE_IPS, svc("ClusterIP", "TCP", null, null));
        assertEquals("-A -t 10.20.30.41:80 -s rr\n", r.ipvsadmSave());
    }

    @Test
    void nodePortTcpTestNodePortIPv4() {
        IpvsProxier.Rendered r = render(NODE_IPS, svc("NodePort", "TCP", 30001, null), slice("TCP", "10.180.0.1"));
        assertEquals("-A -t 10.20.30.41:80 -s rr\n-a -t 10.20.30.41:80 -r 10.180.0.1:80 -m -w 1\n"
                + "-A -t 100.101.102.103:30001 -s rr\n-a -t 100.101.102.103:30001 -r 10.180.0.1:80 -m -w 1\n",
                r.ipvsadmSave());
    }

    @Test
    void nodePortUdpTestNodePortIPv4() {
        IpvsProxier.Rendered r = render(NODE_IPS, svc("NodePort", "UDP", 30001, null), slice("UDP", "10.180.0.1"));
        assertEquals("-A -u 10.20.30.41:80 -s rr\n-a -u 10.20.30.41:80 -r 10.180.0.1:80 -m -w 1\n"
                + "-A -u 100.101.102.103:30001 -s rr\n-a -u 100.101.102.103:30001 -r 10.180.0.1:80 -m -w 1\n",
                r.ipvsadmSave());
        assertEquals(List.of("30001"), r.ipsets().get("KUBE-NODE-PORT-UDP"));
        // expectedIptablesChains: KUBE-NODE-PORT (nat, then filter) and KUBE-SERVICES
        assertEquals(List.of("KUBE-MARK-MASQ/KUBE-NODE-PORT-UDP", "ACCEPT/KUBE-HEALTH-CHECK-NODE-PORT"),
                jumps(r.iptables(), "KUBE-NODE-PORT"));
        List<String> services = jumps(r.iptables(), "KUBE-SERVICES");
        int masq = services.indexOf("KUBE-MARK-MASQ/KUBE-CLUSTER-IP");
        int np = services.indexOf("KUBE-NODE-PORT/");
        int accept = services.indexOf("ACCEPT/KUBE-CLUSTER-IP");
        assertTrue(masq >= 0 && np > masq && accept > np, services.toString());
    }

    @Test
    void nodePortWithoutEndpointsTestNodePortIPv4() {
        IpvsProxier.Rendered r = render(NODE_IPS, svc("NodePort", "TCP", 30001, null));
        assertEquals("-A -t 10.20.30.41:80 -s rr\n-A -t 100.101.102.103:30001 -s rr\n", r.ipvsadmSave());
    }

    @Test
    void sctpNodePortOnSeveralNodeAddressesTestNodePortIPv4() {
        List<Ipv4Address> ips = List.of(Ipv4Address.parse("100.101.102.103"), Ipv4Address.parse("100.101.102.104"),
                Ipv4Address.parse("100.101.102.105"));
        IpvsProxier.Rendered r = render(ips, svc("NodePort", "SCTP", 30001, null), slice("SCTP", "10.180.0.1"));
        StringBuilder want = new StringBuilder("-A --sctp-service 10.20.30.41:80 -s rr\n"
                + "-a --sctp-service 10.20.30.41:80 -r 10.180.0.1:80 -m -w 1\n");
        for (Ipv4Address ip : ips) {
            want.append("-A --sctp-service ").append(ip).append(":30001 -s rr\n-a --sctp-service ").append(ip)
                    .append(":30001 -r 10.180.0.1:80 -m -w 1\n");
        }
        assertEquals(want.toString(), r.ipvsadmSave());
        assertEquals(List.of("100.101.102.103,sctp:30001", "100.101.102.104,sctp:30001", "100.101.102.105,sctp:30001"),
                r.ipsets().get("KUBE-NODE-PORT-SCTP-HASH"));
    }

    @Test
    void sctpNodePortWithLocalPolicyTestNodePortIPv4() {
        IpvsProxier.Rendered r = render(NODE_IPS, svc("NodePort", "SCTP", 30001, "Local"),
                slice("SCTP", "10.180.0.1@test-node", "10.180.1.1@otherHost"));
        assertEquals("-A --sctp-service 10.20.30.41:80 -s rr\n"
                + "-a --sctp-service 10.20.30.41:80 -r 10.180.0.1:80 -m -w 1\n"
                + "-a --sctp-service 10.20.30.41:80 -r 10.180.1.1:80 -m -w 1\n"
                + "-A --sctp-service 100.101.102.103:30001 -s rr\n"
                + "-a --sctp-service 100.101.102.103:30001 -r 10.180.0.1:80 -m -w 1\n", r.ipvsadmSave());
        assertEquals(List.of("100.101.102.103,sctp:30001"), r.ipsets().get("KUBE-NODE-PORT-SCTP-HASH"));
        assertEquals(List.of("100.101.102.103,sctp:30001"), r.ipsets().get("KUBE-NODE-PORT-LOCAL-SCTP-HASH"));
        assertEquals(List.of("RETURN/KUBE-NODE-PORT-LOCAL-SCTP-HASH", "KUBE-MARK-MASQ/KUBE-NODE-PORT-SCTP-HASH",
                "ACCEPT/KUBE-HEALTH-CHECK-NODE-PORT"), jumps(r.iptables(), "KUBE-NODE-PORT"));
    }

    @Test
    void sessionAffinityIsPersistenceWithTheTimeout() {
        HasMetadata s = new ServiceBuilder().withNewMetadata().withNamespace("ns1").withName("svc1").endMetadata()
                .withNewSpec().withClusterIP("10.20.30.41").withSessionAffinity("ClientIP")
                .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(300).endClientIP().endSessionAffinityConfig()
                .addNewPort().withName("p80").withPort(80).withProtocol("TCP").withTargetPort(new IntOrString(80)).endPort()
                .endSpec().build();
        IpvsProxier.Rendered r = render(NODE_IPS, s, slice("TCP", "10.180.0.1"));
        assertTrue(r.ipvsadmSave().startsWith("-A -t 10.20.30.41:80 -s rr -p 300\n"), r.ipvsadmSave());
    }

    /** The node as programmed: kube-ipvs0 with the ClusterIP, and texts its own readers (and the simulator's) accept. */
    @Test
    void programmedNodeCarriesTheDummyDeviceAndReadableTexts() {
        RenderedCluster rc = cluster(svc("NodePort", "TCP", 30001, null), slice("TCP", "10.180.0.1"));
        NamespaceConfig ns = rc.network().namespace("test-node");
        InterfaceConfig dummy = ns.iface(IpvsProxier.DUMMY);
        assertTrue(dummy instanceof InterfaceConfig.Dummy, String.valueOf(dummy));
        assertEquals(List.of(Ipv4Prefix.parse("10.20.30.41/32")), dummy.addresses());
        IpvsTable t = IpvsTable.parse(ns.ipvs().ipvsadm());
        assertEquals(t.save(), ns.ipvs().ipvsadm());
        assertTrue(t.lookup(6, Ipv4Address.parse("10.20.30.41"), 80) != null);
        // NodePort virtual services on every node address (eth0 and the CNI's), none on kube-ipvs0's
        for (InterfaceConfig i : ns.interfaces()) {
            for (Ipv4Prefix p : i.addresses()) {
                boolean vs = t.lookup(6, p.address(), 30001) != null;
                assertEquals(!i.name().equals(IpvsProxier.DUMMY), vs, i.name() + " " + p);
            }
        }
        IpSets sets = IpSets.parse(ns.ipvs().ipsets());
        assertEquals(17, sets.names().size());
        Ruleset.parse(ns.iptables()); // the simulator's iptables-restore reader accepts it
        assertTrue(ns.iptables().contains("-A KUBE-SERVICES -m comment --comment \"Kubernetes service cluster ip + port for"
                + " masquerade purpose\" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.180.0.0/16 -j KUBE-MARK-MASQ"));
        assertTrue(ns.iptables().contains("-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT"));
    }
}
