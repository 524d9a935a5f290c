package io.podnet.sim.trace.render;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceListener;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the frames of a run as pcapng (little-endian), readable by Wireshark and tshark: what a
 * {@code tcpdump -i <device>} in each namespace would have captured, all interfaces in one file.
 *
 * <ul>
 *   <li>One Section Header Block, then one Interface Description Block per simulated interface
 *       {@code namespace/device}, in order of first appearance, with {@code if_name} set to that
 *       name and {@code if_tsresol} = 9 (nanoseconds).</li>
 *   <li>An Enhanced Packet Block for every {@link EventKind#TX} and {@link EventKind#RX} event whose
 *       packet starts with an Ethernet header (link type 1), or with an IPv4 header (link type 228,
 *       as on an IPIP tunnel device). A frame crossing a veth pair is thus captured once on each
 *       end, as it is on Linux; routing, netfilter and encapsulation steps produce no frame. The
 *       bytes are {@link Packet#encode()}; the timestamp is the simulated time in nanoseconds; the
 *       {@code epb_flags} direction is inbound for RX and outbound for TX; the comment is the event's
 *       explanation.</li>
 *   <li>An interface keeps the link type of its first frame; a later frame of another type on the
 *       same interface is skipped (Linux devices do not change link type).</li>
 * </ul>
 */
public final class PcapngWriter implements TraceListener, AutoCloseable {
    /** LINKTYPE_ETHERNET. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** LINKTYPE_IPV4: raw IPv4, no link header. */
    public static final int LINKTYPE_IPV4 = 228;

    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 0x00000001;
    private static final int EPB = 0x00000006;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private final OutputStream out;
    private final Map<String, Integer> interfaceIds = new LinkedHashMap<>();
    private final Map<String, Integer> linkTypes = new LinkedHashMap<>();
    private long frames;

    /** Starts a section on {@code out} (the Section Header Block is written at once). */
    public PcapngWriter(OutputStream out) {
        if (out == null) {
            throw new IllegalArgumentException("PcapngWriter needs an output stream");
        }
        this.out = out;
        ByteBuffer opts = options(16);
        putOption(opts, 4, "podnet".getBytes(StandardCharsets.UTF_8)); // shb_userappl
        endOptions(opts);
        ByteBuffer body = le(16 + opts.position());
        body.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L); // section length unknown
        body.put(opts.array(), 0, opts.position());
        block(SHB, body);
    }

    /** The pcapng bytes for a list of events. */
    public static byte[] write(List<TraceEvent> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(bytes)) {
            for (TraceEvent e : events) {
                w.onEvent(e);
            }
        }
        return bytes.toByteArray();
    }

    /** True for the events that become captured frames. */
    public static boolean captures(TraceEvent e) {
        return (e.kind() == EventKind.TX || e.kind() == EventKind.RX) && e.packet() != null && e.namespace() != null
                && e.device() != null && linkTypeOf(e.packet()) != 0;
    }

    /**
     * The packet as a capture on its device shows it. L3 tunnel devices (IPIP's {@code tunl0},
     * WireGuard) have no link header: the simulator hands their received datagrams up under a
     * placeholder Ethernet header with both MACs zero, which {@code tcpdump -i tunl0} would never
     * show, so it is removed and the frame is raw IPv4 in both directions. {@code lo} keeps its
     * zero-MAC Ethernet header, as Linux captures it.
     */
    static Packet onWire(TraceEvent e) {
        Packet p = e.packet();
        if (p.header(0) instanceof EthernetHeader eth && eth.src().bits() == 0 && eth.dst().bits() == 0
                && eth.etherType() == EthernetHeader.TYPE_IPV4 && p.headerCount() > 1
                && p.header(1) instanceof Ipv4Header && !"lo".equals(e.device())) {
            return p.decapsulate(1);
        }
        return p;
    }

    private static int linkTypeOf(Packet p) {
        if (p.header(0) instanceof EthernetHeader) {
            return LINKTYPE_ETHERNET;
        }
        if (p.header(0) instanceof Ipv4Header) {
            return LINKTYPE_IPV4;
        }
        return 0;
    }

    @Override
    public void onEvent(TraceEvent e) {
        if (!captures(e)) {
            return;
        }
        Packet p = onWire(e);
        String name = e.location();
        int linkType = linkTypeOf(p);
        Integer id = interfaceIds.get(name);
        if (id == null) {
            id = interfaceIds.size();
            interfaceIds.put(name, id);
            linkTypes.put(name, linkType);
            writeInterface(name, linkType);
        } else if (linkTypes.get(name) != linkType) {
            return;
        }
        byte[] data = p.encode();
        byte[] comment = e.explanation().getBytes(StandardCharsets.UTF_8);
        ByteBuffer opts = options(pad4(Math.min(comment.length, 65535)) + 16);
        putOption(opts, 1, comment); // opt_comment
        ByteBuffer flags = le(4).putInt(e.kind() == EventKind.RX ? 1 : 2); // epb_flags: inbound / outbound
        putOption(opts, 2, flags.array());
        endOptions(opts);
        ByteBuffer body = le(20 + pad4(data.length) + opts.position());
        body.putInt(id).putInt((int) (e.time() >>> 32)).putInt((int) e.time()).putInt(data.length).putInt(data.length);
        body.put(data).position(20 + pad4(data.length));
        body.put(opts.array(), 0, opts.position());
        block(EPB, body);
        frames++;
    }

    private void writeInterface(String name, int linkType) {
        byte[] ifName = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer opts = options(pad4(Math.min(ifName.length, 65535)) + 16);
        putOption(opts, 2, ifName); // if_name
        putOption(opts, 9, new byte[] {9}); // if_tsresol: 10^-9 s
        endOptions(opts);
        ByteBuffer body = le(8 + opts.position());
        body.putShort((short) linkType).putShort((short) 0).putInt(0); // snaplen 0: no limit
        body.put(opts.array(), 0, opts.position());
        block(IDB, body);
    }

    /** Interfaces seen so far, in order ({@code namespace/device}); the index is the pcapng interface id. */
    public List<String> interfaces() {
        return List.copyOf(interfaceIds.keySet());
    }

    /** Number of frames written. */
    public long frames() {
        return frames;
    }

    private void block(int type, ByteBuffer body) {
        int total = 12 + body.position();
        ByteBuffer b = le(total);
        b.putInt(type).putInt(total).put(body.array(), 0, body.position()).putInt(total);
        try {
            out.write(b.array());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write pcapng", ex);
        }
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A buffer for options taking {@code payload} bytes of values, plus option headers and the end marker. */
    private static ByteBuffer options(int payload) {
        return le(payload + 4 * 4);
    }

    private static void putOption(ByteBuffer b, int code, byte[] value) {
        int len = Math.min(value.length, 65535);
        b.putShort((short) code).putShort((short) len).put(value, 0, len);
        b.position(b.position() + pad4(len) - len);
    }

    private static void endOptions(ByteBuffer b) {
        b.putShort((short) 0).putShort((short) 0); // opt_endofopt
    }

    private static int pad4(int n) {
        return (n + 3) & ~3;
    }

    /** Flushes; the stream stays open (its owner closes it). */
    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot flush pcapng", ex);
        }
    }
}
