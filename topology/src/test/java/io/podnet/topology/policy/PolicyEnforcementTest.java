package io.podnet.topology.policy;

import static io.podnet.topology.policy.PolicyFixtures.ALLOW_FRONTEND;
import static io.podnet.topology.policy.PolicyFixtures.DENY_ALL;
import static io.podnet.topology.policy.PolicyFixtures.base;
import static io.podnet.topology.policy.PolicyFixtures.policy;
import static io.podnet.topology.policy.PolicyFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Conntrack;
import io.podnet.sim.netfilter.Hook;
import io.podnet.sim.netfilter.Netfilter;
import io.podnet.sim.netfilter.NetfilterContext;
import io.podnet.sim.netfilter.Ruleset;
import io.podnet.sim.netfilter.Verdict;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.topology.TopologyException;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.render.RenderedCluster;
import io.podnet.topology.spec.PolicySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Policies rendered for a node and evaluated by sim-core's netfilter on packets, as the node would
 * forward them (PREROUTING, FORWARD, POSTROUTING).
 */
class PolicyEnforcementTest {
    private long ids;

    static RenderedCluster render(List<HasMetadata> extra, PolicySpec.Enforcement e) {
        List<HasMetadata> objects = new ArrayList<>(base());
        objects.addAll(extra);
        return ClusterRenderer.render(spec(objects, e), 42);
    }

    static Netfilter netfilter(RenderedCluster rc, String node) {
        Engine engine = new Engine();
        return new Netfilter(Ruleset.parse(rc.network().namespace(node).iptables()), new Conntrack(engine),
                new SplittableRandom(1), new NetfilterContext() {
                    @Override
                    public boolean isLocalAddress(Ipv4Address a) {
                        return false;
                    }

                    @Override
                    public Ipv4Address primaryAddress(String device) {
                        return null;
                    }
                }, new Tracer(engine), node);
    }

    PacketBuffer tcp(String src, int sport, String dst, int dport, int flags) {
        return new PacketBuffer(++ids, "t", Packet.of(new byte[0], Ipv4Header.of(Ipv4Address.parse(src),
                Ipv4Address.parse(dst), 6, 64, 1), TcpHeader.of(sport, dport, 1000, flags == TcpHeader.SYN ? 0 : 1, flags, 65535)));
    }

    PacketBuffer udp(String src, int sport, String dst, int dport) {
        return new PacketBuffer(++ids, "u", Packet.of(new byte[0], Ipv4Header.of(Ipv4Address.parse(src),
                Ipv4Address.parse(dst), 17, 64, 1), new UdpHeader(sport, dport)));
    }

    static Verdict forward(Netfilter nf, PacketBuffer b, String in, String out) {
        Verdict v = nf.hook(Hook.PREROUTING, b, in, null);
        if (!v.accepted()) {
            return v;
        }
        v = nf.hook(Hook.FORWARD, b, in, out);
        if (!v.accepted()) {
            return v;
        }
        return nf.hook(Hook.POSTROUTING, b, null, out);
    }

