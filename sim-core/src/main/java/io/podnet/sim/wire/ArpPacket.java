package io.podnet.sim.wire;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * ARP for Ethernet/IPv4 (htype 1, ptype 0x0800, hlen 6, plen 4). Linux sends a request with a zero
 * target hardware address to the broadcast MAC, and answers with a unicast reply; the factories
 * below build exactly those.
 */
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

    /** {@code who-has targetIp tell senderIp}, target hardware address 00:00:00:00:00:00. */
    public static ArpPacket request(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp) {
        return new ArpPacket(REQUEST, senderMac, senderIp, MacAddress.ZERO, targetIp);
    }

    /** {@code senderIp is-at senderMac}, addressed to the asker. */
    public static ArpPacket reply(MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac, Ipv4Address targetIp) {
        return new ArpPacket(REPLY, senderMac, senderIp, targetMac, targetIp);
    }

    /** A gratuitous ARP announcing {@code ip is-at mac} (a request for one's own address). */
    public static ArpPacket gratuitous(MacAddress mac, Ipv4Address ip) {
        return new ArpPacket(REQUEST, mac, ip, MacAddress.ZERO, ip);
    }

    public boolean isRequest() {
        return operation == REQUEST;
    }

    /** The reply the owner of {@link #targetIp()} (at {@code ownerMac}) sends to this request. */
    public ArpPacket replyFrom(MacAddress ownerMac) {
        if (operation != REQUEST) {
            throw new IllegalArgumentException("only a request can be answered, this is: " + summary());
        }
        return reply(ownerMac, targetIp, senderMac, senderIp);
    }

    /** This ARP packet in an Ethernet frame: requests go to the broadcast address, replies to the target. */
    public Packet inFrame() {
        MacAddress dst = operation == REQUEST ? MacAddress.BROADCAST : targetMac;
        return Packet.of(new byte[0], new EthernetHeader(dst, senderMac, EthernetHeader.TYPE_ARP), this);
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

    @Override
    public void encode(ByteBuffer buf, int length) {
        encode(buf);
    }

    @Override
    public String title() {
        return "ARP";
    }

    @Override
    public List<HeaderField> fields() {
        return List.of(new HeaderField("operation", operation == REQUEST ? "request" : "reply", 48, 16),
                new HeaderField("sender MAC", senderMac.toString(), 64, 48),
                new HeaderField("sender IP", senderIp.toString(), 112, 32),
                new HeaderField("target MAC", targetMac.toString(), 144, 48),
                new HeaderField("target IP", targetIp.toString(), 192, 32));
    }

    @Override
    public String layer() {
        return "arp";
    }

    @Override
    public void describe(Attributes out) {
        out.put("op", operation == REQUEST ? "request" : "reply").put("sender_mac", senderMac.toString())
                .put("sender_ip", senderIp.toString()).put("target_mac", targetMac.toString())
                .put("target_ip", targetIp.toString());
    }
}
