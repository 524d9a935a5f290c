package io.podnet.sim.wire;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import java.nio.ByteBuffer;

/** ARP for Ethernet/IPv4 (htype 1, ptype 0x0800, hlen 6, plen 4). */
public record ArpPacket(int operation, MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac, Ipv4Address targetIp)
        implements Header {
    public static final int LENGTH = 28;
    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    public ArpPacket {
        if (operation != REQUEST && operation != REPLY) {
            throw new IllegalArgumentException("ARP operation must be 1 (request) or 2 (reply), was " + operation);
        }
        if (senderMac == null || senderIp == null || targetMac == null || targetIp == null) {
            throw new IllegalArgumentException("ARP fields must not be null");
        }
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    public void encode(ByteBuffer buf) {
        buf.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) operation);
        buf.put(senderMac.toBytes()).putInt(senderIp.bits()).put(targetMac.toBytes()).putInt(targetIp.bits());
    }

    public static ArpPacket decode(ByteBuffer buf) {
        WireException.need(buf, LENGTH, "ARP packet");
        int htype = buf.getShort() & 0xffff;
        int ptype = buf.getShort() & 0xffff;
        int hlen = buf.get() & 0xff;
        int plen = buf.get() & 0xff;
        if (htype != 1 || ptype != 0x0800 || hlen != 6 || plen != 4) {
            throw new WireException("unsupported ARP: htype=" + htype + " ptype=0x" + Integer.toHexString(ptype));
        }
        int op = buf.getShort() & 0xffff;
        if (op != REQUEST && op != REPLY) {
            throw new WireException("unsupported ARP operation " + op);
        }
        byte[] m = new byte[6];
        buf.get(m);
        MacAddress sm = MacAddress.fromBytes(m, 0);
        Ipv4Address si = new Ipv4Address(buf.getInt());
        buf.get(m);
        MacAddress tm = MacAddress.fromBytes(m, 0);
        Ipv4Address ti = new Ipv4Address(buf.getInt());
        return new ArpPacket(op, sm, si, tm, ti);
    }

    @Override
    public String summary() {
        return operation == REQUEST
                ? "ARP who-has " + targetIp + " tell " + senderIp
                : "ARP " + senderIp + " is-at " + senderMac;
    }
}
