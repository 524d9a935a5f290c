package io.podnet.sim.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressTest {
    @Test
    void parsesAndPrintsIpv4() {
        Ipv4Address a = Ipv4Address.parse("10.244.2.8");
        assertEquals("10.244.2.8", a.toString());
        assertEquals(0x0af40208, a.bits());
        assertEquals("255.255.255.255", Ipv4Address.BROADCAST.toString());
        assertTrue(Ipv4Address.parse("10.0.0.1").compareTo(Ipv4Address.parse("200.0.0.1")) < 0);
    }

    @Test
    void rejectsBadIpv4WithTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse("10.0.0.256"));
        assertTrue(e.getMessage().contains("10.0.0.256"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse("10.0.0"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse("a.b.c.d"));
    }

    @Test
    void prefixMaths() {
        Ipv4Prefix p = Ipv4Prefix.parse("10.244.0.0/16");
        assertEquals("10.244.2.0/24", p.subnet(24, 2).toString());
        assertTrue(p.contains(Ipv4Address.parse("10.244.255.1")));
        assertFalse(p.contains(Ipv4Address.parse("10.245.0.1")));
        assertEquals(65536, p.size());
        assertEquals("10.244.255.255", p.broadcast().toString());
        assertTrue(p.overlaps(Ipv4Prefix.parse("10.0.0.0/8")));
        assertFalse(p.overlaps(Ipv4Prefix.parse("10.96.0.0/12")));
        assertEquals("10.244.1.0/24", Ipv4Prefix.parse("10.244.1.7/24").canonical().toString());
        assertEquals("0.0.0.0/0", Ipv4Prefix.DEFAULT.toString());
        assertTrue(Ipv4Prefix.DEFAULT.contains(Ipv4Address.parse("1.2.3.4")));
    }

    @Test
    void rejectsPrefixOver32() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parse("10.0.0.0/33"));
        assertTrue(e.getMessage().contains("over 32"), e.getMessage());
    }

    @Test
    void macs() {
        MacAddress m = MacAddress.parse("0a:58:0a:f4:02:08");
        assertEquals("0a:58:0a:f4:02:08", m.toString());
        assertEquals(m, MacAddress.fromBytes(m.toBytes(), 0));
        MacAddress d = MacAddress.derived("node1/flannel.1");
        assertEquals(d, MacAddress.derived("node1/flannel.1"));
        assertFalse(d.isMulticast());
        assertTrue(MacAddress.BROADCAST.isBroadcast());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("zz:00:00:00:00:00"));
    }
}
