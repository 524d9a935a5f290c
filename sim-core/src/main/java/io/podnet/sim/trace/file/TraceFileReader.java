package io.podnet.sim.trace.file;

import io.podnet.sim.cost.CpuCost;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Packet;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.CRC32;

/**
 * Reads a podnet trace file (format in the package comment): {@link #read(long)} seeks to event N
 * through the step index (one 8-byte read, then the record), {@link #cursor(long)} reads a range
 * front to back through a buffer. {@link #open} checks the header, the version and the trailer,
 * so a file that is not a trace, another version or truncated is refused with a message; a record
 * whose checksum or contents are wrong is reported when it is read, as an
 * {@link UncheckedIOException} whose cause is a {@link TraceFileException} naming the event.
 *
 * <p>It holds the string table (bounded by the writer) and the last few packets it decoded. Safe to
 * use from several threads (reads are positional; the packet cache is synchronised).
 */
public final class TraceFileReader implements Closeable {
    private static final int PACKET_CACHE = 64;

    private final Path file;
    private final FileChannel ch;
    private final String metadata;
    private final long count;
    private final long indexAt;
    private final long recordsEnd;
    private final List<String> strings;
    private final Map<Long, Packet> packets = new LinkedHashMap<>(PACKET_CACHE * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Packet> eldest) {
            return size() > PACKET_CACHE;
        }
    };

    private TraceFileReader(Path file, FileChannel ch, String metadata, long count, long indexAt, long recordsEnd,
            List<String> strings) {
        this.file = file;
        this.ch = ch;
        this.metadata = metadata;
        this.count = count;
        this.indexAt = indexAt;
        this.recordsEnd = recordsEnd;
        this.strings = strings;
    }

    /** Opens and checks {@code file}. */
    public static TraceFileReader open(Path file) throws TraceFileException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new TraceFileException(file, "no such file");
        } catch (IOException e) {
            throw new TraceFileException(file, "cannot read: " + e.getMessage());
        }
        try {
            TraceFileReader r = check(file, ch);
            ch = null;
            return r;
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the check's message says what is wrong
                }
            }
        }
    }

    private static TraceFileReader check(Path file, FileChannel ch) throws TraceFileException {
        try {
            long size = ch.size();
            ByteBuffer h = read(ch, 0, (int) Math.min(size, 16));
            byte[] magic = new byte[Math.min(8, h.remaining())];
            h.get(magic);
            if (magic.length < 8 && Arrays.equals(magic, Arrays.copyOf(Codec.MAGIC, magic.length))) {
                throw new TraceFileException(file, "truncated: " + size + " bytes (the writer did not finish)");
            }
            if (!Arrays.equals(magic, Codec.MAGIC)) {
                throw new TraceFileException(file, "not a podnet trace file (it does not start with \"PODNETTR\"; "
                        + "write one with podnet view --save-trace or podnet run --trace podnet --out FILE)");
            }
            if (size < 16) {
                throw new TraceFileException(file, "truncated: " + size + " bytes, shorter than the file header");
            }
            int version = h.getShort() & 0xffff;
            if (version != Codec.VERSION) {
                throw new TraceFileException(file, "trace file format version " + version
                        + "; this podnet reads version " + Codec.VERSION + " (write the trace again with this podnet)");
            }
            h.getShort();
            long metaLen = h.getInt() & 0xffffffffL;
            if (metaLen > 1 << 20) {
                throw new TraceFileException(file, "corrupt header: " + metaLen + " bytes of metadata");
            }
            long recordsAt = 16 + metaLen;
            if (size < recordsAt + Codec.TRAILER) {
                throw new TraceFileException(file, "truncated: " + size + " bytes and no end (the writer did not finish)");
            }
            ByteBuffer t = read(ch, size - Codec.TRAILER, Codec.TRAILER);
            long indexAt = t.getLong();
            long count = t.getLong();
            long stringsAt = t.getLong();
            byte[] end = new byte[8];
            t.get(end);
            if (!Arrays.equals(end, Codec.END)) {
                throw new TraceFileException(file, "truncated: no end marker \"PTRACEND\" (the run that wrote it did "
                        + "not finish, or the file was cut short)");
            }
            if (count < 0 || stringsAt < recordsAt || indexAt < stringsAt || indexAt + count * 8 != size - Codec.TRAILER) {
                throw new TraceFileException(file, "corrupt: the trailer's offsets (strings at " + stringsAt
                        + ", index at " + indexAt + ", " + count + " events) do not fit the file's " + size + " bytes");
            }
            String meta = new String(read(ch, 16, (int) metaLen).array(), StandardCharsets.UTF_8);
            if (indexAt - stringsAt > Integer.MAX_VALUE) {
                throw new TraceFileException(file, "corrupt: a string table of " + (indexAt - stringsAt) + " bytes");
            }
            Codec.In in = new Codec.In(read(ch, stringsAt, (int) (indexAt - stringsAt)), List.of());
            List<String> strings = new ArrayList<>();
            try {
                int n = in.count();
                if (n > TraceFileWriter.MAX_SHARED_STRINGS) {
                    throw new IllegalStateException(n + " strings");
                }
                for (int i = 0; i < n; i++) {
                    strings.add(in.utf());
                }
            } catch (RuntimeException e) {
                throw new TraceFileException(file, "corrupt string table: " + e.getMessage());
            }
            return new TraceFileReader(file, ch, meta, count, indexAt, stringsAt, Collections.unmodifiableList(strings));
        } catch (TraceFileException e) {
            throw e;
        } catch (IOException e) {
            throw new TraceFileException(file, "cannot read: " + why(e));
        } catch (RuntimeException e) {
            throw new TraceFileException(file, "corrupt: " + e);
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("unexpected end of file at " + (at + b.position()));
            }
        }
        b.flip();
        return b;
    }

    public Path file() {
        return file;
    }

    private static String why(IOException e) {
        return e instanceof java.nio.channels.ClosedChannelException ? "the trace file was closed"
                : e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The free text the writer kept in the header. */
    public String metadata() {
        return metadata;
    }

    /**
     * The run the header identifies ({@link TraceRun}).
     *
     * @throws TraceFileException when the header does not identify one (a trace recorded before
     *     headers did, or not by podnet): the message says to re-record it
     */
    public TraceRun run() throws TraceFileException {
        return TraceRun.parse(file, metadata);
    }

    /** Number of events. */
    public long size() {
        return count;
    }

    private UncheckedIOException corrupt(long n, long at, String what) {
        return new UncheckedIOException(new TraceFileException(file, "corrupt record of event " + n + " at byte " + at
                + ": " + what));
    }

    /** The file offset of event {@code n}'s record. */
    public long offset(long n) {
        if (n < 0 || n >= count) {
            throw new IndexOutOfBoundsException("event " + n + " of " + count);
        }
        try {
            long at = read(ch, indexAt + n * 8, 8).getLong();
            if (at < 16 || at >= recordsEnd) {
                throw corrupt(n, at, "the step index points outside the records");
            }
            return at;
        } catch (IOException e) {
            throw new UncheckedIOException(new TraceFileException(file, "cannot read the step index: " + why(e)));
        }
    }

    /** Event {@code n} (0-based): one read of the index, one of the record. */
    public TraceEvent read(long n) {
        long at = offset(n);
        try {
            ByteBuffer h = read(ch, at, 8);
            int len = h.getInt();
            int crc = h.getInt();
            if (len < 0 || at + 8 + len > recordsEnd) {
                throw corrupt(n, at, "a record length of " + len + " bytes runs past the records");
            }
            return decode(n, at, read(ch, at + 8, len), crc);
        } catch (IOException e) {
            throw new UncheckedIOException(new TraceFileException(file, "cannot read event " + n + ": " + why(e)));
        }
    }

    private TraceEvent decode(long n, long at, ByteBuffer body, int crc) {
        CRC32 c = new CRC32();
        c.update(body.array(), body.arrayOffset() + body.position(), body.remaining());
        if ((int) c.getValue() != crc) {
            throw corrupt(n, at, "its checksum does not match");
        }
        long bodyAt = at + 8 - body.position();
        Codec.In in = new Codec.In(body, strings);
        try {
            long seq = in.varint();
            long time = in.varint();
            long packetId = in.zigzag();
            String flow = in.str();
            String ns = in.str();
            String dev = in.str();
            EventKind kind = EventKind.valueOf(in.str());
            String explanation = in.utf();
            Packet before = packet(in, bodyAt);
            Packet after = packet(in, bodyAt);
            Decision d = Codec.decision(in);
            CpuCost cpu = Codec.cpu(in);
            return new TraceEvent(seq, time, packetId, flow, ns, dev, kind, explanation, before, after, d, cpu);
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(n, at, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** A packet field; {@code bodyAt} is the file offset of the buffer's first byte. */
    private Packet packet(Codec.In in, long bodyAt) {
        int tag = in.u8();
        if (tag == Codec.PKT_NULL) {
            return null;
        }
        if (tag == Codec.PKT_BLOB) {
            long at = bodyAt + in.b.position();
            int len = in.b.getInt();
            int end = in.b.position() + len;
            Packet cached = cached(at);
            if (cached != null) {
                in.b.position(end);
                return cached;
            }
            Packet p = Codec.packet(in);
            if (in.b.position() != end) {
                throw new IllegalStateException("a packet of " + len + " bytes read " + (in.b.position() - end + len));
            }
            remember(at, p);
            return p;
        }
        if (tag == Codec.PKT_REF) {
            long at = in.varint();
            Packet cached = cached(at);
            if (cached != null) {
                return cached;
            }
            if (at < 16 || at + 4 > recordsEnd) {
                throw new IllegalStateException("a packet reference to byte " + at + " outside the records");
            }
            try {
                int len = read(ch, at, 4).getInt();
                if (len < 0 || at + 4 + len > recordsEnd) {
                    throw new IllegalStateException("a referenced packet of " + len + " bytes runs past the records");
                }
                Packet p = Codec.packet(new Codec.In(read(ch, at + 4, len), strings));
                remember(at, p);
                return p;
            } catch (IOException e) {
                throw new UncheckedIOException(new TraceFileException(file, "cannot read: " + e.getMessage()));
            }
        }
        throw new IllegalStateException("unknown packet field " + tag);
    }

    private synchronized Packet cached(long at) {
        return packets.get(at);
    }

    private synchronized void remember(long at, Packet p) {
        packets.put(at, p);
    }

    /** Reads events from {@code from} on, front to back, through a buffer (no index read after the first). */
    public Cursor cursor(long from) {
        return new Cursor(from, 1 << 18);
    }

    /**
     * As {@link #cursor(long)} for events {@code [from, to)} only: its first read is exactly their
     * records (a block of a {@link TraceFileList}), not a large buffer.
     */
    public Cursor cursor(long from, long to) {
        if (to < from || to > count) {
            throw new IndexOutOfBoundsException("events [" + from + ", " + to + ") of " + count);
        }
        long a = from < count ? offset(from) : recordsEnd;
        long b = to < count ? offset(to) : recordsEnd;
        return new Cursor(from, (int) Math.min(Math.max(8, b - a), 1 << 24));
    }

    /** A sequential reader over {@code [from, size())}. */
    public final class Cursor {
        private long next;
        private long pos;
        private ByteBuffer buf = ByteBuffer.allocate(0);
        private long bufAt;

        private final int windowSize;

        private Cursor(long from, int windowSize) {
            this.windowSize = windowSize;
            if (from < 0 || from > count) {
                throw new IndexOutOfBoundsException("event " + from + " of " + count);
            }
            next = from;
            pos = from < count ? offset(from) : recordsEnd;
        }

        public boolean hasNext() {
            return next < count;
        }

        /** The position of the event {@link #next()} returns. */
        public long position() {
            return next;
        }

        private ByteBuffer window(long at, int len) throws IOException {
            if (at < bufAt || at + len > bufAt + buf.limit()) {
                int size = Math.max(windowSize, len);
                size = (int) Math.min(size, Math.max(len, recordsEnd - at));
                buf = read(ch, at, size);
                bufAt = at;
            }
            ByteBuffer b = buf.duplicate();
            b.position((int) (at - bufAt));
            b.limit((int) (at - bufAt) + len);
            return b;
        }

        public TraceEvent next() {
            if (next >= count) {
                throw new NoSuchElementException();
            }
            try {
                if (pos + 8 > recordsEnd) {
                    throw corrupt(next, pos, "the records end before it");
                }
                ByteBuffer h = window(pos, 8);
                int len = h.getInt();
                int crc = h.getInt();
                if (len < 0 || pos + 8 + len > recordsEnd) {
                    throw corrupt(next, pos, "a record length of " + len + " bytes runs past the records");
                }
                TraceEvent e = decode(next, pos, window(pos + 8, len), crc);
                pos += 8 + len;
                next++;
                return e;
            } catch (IOException e) {
                throw new UncheckedIOException(new TraceFileException(file, "cannot read event " + next + ": "
                        + why(e)));
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
