package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.List;

/** VXLAN header (RFC 7348): flags with the I bit set, a 24-bit VNI. An Ethernet frame follows. */
public record VxlanHeader(int vni) implements Header {
    public static final int LENGTH = 8;

    public VxlanHeader {
        if (vni < 0 || vni > 0xffffff) {
            throw new IllegalArgumentException("VNI out of range 0-16777215: " + vni);
        }
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    public void encode(ByteBuffer buf) {
        buf.putInt(0x08000000).putInt(vni << 8);
    }

    public static VxlanHeader decode(ByteBuffer buf) {
        WireException.need(buf, LENGTH, "VXLAN header");
        int flags = buf.getInt();
        if ((flags & 0x08000000) == 0) {
            throw new WireException("VXLAN header without the I flag");
        }
        return new VxlanHeader(buf.getInt() >>> 8);
    }

    @Override
    public String summary() {
        return "VXLAN vni " + vni;
    }

    @Override
    public void encode(ByteBuffer buf, int length) {
        encode(buf);
    }

    @Override
    public String title() {
        return "VXLAN";
    }

    @Override
    public List<HeaderField> fields() {
        return List.of(new HeaderField("VNI", Integer.toString(vni), 32, 24), new HeaderField("flags", "I (VNI valid)", 0, 8));
    }

    @Override
    public String layer() {
        return "vxlan";
    }

    @Override
    public void describe(Attributes out) {
        out.put("vni", vni);
    }
}
