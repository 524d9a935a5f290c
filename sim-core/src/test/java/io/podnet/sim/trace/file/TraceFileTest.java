package io.podnet.sim.trace.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.cost.CpuCost;
import io.podnet.sim.cost.StepCharge;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.ArpPacket;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.GeneveHeader;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.SctpChunk;
import io.podnet.sim.wire.SctpHeader;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import io.podnet.sim.wire.WireguardHeader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a trace file and reading it back: every event equal, seeking, and clear errors for bad files. */
class TraceFileTest {
    @TempDir
    Path dir;

    private static final MacAddress M1 = MacAddress.parse("0a:58:0a:f4:01:02");
    private static final MacAddress M2 = MacAddress.parse("02:00:00:00:0a:02");
    private static final Ipv4Address A = Ipv4Address.parse("10.244.1.2");
    private static final Ipv4Address B = Ipv4Address.parse("10.96.0.10");

    /** Packets of every header type the wire has, some shared between events as the model shares them. */
    static List<Packet> packets() {
        EthernetHeader eth = new EthernetHeader(M2, M1, EthernetHeader.TYPE_IPV4);
        Packet tcp = Packet.of("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), eth,
                Ipv4Header.of(A, B, Ipv4Header.PROTO_TCP, 64, 4711),
                new TcpHeader(47530, 80, 1000, 2000, TcpHeader.SYN | TcpHeader.ACK, 64240, 1460, 7, true,
                        new TcpHeader.Timestamps(123456, 654321)));
        Packet udpUnchecked = Packet.of(new byte[] {1, 2, 3}, Ipv4Header.of(A, B, Ipv4Header.PROTO_UDP, 63, 9),
                new UdpHeader(5353, 53, true)); // checksummed but no checksum computed: no link header? still IPv4
        Packet fragment = Packet.of(new byte[40], eth,
                new Ipv4Header(0, 77, false, true, 0, 64, Ipv4Header.PROTO_UDP, A, B), new UdpHeader(1, 2, true));
        Packet vxlan = tcp.encapsulate(List.of(new EthernetHeader(M1, M2, EthernetHeader.TYPE_IPV4),
                Ipv4Header.of(Ipv4Address.parse("192.168.1.10"), Ipv4Address.parse("192.168.1.11"), Ipv4Header.PROTO_UDP, 64, 1),
                new UdpHeader(40000, 4789, false), new VxlanHeader(1)));
        Packet geneve = tcp.encapsulate(List.of(new EthernetHeader(M1, M2, EthernetHeader.TYPE_IPV4),
                Ipv4Header.of(Ipv4Address.parse("192.168.1.10"), Ipv4Address.parse("192.168.1.11"), Ipv4Header.PROTO_UDP, 64, 2),
                new UdpHeader(52311, 6081, true),
                new GeneveHeader(false, true, GeneveHeader.PROTO_ETHERNET, 5,
                        List.of(new GeneveHeader.Option(0x0102, 0x80, new byte[] {0, 1, 0, 2})))));
        Packet wg = Packet.of(new byte[32], new EthernetHeader(M1, M2, EthernetHeader.TYPE_IPV4),
                Ipv4Header.of(A, B, Ipv4Header.PROTO_UDP, 64, 3), new UdpHeader(51820, 51820, true),
                new WireguardHeader(0x1a2b3c4dL, 7));
        Packet icmp = Packet.of(new byte[] {9, 9}, eth, Ipv4Header.of(B, A, Ipv4Header.PROTO_ICMP, 64, 5),
                IcmpHeader.echoRequest(1, 2));
        Packet arp = ArpPacket.request(M1, A, B).inFrame();
        Packet sctp = Packet.of(null, eth, Ipv4Header.of(A, B, Ipv4Header.PROTO_SCTP, 64, 6),
                SctpHeader.of(3868, 3868, 0xdeadbeefL, SctpChunk.Data.message(1, 0, 0, new byte[] {1, 2, 3, 4, 5})));
        return List.of(tcp, udpUnchecked, fragment, vxlan, geneve, wg, icmp, arp, sctp);
    }

