package io.podnet.sim.socket.app.dns;

import io.podnet.sim.net.Ipv4Address;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A DNS message (RFC 1035 section 4) as it travels in a UDP datagram: the 12-byte header, the
 * question section and the answer, authority and additional sections. {@link #encode()} compresses
 * names (RFC 1035 4.1.4) as servers do, pointing repeated suffixes back at their first occurrence;
 * {@link #decode(byte[])} follows pointers and refuses truncated or looping messages.
 *
 * <p>Names are written without the trailing dot ({@code my-app.default.svc.cluster.local}); the
 * root is the empty string.
 *
 * @param id        the query ID chosen by the client and echoed by the server
 * @param response  QR: false in a query, true in a response
 * @param opcode    0 (QUERY)
 * @param authoritative AA: the server is authoritative for the name
 * @param truncated TC
 * @param recursionDesired RD (resolvers set it)
 * @param recursionAvailable RA
 * @param rcode     {@link #NOERROR}, {@link #FORMERR}, {@link #SERVFAIL}, {@link #NXDOMAIN}, ...
 */
public record DnsMessage(int id, boolean response, int opcode, boolean authoritative, boolean truncated,
                         boolean recursionDesired, boolean recursionAvailable, int rcode, List<Question> questions,
                         List<Record> answers, List<Record> authority, List<Record> additional) {
    public static final int TYPE_A = 1;
    public static final int TYPE_NS = 2;
    public static final int TYPE_CNAME = 5;
    public static final int TYPE_SOA = 6;
    public static final int TYPE_PTR = 12;
    public static final int TYPE_AAAA = 28;
    public static final int TYPE_SRV = 33;
    public static final int CLASS_IN = 1;
    public static final int NOERROR = 0;
    public static final int FORMERR = 1;
    public static final int SERVFAIL = 2;
    public static final int NXDOMAIN = 3;
    public static final int NOTIMP = 4;
    public static final int REFUSED = 5;
    /** The DNS header length. */
    public static final int HEADER_LENGTH = 12;

    public DnsMessage {
        if (id < 0 || id > 0xffff) {
            throw new IllegalArgumentException("DNS id must be 0..65535, was " + id);
        }
        if (opcode < 0 || opcode > 15 || rcode < 0 || rcode > 15) {
            throw new IllegalArgumentException("DNS opcode and rcode are 4-bit values, were " + opcode + " and " + rcode);
        }
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    /** A standard query for one name and type, with RD set (as glibc's resolver sends it). */
    public static DnsMessage query(int id, String name, int type) {
        return new DnsMessage(id, false, 0, false, false, true, false, NOERROR,
                List.of(new Question(name, type, CLASS_IN)), List.of(), List.of(), List.of());
    }

    /** A response to this query with the given code and sections (question echoed, RD copied, RA set). */
    public DnsMessage answer(boolean authoritative, int code, List<Record> answer, List<Record> auth) {
        return new DnsMessage(id, true, opcode, authoritative, false, recursionDesired, true, code, questions, answer,
                auth, List.of());
    }

    /** The name of an rcode, as dig prints it. */
    public static String rcodeName(int rcode) {
        return switch (rcode) {
            case NOERROR -> "NOERROR";
            case FORMERR -> "FORMERR";
            case SERVFAIL -> "SERVFAIL";
            case NXDOMAIN -> "NXDOMAIN";
            case NOTIMP -> "NOTIMP";
            case REFUSED -> "REFUSED";
            default -> "RCODE" + rcode;
        };
    }

    /** The name of a type, as dig prints it. */
    public static String typeName(int type) {
        return switch (type) {
            case TYPE_A -> "A";
            case TYPE_NS -> "NS";
            case TYPE_CNAME -> "CNAME";
            case TYPE_SOA -> "SOA";
            case TYPE_PTR -> "PTR";
            case TYPE_AAAA -> "AAAA";
            case TYPE_SRV -> "SRV";
            default -> "TYPE" + type;
        };
    }

    /** The addresses of the A records among the answers, in order. */
    public List<Ipv4Address> addresses() {
        List<Ipv4Address> out = new ArrayList<>();
        for (Record r : answers) {
            if (r.data() instanceof A a) {
                out.add(a.address());
            }
        }
        return out;
    }

    /**
     * The answer for {@code name} as a stub resolver reads it (glibc's {@code getanswer_r}): CNAME
     * records are followed from the name asked for (names compared case-insensitively, at most 16
     * links, a loop ends the chase), and the A records of the last name of the chain are its addresses.
     *
     * @param aliases   the canonical names the chain went through, in order (empty without CNAMEs)
     * @param addresses the A records of the last name
     */
    public record Chase(List<String> aliases, List<Ipv4Address> addresses) {
        public Chase {
            aliases = List.copyOf(aliases);
            addresses = List.copyOf(addresses);
        }

        /** The name the addresses belong to. */
        public String canonical(String asked) {
            return aliases.isEmpty() ? asked : aliases.get(aliases.size() - 1);
        }
    }

    /** Follows the answer section's CNAME chain from {@code name} (see {@link Chase}). */
    public Chase chase(String name) {
        List<String> aliases = new ArrayList<>();
        String current = name;
        boolean moved = true;
        while (moved && aliases.size() < 16) {
            moved = false;
            for (Record r : answers) {
                if (r.data() instanceof Cname c && r.name().equalsIgnoreCase(current)) {
                    if (c.target().equalsIgnoreCase(name) || aliases.stream().anyMatch(c.target()::equalsIgnoreCase)) {
                        break; // a loop
                    }
                    aliases.add(c.target());
                    current = c.target();
                    moved = true;
                    break;
                }
            }
        }
        List<Ipv4Address> out = new ArrayList<>();
        for (Record r : answers) {
            if (r.data() instanceof A a && r.name().equalsIgnoreCase(current)) {
                out.add(a.address());
            }
        }
        return new Chase(aliases, out);
    }

    /** One line, e.g. {@code query 0x1a2b A my-app.default.svc.cluster.local} or {@code response 0x1a2b NOERROR A 10.96.0.10}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(response ? "response " : "query ");
        sb.append(String.format("0x%04x", id));
        if (response) {
            sb.append(' ').append(rcodeName(rcode));
        }
        for (Question q : questions) {
            sb.append(' ').append(typeName(q.type())).append(' ').append(q.name().isEmpty() ? "." : q.name());
        }
        for (Record r : answers) {
            sb.append(", ").append(r.text());
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- sections

    /** A question: name, type, class. */
    public record Question(String name, int type, int qclass) {
        public Question {
            name = checkName(name);
        }
    }

    /** A resource record; its data is typed ({@link A}, {@link Soa}) or kept raw. */
    public record Record(String name, int type, int rclass, long ttl, Data data) {
        public Record {
            name = checkName(name);
            if (ttl < 0 || ttl > 0xffffffffL) {
                throw new IllegalArgumentException("TTL must fit in 32 bits, was " + ttl);
            }
        }

        public static Record a(String name, long ttl, Ipv4Address address) {
            return new Record(name, TYPE_A, CLASS_IN, ttl, new A(address));
        }

        public static Record cname(String name, long ttl, String target) {
            return new Record(name, TYPE_CNAME, CLASS_IN, ttl, new Cname(target));
        }

        /** As dig shows it: {@code name. TTL IN A 10.96.0.10}. */
        public String text() {
            return (name.isEmpty() ? "." : name + ".") + " " + ttl + " IN " + typeName(type) + " " + data.text();
        }
    }

    /** Record data. */
    public sealed interface Data permits A, Cname, Soa, Raw {
        String text();
    }

    /** An A record's address. */
    public record A(Ipv4Address address) implements Data {
        @Override
        public String text() {
            return address.toString();
        }
    }

    /** A CNAME record's canonical name (RFC 1035 3.3.1: one domain name, compressible as any name). */
    public record Cname(String target) implements Data {
        public Cname {
            target = checkName(target);
        }

        @Override
        public String text() {
            return target + ".";
        }
    }

    /** A SOA record's fields (RFC 1035 3.3.13). */
    public record Soa(String mname, String rname, long serial, long refresh, long retry, long expire, long minimum)
            implements Data {
        public Soa {
            mname = checkName(mname);
            rname = checkName(rname);
        }

        @Override
        public String text() {
            return mname + ". " + rname + ". " + serial + " " + refresh + " " + retry + " " + expire + " " + minimum;
        }
    }

    /** Data of any other type, as bytes. */
    public record Raw(byte[] bytes) implements Data {
        public Raw {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && Arrays.equals(bytes, r.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Raw[" + bytes.length + " bytes]";
        }

        @Override
        public String text() {
            return "\\# " + bytes.length;
        }
    }

    static String checkName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("a DNS name is required (use \"\" for the root)");
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) {
            return n;
        }
        if (n.length() > 253) {
            throw new IllegalArgumentException("DNS name longer than 253 characters: " + name);
        }
        for (String label : n.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                throw new IllegalArgumentException("DNS name '" + name + "' has an empty or over-long (>63) label");
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- encoding

    /** The message's wire bytes, names compressed. */
    public byte[] encode() {
        Writer w = new Writer();
        w.u16(id);
        int flags = (response ? 0x8000 : 0) | (opcode << 11) | (authoritative ? 0x0400 : 0) | (truncated ? 0x0200 : 0)
                | (recursionDesired ? 0x0100 : 0) | (recursionAvailable ? 0x0080 : 0) | rcode;
        w.u16(flags);
        w.u16(questions.size());
        w.u16(answers.size());
        w.u16(authority.size());
        w.u16(additional.size());
        for (Question q : questions) {
            w.name(q.name());
            w.u16(q.type());
            w.u16(q.qclass());
        }
        for (List<Record> section : List.of(answers, authority, additional)) {
            for (Record r : section) {
                w.name(r.name());
                w.u16(r.type());
                w.u16(r.rclass());
                w.u32(r.ttl());
                int lengthAt = w.size();
                w.u16(0);
                int start = w.size();
                Data d = r.data();
                if (d instanceof A a) {
                    w.bytes(a.address().toBytes());
                } else if (d instanceof Cname c) {
                    w.name(c.target());
                } else if (d instanceof Soa s) {
                    w.name(s.mname());
                    w.name(s.rname());
                    w.u32(s.serial());
                    w.u32(s.refresh());
                    w.u32(s.retry());
                    w.u32(s.expire());
                    w.u32(s.minimum());
                } else {
                    w.bytes(((Raw) d).bytes());
                }
                w.patch16(lengthAt, w.size() - start);
            }
        }
        return w.toByteArray();
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Map<String, Integer> offsets = new HashMap<>();
        private final List<int[]> pending = new ArrayList<>();

        int size() {
            return out.size();
        }

        void u16(int v) {
            out.write((v >>> 8) & 0xff);
            out.write(v & 0xff);
        }

        void u32(long v) {
            u16((int) ((v >>> 16) & 0xffff));
            u16((int) (v & 0xffff));
        }

        void bytes(byte[] b) {
            out.write(b, 0, b.length);
        }

        void name(String name) {
            String rest = name;
            while (!rest.isEmpty()) {
                Integer at = offsets.get(rest.toLowerCase(Locale.ROOT));
                if (at != null) {
                    u16(0xc000 | at);
                    return;
                }
                if (out.size() < 0x4000) {
                    offsets.put(rest.toLowerCase(Locale.ROOT), out.size());
                }
                int dot = rest.indexOf('.');
                String label = dot < 0 ? rest : rest.substring(0, dot);
                byte[] b = label.getBytes(StandardCharsets.US_ASCII);
                out.write(b.length);
                bytes(b);
                rest = dot < 0 ? "" : rest.substring(dot + 1);
            }
            out.write(0);
        }

        /** Sets the 16-bit value at {@code at} (a record's RDLENGTH, known once its data is written). */
        void patch16(int at, int v) {
            pending.add(new int[] {at, v});
        }

        byte[] toByteArray() {
            byte[] b = out.toByteArray();
            for (int[] p : pending) {
                b[p[0]] = (byte) (p[1] >>> 8);
                b[p[0] + 1] = (byte) p[1];
            }
            return b;
        }
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Reads a message.
     *
     * @throws IllegalArgumentException when the bytes are truncated, a name pointer loops or points
     *                                  forward, or a section overruns the message
     */
    public static DnsMessage decode(byte[] b) {
        Reader r = new Reader(b);
        if (b.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("DNS message truncated: " + b.length + " bytes, the header needs 12");
        }
        int id = r.u16();
        int flags = r.u16();
        int qd = r.u16();
        int an = r.u16();
        int ns = r.u16();
        int ar = r.u16();
        List<Question> qs = new ArrayList<>();
        for (int i = 0; i < qd; i++) {
            String name = r.name();
            qs.add(new Question(name, r.u16(), r.u16()));
        }
        List<Record> answers = records(r, an);
        List<Record> authority = records(r, ns);
        List<Record> additional = records(r, ar);
        return new DnsMessage(id, (flags & 0x8000) != 0, (flags >>> 11) & 0xf, (flags & 0x0400) != 0,
                (flags & 0x0200) != 0, (flags & 0x0100) != 0, (flags & 0x0080) != 0, flags & 0xf, qs, answers,
                authority, additional);
    }

    private static List<Record> records(Reader r, int count) {
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = r.name();
            int type = r.u16();
            int rclass = r.u16();
            long ttl = r.u32();
            int length = r.u16();
            int end = r.pos + length;
            if (end > r.b.length) {
                throw new IllegalArgumentException("DNS message truncated: record data of " + name + " needs " + length
                        + " bytes at offset " + r.pos + ", only " + (r.b.length - r.pos) + " left");
            }
            Data data;
            if (type == TYPE_A && rclass == CLASS_IN && length == 4) {
                data = new A(Ipv4Address.fromBytes(r.b, r.pos));
                r.pos = end;
            } else if (type == TYPE_CNAME) {
                data = new Cname(r.name());
                if (r.pos != end) {
                    throw new IllegalArgumentException("DNS CNAME record of " + name + " has length " + length
                            + " but its name ends at offset " + r.pos);
                }
            } else if (type == TYPE_SOA) {
                String m = r.name();
                String n = r.name();
                data = new Soa(m, n, r.u32(), r.u32(), r.u32(), r.u32(), r.u32());
                if (r.pos != end) {
                    throw new IllegalArgumentException("DNS SOA record of " + name + " has length " + length
                            + " but its fields end at offset " + r.pos);
                }
            } else {
                data = new Raw(Arrays.copyOfRange(r.b, r.pos, end));
                r.pos = end;
            }
            out.add(new Record(name, type, rclass, ttl, data));
        }
        return out;
    }

    private static final class Reader {
        final byte[] b;
        int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        private void need(int n) {
            if (pos + n > b.length) {
                throw new IllegalArgumentException("DNS message truncated: need " + n + " bytes at offset " + pos
                        + ", only " + (b.length - pos) + " left");
            }
        }

        int u16() {
            need(2);
            int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        long u32() {
            return ((long) u16() << 16) | u16();
        }

        String name() {
            StringBuilder sb = new StringBuilder();
            int p = pos;
            boolean jumped = false;
            int hops = 0;
            while (true) {
                if (p >= b.length) {
                    throw new IllegalArgumentException("DNS message truncated inside a name at offset " + p);
                }
                int len = b[p] & 0xff;
                if ((len & 0xc0) == 0xc0) {
                    if (p + 1 >= b.length) {
                        throw new IllegalArgumentException("DNS message truncated inside a name pointer at offset " + p);
                    }
                    int target = ((len & 0x3f) << 8) | (b[p + 1] & 0xff);
                    if (target >= p || ++hops > 64) {
                        throw new IllegalArgumentException("DNS name pointer at offset " + p + " to " + target
                                + " does not point back to an earlier name");
                    }
                    if (!jumped) {
                        pos = p + 2;
                        jumped = true;
                    }
                    p = target;
                    continue;
                }
                if ((len & 0xc0) != 0) {
                    throw new IllegalArgumentException("DNS label at offset " + p + " has reserved length bits 0x"
                            + Integer.toHexString(len));
                }
                if (len == 0) {
                    if (!jumped) {
                        pos = p + 1;
                    }
                    break;
                }
                if (p + 1 + len > b.length) {
                    throw new IllegalArgumentException("DNS message truncated inside a label at offset " + p);
                }
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(new String(b, p + 1, len, StandardCharsets.US_ASCII));
                if (sb.length() > 253) {
                    throw new IllegalArgumentException("DNS name at offset " + pos + " is longer than 253 characters");
                }
                p += 1 + len;
            }
            return sb.toString();
        }
    }
}
