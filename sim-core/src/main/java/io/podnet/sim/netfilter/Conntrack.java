package io.podnet.sim.netfilter;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.wire.TcpHeader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The connection-tracking table of one network namespace, as the kernel's: entries are created
 * (unconfirmed) by the first packet, inserted when that packet leaves the last hook (INPUT or
 * POSTROUTING), found again by either their original or their reply tuple, and expire after the
 * protocol's timeout on the engine clock. TCP follows the kernel's state table (without window
 * tracking); UDP uses 30 s unreplied / 120 s once a stream; ICMP 30 s; other protocols 600 s.
 */
public final class Conntrack {
    /** {@code --ctstate} bits, as xt_conntrack numbers them. */
    public static final int STATE_INVALID = 1;
    public static final int STATE_ESTABLISHED = 1 << 1;
    public static final int STATE_RELATED = 1 << 2;
    public static final int STATE_NEW = 1 << 3;
    public static final int STATE_SNAT = 1 << 8;
    public static final int STATE_DNAT = 1 << 9;
    public static final int STATE_UNTRACKED = 1 << 10;

    /** Status bits, as {@code enum ip_conntrack_status}. */
    public static final int STATUS_EXPECTED = 1;
    public static final int STATUS_SEEN_REPLY = 1 << 1;
    public static final int STATUS_ASSURED = 1 << 2;
    public static final int STATUS_CONFIRMED = 1 << 3;
    public static final int STATUS_SRC_NAT = 1 << 4;
    public static final int STATUS_DST_NAT = 1 << 5;
    public static final int STATUS_SRC_NAT_DONE = 1 << 7;
    public static final int STATUS_DST_NAT_DONE = 1 << 8;

    static final int NEW = 0;
    static final int ESTABLISHED = 1;
    static final int RELATED = 2;
    static final int INVALID = 3;
    static final int UNTRACKED = 4;

    // TCP states and the kernel's transition table (nf_conntrack_proto_tcp.c), without window checks.
    static final int SNO = 0;
    static final int SSS = 1;
    static final int SSR = 2;
    static final int SES = 3;
    static final int SFW = 4;
    static final int SCW = 5;
    static final int SLA = 6;
    static final int STW = 7;
    static final int SCL = 8;
    static final int SS2 = 9;
    static final int SIV = 10;
    static final int SIG = 11;
    static final String[] TCP_STATE_NAMES = {"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT",
        "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2"};
    private static final long[] TCP_TIMEOUT_S = {0, 120, 60, 432000, 120, 60, 30, 120, 10, 120};
    private static final int[][][] TCP = {
        { // original direction: rows syn, synack, fin, ack, rst, none; columns sNO..sS2
            {SSS, SSS, SIG, SIG, SIG, SIG, SIG, SSS, SSS, SS2},
            {SIV, SIV, SSR, SIV, SIV, SIV, SIV, SIV, SIV, SSR},
            {SIV, SIV, SFW, SFW, SLA, SLA, SLA, STW, SCL, SIV},
            {SES, SIV, SES, SES, SCW, SCW, STW, STW, SCL, SIV},
            {SIV, SCL, SCL, SCL, SCL, SCL, SCL, SCL, SCL, SCL},
            {SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV}},
        { // reply direction
            {SIV, SS2, SIV, SIV, SIV, SIV, SIV, SSS, SIV, SS2},
            {SIV, SSR, SIG, SIG, SIG, SIG, SIG, SIG, SIG, SSR},
            {SIV, SIV, SFW, SFW, SLA, SLA, SLA, STW, SCL, SIV},
            {SIV, SIG, SSR, SES, SCW, SCW, STW, STW, SCL, SIG},
            {SIV, SCL, SCL, SCL, SCL, SCL, SCL, SCL, SCL, SCL},
            {SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV, SIV}}};

    static final long UDP_UNREPLIED = 30 * Durations.S;
    static final long UDP_STREAM = 120 * Durations.S;
    static final long UDP_STREAM_AFTER = 2 * Durations.S;
    static final long ICMP_TIMEOUT = 30 * Durations.S;
    static final long GENERIC_TIMEOUT = 600 * Durations.S;

    private final Engine engine;
    private final Map<Tuple, ConntrackEntry> index = new HashMap<>();
    private final LinkedHashSet<ConntrackEntry> entries = new LinkedHashSet<>();
    private long nextId = 1;
    private int insertsSinceSweep;

    public Conntrack(Engine engine) {
        if (engine == null) {
            throw new IllegalArgumentException("conntrack needs the engine (its clock)");
        }
        this.engine = engine;
    }

    /** How a packet is associated with this table; kept in {@code PacketBuffer.conntrack()}. */
    static final class Attachment {
        final Conntrack table;
        ConntrackEntry entry;
        final boolean reply;
        final int info;
        /** The packet's tuple as this namespace last left it, to notice a reused buffer. */
        Tuple key;

        Attachment(Conntrack table, ConntrackEntry entry, boolean reply, int info) {
            this.table = table;
            this.entry = entry;
            this.reply = reply;
            this.info = info;
        }

        ConntrackEntry entry() {
            return entry;
        }

        int stateBits() {
            int s = switch (info) {
                case NEW -> STATE_NEW;
                case ESTABLISHED -> STATE_ESTABLISHED;
                case RELATED -> STATE_RELATED;
                case UNTRACKED -> STATE_UNTRACKED;
                default -> STATE_INVALID;
            };
            if (entry != null) {
                if ((entry.status & STATUS_SRC_NAT) != 0) {
                    s |= STATE_SNAT;
                }
                if ((entry.status & STATUS_DST_NAT) != 0) {
                    s |= STATE_DNAT;
                }
            }
            return s;
        }
    }

    long now() {
        return engine.now();
    }

