package io.podnet.sim.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code -m set} against ipset's semantics (each dimension of the set type taken from the source or
 * destination as the direction flags say; hash:ip,port entries "ADDR,PROTO:PORT", bitmap:port any
 * protocol, as ipset(8) documents), {@code -m physdev} on a packet that did not cross a bridge
 * (xt_physdev's physdev_mt without bridge info: a match only when every option used is negated) and
 * {@code -m socket} (no socket table: no match), each of the last reporting its guess with line:column.
 */
class XtSetPhysdevSocketTest {
    final Engine engine = new Engine();
    final List<String> guesses = new ArrayList<>();
    long ids;

    static final String IPSET = """
            create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x6a2d4f1e
            add KUBE-CLUSTER-IP 10.96.0.10,udp:53
            add KUBE-CLUSTER-IP 10.96.0.1,tcp:443
            create KUBE-LOOP-BACK hash:ip,port,ip family inet hashsize 1024 maxelem 65536
            add KUBE-LOOP-BACK 10.244.1.7,tcp:8080,10.244.1.7
            create cali40all-ipam-pools hash:net family inet hashsize 1024 maxelem 1048576
            add cali40all-ipam-pools 192.168.0.0/16
            create KUBE-NODE-PORT-TCP bitmap:port range 0-65535
            add KUBE-NODE-PORT-TCP 30080
            create KUBE-6-SET hash:ip family inet6 hashsize 1024 maxelem 65536
            """;

    Netfilter nf(IpSets sets, String... rules) {
        NetfilterContext ctx = new NetfilterContext() {
            @Override
            public boolean isLocalAddress(Ipv4Address a) {
                return false;
            }

            @Override
            public Ipv4Address primaryAddress(String device) {
                return null;
            }

            @Override
            public IpSets ipsets() {
                return sets;
            }

            @Override
            public void guessed(int line, int column, String assumption) {
                guesses.add(line + ":" + column + " " + assumption);
            }
        };
        return new Netfilter(Ruleset.parse(XtRecentTest.filter(rules)), new Conntrack(engine), new SplittableRandom(1),
                ctx, new Tracer(engine), "ns");
    }

    PacketBuffer tcp(String src, int sport, String dst, int dport) {
        return new PacketBuffer(++ids, "t", Packet.of(new byte[0], Ipv4Header.of(Ipv4Address.parse(src),
                Ipv4Address.parse(dst), 6, 64, 1), TcpHeader.of(sport, dport, 1, 0, TcpHeader.SYN, 65535)));
    }

    PacketBuffer udp(String src, int sport, String dst, int dport) {
        return new PacketBuffer(++ids, "u", Packet.of(new byte[0], Ipv4Header.of(Ipv4Address.parse(src),
                Ipv4Address.parse(dst), 17, 64, 1), new UdpHeader(sport, dport)));
    }

    static boolean dropped(Netfilter n, PacketBuffer b) {
        return !n.hook(Hook.INPUT, b, "eth0", null).accepted();
    }

    @Test
    void hashIpPortTakesAddressAndPortFromTheDestination() {
        Netfilter n = nf(IpSets.parse(IPSET), "-A INPUT -m set --match-set KUBE-CLUSTER-IP dst,dst -j DROP");
        assertTrue(dropped(n, udp("10.244.1.5", 40000, "10.96.0.10", 53)));
        assertFalse(dropped(n, tcp("10.244.1.5", 40000, "10.96.0.10", 53)), "the entry is udp:53");
        assertTrue(dropped(n, tcp("10.244.1.5", 40000, "10.96.0.1", 443)));
        assertFalse(dropped(n, tcp("10.96.0.1", 443, "10.244.1.5", 40000)), "dst,dst: the source is not looked at");
        assertEquals(List.of(), guesses);
    }

    @Test
    void threeDimensionsNegationNetsAndBitmapPorts() {
        IpSets s = IpSets.parse(IPSET);
        Netfilter loop = nf(s, "-A INPUT -m set --match-set KUBE-LOOP-BACK dst,dst,src -j DROP");
        assertTrue(dropped(loop, tcp("10.244.1.7", 5000, "10.244.1.7", 8080)), "hairpin to itself");
        assertFalse(dropped(loop, tcp("10.244.1.8", 5000, "10.244.1.7", 8080)));
        Netfilter pools = nf(s, "-A INPUT -m set ! --match-set cali40all-ipam-pools src -j DROP");
        assertFalse(dropped(pools, tcp("192.168.3.4", 1, "10.0.0.1", 80)), "in 192.168.0.0/16");
        assertTrue(dropped(pools, tcp("172.16.3.4", 1, "10.0.0.1", 80)), "! --match-set");
        Netfilter ports = nf(s, "-A INPUT -m set --match-set KUBE-NODE-PORT-TCP dst -j DROP");
        assertTrue(dropped(ports, tcp("1.2.3.4", 1, "10.0.0.1", 30080)));
        assertTrue(dropped(ports, udp("1.2.3.4", 1, "10.0.0.1", 30080)), "bitmap:port has no protocol");
        assertFalse(dropped(ports, tcp("1.2.3.4", 1, "10.0.0.1", 30081)));
    }

    @Test
    void anUnknownSetIsAGuessWithLineAndColumn() {
        Netfilter n = nf(null, "-A INPUT -m set --match-set cali40s:abc src -j DROP");
        assertFalse(dropped(n, tcp("1.2.3.4", 1, "10.0.0.1", 80)), "assumed not a member");
        assertEquals(1, guesses.size());
        assertTrue(guesses.get(0).startsWith("5:29 -m set --match-set cali40s:abc"), guesses.get(0));
        Netfilter v6 = nf(IpSets.parse(IPSET), "-A INPUT -m set --match-set KUBE-6-SET src -j DROP");
        assertFalse(dropped(v6, tcp("1.2.3.4", 1, "10.0.0.1", 80)));
        assertEquals(2, guesses.size(), "an inet6 set is not read: a guess, not a silent no");
    }

    @Test
    void physdevOnAnUnbridgedPacketMatchesOnlyWhenEveryOptionIsNegated() {
        Netfilter plain = nf(null, "-A INPUT -m physdev --physdev-is-bridged -j DROP");
        assertFalse(dropped(plain, tcp("1.2.3.4", 1, "10.0.0.1", 80)));
        Netfilter negated = nf(null, "-A INPUT -m physdev ! --physdev-is-bridged ! --physdev-in veth1 -j DROP");
        assertTrue(dropped(negated, tcp("1.2.3.4", 1, "10.0.0.1", 80)));
        Netfilter mixed = nf(null, "-A INPUT -m physdev ! --physdev-is-bridged --physdev-out eth+ -j DROP");
        assertFalse(dropped(mixed, tcp("1.2.3.4", 1, "10.0.0.1", 80)));
        assertEquals(3, guesses.size());
        assertTrue(guesses.get(0).startsWith("5:"), guesses.get(0));
    }

    @Test
    void socketNeverMatchesAndSaysSo() {
        Netfilter n = nf(null, "-A INPUT -p tcp -m socket --transparent --nowildcard -j DROP");
        assertFalse(dropped(n, tcp("1.2.3.4", 1, "10.0.0.1", 80)));
        assertEquals(1, guesses.size());
        assertTrue(guesses.get(0).contains("-m socket"), guesses.get(0));
        XtRecentTest.assertRefused("-A INPUT -m socket ! --transparent -j DROP", "!");
    }

    @Test
    void badSetRulesAndFilesAreRefusedWithPositions() {
        XtRecentTest.assertRefused("-A INPUT -m set --match-set X sideways -j DROP", "direction flag");
        XtRecentTest.assertRefused("-A INPUT -m set -j DROP", "without --match-set");
        XtRecentTest.assertRefused("-A INPUT -m set --match-set X src --packets-gt 5 -j DROP", "not modelled");
        ParseException e = assertThrows(ParseException.class,
                () -> IpSets.parse("create A hash:ip family inet\nadd A 10.0.0.300\n"));
        assertEquals(2, e.line());
        assertEquals(7, e.column());
        assertThrows(ParseException.class, () -> IpSets.parse("add B 10.0.0.1\n"));
    }
}
