package io.podnet.dataplane.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads classic libpcap files as {@code tcpdump -w} writes them (either byte order, microsecond or
 * nanosecond timestamps). Only Ethernet (link type 1) is accepted.
 */
public final class PcapReader {
    public static final int LINKTYPE_ETHERNET = 1;

    private PcapReader() {}

    public static List<PcapRecord> read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public static List<PcapRecord> read(byte[] bytes) {
        if (bytes.length < 24) {
            if (bytes.length == 0) {
                return List.of(); // tcpdump was stopped before it wrote its header
            }
            throw new IllegalArgumentException("pcap file too short for its header: " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            nanos = magic == 0xa1b23c4d;
        } else {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                throw new IllegalArgumentException(String.format("not a pcap file (magic %08x)", b.getInt(0)));
            }
            nanos = magic == 0xa1b23c4d;
        }
        int linktype = b.getInt(20) & 0x0fffffff;
        if (linktype != LINKTYPE_ETHERNET) {
            throw new IllegalArgumentException("pcap link type " + linktype + " is not Ethernet");
        }
        List<PcapRecord> out = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= bytes.length) {
            long sec = b.getInt(pos) & 0xffffffffL;
            long frac = b.getInt(pos + 4) & 0xffffffffL;
            int incl = b.getInt(pos + 8);
            int orig = b.getInt(pos + 12);
            if (incl < 0 || pos + 16 + incl > bytes.length) {
                break; // a record cut short when tcpdump was stopped
            }
            byte[] data = new byte[incl];
            System.arraycopy(bytes, pos + 16, data, 0, incl);
            out.add(new PcapRecord(sec * 1_000_000_000L + (nanos ? frac : frac * 1000), data, orig));
            pos += 16 + incl;
        }
        return out;
    }
}
