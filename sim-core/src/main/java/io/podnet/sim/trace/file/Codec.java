package io.podnet.sim.trace.file;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.cost.CpuCost;
import io.podnet.sim.cost.StepCharge;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.wire.ArpPacket;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.GeneveHeader;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.SctpHeader;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import io.podnet.sim.wire.WireguardHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The pieces of the format (see the package comment): constants, a byte sink, a byte source, and the codecs. */
final class Codec {
    private Codec() {}

    static final byte[] MAGIC = "PODNETTR".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "PTRACEND".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int TRAILER = 32;

    static final int PKT_NULL = 0;
    static final int PKT_BLOB = 1;
    static final int PKT_REF = 2;

    /** A growable byte array written front to back. */
    static final class Out {
        byte[] buf = new byte[1024];
        int len;

        void reset() {
            len = 0;
        }

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        void u8(int v) {
            room(1);
            buf[len++] = (byte) v;
        }

        void u32(int v) {
            room(4);
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        void putU32(int at, int v) {
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }

        void varint(long v) {
            room(10);
            while ((v & ~0x7fL) != 0) {
                buf[len++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        void zigzag(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        void bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void utf(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            bytes(b);
        }
    }

    /** Reads a record body; running past its end is a {@link java.nio.BufferUnderflowException}. */
    static final class In {
        final ByteBuffer b;
        final List<String> strings;

        In(ByteBuffer b, List<String> strings) {
            this.b = b;
            this.strings = strings;
        }

        int u8() {
            return b.get() & 0xff;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = b.get() & 0xff;
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalStateException("varint longer than 64 bits");
        }

        int count() {
            long v = varint();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalStateException("count out of range: " + v);
            }
            return (int) v;
        }

        long zigzag() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }

        String utf() {
            int n = count();
            if (n > b.remaining()) {
                throw new IllegalStateException("string of " + n + " bytes runs past the record");
            }
            String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
            b.position(b.position() + n);
            return s;
        }

        String str() {
            long k = varint();
            if (k == 0) {
                return null;
            }
            if (k == 1) {
                return utf();
            }
            if (k - 2 >= strings.size()) {
                throw new IllegalStateException("string " + (k - 2) + " is not in the table of " + strings.size());
            }
            return strings.get((int) (k - 2));
        }

        int i32() {
            return (int) zigzag();
        }

        boolean bool() {
            return u8() != 0;
        }
    }

    // ---- packets --------------------------------------------------------------------------------

    private static int typeOf(Header h) {
        if (h instanceof EthernetHeader) {
            return 1;
        } else if (h instanceof ArpPacket) {
            return 2;
        } else if (h instanceof Ipv4Header) {
            return 3;
        } else if (h instanceof IcmpHeader) {
            return 4;
        } else if (h instanceof UdpHeader) {
            return 5;
        } else if (h instanceof TcpHeader) {
            return 6;
        } else if (h instanceof VxlanHeader) {
            return 7;
        } else if (h instanceof GeneveHeader) {
            return 8;
        } else if (h instanceof WireguardHeader) {
            return 9;
        } else if (h instanceof SctpHeader) {
            return 10;
        }
        throw new IllegalArgumentException("no trace file type for header " + h.getClass().getName());
    }

    /** Writes a packet blob: its length, the header boundaries, the wire bytes. */
    static void packet(Out o, Packet p) {
        int lenAt = o.len;
        o.u32(0);
        List<Header> hs = p.headers();
        o.varint(hs.size());
        for (Header h : hs) {
            o.u8(typeOf(h));
            o.u8(h instanceof UdpHeader u && u.checksummed() ? 1 : 0);
            o.varint(h.encodedLength());
        }
        byte[] wire = p.encode();
        o.varint(wire.length);
        o.bytes(wire);
        o.putU32(lenAt, o.len - lenAt - 4);
    }

    /** Reads a packet blob (after its length field). */
    static Packet packet(In in) {
        int n = in.count();
        int[] types = new int[n];
        int[] flags = new int[n];
        int[] lens = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = in.u8();
            flags[i] = in.u8();
            lens[i] = in.count();
        }
        int total = in.count();
        byte[] wire = new byte[total];
        in.b.get(wire);
        List<Header> hs = new ArrayList<>(n);
        int off = 0;
        for (int i = 0; i < n; i++) {
            if (off + lens[i] > total) {
                throw new IllegalStateException("header " + i + " runs past the packet's " + total + " bytes");
            }
            ByteBuffer slice = ByteBuffer.wrap(wire, off, lens[i]);
            hs.add(header(types[i], flags[i], slice));
            if (slice.position() != off + lens[i]) {
                throw new IllegalStateException("header " + i + " (type " + types[i] + ") read "
                        + (slice.position() - off) + " of its " + lens[i] + " bytes");
            }
            off += lens[i];
        }
        return new Packet(hs, Arrays.copyOfRange(wire, off, total));
    }

    private static Header header(int type, int flags, ByteBuffer b) {
        switch (type) {
            case 1:
                return EthernetHeader.decode(b);
            case 2:
                return ArpPacket.decode(b);
            case 3:
                return Ipv4Header.decode(b, false).header();
            case 4:
                return IcmpHeader.decode(b);
            case 5: {
                UdpHeader u = UdpHeader.decode(b).header();
                return new UdpHeader(u.srcPort(), u.dstPort(), (flags & 1) != 0);
            }
            case 6:
                return TcpHeader.decode(b);
            case 7:
                return VxlanHeader.decode(b);
            case 8:
                return GeneveHeader.decode(b);
            case 9:
                return WireguardHeader.decode(b);
            case 10:
                return SctpHeader.decode(b);
            default:
                throw new IllegalStateException("unknown header type " + type);
        }
    }

    // ---- decisions --------------------------------------------------------------------------------

    /** Writes the decision; {@code str} writes a (possibly shared) string. */
    static void decision(Out o, Decision d, StringSink str) {
        if (d == null) {
            o.u8(0);
        } else if (d instanceof Decision.RouteMatch r) {
            o.u8(1);
            str.put(r.table());
            str.put(r.text());
            str.put(r.nextHop());
            str.put(r.outDevice());
        } else if (d instanceof Decision.RuleHit r) {
            o.u8(2);
            str.put(r.table());
            str.put(r.chain());
            o.zigzag(r.ruleNumber());
            str.put(r.ruleText());
            str.put(r.verdict());
        } else if (d instanceof Decision.Nat n) {
            o.u8(3);
            str.put(n.kind());
            str.put(n.from());
            str.put(n.to());
            o.u8(n.reply() ? 1 : 0);
        } else if (d instanceof Decision.Conntrack c) {
            o.u8(4);
            str.put(c.state());
            str.put(c.original());
            str.put(c.reply());
        } else if (d instanceof Decision.FdbEntry f) {
            o.u8(5);
            str.put(f.mac());
            str.put(f.device());
            str.put(f.destination());
            str.put(f.text());
        } else if (d instanceof Decision.Neighbour n) {
            o.u8(6);
            str.put(n.ip());
            str.put(n.mac());
            str.put(n.device());
            str.put(n.state());
        } else if (d instanceof Decision.Tunnel t) {
            o.u8(7);
            str.put(t.type());
            o.zigzag(t.vni());
            str.put(t.outerSrc());
            str.put(t.outerDst());
            o.zigzag(t.port());
            o.zigzag(t.overhead());
        } else if (d instanceof Decision.Drop x) {
            o.u8(8);
            str.put(x.reason() == null ? null : x.reason().name());
            str.put(x.detail());
        } else if (d instanceof Decision.LinkHop l) {
            o.u8(9);
            str.put(l.link());
            o.zigzag(l.serialisationNs());
            o.zigzag(l.propagationNs());
            o.zigzag(l.queueNs());
        } else if (d instanceof Decision.Socket s) {
            o.u8(10);
            str.put(s.state());
            str.put(s.detail());
        } else {
            throw new IllegalArgumentException("no trace file form for decision " + d.getClass().getName());
        }
    }

    static Decision decision(In in) {
        int tag = in.u8();
        switch (tag) {
            case 0:
                return null;
            case 1:
                return new Decision.RouteMatch(in.str(), in.str(), in.str(), in.str());
            case 2:
                return new Decision.RuleHit(in.str(), in.str(), in.i32(), in.str(), in.str());
            case 3:
                return new Decision.Nat(in.str(), in.str(), in.str(), in.bool());
            case 4:
                return new Decision.Conntrack(in.str(), in.str(), in.str());
            case 5:
                return new Decision.FdbEntry(in.str(), in.str(), in.str(), in.str());
            case 6:
                return new Decision.Neighbour(in.str(), in.str(), in.str(), in.str());
            case 7:
                return new Decision.Tunnel(in.str(), in.i32(), in.str(), in.str(), in.i32(), in.i32());
            case 8: {
                String reason = in.str();
                return new Decision.Drop(reason == null ? null : DropReason.valueOf(reason), in.str());
            }
            case 9:
                return new Decision.LinkHop(in.str(), in.zigzag(), in.zigzag(), in.zigzag());
            case 10:
                return new Decision.Socket(in.str(), in.str());
            default:
                throw new IllegalStateException("unknown decision type " + tag);
        }
    }

    // ---- CPU ---------------------------------------------------------------------------------------

    static void cpu(Out o, CpuCost c, StringSink str) {
        if (c == null) {
            o.u8(0);
            return;
        }
        o.u8(1);
        str.put(c.node());
        o.varint(c.cpu());
        o.varint(c.waitNanos());
        o.varint(c.charges().size());
        for (StepCharge s : c.charges()) {
            str.put(s.step().name());
            o.varint(s.count());
            o.varint(s.bytes());
            o.varint(s.nanos());
        }
    }

    static CpuCost cpu(In in) {
        if (in.u8() == 0) {
            return null;
        }
        String node = in.str();
        int cpu = in.count();
        long wait = in.varint();
        int n = in.count();
        List<StepCharge> charges = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            charges.add(new StepCharge(CostStep.valueOf(in.str()), in.varint(), in.varint(), in.varint()));
        }
        return new CpuCost(node, cpu, wait, charges);
    }

    /** Writes a string, shared through the table when it may be. */
    @FunctionalInterface
    interface StringSink {
        void put(String s);
    }
}
