package io.podnet.sim.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * GENEVE header (RFC 8926), sent on UDP port 6081:
 * <pre>
 *  0                   1                   2                   3
 * |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 * |        Virtual Network Identifier (VNI)       |    Reserved   |
 * |                    Variable-Length Options                    |
 * </pre>
 * Version is always 0 (a receiver drops any other, so {@link #decode} refuses it); the option length
 * (in 4-byte words) is derived from {@link #options()}. {@code oam} is the O bit (a control packet),
 * {@code critical} the C bit (one or more options have their critical bit set; the two-argument
 * constructor derives it). Protocol type {@link #PROTO_ETHERNET} (0x6558, transparent Ethernet
 * bridging) means an Ethernet frame follows, as from a Linux {@code geneve} device; 0x0800 means an
 * IPv4 packet. Reserved bits are sent as zero and ignored on receipt.
 */
public record GeneveHeader(boolean oam, boolean critical, int protocolType, int vni, List<Option> options) implements Header {
    /** Bytes of the fixed part. */
    public static final int BASE_LENGTH = 8;
    /** The IANA port. */
    public static final int PORT = 6081;
    /** Transparent Ethernet bridging: an Ethernet frame follows. */
    public static final int PROTO_ETHERNET = 0x6558;
    /** An IPv4 packet follows. */
    public static final int PROTO_IPV4 = EthernetHeader.TYPE_IPV4;
    /** The 6-bit option length field counts 4-byte words: at most 252 bytes of options. */
    public static final int MAX_OPTIONS_LENGTH = 63 * 4;

    public GeneveHeader {
        if (protocolType < 0 || protocolType > 0xffff) {
            throw new IllegalArgumentException("GENEVE protocol type out of range 0-65535: " + protocolType);
        }
        if (vni < 0 || vni > 0xffffff) {
            throw new IllegalArgumentException("VNI out of range 0-16777215: " + vni);
        }
        if (options == null) {
            throw new IllegalArgumentException("GENEVE options must not be null (use an empty list)");
        }
        options = List.copyOf(options);
        int len = 0;
        for (Option o : options) {
            len += o.encodedLength();
        }
        if (len > MAX_OPTIONS_LENGTH) {
            throw new IllegalArgumentException("GENEVE options of " + len + " bytes exceed " + MAX_OPTIONS_LENGTH);
        }
    }

    /** An Ethernet-carrying header with the C bit set exactly when an option is critical, O clear. */
    public GeneveHeader(int vni, List<Option> options) {
        this(false, options != null && options.stream().anyMatch(Option::critical), PROTO_ETHERNET, vni, options);
    }

    /** An Ethernet-carrying header without options. */
    public static GeneveHeader ethernet(int vni) {
        return new GeneveHeader(vni, List.of());
    }

    /** Bytes of options (the Opt Len field times 4). */
    public int optionsLength() {
        int len = 0;
        for (Option o : options) {
            len += o.encodedLength();
        }
        return len;
    }

    @Override
    public int encodedLength() {
        return BASE_LENGTH + optionsLength();
    }

    public void encode(ByteBuffer buf) {
        buf.put((byte) (optionsLength() / 4)); // version 0 in the top two bits
        buf.put((byte) ((oam ? 0x80 : 0) | (critical ? 0x40 : 0)));
        buf.putShort((short) protocolType);
        buf.putInt(vni << 8);
        for (Option o : options) {
            o.encode(buf);
        }
    }

    public static GeneveHeader decode(ByteBuffer buf) {
        WireException.need(buf, BASE_LENGTH, "GENEVE header");
        int b0 = buf.get() & 0xff;
        int version = b0 >>> 6;
        if (version != 0) {
            throw new WireException("GENEVE version " + version + " is unknown (only version 0 exists)");
        }
        int optLen = (b0 & 0x3f) * 4;
        int flags = buf.get() & 0xff;
        int proto = buf.getShort() & 0xffff;
        int vni = buf.getInt() >>> 8;
        WireException.need(buf, optLen, "GENEVE options (" + optLen + " bytes by Opt Len)");
        List<Option> options = new ArrayList<>();
        int end = buf.position() + optLen;
        while (buf.position() < end) {
            if (end - buf.position() < Option.HEADER_LENGTH) {
                throw new WireException("GENEVE option header truncated: " + (end - buf.position())
                        + " bytes left of the options");
            }
            int cls = buf.getShort() & 0xffff;
            int type = buf.get() & 0xff;
            int words = buf.get() & 0x1f; // the top three bits are reserved
            if (words * 4 > end - buf.position()) {
                throw new WireException("GENEVE option class 0x" + String.format(Locale.ROOT, "%04x", cls) + " type "
                        + type + " of " + words * 4 + " bytes runs past the " + optLen + "-byte options");
            }
            byte[] data = new byte[words * 4];
            buf.get(data);
            options.add(new Option(cls, type, data));
        }
        return new GeneveHeader((flags & 0x80) != 0, (flags & 0x40) != 0, proto, vni, options);
    }

    @Override
    public String summary() {
        StringBuilder sb = new StringBuilder("GENEVE vni ").append(vni);
        if (protocolType != PROTO_ETHERNET) {
            sb.append(String.format(Locale.ROOT, " proto 0x%04x", protocolType));
        }
        if (!options.isEmpty()) {
            sb.append(" options ").append(optionsLength()).append(" bytes");
        }
        if (oam) {
            sb.append(" OAM");
        }
        if (critical) {
            sb.append(" critical");
        }
        return sb.toString();
    }

    /**
     * One TLV option: a 16-bit class (e.g. 0x0101 Open vSwitch, 0x0102 OVN), an 8-bit type whose top
     * bit marks it critical, and data of a multiple of 4 bytes, at most 124.
     */
    public record Option(int optionClass, int type, byte[] data) {
        public static final int HEADER_LENGTH = 4;
        public static final int MAX_DATA_LENGTH = 31 * 4;

        public Option {
            if (optionClass < 0 || optionClass > 0xffff) {
                throw new IllegalArgumentException("GENEVE option class out of range 0-65535: " + optionClass);
            }
            if (type < 0 || type > 0xff) {
                throw new IllegalArgumentException("GENEVE option type out of range 0-255: " + type);
            }
            if (data == null || data.length % 4 != 0 || data.length > MAX_DATA_LENGTH) {
                throw new IllegalArgumentException("GENEVE option data must be a multiple of 4 bytes up to "
                        + MAX_DATA_LENGTH + ", got " + (data == null ? "null" : data.length + " bytes"));
            }
            data = data.clone();
        }

        /** The critical bit: a receiver that does not understand the option must drop the packet. */
        public boolean critical() {
            return (type & 0x80) != 0;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public int encodedLength() {
            return HEADER_LENGTH + data.length;
        }

        void encode(ByteBuffer buf) {
            buf.putShort((short) optionClass).put((byte) type).put((byte) (data.length / 4)).put(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Option p && p.optionClass == optionClass && p.type == type && Arrays.equals(p.data, data);
        }

        @Override
        public int hashCode() {
            return (optionClass * 31 + type) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Option[class=0x%04x, type=%d, data=%s]", optionClass, type,
                    HexFormat.of().formatHex(data));
        }
    }

    @Override
    public void encode(ByteBuffer buf, int length) {
        encode(buf);
    }

    @Override
    public String title() {
        return "GENEVE";
    }

    @Override
    public List<HeaderField> fields() {
        List<HeaderField> f = new ArrayList<>();
        f.add(new HeaderField("VNI", Integer.toString(vni), 32, 24));
        f.add(new HeaderField("protocol type", String.format(Locale.ROOT, "0x%04x", protocolType), 16, 16));
        String flags = (oam ? "O" : "") + (critical ? (oam ? " C" : "C") : "");
        f.add(new HeaderField("flags", flags.isEmpty() ? "-" : flags, 8, 2));
        f.add(new HeaderField("options", optionsLength() + " bytes", 2, 6));
        return f;
    }

    @Override
    public String layer() {
        return "geneve";
    }

    @Override
    public void describe(Attributes out) {
        out.put("vni", vni).put("protocol_type", String.format(Locale.ROOT, "0x%04x", protocolType)).put("oam", oam)
                .put("critical", critical).put("options_length", optionsLength());
        Attributes.ObjectList list = out.list("options");
        for (Option opt : options) {
            list.add().put("class", String.format(Locale.ROOT, "0x%04x", opt.optionClass())).put("type", opt.type())
                    .put("critical", opt.critical()).put("data", HexFormat.of().formatHex(opt.data()));
        }
    }
}