    static List<Decision> decisions() {
        return java.util.Arrays.asList(null,
                new Decision.RouteMatch("main", "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink", "10.244.2.0", "flannel.1"),
                new Decision.RouteMatch("main", "default", null, "eth0"),
                new Decision.RuleHit("nat", "KUBE-SVC-X", 2, "-A KUBE-SVC-X -j KUBE-SEP-Y", "JUMP"),
                new Decision.Nat("DNAT", "10.96.0.10:80", "10.244.2.5:8080", false),
                new Decision.Conntrack("NEW", "tcp 10.244.1.2:1 > 10.96.0.10:80", "tcp 10.244.2.5:8080 > 10.244.1.2:1"),
                new Decision.FdbEntry("0a:58:0a:f4:01:02", "flannel.1", null, "0a:58 dev flannel.1 dst 192.168.1.11"),
                new Decision.Neighbour("10.244.1.1", null, "eth0", "INCOMPLETE"),
                new Decision.Tunnel("vxlan", 1, "192.168.1.10", "192.168.1.11", 4789, 50),
                new Decision.Drop(DropReason.NETWORK_POLICY, "deny by default ✗"),
                new Decision.LinkHop("node1-eth0<->switch", 1200, 5000, -1),
                new Decision.Socket("ESTABLISHED", "12 bytes"));
    }

    /** Events covering every decision, null fields, CPU costs and packets shared as the model shares them. */
    static List<TraceEvent> events() {
        List<Packet> ps = packets();
        List<Decision> ds = decisions();
        List<TraceEvent> out = new ArrayList<>();
        CpuCost cpu = new CpuCost("node1", 1, 250, List.of(new StepCharge(CostStep.values()[0], 1, 60, 900),
                new StepCharge(CostStep.values()[1], 2, 0, 40)));
        int seq = 0;
        for (int i = 0; i < 40; i++) {
            Packet before = i % 7 == 6 ? null : ps.get(i % ps.size());
            Packet after = i % 3 == 0 ? ps.get((i + 1) % ps.size()) : i % 5 == 0 ? before : null;
            String flow = i % 4 == 0 ? null : "flow-" + (i % 3);
            String device = i % 6 == 0 ? null : "eth" + (i % 2);
            final int k = i;
            if (i % 2 == 0) {
                out.add(new TraceEvent(seq++, 1000L * i, i % 9 == 0 ? -1 : i / 2, flow, "node" + (i % 3), device,
                        EventKind.values()[i % EventKind.values().length], "step " + i + ": ünïcode → ok",
                        before, after, ds.get(i % ds.size()), i % 4 == 2 ? cpu : null));
            } else {
                out.add(new TraceEvent(seq++, Long.MAX_VALUE / 2 + i, i, flow, "pod-" + i, device, EventKind.NOTE,
                        () -> "lazy " + k, before, after, ds.get(i % ds.size())));
            }
        }
        return out;
    }

    private Path write(List<TraceEvent> events, String name) throws IOException {
        Path f = dir.resolve(name);
        try (TraceFileWriter w = new TraceFileWriter(f, "test run")) {
            events.forEach(w::onEvent);
        }
        return f;
    }

    @Test
    void everyEventReadsBackEqualBySeekAndInOrder() throws IOException {
        List<TraceEvent> events = events();
        Path f = write(events, "t.ptrace");
        assertFalse(Files.exists(dir.resolve("t.ptrace.index-part")), "the side index is removed on close");
        try (TraceFileReader r = TraceFileReader.open(f)) {
            assertEquals("test run", r.metadata());
            assertEquals(events.size(), r.size());
            for (int i = events.size() - 1; i >= 0; i--) {
                assertEquals(events.get(i), r.read(i), "event " + i + " by seek");
            }
            TraceFileReader.Cursor c = r.cursor(5);
            for (int i = 5; i < events.size(); i++) {
                assertEquals(events.get(i), c.next(), "event " + i + " in order");
            }
            assertFalse(c.hasNext());
        }
    }

    @Test
    void anEmptyTraceIsAFileOfNoEvents() throws IOException {
        Path f = write(List.of(), "empty.ptrace");
        try (TraceFileReader r = TraceFileReader.open(f)) {
            assertEquals(0, r.size());
            assertFalse(r.cursor(0).hasNext());
        }
    }

