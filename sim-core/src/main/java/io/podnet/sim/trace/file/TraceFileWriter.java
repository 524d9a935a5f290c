package io.podnet.sim.trace.file;

import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceListener;
import io.podnet.sim.wire.Packet;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes a run's trace to a podnet trace file (format in the package comment) event by event, as a
 * {@link TraceListener} fed while the run goes. It holds one record's bytes, a bounded table of
 * repeated strings ({@link #MAX_SHARED_STRINGS} of at most {@link #MAX_SHARED_LENGTH} characters:
 * namespaces, devices, flows, rule texts) and the last few packets it wrote (a packet that is the
 * same object as one of them is written as a reference to it); the step index goes to a side file
 * ({@code NAME.index-part}) and is appended, with the string table, by {@link #close()}.
 *
 * <p>Write errors surface as {@link UncheckedIOException} from {@link #onEvent} (the run stops).
 */
public final class TraceFileWriter implements TraceListener, Closeable {
    /** Strings shared through the table at most; later new strings are written in their records. */
    public static final int MAX_SHARED_STRINGS = 1 << 16;
    /** Longer strings are never shared. */
    public static final int MAX_SHARED_LENGTH = 160;
    private static final int RECENT = 8;

    private final Path file;
    private final Path indexPart;
    private final OutputStream out;
    private final DataOutputStream index;
    private final Codec.Out body = new Codec.Out();
    private final CRC32 crc = new CRC32();
    private final Map<String, Integer> shared = new HashMap<>();
    private final List<String> sharedOrder = new ArrayList<>();
    private final Packet[] recent = new Packet[RECENT];
    private final long[] recentAt = new long[RECENT];
    private final byte[] head = new byte[8];
    private int recentNext;
    private long position;
    private long count;
    private boolean closed;
    private boolean ownsFile;

    /**
     * Creates (or replaces) {@code file}; {@code metadata} is free text kept in the header (podnet's
     * writers give {@link TraceRun#metadata()}: what ran).
     */
    public TraceFileWriter(Path file, String metadata) throws IOException {
        this(file, new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                file.resolveSibling(file.getFileName() + ".index-part"), metadata);
        this.ownsFile = true;
    }

    /**
     * Writes the trace to {@code out} (closed by {@link #close()}; e.g. a file renamed into place
     * once complete), with the step index spooled to {@code indexPart} until then. {@code name}
     * names the trace in messages.
     */
    public TraceFileWriter(Path name, OutputStream out, Path indexPart, String metadata) throws IOException {
        this.file = name;
        this.indexPart = indexPart;
        this.out = out;
        this.index = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(indexPart), 1 << 16));
        byte[] meta = (metadata == null ? "" : metadata).getBytes(StandardCharsets.UTF_8);
        Codec.Out h = new Codec.Out();
        h.bytes(Codec.MAGIC);
        h.u8(Codec.VERSION >>> 8);
        h.u8(Codec.VERSION);
        h.u8(0);
        h.u8(0);
        h.u32(meta.length);
        h.bytes(meta);
        write(h.buf, h.len);
    }

    /** Where the trace goes. */
    public Path file() {
        return file;
    }

    /** Events written so far. */
    public long count() {
        return count;
    }

    private void write(byte[] b, int len) throws IOException {
        out.write(b, 0, len);
        position += len;
    }

    private void str(String s) {
        if (s == null) {
            body.varint(0);
            return;
        }
        Integer k = shared.get(s);
        if (k == null && s.length() <= MAX_SHARED_LENGTH && sharedOrder.size() < MAX_SHARED_STRINGS) {
            k = sharedOrder.size();
            shared.put(s, k);
            sharedOrder.add(s);
        }
        if (k == null) {
            body.varint(1);
            body.utf(s);
        } else {
            body.varint(k + 2L);
        }
    }

    /** The packet field; {@code recordStart} is the file position of the record's body. */
    private void packet(Packet p, long bodyStart) {
        if (p == null) {
            body.u8(Codec.PKT_NULL);
            return;
        }
        for (int i = 0; i < RECENT; i++) {
            if (recent[i] == p) {
                body.u8(Codec.PKT_REF);
                body.varint(recentAt[i]);
                return;
            }
        }
        body.u8(Codec.PKT_BLOB);
        long at = bodyStart + body.len;
        Codec.packet(body, p);
        recent[recentNext] = p;
        recentAt[recentNext] = at;
        recentNext = (recentNext + 1) % RECENT;
    }

    @Override
    public void onEvent(TraceEvent e) {
        if (closed) {
            throw new IllegalStateException("the trace file " + file + " is closed");
        }
        long recordAt = position;
        long bodyStart = recordAt + 8;
        body.reset();
        body.varint(e.seq());
        body.varint(e.time());
        body.zigzag(e.packetId());
        str(e.flow());
        str(e.namespace());
        str(e.device());
        str(e.kind().name());
        body.utf(e.explanation());
        packet(e.before(), bodyStart);
        packet(e.after(), bodyStart);
        Codec.decision(body, e.decision(), this::str);
        Codec.cpu(body, e.cpu(), this::str);
        crc.reset();
        crc.update(body.buf, 0, body.len);
        int c = (int) crc.getValue();
        head[0] = (byte) (body.len >>> 24);
        head[1] = (byte) (body.len >>> 16);
        head[2] = (byte) (body.len >>> 8);
        head[3] = (byte) body.len;
        head[4] = (byte) (c >>> 24);
        head[5] = (byte) (c >>> 16);
        head[6] = (byte) (c >>> 8);
        head[7] = (byte) c;
        try {
            write(head, 8);
            write(body.buf, body.len);
            index.writeLong(recordAt);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        count++;
    }

    /** Appends the string table, the index and the trailer, and closes the file (the side file is deleted). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            index.close();
            long stringsAt = position;
            Codec.Out s = new Codec.Out();
            s.varint(sharedOrder.size());
            for (String x : sharedOrder) {
                s.utf(x);
            }
            write(s.buf, s.len);
            long indexAt = position;
            try (InputStream in = Files.newInputStream(indexPart)) {
                byte[] b = new byte[1 << 16];
                for (int n; (n = in.read(b)) > 0; ) {
                    write(b, n);
                }
            }
            if (position - indexAt != count * 8) {
                throw new IOException(file + ": the step index holds " + (position - indexAt) / 8 + " entries for "
                        + count + " events");
            }
            Codec.Out t = new Codec.Out();
            t.u32((int) (indexAt >>> 32));
            t.u32((int) indexAt);
            t.u32((int) (count >>> 32));
            t.u32((int) count);
            t.u32((int) (stringsAt >>> 32));
            t.u32((int) stringsAt);
            t.bytes(Codec.END);
            write(t.buf, t.len);
            out.close();
        } finally {
            out.close();
            Files.deleteIfExists(indexPart);
        }
    }

    /**
     * Closes what is open and deletes the side file, and the trace file when this writer created it
     * (for a run that failed; after {@link #close()} only a side file still there is deleted).
     */
    public void abandon() {
        closed = true;
        try {
            index.close();
        } catch (IOException ignored) {
            // deleting anyway
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // deleting anyway
        }
        try {
            Files.deleteIfExists(indexPart);
            if (ownsFile) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
