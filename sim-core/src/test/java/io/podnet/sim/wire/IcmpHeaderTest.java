package io.podnet.sim.wire;

import static io.podnet.sim.wire.LinuxCaptures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IcmpHeaderTest {
    @Test
    void decodesEchoRequestAndReply() {
        Packet req = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_ECHO_REQUEST), Set.of());
        IcmpHeader r = req.last(IcmpHeader.class);
        assertEquals(IcmpHeader.echoRequest(10264, 1), r);
        assertTrue(r.isEcho());
        assertFalse(r.isError());
        assertEquals(56, req.payloadLength());
        assertEquals("ICMP echo request id 10264 seq 1", r.summary());
        Packet rep = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_ECHO_REPLY), Set.of());
        assertEquals(IcmpHeader.echoReply(10264, 1), rep.last(IcmpHeader.class));
        assertArrayEquals(req.payload(), rep.payload(), "the reply echoes the data");
        assertArrayEquals(bytes(LinuxCaptures.ICMP_ECHO_REQUEST), req.encode());
        assertArrayEquals(bytes(LinuxCaptures.ICMP_ECHO_REPLY), rep.encode());
    }

    @Test
    void decodesErrors() {
        IcmpHeader pu = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_PORT_UNREACHABLE), Set.of()).last(IcmpHeader.class);
        assertEquals(IcmpHeader.unreachable(IcmpHeader.CODE_PORT_UNREACHABLE), pu);
        assertTrue(pu.isError());
        assertEquals("ICMP port unreachable", pu.summary());
        IcmpHeader fn = Packet.decodeEthernet(bytes(LinuxCaptures.ICMP_FRAG_NEEDED), Set.of()).last(IcmpHeader.class);
        assertEquals(IcmpHeader.fragmentationNeeded(1400), fn);
        assertEquals(1400, fn.nextHopMtu());
        assertEquals("ICMP fragmentation needed, mtu 1400", fn.summary());
        assertEquals("ICMP time exceeded", new IcmpHeader(IcmpHeader.TIME_EXCEEDED, 0, 0).summary());
        assertEquals("ICMP type 13 code 0", new IcmpHeader(13, 0, 0).summary());
    }

    @Test
    void rejectsTruncationBadChecksumsAndRanges() {
        assertThrows(WireException.class, () -> IcmpHeader.decode(ByteBuffer.allocate(7)));
        byte[] frame = bytes(LinuxCaptures.ICMP_ECHO_REQUEST);
        frame[60] ^= 0x40;
        assertEquals("ICMP checksum is wrong", assertThrows(WireException.class, () -> Packet.decodeEthernet(frame, Set.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IcmpHeader(256, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new IcmpHeader(3, -1, 0));
    }
}
