package io.podnet.sim.trace.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podnet.sim.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTraceRendererTest {
    @Test
    void oneLinePerEvent() {
        String text = TextTraceRenderer.render(SampleTrace.events().subList(0, 6), false);
        assertEquals(""
                + "       0.000us  frontend/eth0            SEND       frontend connects to 10.96.0.10:80 (SYN)\n"
                + "       0.000us  frontend/eth0            ROUTE      default route: next hop 10.244.0.1 on eth0\n"
                + "       0.000us  frontend/eth0            TX         eth0 sends the frame to the node's veth\n"
                + "       1.250us  node1/veth1a2b           RX         veth1a2b receives from frontend\n"
                + "       1.250us  node1/cni0               BRIDGE     cni0 delivers to the host (destination MAC is the bridge)\n"
                + "       2.000us  node1/netfilter          NETFILTER  kube-proxy DNAT: service 10.96.0.10:80 -> pod 10.244.1.7:80\n",
                text);
    }

    @Test
    void verboseAddsDecisionAndHeaders() {
        List<TraceEvent> ev = SampleTrace.events();
        assertEquals(""
                + "       2.000us  node1/netfilter          NETFILTER  kube-proxy DNAT: service 10.96.0.10:80 -> pod 10.244.1.7:80  [web]\n"
                + "                rule nat/KUBE-SEP-ABCDEF #2: -A KUBE-SEP-ABCDEF -p tcp -m tcp -j DNAT --to-destination 10.244.1.7:80  => DNAT\n"
                + "                before: Ethernet 0a:58:0a:f4:00:05 > 0a:58:0a:f4:00:01 type IPv4 | IPv4 10.244.0.5 > 10.96.0.10 ttl 64 proto tcp id 4242 DF"
                + " | TCP 43512 > 80 [S] seq 1000 win 64860 mss 1410 sackOK TS 1/0 wscale 7\n"
                + "                after:  Ethernet 0a:58:0a:f4:00:05 > 0a:58:0a:f4:00:01 type IPv4 | IPv4 10.244.0.5 > 10.244.1.7 ttl 64 proto tcp id 4242 DF"
                + " | TCP 43512 > 80 [S] seq 1000 win 64860 mss 1410 sackOK TS 1/0 wscale 7\n",
                TextTraceRenderer.format(ev.get(5), true));
        assertEquals("       3.000us  node1/flannel.1          ENCAP      wrapped in VXLAN for node2  [web]\n"
                        + "                tunnel vxlan vni 1: outer 192.168.1.10 -> 192.168.1.11 port 8472, +50 bytes\n",
                TextTraceRenderer.format(ev.get(9), true).lines().limit(2).map(l -> l + "\n").reduce("", String::concat));
        String route = TextTraceRenderer.format(ev.get(7), true);
        assertEquals("       2.500us  node1                    ROUTE      10.244.1.0/24 is node2's pod CIDR, via flannel.1  [web]\n"
                + "                route table main: 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink  => via 10.244.1.0 dev flannel.1\n",
                route.lines().limit(2).map(l -> l + "\n").reduce("", String::concat));
        assertEquals("                drop NETWORK_POLICY: no policy in namespace default allows 10.244.0.5",
                TextTraceRenderer.format(ev.get(15), true).lines().skip(1).findFirst().orElseThrow());
        assertEquals("                link node1/eth0<->node2/eth0: serialisation 1.072us, propagation 10.000us, queue 0.000us",
                TextTraceRenderer.format(ev.get(11), true).lines().skip(1).findFirst().orElseThrow());
        assertEquals("      20.000us  node1                    NOTE       kube-proxy resynced\n", TextTraceRenderer.format(ev.get(16), true));
    }

    @Test
    void encapsulatedPacketsShowTheInnerFrameOnItsOwnLine() {
        assertEquals(""
                + "       3.500us  node1/eth0               TX         eth0 sends the VXLAN datagram to node2  [web]\n"
                + "                packet: Ethernet 02:00:00:00:0a:01 > 02:00:00:00:0a:02 type IPv4 | IPv4 192.168.1.10 > 192.168.1.11"
                + " ttl 64 proto udp id 17 | UDP 48134 > 8472 | VXLAN vni 1\n"
                + "                 inner: Ethernet 0a:aa:aa:00:00:01 > 0a:aa:aa:00:00:02 type IPv4 | IPv4 10.244.0.5 > 10.244.1.7"
                + " ttl 63 proto tcp id 4242 DF | TCP 43512 > 80 [S] seq 1000 win 64860 mss 1410 sackOK TS 1/0 wscale 7\n",
                TextTraceRenderer.format(SampleTrace.events().get(10), true));
    }

    @Test
    void listenerAppendsAndIsDeterministic() {
        StringBuilder sb = new StringBuilder();
        TextTraceRenderer r = new TextTraceRenderer(sb, true);
        SampleTrace.events().forEach(r::onEvent);
        assertEquals(TextTraceRenderer.render(SampleTrace.events(), true), sb.toString());
        assertEquals(" 1234567.891us", TextTraceRenderer.time(1_234_567_891L));
        assertThrows(IllegalArgumentException.class, () -> new TextTraceRenderer(null, false));
    }
}
