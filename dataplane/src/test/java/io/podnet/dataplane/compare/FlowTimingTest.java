package io.podnet.dataplane.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel-side timing rule on a hand-built exchange (the frames tshark showed for the seed example). */
class FlowTimingTest {
    private static final String C = "10.244.1.2";
    private static final String S = "10.96.0.10";

    private static FlowTiming.Seen f(long t, boolean out, int flags, int payload) {
        Ipv4Header ip = Ipv4Header.of(Ipv4Address.parse(out ? C : S), Ipv4Address.parse(out ? S : C), 6, 64, 1);
        TcpHeader tcp = TcpHeader.of(out ? 40751 : 80, out ? 80 : 40751, 1, 1, flags, 64000);
        return new FlowTiming.Seen(t, Packet.of(new byte[payload], ip, tcp));
    }

    @Test
    void handshakeAndExchangeLessTheClientsPause() {
        int syn = TcpHeader.SYN;
        int ack = TcpHeader.ACK;
        List<FlowTiming.Seen> frames = List.of(
                f(0, true, syn, 0), f(478, false, syn | ack, 0), f(503, true, ack, 0),
                f(31_628, true, ack, 327), f(31_933, false, ack, 0), f(55_954, false, ack, 4128),
                f(55_979, true, ack, 0), f(57_631, true, TcpHeader.FIN | ack, 0));
        // the client's 31,125 ns pause between its handshake ACK and its request is not network time
        assertEquals(55_954 - 31_125, FlowTiming.latency(frames, C));
        // at the server: the request in at 31,628, the answer out at 55,954
        assertEquals(55_954 - 31_628, FlowTiming.serverTime(frames, C, 40751));
    }

    @Test
    void nothingSeenIsMinusOne() {
        assertEquals(-1, FlowTiming.latency(List.of(), C));
        assertEquals(Double.NaN, new FlowTiming("a/eth0", -1, 5).ratio());
    }
}