    @Test
    void aPacketSharedByEventsIsWrittenOnce() throws IOException {
        Packet p = packets().get(3);
        List<TraceEvent> same = new ArrayList<>();
        List<TraceEvent> copies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            same.add(new TraceEvent(i, i, 1, "f", "node1", "eth0", EventKind.TX, "x", p, null, null));
            copies.add(new TraceEvent(i, i, 1, "f", "node1", "eth0", EventKind.TX, "x",
                    new Packet(p.headers(), p.payload()), null, null));
        }
        long shared = Files.size(write(same, "same.ptrace"));
        long unshared = Files.size(write(copies, "copies.ptrace"));
        assertTrue(shared * 3 < unshared, shared + " bytes with one packet object, " + unshared + " with copies");
        try (TraceFileReader r = TraceFileReader.open(dir.resolve("same.ptrace"))) {
            assertEquals(same.get(49), r.read(49));
            assertSame(r.read(10).before(), r.read(11).before(), "read back as one object too (the reader's packet cache)");
        }
    }

    @Test
    void theListHoldsAtMostItsCapacity() throws IOException {
        List<TraceEvent> events = new ArrayList<>();
        Packet p = packets().get(0);
        for (int i = 0; i < 3000; i++) {
            events.add(new TraceEvent(i, i, i / 10, "f", "node" + (i % 4), "eth0", EventKind.TX, "event " + i,
                    p, null, new Decision.Socket("S", Integer.toString(i))));
        }
        Path f = write(events, "long.ptrace");
        try (TraceFileList list = new TraceFileList(TraceFileReader.open(f), 64)) {
            assertEquals(3000, list.size());
            for (int i = 0; i < list.size(); i += 7) {
                assertEquals(events.get(i), list.get(i));
                assertTrue(list.cached() <= 64, list.cached() + " events cached at " + i);
            }
            for (int i = list.size() - 1; i >= 0; i -= 13) {
                assertEquals(events.get(i), list.get(i));
                assertTrue(list.cached() <= 64);
            }
            int k = 0;
            for (TraceEvent e : list) {
                assertEquals(events.get(k++), e);
            }
            assertEquals(3000, k);
            assertTrue(list.cached() <= 64, "iterating does not fill the cache");
            long before = list.blockReads();
            for (int i = 0; i < 3000; i++) {
                list.get(i);
            }
            assertTrue(list.blockReads() - before <= 3000 / TraceFileList.BLOCK + 1, "an ascending loop reads each block once");
        }
    }

    @Test
    void notATraceFileIsRefusedWithAMessage() throws IOException {
        Path f = dir.resolve("scenario.yaml");
        Files.writeString(f, "name: x\ncluster: {}\n");
        TraceFileException e = assertThrows(TraceFileException.class, () -> TraceFileReader.open(f));
        assertTrue(e.getMessage().startsWith(f + ": not a podnet trace file"), e.getMessage());
        TraceFileException none = assertThrows(TraceFileException.class, () -> TraceFileReader.open(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ": no such file", none.getMessage());
    }

    @Test
    void anotherVersionIsRefusedWithAMessage() throws IOException {
        Path f = write(events(), "v.ptrace");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(8);
            raf.writeShort(99);
        }
        TraceFileException e = assertThrows(TraceFileException.class, () -> TraceFileReader.open(f));
        assertTrue(e.getMessage().contains("format version 99; this podnet reads version 1"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsRefusedWithAMessage() throws IOException {
        Path f = write(events(), "cut.ptrace");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        TraceFileException e = assertThrows(TraceFileException.class, () -> TraceFileReader.open(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(10);
        }
        e = assertThrows(TraceFileException.class, () -> TraceFileReader.open(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void anUnfinishedFileIsRefusedWithAMessage() throws IOException {
        Path f = dir.resolve("unfinished.ptrace");
        TraceFileWriter w = new TraceFileWriter(f, "x");
        events().forEach(w::onEvent);
        // never closed: what a killed run leaves (the buffered bytes may not even be there)
        TraceFileException e = assertThrows(TraceFileException.class, () -> TraceFileReader.open(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        w.abandon();
        assertFalse(Files.exists(f));
    }

    @Test
    void aCorruptRecordIsReportedAtItsEvent() throws IOException {
        List<TraceEvent> events = events();
        Path f = write(events, "bad.ptrace");
        long at;
        try (TraceFileReader r = TraceFileReader.open(f)) {
            at = r.offset(7);
        }
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(at + 12);
            int b = raf.read();
            raf.seek(at + 12);
            raf.write(b ^ 0x5a);
        }
        try (TraceFileReader r = TraceFileReader.open(f)) {
            assertEquals(events.get(6), r.read(6));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> r.read(7));
            assertTrue(e.getCause() instanceof TraceFileException);
            assertTrue(e.getCause().getMessage().contains("corrupt record of event 7"), e.getCause().getMessage());
        }
    }
}
