package io.podnet.sim.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.UdpHeader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IcmpErrorsTest {
    private static final Ipv4Address A = Ipv4Address.parse("10.0.1.2");
    private static final Ipv4Address B = Ipv4Address.parse("10.0.2.2");
    private static final Ipv4Address R = Ipv4Address.parse("10.0.1.1");

    private static Packet udp(int tos, int payload) {
        Ipv4Header ip = new Ipv4Header(tos, 77, true, false, 0, 63, Ipv4Header.PROTO_UDP, A, B);
        return Packet.of(new byte[payload], ip, new UdpHeader(40000, 53));
    }

    @Test
    void quotesTheDatagramFromItsIpv4HeaderUpTo548Bytes() {
        Packet small = udp(0, 12);
        Packet err = IcmpErrors.error(small, R, 0x12345, 3, 3, 0);
        Ipv4Header ip = err.first(Ipv4Header.class);
        assertEquals(R, ip.src());
        assertEquals(A, ip.dst());
        assertEquals(0x2345, ip.identification());
        assertEquals(IcmpErrors.TTL, ip.ttl());
        assertEquals(IcmpErrors.ERROR_TOS, ip.tos());
        assertEquals(3, err.first(IcmpHeader.class).code());
        assertArrayEquals(small.encode(), err.payload(), "a small datagram is quoted whole");

        Packet big = udp(0, 1400);
        assertArrayEquals(Arrays.copyOf(big.encode(), IcmpErrors.MAX_QUOTE), IcmpErrors.error(big, R, 1, 3, 4, 1000).payload());
    }

    @Test
    void keepsTheOriginalTosBitsUnderInternetworkControlPrecedence() {
        // __icmp_send: tos = RT_TOS(iph->tos) | IPTOS_PREC_INTERNETCONTROL; ECN and precedence are dropped.
        assertEquals(0xc0 | 0x10, IcmpErrors.error(udp(0x10, 8), R, 1, 3, 3, 0).first(Ipv4Header.class).tos());
        assertEquals(0xc0, IcmpErrors.error(udp(0xe1, 8), R, 1, 3, 3, 0).first(Ipv4Header.class).tos());
    }
}