    /** Node2's filter table with the policy chains, as iptables-save would list it. */
    @Test
    void felixLayoutGolden() throws IOException {
        RenderedCluster rc = render(List.of(policy(DENY_ALL), policy(ALLOW_FRONTEND)), PolicySpec.Enforcement.CALICO);
        String text = rc.network().namespace("node2").iptables();
        String filter = text.substring(0, text.indexOf("COMMIT\n") + 7);
        if (Boolean.getBoolean("podnet.updateGolden")) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(
                    "src/test/resources/io/podnet/topology/policy/node2-filter.rules"), filter);
        }
        assertEquals(golden("node2-filter.rules"), filter);
        // node1 has no pod any policy selects: its workloads get the accept-mark rule only.
        String node1 = rc.network().namespace("node1").iptables();
        assertTrue(node1.contains("-A cali-tw-"), node1);
        assertFalse(node1.contains("networkpolicy/prod"), node1);
        Ruleset.parse(text); // loads
    }

    @Test
    void denyAllPlusAllowFrontendOnNamedPort() {
        RenderedCluster rc = render(List.of(policy(DENY_ALL), policy(ALLOW_FRONTEND)), PolicySpec.Enforcement.CALICO);
        Netfilter nf = netfilter(rc, "node2");
        PacketBuffer syn = tcp("10.244.1.10", 40000, "10.244.2.20", 8080, TcpHeader.SYN);
        assertTrue(forward(nf, syn, "flannel.1", "cni0").accepted());
        PacketBuffer synAck = tcp("10.244.2.20", 8080, "10.244.1.10", 40000, TcpHeader.SYN | TcpHeader.ACK);
        assertTrue(forward(nf, synAck, "cni0", "flannel.1").accepted(), "the reply is ESTABLISHED");
        // Another port of the backend, or another pod, or the db: dropped and named.
        Verdict v = forward(nf, tcp("10.244.1.10", 40001, "10.244.2.20", 9090, TcpHeader.SYN), "flannel.1", "cni0");
        assertEquals(Verdict.Action.DROP, v.action());
        assertTrue(v.rule().contains("networkpolicy/prod/allow-frontend networkpolicy/prod/deny-all: no policy selecting"
                + " prod/backend allows ingress"), v.rule());
        v = forward(nf, tcp("10.244.1.11", 40002, "10.244.2.20", 8080, TcpHeader.SYN), "flannel.1", "cni0");
        assertEquals(Verdict.Action.DROP, v.action());
        v = forward(nf, tcp("10.244.1.10", 40003, "10.244.2.21", 5432, TcpHeader.SYN), "flannel.1", "cni0");
        assertEquals(Verdict.Action.DROP, v.action());
        assertTrue(v.rule().contains("networkpolicy/prod/deny-all: no policy selecting prod/db allows ingress"), v.rule());
        // Egress is not isolated: the backend may open connections.
        assertTrue(forward(nf, tcp("10.244.2.20", 41000, "10.244.1.11", 80, TcpHeader.SYN), "cni0", "flannel.1").accepted());
    }

    /**
     * Same-node traffic: the source's egress chain sets the accept mark (it is not isolated); the
     * destination's ingress chain must clear it first, as every Felix endpoint chain does, or a
     * default-deny ingress is bypassed (issue 8).
     */
    @Test
    void sameNodeIngressIsNotBypassedByTheEgressMark() {
        String denyDefault = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'deny',"
                + "'namespace':'default'},'spec':{'podSelector':{},'policyTypes':['Ingress']}}";
        RenderedCluster rc = render(List.of(policy(denyDefault)), PolicySpec.Enforcement.CALICO);
        Netfilter nf = netfilter(rc, "node1");
        Verdict v = forward(nf, tcp("10.244.1.11", 33100, "10.244.1.10", 80, TcpHeader.SYN), "cni0", "cni0");
        assertEquals(Verdict.Action.DROP, v.action());
        assertTrue(v.rule().contains("networkpolicy/default/deny") && v.rule().contains("default/frontend"), v.rule());
        // Every workload chain starts with the clear.
        for (String line : rc.network().namespace("node1").iptables().split("\n")) {
            if (line.startsWith(":cali-tw-") || line.startsWith(":cali-fw-")) {
                String chain = line.substring(1, line.indexOf(' '));
                String text = rc.network().namespace("node1").iptables();
                int first = text.indexOf("-A " + chain + " ");
                assertTrue(text.substring(first, text.indexOf('\n', first)).endsWith(FelixRules.MARK_CLEAR), chain);
            }
        }
    }

    /**
     * Upstream e2e ("should not allow access by TCP when a policy specifies only SCTP", and the SCTP
     * cases' "must be accepted"): an SCTP port is accepted, rendered as {@code -p sctp -m sctp --dport},
     * and isolates the selected pod for every other protocol.
     *
     * <p>NEEDS {@code -m sctp} IN sim-core's evaluator (netfilter branch): until that has landed, the
     * ruleset does not parse and the evaluation half of this test is skipped (assumption), not failed.
     */
    @Test
    void sctpOnlyIngressIsAcceptedAndIsolatesForTcp() {
        String sctp = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'sctp-only',"
                + "'namespace':'prod'},'spec':{'podSelector':{'matchLabels':{'app':'db'}},'ingress':[{'ports':"
                + "[{'protocol':'SCTP','port':5432}]}]}}";
        RenderedCluster rc = render(List.of(policy(sctp)), PolicySpec.Enforcement.CALICO);
        String rules = rc.network().namespace("node2").iptables();
        assertTrue(rules.contains("-p sctp -m sctp --dport 5432 -j MARK --set-xmark 0x10000/0x10000"), rules);
        assertTrue(rules.contains("networkpolicy/prod/sctp-only ingress[0] any peer ports[0] SCTP/5432"), rules);
        Netfilter nf;
        try {
            nf = netfilter(rc, "node2");
        } catch (io.podnet.sim.netfilter.ParseException | IllegalArgumentException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false,
                    "sim-core cannot evaluate -m sctp yet (netfilter branch): " + e.getMessage());
            return;
        }
        Verdict v = forward(nf, tcp("10.244.1.10", 1, "10.244.2.21", 5432, TcpHeader.SYN), "flannel.1", "cni0");
        assertEquals(Verdict.Action.DROP, v.action(), "TCP to a pod an SCTP-only policy selects");
        assertTrue(v.rule().contains("networkpolicy/prod/sctp-only"), v.rule());
        assertEquals(Verdict.Action.DROP, forward(nf, udp("10.244.1.10", 2, "10.244.2.21", 5432), "flannel.1", "cni0")
                .action(), "UDP too");
        assertTrue(forward(nf, tcp("10.244.1.10", 3, "10.244.2.20", 8080, TcpHeader.SYN), "flannel.1", "cni0").accepted(),
                "backend is not selected");
    }

    @Test
    void namespaceSelectorAloneVersusTogetherWithPodSelector() {
        // Two peers (OR): pods of namespaces env=staging, or app=frontend pods of prod itself.
        String or = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'or','namespace':'prod'},"
                + "'spec':{'podSelector':{'matchLabels':{'app':'backend'}},'ingress':[{'from':["
                + "{'namespaceSelector':{'matchLabels':{'env':'staging'}}},{'podSelector':{'matchLabels':{'app':'frontend'}}}]}]}}";
        RenderedCluster rc = render(List.of(policy(or)), PolicySpec.Enforcement.CALICO);
        Netfilter nf = netfilter(rc, "node2");
        assertTrue(forward(nf, tcp("10.244.1.12", 1, "10.244.2.20", 8080, TcpHeader.SYN), "flannel.1", "cni0").accepted());
        // default/frontend is app=frontend but not in prod: a podSelector-only peer means the policy's namespace.
        assertEquals(Verdict.Action.DROP,
                forward(nf, tcp("10.244.1.10", 2, "10.244.2.20", 8080, TcpHeader.SYN), "flannel.1", "cni0").action());

        // One peer (AND): app=tool pods in env=staging namespaces only.
        String and = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'and','namespace':'prod'},"
                + "'spec':{'podSelector':{},'ingress':[{'from':[{'namespaceSelector':{'matchExpressions':[{'key':'env',"
                + "'operator':'In','values':['staging','dev']}]},'podSelector':{'matchLabels':{'app':'frontend'}}}]}]}}";
        rc = render(List.of(policy(and)), PolicySpec.Enforcement.CALICO);
        nf = netfilter(rc, "node2");
        assertEquals(Verdict.Action.DROP,
                forward(nf, tcp("10.244.1.12", 3, "10.244.2.20", 8080, TcpHeader.SYN), "flannel.1", "cni0").action());
        assertEquals(Verdict.Action.DROP,
                forward(nf, tcp("10.244.1.10", 4, "10.244.2.20", 8080, TcpHeader.SYN), "flannel.1", "cni0").action());
    }

    @Test
    void ipBlockWithExceptAndPortRanges() {
        String p = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'cidr','namespace':'prod'},"
                + "'spec':{'podSelector':{'matchLabels':{'app':'db'}},'ingress':[{'from':[{'ipBlock':{'cidr':'10.244.1.0/24',"
                + "'except':['10.244.1.11/32']}}],'ports':[{'protocol':'TCP','port':5000,'endPort':5500},{'protocol':'UDP','port':53}]}]}}";
        RenderedCluster rc = render(List.of(policy(p)), PolicySpec.Enforcement.CALICO);
        String rules = rc.network().namespace("node2").iptables();
        // The comments name what decided: policy, rule index, peer, port.
        assertTrue(rules.contains("--comment \"networkpolicy/prod/cidr ingress[0] from[0] ipBlock 10.244.1.0/24 ports[0]"
                + " TCP/5000-5500\""), rules);
        assertTrue(rules.contains("--comment \"networkpolicy/prod/cidr ingress[0] from[0] ipBlock 10.244.1.0/24 ports[1]"
                + " UDP/53\""), rules);
        assertTrue(rules.contains("--comment \"networkpolicy/prod/cidr ingress[0] from[0] except 10.244.1.11/32\""), rules);
        Netfilter nf = netfilter(rc, "node2");
        assertTrue(forward(nf, tcp("10.244.1.10", 1, "10.244.2.21", 5432, TcpHeader.SYN), "flannel.1", "cni0").accepted());
        assertTrue(forward(nf, tcp("10.244.1.10", 2, "10.244.2.21", 5500, TcpHeader.SYN), "flannel.1", "cni0").accepted());
        assertTrue(forward(nf, udp("10.244.1.10", 3, "10.244.2.21", 53), "flannel.1", "cni0").accepted());
        Verdict v = forward(nf, tcp("10.244.1.10", 4, "10.244.2.21", 5501, TcpHeader.SYN), "flannel.1", "cni0");
        assertEquals(Verdict.Action.DROP, v.action(), "above endPort");
        assertEquals(Verdict.Action.DROP, forward(nf, tcp("10.244.1.10", 5, "10.244.2.21", 53, TcpHeader.SYN),
                "flannel.1", "cni0").action(), "53 is allowed for UDP only");
        assertEquals(Verdict.Action.DROP, forward(nf, tcp("10.244.1.11", 6, "10.244.2.21", 5432, TcpHeader.SYN),
                "flannel.1", "cni0").action(), "excepted address");
        assertEquals(Verdict.Action.DROP, forward(nf, tcp("172.18.0.9", 7, "10.244.2.21", 5432, TcpHeader.SYN),
                "eth0", "cni0").action(), "outside the block");
        // backend is not selected by this policy.
        assertTrue(forward(nf, tcp("172.18.0.9", 8, "10.244.2.20", 8080, TcpHeader.SYN), "eth0", "cni0").accepted());
    }

    @Test
    void egressDenyBlocksDnsUnlessAllowed() {
        String denyEgress = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'no-egress',"
                + "'namespace':'default'},'spec':{'podSelector':{'matchLabels':{'app':'frontend'}},'policyTypes':['Egress']}}";
        RenderedCluster rc = render(List.of(policy(denyEgress)), PolicySpec.Enforcement.CALICO);
        Netfilter nf = netfilter(rc, "node1");
        Verdict v = forward(nf, udp("10.244.1.10", 33000, "10.244.2.21", 53), "cni0", "flannel.1");
        assertEquals(Verdict.Action.DROP, v.action());
        assertTrue(v.rule().contains("networkpolicy/default/no-egress: no policy selecting default/frontend allows egress"),
                v.rule());
        assertTrue(forward(nf, udp("10.244.1.11", 33000, "10.244.2.21", 53), "cni0", "flannel.1").accepted(),
                "other is not selected");

        String allowDns = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'dns',"
                + "'namespace':'default'},'spec':{'podSelector':{},'policyTypes':['Egress'],'egress':[{'to':[{'namespaceSelector':"
                + "{'matchLabels':{'kubernetes.io/metadata.name':'prod'}},'podSelector':{'matchLabels':{'app':'db'}}}],"
                + "'ports':[{'protocol':'UDP','port':53}]},{'to':[{'podSelector':{}, 'namespaceSelector':{}}],'ports':[{'port':'http'}]}]}}";
        rc = render(List.of(policy(denyEgress), policy(allowDns)), PolicySpec.Enforcement.CALICO);
        nf = netfilter(rc, "node1");
        assertTrue(forward(nf, udp("10.244.1.10", 33001, "10.244.2.21", 53), "cni0", "flannel.1").accepted());
        assertEquals(Verdict.Action.DROP, forward(nf, udp("10.244.1.10", 33002, "10.244.2.20", 53), "cni0", "flannel.1")
                .action(), "DNS allowed to the db pod only");
        // Egress named port 'http' resolves on the peer: prod/backend has http=8080.
        assertTrue(forward(nf, tcp("10.244.1.10", 33003, "10.244.2.20", 8080, TcpHeader.SYN), "cni0", "flannel.1").accepted());
        assertEquals(Verdict.Action.DROP, forward(nf, tcp("10.244.1.10", 33004, "10.244.2.21", 8080, TcpHeader.SYN),
                "cni0", "flannel.1").action(), "db has no port named http");
        // Same-node bridged traffic (in = out = cni0) is checked too.
        assertEquals(Verdict.Action.DROP, forward(nf, tcp("10.244.1.10", 33005, "10.244.1.11", 80, TcpHeader.SYN),
                "cni0", "cni0").action());
    }

    /** Calico enforces by default (auto) and dispatches on its routed cali interfaces. */
    @Test
    void calicoEnforcesOnItsCaliInterfaces() {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(PolicyFixtures.namespace("prod", "'env':'prod'"));
        for (HasMetadata o : base()) {
            if (o instanceof io.fabric8.kubernetes.api.model.Pod p) {
                p.setStatus(null); // Calico's IPAM gives the addresses
                objects.add(p);
            }
        }
        objects.add(policy(DENY_ALL));
        objects.add(policy(ALLOW_FRONTEND));
        var base = spec(objects, PolicySpec.Enforcement.AUTO);
        var calico = new io.podnet.topology.spec.ClusterSpec(base.nodes(), base.underlay(), base.serviceCidr(),
                base.clusterDomain(), base.kubeProxy(), io.podnet.topology.spec.CalicoSpec.of(
                io.podnet.topology.spec.CalicoSpec.Design.VXLAN), objects, PolicySpec.AUTO, null);
        RenderedCluster rc = ClusterRenderer.render(calico, 42);
        var node2 = rc.network().namespace("node2");
        var backend = rc.cluster().pod("prod", "backend");
        String cali = null;
        for (var i : node2.interfaces()) {
            if (i instanceof io.podnet.sim.config.InterfaceConfig.Veth v && v.peerNamespace().equals(backend.netns())) {
                cali = v.name();
            }
        }
        assertTrue(cali != null && cali.startsWith("cali"), String.valueOf(cali));
        assertTrue(node2.iptables().contains("-A cali-to-wl-dispatch -o " + cali + " -m comment --comment \"pod prod/backend\""
                + " -g cali-tw-" + cali), node2.iptables());
        Netfilter nf = netfilter(rc, "node2");
        String fe = rc.cluster().pod("default", "frontend").ip().toString();
        String other = rc.cluster().pod("default", "other").ip().toString();
        String be = backend.ip().toString();
        assertTrue(forward(nf, tcp(fe, 1, be, 8080, TcpHeader.SYN), "vxlan.calico", cali).accepted());
        Verdict v = forward(nf, tcp(other, 2, be, 8080, TcpHeader.SYN), "vxlan.calico", cali);
        assertEquals(Verdict.Action.DROP, v.action());
        assertTrue(v.rule().contains("networkpolicy/prod/deny-all"), v.rule());
    }

    @Test
    void flannelAloneDoesNotEnforce() {
        RenderedCluster rc = render(List.of(policy(DENY_ALL)), PolicySpec.Enforcement.AUTO);
        assertFalse(rc.network().namespace("node2").iptables().contains("cali-"));
        rc = render(List.of(policy(DENY_ALL)), PolicySpec.Enforcement.NONE);
        assertFalse(rc.network().namespace("node2").iptables().contains("cali-"));
        // With no policy at all, enforcement adds nothing.
        rc = render(List.of(), PolicySpec.Enforcement.CALICO);
        assertFalse(rc.network().namespace("node2").iptables().contains("cali-"));
    }

    @Test
    void invalidPoliciesAreReportedByName() {
        String bad = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'bad','namespace':'prod'},"
                + "'spec':{'podSelector':{},'ingress':[{'from':[{'ipBlock':{'cidr':'10.0.0.0/8','except':['192.168.0.0/16']}}]}]}}";
        TopologyException e = assertThrows(TopologyException.class,
                () -> render(List.of(policy(bad)), PolicySpec.Enforcement.NONE));
        assertEquals("networkpolicy/prod/bad", e.subject());
        assertTrue(e.getMessage().contains("spec.ingress[0].from[0].ipBlock.except 192.168.0.0/16 is not inside the cidr"),
                e.getMessage());
        String range = "{'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'r','namespace':'prod'},"
                + "'spec':{'podSelector':{},'ingress':[{'ports':[{'port':'http','endPort':90}]}]}}";
        e = assertThrows(TopologyException.class, () -> render(List.of(policy(range)), PolicySpec.Enforcement.CALICO));
        assertTrue(e.getMessage().contains("endPort needs a numeric port"), e.getMessage());
    }

    /** The rendered text loads into the real iptables-restore (root only; otherwise skipped). */
    @Test
    void loadsIntoTheKernel() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                && java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/iptables-restore")), "needs root");
        RenderedCluster rc = render(List.of(policy(DENY_ALL), policy(ALLOW_FRONTEND)), PolicySpec.Enforcement.CALICO);
        String ns = "podnet-policy-" + ProcessHandle.current().pid();
        org.junit.jupiter.api.Assumptions.assumeTrue(exec(List.of("ip", "netns", "add", ns), null).startsWith("0:"));
        try {
            for (String node : List.of("node1", "node2")) {
                String out = exec(List.of("ip", "netns", "exec", ns, "iptables-restore", "--test"),
                        rc.network().namespace(node).iptables());
                assertTrue(out.startsWith("0:"), out);
            }
        } finally {
            exec(List.of("ip", "netns", "del", ns), null);
        }
    }

    private static String exec(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "-1: timed out";
        }
        return p.exitValue() + ": " + out;
    }

    static String golden(String name) throws IOException {
        try (InputStream in = PolicyEnforcementTest.class.getResourceAsStream(name)) {
            if (in == null) {
                return "(missing golden file " + name + ")";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
