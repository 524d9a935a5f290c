package io.podnet.sim.wire;

import io.podnet.sim.net.Ipv4Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 header without options (IHL 5). Total length and header checksum are derived when the
 * packet is encoded. {@code fragmentOffset} is in 8-byte units, as on the wire; the flags are
 * DF (0x4000) and MF (0x2000) in the same 16-bit word.
 */
public record Ipv4Header(int tos, int identification, boolean dontFragment, boolean moreFragments, int fragmentOffset,
                         int ttl, int protocol, Ipv4Address src, Ipv4Address dst) implements Header {
    public static final int LENGTH = 20;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_IPIP = 4;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_SCTP = 132;

    public Ipv4Header {
        if (tos < 0 || tos > 255) {
            throw new IllegalArgumentException("tos out of range: " + tos);
        }
        if (identification < 0 || identification > 0xffff) {
            throw new IllegalArgumentException("identification out of range: " + identification);
        }
        if (fragmentOffset < 0 || fragmentOffset > 0x1fff) {
            throw new IllegalArgumentException("fragment offset out of range: " + fragmentOffset);
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl out of range: " + ttl);
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol out of range: " + protocol);
        }
        if (src == null || dst == null) {
            throw new IllegalArgumentException("IPv4 addresses must not be null");
        }
    }

    /** A plain unfragmented header as a Linux socket would send it (DF set, TOS 0). */
    public static Ipv4Header of(Ipv4Address src, Ipv4Address dst, int protocol, int ttl, int id) {
        return new Ipv4Header(0, id, true, false, 0, ttl, protocol, src, dst);
    }

    public boolean isFragment() {
        return moreFragments || fragmentOffset != 0;
    }

    public Ipv4Header withTtl(int newTtl) {
        return new Ipv4Header(tos, identification, dontFragment, moreFragments, fragmentOffset, newTtl, protocol, src, dst);
    }

    public Ipv4Header withSrc(Ipv4Address a) {
        return new Ipv4Header(tos, identification, dontFragment, moreFragments, fragmentOffset, ttl, protocol, a, dst);
    }

    public Ipv4Header withDst(Ipv4Address a) {
        return new Ipv4Header(tos, identification, dontFragment, moreFragments, fragmentOffset, ttl, protocol, src, a);
    }

    public Ipv4Header withFragment(boolean mf, int offsetUnits) {
        return new Ipv4Header(tos, identification, dontFragment, mf, offsetUnits, ttl, protocol, src, dst);
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    /** Writes the header with the given total length and a correct checksum. */
    @Override
    public void encode(ByteBuffer buf, int totalLength) {
        if (totalLength < LENGTH || totalLength > 0xffff) {
            throw new IllegalArgumentException("IPv4 total length out of range: " + totalLength);
        }
        int start = buf.position();
        buf.put((byte) 0x45).put((byte) tos).putShort((short) totalLength).putShort((short) identification);
        int flagsFrag = (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | fragmentOffset;
        buf.putShort((short) flagsFrag).put((byte) ttl).put((byte) protocol).putShort((short) 0);
        buf.putInt(src.bits()).putInt(dst.bits());
        int csum = Checksums.ones(buf.array(), buf.arrayOffset() + start, LENGTH, 0);
        buf.putShort(start + 10, (short) csum);
    }

    /** Decoded header plus the total length field, which the caller uses to bound the payload. */
    public record Decoded(Ipv4Header header, int totalLength) {}

    /** Reads a header, verifying its checksum; options are skipped. */
    public static Decoded decode(ByteBuffer buf) {
        return decode(buf, true);
    }

    /**
     * Reads a header; options are skipped. {@code verifyChecksum=false} is for the header quoted
     * inside an ICMP error, which receivers do not check.
     */
    public static Decoded decode(ByteBuffer buf, boolean verifyChecksum) {
        WireException.need(buf, LENGTH, "IPv4 header");
        int start = buf.position();
        int vihl = buf.get() & 0xff;
        if ((vihl >> 4) != 4) {
            throw new WireException("not IPv4: version " + (vihl >> 4));
        }
        int ihl = (vihl & 0xf) * 4;
        if (ihl < LENGTH) {
            throw new WireException("IPv4 header length " + ihl + " < 20");
        }
        WireException.need(buf, ihl - 1, "IPv4 header with options");
        int tos = buf.get() & 0xff;
        int total = buf.getShort() & 0xffff;
        int id = buf.getShort() & 0xffff;
        int ff = buf.getShort() & 0xffff;
        int ttl = buf.get() & 0xff;
        int proto = buf.get() & 0xff;
        buf.getShort();
        Ipv4Address s = new Ipv4Address(buf.getInt());
        Ipv4Address d = new Ipv4Address(buf.getInt());
        if (verifyChecksum && Checksums.ones(buf.array(), buf.arrayOffset() + start, ihl, 0) != 0) {
            throw new WireException("IPv4 header checksum is wrong");
        }
        if (total < ihl) {
            throw new WireException("IPv4 total length " + total + " is shorter than its header");
        }
        buf.position(start + ihl); // options are skipped
        return new Decoded(new Ipv4Header(tos, id, (ff & 0x4000) != 0, (ff & 0x2000) != 0, ff & 0x1fff, ttl, proto, s, d), total);
    }

    public static String protocolName(int p) {
        return switch (p) {
            case PROTO_ICMP -> "icmp";
            case PROTO_TCP -> "tcp";
            case PROTO_UDP -> "udp";
            case PROTO_IPIP -> "ipip";
            case PROTO_SCTP -> "sctp";
            default -> Integer.toString(p);
        };
    }

    @Override
    public String summary() {
        StringBuilder sb = new StringBuilder("IPv4 ").append(src).append(" > ").append(dst)
                .append(" ttl ").append(ttl).append(" proto ").append(protocolName(protocol))
                .append(" id ").append(identification);
        if (dontFragment) {
            sb.append(" DF");
        }
        if (moreFragments) {
            sb.append(" MF");
        }
        if (fragmentOffset != 0) {
            sb.append(" off ").append(fragmentOffset * 8);
        }
        return sb.toString();
    }

    @Override
    public String title() {
        return "IPv4";
    }

    /** The protocol number as the viewer spells it, e.g. {@code TCP (6)}. */
    public static String protocolTitle(int p) {
        return switch (p) {
            case PROTO_TCP -> "TCP (6)";
            case PROTO_UDP -> "UDP (17)";
            case PROTO_ICMP -> "ICMP (1)";
            case PROTO_IPIP -> "IPIP (4)";
            case PROTO_SCTP -> "SCTP (132)";
            default -> Integer.toString(p);
        };
    }

    @Override
    public List<HeaderField> fields() {
        List<HeaderField> f = new ArrayList<>();
        f.add(new HeaderField("src", src.toString(), 96, 32));
        f.add(new HeaderField("dst", dst.toString(), 128, 32));
        f.add(new HeaderField("TTL", Integer.toString(ttl), 64, 8));
        f.add(new HeaderField("protocol", protocolTitle(protocol), 72, 8));
        f.add(new HeaderField("id", Integer.toString(identification), 32, 16));
        String flags = (dontFragment ? "DF" : "") + (moreFragments ? (dontFragment ? " MF" : "MF") : "");
        f.add(new HeaderField("flags", flags.isEmpty() ? "-" : flags, 48, 3));
        if (fragmentOffset != 0 || moreFragments) {
            f.add(new HeaderField("frag offset", Integer.toString(fragmentOffset * 8), 51, 13));
        }
        f.add(new HeaderField("TOS", String.format("0x%02x", tos), 8, 8));
        return f;
    }

    @Override
    public String layer() {
        return "ipv4";
    }

    @Override
    public void describe(Attributes out) {
        out.put("src", src.toString()).put("dst", dst.toString()).put("ttl", ttl).put("protocol", protocolName(protocol))
                .put("id", identification).put("tos", tos).put("df", dontFragment).put("mf", moreFragments)
                .put("fragment_offset", fragmentOffset * 8);
    }
}
