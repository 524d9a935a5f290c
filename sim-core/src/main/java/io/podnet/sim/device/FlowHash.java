package io.podnet.sim.device;

import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;

/**
 * The outer UDP source port of a UDP tunnel: a hash of the inner flow (addresses, protocol and
 * ports, or the MAC addresses of a non-IP frame) mapped into a port range the way the kernel's
 * {@code udp_flow_src_port} maps its flow hash. Deterministic: one flow always uses one port.
 */
final class FlowHash {
    private FlowHash() {}

    /** A port in {@code [min, max)}. */
    static int sourcePort(Packet inner, int min, int max) {
        long h = 0x9e3779b97f4a7c15L;
        Ipv4Header ip = inner.first(Ipv4Header.class);
        if (ip != null) {
            h = mix(h ^ ip.src().bits());
            h = mix(h ^ ip.dst().bits());
            h = mix(h ^ ip.protocol());
            int idx = inner.indexOf(Ipv4Header.class, 0);
            Header l4 = idx + 1 < inner.headerCount() ? inner.header(idx + 1) : null;
            if (l4 instanceof UdpHeader u) {
                h = mix(h ^ ((long) u.srcPort() << 16 | u.dstPort()));
            } else if (l4 instanceof TcpHeader t) {
                h = mix(h ^ ((long) t.srcPort() << 16 | t.dstPort()));
            }
        } else {
            EthernetHeader eth = inner.first(EthernetHeader.class);
            h = mix(h ^ eth.src().bits());
            h = mix(h ^ eth.dst().bits());
        }
        long hash = h & 0xffffffffL;
        hash = (hash ^ (hash << 16)) & 0xffffffffL;
        return (int) ((hash * (max - min)) >>> 32) + min;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** ECN on encapsulation: the inner ECT bits are copied to the outer TOS; CE becomes ECT(0) (INET_ECN_encapsulate). */
    static int ecnEncap(int innerTos) {
        int ecn = innerTos & 3;
        return ecn == 3 ? 2 : ecn;
    }
}