    /** The confirmed, unexpired entry that has {@code t} as its original or reply tuple, or null. */
    public ConntrackEntry find(Tuple t) {
        ConntrackEntry e = index.get(t);
        if (e != null && e.expiresAt <= engine.now()) {
            remove(e);
            return null;
        }
        return e;
    }

    /** True when another confirmed entry already uses {@code t} in either direction. */
    boolean taken(Tuple t, ConntrackEntry self) {
        ConntrackEntry e = find(t);
        return e != null && e != self;
    }

    void confirm(ConntrackEntry e) {
        e.id = nextId++;
        e.status |= STATUS_CONFIRMED;
        index.put(e.original, e);
        index.put(e.reply, e);
        entries.add(e);
        if (++insertsSinceSweep >= 1024 && insertsSinceSweep >= entries.size() / 2) {
            sweep();
        }
    }

    void remove(ConntrackEntry e) {
        if (index.get(e.original) == e) {
            index.remove(e.original);
        }
        if (index.get(e.reply) == e) {
            index.remove(e.reply);
        }
        entries.remove(e);
    }

    /** Re-keys a confirmed entry whose reply tuple changed. */
    void rehash(ConntrackEntry e, Tuple oldReply) {
        if (e.confirmed()) {
            if (index.get(oldReply) == e) {
                index.remove(oldReply);
            }
            index.put(e.reply, e);
        }
    }

    private void sweep() {
        insertsSinceSweep = 0;
        long now = engine.now();
        Iterator<ConntrackEntry> it = entries.iterator();
        while (it.hasNext()) {
            ConntrackEntry e = it.next();
            if (e.expiresAt <= now) {
                it.remove();
                if (index.get(e.original) == e) {
                    index.remove(e.original);
                }
                if (index.get(e.reply) == e) {
                    index.remove(e.reply);
                }
            }
        }
    }

    /** Live entries in the order they were confirmed. */
    public List<ConntrackEntry> entries() {
        sweep();
        return List.copyOf(entries);
    }

    public int size() {
        sweep();
        return entries.size();
    }

    /** Drops every entry ({@code conntrack -F}). */
    public void flush() {
        index.clear();
        entries.clear();
    }

    /** The table as {@code conntrack -L} prints it, one line per entry, in confirmation order. */
    public List<String> list() {
        long now = engine.now();
        List<String> out = new ArrayList<>();
        for (ConntrackEntry e : entries()) {
            out.add(line(e, now));
        }
        return out;
    }

    static String line(ConntrackEntry e, long now) {
        int p = e.original.protocol();
        StringBuilder sb = new StringBuilder();
        String name = Tuple.protocolName(p);
        sb.append(name);
        for (int i = name.length(); i < 8; i++) {
            sb.append(' ');
        }
        sb.append(' ').append(p).append(' ').append(Math.max(0, (e.expiresAt - now) / Durations.S));
        if (p == 6) {
            sb.append(' ').append(TCP_STATE_NAMES[e.tcpState]);
        }
        sb.append(' ').append(e.original.conntrackText());
        if (!e.seenReply()) {
            sb.append(" [UNREPLIED]");
        }
        sb.append(' ').append(e.reply.conntrackText());
        if (e.assured()) {
            sb.append(" [ASSURED]");
        }
        sb.append(" mark=0 use=1");
        return sb.toString();
    }

    // ---- per-protocol tracking -------------------------------------------------------------------------------------

    private static int tcpIndex(int flags) {
        if ((flags & TcpHeader.RST) != 0) {
            return 4;
        }
        if ((flags & TcpHeader.SYN) != 0) {
            return (flags & TcpHeader.ACK) != 0 ? 1 : 0;
        }
        if ((flags & TcpHeader.FIN) != 0) {
            return 2;
        }
        return (flags & TcpHeader.ACK) != 0 ? 3 : 5;
    }

    /** True for a TCP SYN that reopens a closed connection (TIME_WAIT/CLOSE), as the kernel does. */
    static boolean reopens(ConntrackEntry e, boolean reply, int tcpFlags) {
        return !reply && tcpIndex(tcpFlags) == 0 && (e.tcpState == STW || e.tcpState == SCL);
    }

    /**
     * Updates the entry for one packet (state and timeout). Returns null when the packet is valid, or
     * why it is INVALID (the packet then travels without a connection).
     */
    String packet(ConntrackEntry e, boolean reply, int protocol, int tcpFlags, long now) {
        switch (protocol) {
            case 6 -> {
                int idx = tcpIndex(tcpFlags);
                int old = e.tcpState;
                int next = TCP[reply ? 1 : 0][idx][old];
                if (next == SIV) {
                    return old == SNO
                            ? "a TCP " + TcpHeader.flagString(tcpFlags) + " segment that starts no connection"
                            : "a TCP " + TcpHeader.flagString(tcpFlags) + " segment not valid in state "
                                    + TCP_STATE_NAMES[old];
                }
                if (next == SIG) {
                    return null;
                }
                e.tcpState = next;
                if ((e.status & STATUS_ASSURED) == 0 && next == SES && (old == SSR || (old == SES && reply))) {
                    e.status |= STATUS_ASSURED;
                }
                e.expiresAt = now + TCP_TIMEOUT_S[next] * Durations.S;
            }
            case 17 -> {
                long timeout = UDP_UNREPLIED;
                if ((e.status & STATUS_SEEN_REPLY) != 0 && now - e.createdAt > UDP_STREAM_AFTER) {
                    timeout = UDP_STREAM;
                    e.status |= STATUS_ASSURED;
                }
                e.expiresAt = now + timeout;
            }
            case 1 -> e.expiresAt = now + ICMP_TIMEOUT;
            default -> e.expiresAt = now + GENERIC_TIMEOUT;
        }
        return null;
    }
}
