package io.podnet.sim.wire;

import io.podnet.sim.net.MacAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/** Ethernet II header (no 802.1Q tag, no FCS). */
public record EthernetHeader(MacAddress dst, MacAddress src, int etherType) implements Header {
    public static final int LENGTH = 14;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;

    public EthernetHeader {
        if (dst == null || src == null) {
            throw new IllegalArgumentException("ethernet addresses must not be null");
        }
        if (etherType < 0 || etherType > 0xffff) {
            throw new IllegalArgumentException("ethertype out of range: " + etherType);
        }
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    public void encode(ByteBuffer buf) {
        buf.put(dst.toBytes()).put(src.toBytes()).putShort((short) etherType);
    }

    public static EthernetHeader decode(ByteBuffer buf) {
        WireException.need(buf, LENGTH, "Ethernet header");
        byte[] a = new byte[6];
        buf.get(a);
        MacAddress d = MacAddress.fromBytes(a, 0);
        buf.get(a);
        MacAddress s = MacAddress.fromBytes(a, 0);
        return new EthernetHeader(d, s, buf.getShort() & 0xffff);
    }

    @Override
    public String summary() {
        String t = switch (etherType) {
            case TYPE_IPV4 -> "IPv4";
            case TYPE_ARP -> "ARP";
            default -> String.format("0x%04x", etherType);
        };
        return "Ethernet " + src + " > " + dst + " type " + t;
    }

    @Override
    public void encode(ByteBuffer buf, int length) {
        encode(buf);
    }

    private String typeName() {
        return etherType == TYPE_IPV4 ? "IPv4 (0x0800)"
                : etherType == TYPE_ARP ? "ARP (0x0806)" : String.format("0x%04x", etherType);
    }

    @Override
    public String title() {
        return "Ethernet";
    }

    @Override
    public List<HeaderField> fields() {
        return List.of(new HeaderField("dst MAC", dst.toString(), 0, 48), new HeaderField("src MAC", src.toString(), 48, 48),
                new HeaderField("type", typeName(), 96, 16));
    }

    @Override
    public String layer() {
        return "ethernet";
    }

    @Override
    public void describe(Attributes out) {
        out.put("src", src.toString()).put("dst", dst.toString())
                .put("ethertype", String.format(Locale.ROOT, "0x%04x", etherType));
    }
}
