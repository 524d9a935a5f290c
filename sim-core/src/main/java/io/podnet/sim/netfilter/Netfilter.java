package io.podnet.sim.netfilter;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.SctpHeader;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Netfilter of one network namespace: the iptables tables of a shared, immutable {@link Ruleset},
 * this namespace's {@link Conntrack}, and its random stream. Runs each hook as the kernel does:
 *
 * <pre>
 *   PREROUTING : raw, conntrack lookup, mangle, nat (DNAT)
 *   INPUT      : mangle, filter, nat (SNAT), conntrack confirm
 *   FORWARD    : mangle, filter
 *   OUTPUT     : raw, conntrack lookup, mangle, nat (DNAT), filter
 *   POSTROUTING: mangle, nat (SNAT), conntrack confirm
 * </pre>
 *
 * The nat table is consulted only for the first packet of a connection; its decision (a binding in
 * the conntrack entry) is applied to every later packet in both directions. The packet in the
 * {@link PacketBuffer} is replaced when NAT rewrites it. Every rule that fires emits one
 * {@link EventKind#NETFILTER} trace event; rules that do not match emit nothing.
 */
public final class Netfilter implements PacketFilter {
    /** The device name trace events carry. */
    public static final String DEVICE = "netfilter";

    private static final boolean DST = true;
    private static final boolean SRC = false;

    private final Ruleset ruleset;
    private final Conntrack conntrack;
    private final SplittableRandom random;
    private final NetfilterContext context;
    private final RecentTables recent;
    private final Accounting accounting = new Accounting();
    private final Tracer tracer;
    private final String namespace;
    /** Per-rule packet and byte counters of this namespace, by rule ordinal. */
    private final RuleCounters ruleCounters;
    /** Policy counters, by table ordinal * 5 + hook ordinal. */
    /** nftables base chains evaluated beside the iptables tables, or null (iptables only). */
    private NftHooks nft;
    private final long[] policyPackets = new long[TableName.values().length * Hook.values().length];
    private final long[] policyBytes = new long[TableName.values().length * Hook.values().length];

    /**
     * Sees every rule evaluated, matched or not, and every built-in chain's policy taken (for
     * {@code podnet rules walk}); none is set in a simulation.
     */
    public interface RuleObserver {
        void evaluated(TableName table, Rule rule, boolean matched);

        default void policy(TableName table, String chain, String policy) {}
    }

    private RuleObserver observer;

    /** Sets (or with null removes) the observer of rule evaluation. */
    public void observe(RuleObserver o) {
        observer = o;
    }

    public Netfilter(Ruleset ruleset, Conntrack conntrack, SplittableRandom random, NetfilterContext context,
                     Tracer tracer, String namespace) {
        this(ruleset, conntrack, new RecentTables(conntrack == null ? () -> 0L : conntrack::now), random, context,
                tracer, namespace);
    }

    /**
     * Netfilter with the given {@code -m recent} lists (keep them across a reload of the namespace's
     * ruleset, as the kernel keeps a list while a rule names it); the lists are adopted to
     * {@code ruleset} here.
     */
    public Netfilter(Ruleset ruleset, Conntrack conntrack, RecentTables recent, SplittableRandom random,
                     NetfilterContext context, Tracer tracer, String namespace) {
        if (ruleset == null || conntrack == null || recent == null || random == null || context == null
                || tracer == null || namespace == null) {
            throw new IllegalArgumentException("netfilter needs a ruleset, conntrack, random, context, tracer and"
                    + " namespace; got " + ruleset + ", " + conntrack + ", " + random + ", " + context + ", " + tracer
                    + ", " + namespace);
        }
        this.ruleset = ruleset;
        this.conntrack = conntrack;
        this.random = random;
        this.context = context;
        this.recent = recent;
        recent.adopt(ruleset);
        this.tracer = tracer;
        this.namespace = namespace;
        this.ruleCounters = new RuleCounters(ruleset.ordinals());
    }

    /** Attaches nftables base chains (see {@link NftHooks}); null detaches them. */
    public void nftables(NftHooks hooks) {
        this.nft = hooks;
    }

    public NftHooks nftables() {
        return nft;
    }

    /** Emits an nft rule's trace event (see {@link NftPacket#trace}). */
    void emitNft(PacketView v, String explanation, Decision d) {
        emit(v, EventKind.NETFILTER, explanation, null, d);
    }

    /** Runs the nft base chains of the hook with priority in [lo, hi); null goes on. */
    private Verdict nftFilter(PacketView v, int lo, int hi) {
        if (nft == null || !nft.has(v.hook)) {
            return null;
        }
        return nft.filter(v.hook, lo, hi, new NftPacket(this, v));
    }

    public Ruleset ruleset() {
        return ruleset;
    }

    public Conntrack conntrack() {
        return conntrack;
    }

    /** The namespace's {@code -m recent} lists. */
    public RecentTables recent() {
        return recent;
    }

    /** The namespace's {@code -m nfacct} counters (they start at zero with each ruleset load). */
    public Accounting accounting() {
        return accounting;
    }

    public String namespace() {
        return namespace;
    }

    /** Packets that matched {@code rule} in this namespace (the {@code pkts} column of {@code iptables -L -v}). */
    public long packets(Rule rule) {
        return ruleCounters.packets(rule.ordinal);
    }

    /** Bytes (IP datagram lengths) of the packets that matched {@code rule} in this namespace. */
    public long bytes(Rule rule) {
        return ruleCounters.bytes(rule.ordinal);
    }

    /**
     * The loaded tables with this namespace's counters, as {@code iptables-save -c} prints them:
     * {@code :CHAIN POLICY [packets:bytes]} (user chains {@code [0:0]}) and {@code [packets:bytes] -A ...}.
     * Rule texts are as loaded.
     */
    public String save() {
        StringBuilder sb = new StringBuilder();
        for (TableName tn : ruleset.loadedTables()) {
            sb.append('*').append(tn.iptablesName()).append('\n');
            List<Chain> chains = ruleset.chains(tn);
            for (Chain c : chains) {
                sb.append(':').append(c.name()).append(' ');
                if (c.builtin()) {
                    int pi = tn.ordinal() * Hook.values().length + Hook.valueOf(c.name()).ordinal();
                    sb.append(c.policy()).append(" [").append(policyPackets[pi]).append(':').append(policyBytes[pi]);
                } else {
                    sb.append("- [0:0");
                }
                sb.append("]\n");
            }
            for (Chain c : chains) {
                for (Rule r : c.rules()) {
                    sb.append('[').append(ruleCounters.packets(r.ordinal)).append(':').append(ruleCounters.bytes(r.ordinal)).append("] ")
                            .append(r.text()).append('\n');
                }
            }
            sb.append("COMMIT\n");
        }
        return sb.toString();
    }

    @Override
    public Verdict hook(Hook hook, PacketBuffer buf, String inDevice, String outDevice) {
        if (hook == null || buf == null) {
            throw new IllegalArgumentException("hook and packet are required, got " + hook + " and " + buf);
        }
        int ipIndex = buf.packet().indexOf(Ipv4Header.class, 0);
        if (ipIndex < 0) {
            return Verdict.ACCEPT; // not IPv4 (ARP): the IPv4 hooks never see it
        }
        PacketView v = new PacketView(buf, hook, inDevice, outDevice, ipIndex, random, context, recent, accounting);
        if (buf.conntrack() instanceof Conntrack.Attachment a && a.table == conntrack && key(v).equals(a.key)) {
            v.ct = a;
        }
        Verdict verdict = run(v);
        if (v.ct != null) {
            v.ct.key = key(v);
        }
        buf.setConntrack(v.ct);
        return verdict;
    }

    private Verdict run(PacketView v) {
        if (nft != null) {
            return runWithNft(v);
        }
        Verdict r;
        switch (v.hook) {
            case PREROUTING -> {
                if ((r = table(TableName.RAW, v)) != null) {
                    return r;
                }
                track(v);
                if ((r = table(TableName.MANGLE, v)) != null) {
                    return r;
                }
                r = nat(v, DST);
            }
            case OUTPUT -> {
                if ((r = table(TableName.RAW, v)) != null) {
                    return r;
                }
                track(v);
                if ((r = table(TableName.MANGLE, v)) != null || (r = nat(v, DST)) != null) {
                    return r;
                }
                r = table(TableName.FILTER, v);
            }
            case FORWARD -> {
                track(v);
                if ((r = table(TableName.MANGLE, v)) != null) {
                    return r;
                }
                r = table(TableName.FILTER, v);
            }
            case INPUT -> {
                track(v);
                if ((r = table(TableName.MANGLE, v)) != null || (r = table(TableName.FILTER, v)) != null
                        || (r = nat(v, SRC)) != null) {
                    return r;
                }
                confirm(v);
            }
            default -> {
                track(v);
                if ((r = table(TableName.MANGLE, v)) != null || (r = nat(v, SRC)) != null) {
                    return r;
                }
                confirm(v);
            }
        }
        return r == null ? Verdict.ACCEPT : r;
    }

    /**
     * {@link #run} with nftables base chains interleaved by priority: iptables raw -300, conntrack
     * -200, mangle -150, nat (dst) -100, filter 0, nat (src) 100; an nft chain of equal priority
     * runs after the iptables table (registered later).
     */
    private Verdict runWithNft(PacketView v) {
        final int min = Integer.MIN_VALUE;
        final int max = Integer.MAX_VALUE;
        Verdict r;
        switch (v.hook) {
            case PREROUTING -> {
                if ((r = nftFilter(v, min, -300)) != null || (r = table(TableName.RAW, v)) != null
                        || (r = nftFilter(v, -300, -200)) != null) {
                    return r;
                }
                track(v);
                if ((r = nftFilter(v, -200, -150)) != null || (r = table(TableName.MANGLE, v)) != null
                        || (r = nftFilter(v, -150, -100)) != null || (r = nat(v, DST)) != null) {
                    return r;
                }
                r = nftFilter(v, -100, max);
            }
            case OUTPUT -> {
                if ((r = nftFilter(v, min, -300)) != null || (r = table(TableName.RAW, v)) != null
                        || (r = nftFilter(v, -300, -200)) != null) {
                    return r;
                }
                track(v);
                if ((r = nftFilter(v, -200, -150)) != null || (r = table(TableName.MANGLE, v)) != null
                        || (r = nftFilter(v, -150, -100)) != null || (r = nat(v, DST)) != null
                        || (r = nftFilter(v, -100, 0)) != null || (r = table(TableName.FILTER, v)) != null) {
                    return r;
                }
                r = nftFilter(v, 0, max);
            }
            case FORWARD -> {
                track(v);
                if ((r = nftFilter(v, min, -150)) != null || (r = table(TableName.MANGLE, v)) != null
                        || (r = nftFilter(v, -150, 0)) != null || (r = table(TableName.FILTER, v)) != null) {
                    return r;
                }
                r = nftFilter(v, 0, max);
            }
            case INPUT -> {
                track(v);
                if ((r = nftFilter(v, min, -150)) != null || (r = table(TableName.MANGLE, v)) != null
                        || (r = nftFilter(v, -150, 0)) != null || (r = table(TableName.FILTER, v)) != null
                        || (r = nftFilter(v, 0, 100)) != null || (r = nat(v, SRC)) != null
                        || (r = nftFilter(v, 100, max)) != null) {
                    return r;
                }
                confirm(v);
            }
            default -> {
                track(v);
                if ((r = nftFilter(v, min, -150)) != null || (r = table(TableName.MANGLE, v)) != null
                        || (r = nftFilter(v, -150, 100)) != null || (r = nat(v, SRC)) != null
                        || (r = nftFilter(v, 100, max)) != null) {
                    return r;
                }
                confirm(v);
            }
        }
        return r == null ? Verdict.ACCEPT : r;
    }

    // ---- rule traversal ------------------------------------------------------------------------------------------

    /**
     * Runs the table's built-in chain for the hook and charges the CPU model one hook traversal plus
     * every rule the kernel evaluates (iptables walks its chains linearly: rules an index lets the
     * simulator skip are still counted). Null means the packet goes on (ACCEPT).
     */
    private Verdict table(TableName tn, PacketView v) {
        if (ruleset.table(tn).builtin(v.hook) == null) {
            return null;
        }
        v.rulesWalked = 0;
        Verdict r = walk(tn, v);
        int length = v.packet.lengthFrom(v.ipIndex);
        charge(v, CostStep.NETFILTER_HOOK, 1, length);
        if (v.rulesWalked > 0) {
            charge(v, CostStep.NETFILTER_RULE, v.rulesWalked, length);
        }
        return r;
    }

    /** Charges {@code count} executions (none for a GSO follower segment: once per super-packet). */
    private void charge(PacketView v, CostStep step, long count, long bytes) {
        context.charge(v.buf, step, v.buf.gsoFollower() ? 0 : count, bytes);
    }

    private Verdict walk(TableName tn, PacketView v) {
        Ruleset.Table t = ruleset.table(tn);
        Chain start = t.builtin(v.hook);
        Chain c = start;
        int i = 0;
        int depth = 0;
        Chain[] retChain = null;
        int[] retIndex = null;
        Chain keyedChain = null;
        int[] keyed = null;
        while (true) {
            Rule[] rules = c.ruleArray;
            if (c.indexed()) {
                if (keyedChain != c) {
                    keyedChain = c;
                    keyed = c.keyedFor(v.dst);
                }
                int skipTo = c.next(i, keyed);
                v.rulesWalked += Math.min(skipTo, rules.length) - i;
                i = skipTo;
            }
            if (i >= rules.length) {
                if (depth == 0) {
                    return policy(tn, start, v);
                }
                depth--;
                c = retChain[depth];
                i = retIndex[depth];
                continue;
            }
            Rule r = rules[i];
            v.rulesWalked++;
            boolean matched = r.matches(v);
            if (observer != null) {
                observer.evaluated(tn, r, matched);
            }
            if (!matched) {
                i++;
                continue;
            }
            ruleCounters.count(r.ordinal, v.packet.lengthFrom(v.ipIndex));
            Target.Step step = r.target.fire(this, tn, r, v);
            switch (step.kind()) {
                case Target.Step.NEXT -> i++;
                case Target.Step.STOP -> {
                    return step.verdict();
                }
                case Target.Step.RETURN -> {
                    if (depth == 0) {
                        hit(tn, r, v, "RETURN", "RETURN to the policy of ", start.name());
                        return policy(tn, start, v);
                    }
                    hit(tn, r, v, "RETURN", "RETURN to ", retChain[depth - 1].name());
                    depth--;
                    c = retChain[depth];
                    i = retIndex[depth];
                }
                case Target.Step.JUMP -> {
                    if (retChain == null) {
                        retChain = new Chain[8];
                        retIndex = new int[8];
                    } else if (depth == retChain.length) {
                        retChain = java.util.Arrays.copyOf(retChain, depth * 2);
                        retIndex = java.util.Arrays.copyOf(retIndex, depth * 2);
                    }
                    retChain[depth] = c;
                    retIndex[depth] = i + 1;
                    depth++;
                    c = t.chains[step.chainIndex()];
                    i = 0;
                }
                default -> {
                    c = t.chains[step.chainIndex()];
                    i = 0;
                }
            }
        }
    }

    private Verdict policy(TableName tn, Chain start, PacketView v) {
        int pi = tn.ordinal() * Hook.values().length + v.hook.ordinal();
        policyPackets[pi]++;
        policyBytes[pi] += v.packet.lengthFrom(v.ipIndex);
        if (observer != null) {
            observer.policy(tn, start.name(), start.policyDrops() ? "DROP" : "ACCEPT");
        }
        if (!start.policyDrops()) {
            return null;
        }
        if (tracer.enabled()) {
            emit(v, EventKind.NETFILTER, tn + "/" + start.name() + " policy DROP: no rule accepted the packet", null,
                    new Decision.RuleHit(tn.iptablesName(), start.name(), 0, ":" + start.name() + " DROP", "DROP"));
        }
        return new Verdict(Verdict.Action.DROP, null, null);
    }

    /** Whether trace events are being recorded (targets skip building explanations otherwise). */
    boolean tracing() {
        return tracer.enabled();
    }

    NetfilterContext context() {
        return context;
    }

    /** Emits the trace event of rule {@code r} firing: {@code verdict} as the decision, {@code action} explained. */
    void hit(TableName tn, Rule r, PacketView v, String verdict, String action) {
        hit(tn, r, v, verdict, action, "");
    }

    /**
     * As {@link #hit(TableName, Rule, PacketView, String, String)} with the action {@code actionHead +
     * actionTail}, joined only when a listener reads the explanation.
     */
    void hit(TableName tn, Rule r, PacketView v, String verdict, String actionHead, String actionTail) {
        if (!tracer.enabled()) {
            return;
        }
        // Built only when a listener reads them: the rule and the strings never change.
        java.util.function.Supplier<String> expl = () -> tn + "/" + r.chain() + " rule " + r.number() + ": " + actionHead
                + actionTail + (r.comment() != null ? " (-m comment \"" + r.comment() + "\")" : "");
        tracer.emitLazy(v.buf.id(), v.buf.flow(), namespace, DEVICE, EventKind.NETFILTER, expl, v.packet, null,
                () -> new Decision.RuleHit(tn.iptablesName(), r.chain(), r.number(), r.text(), verdict));
    }

    private void emit(PacketView v, EventKind kind, String explanation, Packet after, Decision d) {
        tracer.emit(v.buf.id(), v.buf.flow(), namespace, DEVICE, kind, explanation, after == null ? v.packet : null,
                after, d);
    }

    private void emitChange(PacketView v, EventKind kind, String explanation, Packet before, Decision d) {
        tracer.emit(v.buf.id(), v.buf.flow(), namespace, DEVICE, kind, explanation, before, v.packet, d);
    }

    // ---- conntrack -----------------------------------------------------------------------------------------------

    /** The key that identifies the packet's current headers (to notice a buffer reused for another packet). */
    private static Tuple key(PacketView v) {
        return new Tuple(v.proto, v.src, v.dst, v.proto == 1 ? v.icmpType : v.sport, v.proto == 1 ? v.icmpCode : v.dport);
    }

    /** The conntrack tuple of the packet, or null when it cannot be tracked. */
    private static Tuple tupleOf(PacketView v) {
        switch (v.proto) {
            case 6, 17, PacketView.PROTO_SCTP -> {
                return v.sport < 0 ? null : new Tuple(v.proto, v.src, v.dst, v.sport, v.dport);
            }
            case 1 -> {
                if (!(v.l4 instanceof IcmpHeader c) || Tuple.invertIcmpType(c.type()) < 0) {
                    return null;
                }
                return new Tuple(1, v.src, v.dst, c.identifier(), c.type() << 8 | c.code());
            }
            default -> {
                return new Tuple(v.proto, v.src, v.dst, 0, 0);
            }
        }
    }

    /** Associates the packet with a connection (the kernel's nf_conntrack_in), unless already done. */
    private void track(PacketView v) {
        if (v.ct != null) {
            return;
        }
        long now = conntrack.now();
        if (v.laterFragment || (v.ip.moreFragments() && v.l4 == null)) {
            invalid(v, "a fragment (conntrack follows reassembled packets)");
            return;
        }
        if (v.l4 instanceof IcmpHeader c && v.proto == 1 && c.isError()) {
            related(v, c);
            return;
        }
        Tuple t = tupleOf(v);
        if (t == null) {
            invalid(v, v.proto == 1 ? "an ICMP type conntrack cannot follow" : "a packet without its transport header");
            return;
        }
        charge(v, CostStep.CONNTRACK_LOOKUP, 1, v.packet.lengthFrom(v.ipIndex));
        ConntrackEntry e = conntrack.find(t);
        boolean reply = false;
        if (e != null) {
            reply = !t.equals(e.original);
            if (t.protocol() == 6 && Conntrack.reopens(e, reply, v.tcpFlags)) {
                conntrack.remove(e);
                e = null;
                reply = false;
            }
        }
        if (e == null) {
            if (t.protocol() == 1 && !(v.icmpType == 8 || v.icmpType == 13 || v.icmpType == 15 || v.icmpType == 17)) {
                invalid(v, "an ICMP " + ((IcmpHeader) v.l4).summary().replace("ICMP ", "")
                        + " that answers no tracked request");
                return;
            }
            e = new ConntrackEntry(t, now);
        }
        String bad = conntrack.packet(e, reply, t.protocol(), v.tcpFlags, now);
        if (bad != null) {
            invalid(v, bad);
            return;
        }
        int info = reply || e.seenReply() ? Conntrack.ESTABLISHED : Conntrack.NEW;
        if (reply && !e.seenReply()) {
            e.status |= Conntrack.STATUS_SEEN_REPLY;
            if (tracer.enabled()) {
                emit(v, EventKind.CONNTRACK, "conntrack: first reply seen, " + e.original + " is ESTABLISHED", null,
                        new Decision.Conntrack("ESTABLISHED", e.original.toString(), e.reply.toString()));
            }
        }
        v.ct = new Conntrack.Attachment(conntrack, e, reply, info);
    }

    private void invalid(PacketView v, String why) {
        v.ct = new Conntrack.Attachment(conntrack, null, false, Conntrack.INVALID);
        if (tracer.enabled()) {
            emit(v, EventKind.CONNTRACK, "conntrack: INVALID, " + why, null, new Decision.Conntrack("INVALID", null, null));
        }
    }

    /** An ICMP error: RELATED to the connection of the datagram it quotes, if conntrack knows it. */
    private void related(PacketView v, IcmpHeader c) {
        Quote q = Quote.parse(v.packet);
        if (q == null) {
            invalid(v, "an ICMP error whose quoted datagram is too short to identify a connection");
            return;
        }
        Tuple look = q.tuple().invert();
        ConntrackEntry e = conntrack.find(look);
        if (e == null) {
            invalid(v, "an " + c.summary() + " about " + q.tuple() + ", which conntrack does not know");
            return;
        }
        boolean reply = !look.equals(e.original);
        v.ct = new Conntrack.Attachment(conntrack, e, reply, Conntrack.RELATED);
        if (tracer.enabled()) {
            emit(v, EventKind.CONNTRACK, "conntrack: " + c.summary() + " is RELATED to " + e.original, null,
                    new Decision.Conntrack("RELATED", e.original.toString(), e.reply.toString()));
        }
    }

    /** Inserts the packet's new connection into the table as it leaves the last hook. */
    private void confirm(PacketView v) {
        Conntrack.Attachment a = v.ct;
        if (a == null || a.entry == null || a.entry.confirmed()) {
            return;
        }
        ConntrackEntry e = a.entry;
        ConntrackEntry clash = conntrack.find(e.original);
        if (clash != null) {
            a.entry = clash; // the same flow was confirmed meanwhile: follow the existing entry
            return;
        }
        conntrack.confirm(e);
        charge(v, CostStep.CONNTRACK_INSERT, 1, v.packet.lengthFrom(v.ipIndex));
        if (tracer.enabled()) {
            String nat = "";
            if (!e.reply.equals(e.original.invert())) {
                nat = ", replies expected as " + e.reply;
            }
            emit(v, EventKind.CONNTRACK, "conntrack: new connection " + e.original + nat, null,
                    new Decision.Conntrack("NEW", e.original.toString(), e.reply.toString()));
        }
    }

    // ---- NAT -----------------------------------------------------------------------------------------------------

    /** The nat table step of a hook: rules for a new connection, then the binding for every packet. */
    private Verdict nat(PacketView v, boolean dst) {
        Conntrack.Attachment a = v.ct;
        if (a == null || a.entry == null) {
            return null; // untracked and invalid packets skip nat
        }
        ConntrackEntry e = a.entry;
        if (a.info == Conntrack.RELATED) {
            if (v.l4 instanceof IcmpHeader c && c.isError()) {
                icmpErrorTranslation(v, e, a.reply, dst);
            }
            return null;
        }
        int done = dst ? Conntrack.STATUS_DST_NAT_DONE : Conntrack.STATUS_SRC_NAT_DONE;
        if (a.info == Conntrack.NEW && !a.reply && (e.status & done) == 0) {
            Verdict r = table(TableName.NAT, v);
            if (r != null) {
                return r;
            }
            if (nft != null && (e.status & done) == 0 && nft.has(v.hook)) {
                r = nft.nat(v.hook, new NftPacket(this, v));
                if (r != null) {
                    return r;
                }
            }
            if ((e.status & done) == 0) {
                // null binding: keep the addresses, but keep the reply tuple unique (may move the source port)
                Tuple cur = e.reply.invert();
                int addr = dst ? cur.dst() : cur.src();
                setup(e, dst, new NatRange(addr, true, 0, 0, false, false, false), dst ? "DNAT" : "SNAT");
            }
        }
        apply(v, e, a.reply, dst);
        return null;
    }

    /** The kernel's nf_nat_setup_info: choose a unique tuple in the range and record it as the reply. */
    void setup(ConntrackEntry e, boolean dst, NatRange range, String kind) {
        Tuple cur = e.reply.invert();
        Tuple chosen = unique(cur, range, dst, e);
        if (!chosen.equals(cur)) {
            Tuple old = e.reply;
            e.reply = chosen.invert();
            conntrack.rehash(e, old);
            e.status |= dst ? Conntrack.STATUS_DST_NAT : Conntrack.STATUS_SRC_NAT;
            if (!dst) {
                e.snatKind = kind;
            }
        }
        e.status |= dst ? Conntrack.STATUS_DST_NAT_DONE : Conntrack.STATUS_SRC_NAT_DONE;
    }

    private Tuple unique(Tuple orig, NatRange range, boolean dst, ConntrackEntry e) {
        if (!dst && !range.randomAll() && inRange(orig, range, dst) && !conntrack.taken(orig.invert(), e)) {
            return orig;
        }
        Tuple t = orig;
        if (range.addressSpecified()) {
            t = dst ? new Tuple(t.protocol(), t.src(), range.address(), t.srcPort(), t.dstPort())
                    : new Tuple(t.protocol(), range.address(), t.dst(), t.srcPort(), t.dstPort());
        }
        if (!range.randomAll()) {
            if (range.portSpecified()) {
                if (portInRange(t, range, dst) && (range.minPort() == range.maxPort() || !conntrack.taken(t.invert(), e))) {
                    return t;
                }
            } else if (!conntrack.taken(t.invert(), e)) {
                return t;
            }
        }
        return uniquePort(t, range, dst, e);
    }

    private static boolean inRange(Tuple t, NatRange range, boolean dst) {
        int addr = dst ? t.dst() : t.src();
        if (range.addressSpecified() && addr != range.address()) {
            return false;
        }
        return !range.portSpecified() || portInRange(t, range, dst);
    }

    private static boolean portInRange(Tuple t, NatRange range, boolean dst) {
        if (t.protocol() == 1) {
            return t.srcPort() >= range.minPort() && t.srcPort() <= range.maxPort();
        }
        if (!t.hasPorts()) {
            return true;
        }
        int p = dst ? t.dstPort() : t.srcPort();
        return p >= range.minPort() && p <= range.maxPort();
    }

    /** nf_nat_l4proto_unique_tuple: search the port (or ICMP id) range for a free reply tuple. */
    private Tuple uniquePort(Tuple t, NatRange range, boolean dst, ConntrackEntry e) {
        boolean icmp = t.protocol() == 1;
        if (!icmp && !t.hasPorts()) {
            return t;
        }
        int min;
        int size;
        int current = icmp || !dst ? t.srcPort() : t.dstPort();
        if (range.portSpecified()) {
            min = range.minPort();
            size = range.maxPort() - range.minPort() + 1;
        } else if (icmp) {
            min = 0;
            size = 65536;
        } else if (dst) {
            return t; // a destination port is never changed unless asked
        } else if (current < 1024) {
            min = current < 512 ? 1 : 600;
            size = current < 512 ? 511 : 424;
        } else {
            min = 1024;
            size = 65536 - 1024;
        }
        long off = range.randomAll() ? random.nextInt() & 0xffffffffL
                : ((long) t.hashCode() * 0x9e3779b1L) & 0xffffffffL;
        int attempts = Math.min(size, 128);
        Tuple candidate = t;
        while (true) {
            for (int i = 0; i < attempts; i++, off++) {
                int port = min + (int) (off % size);
                candidate = withPort(t, icmp || !dst, port);
                if (!conntrack.taken(candidate.invert(), e)) {
                    return candidate;
                }
            }
            attempts /= 2;
            off = random.nextInt() & 0xffffffffL;
            if (attempts < 16) {
                return candidate;
            }
        }
    }

    private static Tuple withPort(Tuple t, boolean srcSide, int port) {
        return srcSide ? new Tuple(t.protocol(), t.src(), t.dst(), port, t.dstPort())
                : new Tuple(t.protocol(), t.src(), t.dst(), t.srcPort(), port);
    }

    /**
     * IPVS masquerading forwards the packet in {@code buf} (at LOCAL_IN, after the filter table) to
     * the real server {@code addr:port}: the destination is rewritten, and with
     * {@code net.ipv4.vs.conntrack=1} (kube-proxy sets it) the connection's conntrack entry is told
     * to expect replies from the real server ({@code ip_vs_update_conntrack}), so conntrack
     * reverses the translation for replies and a MASQUERADE in POSTROUTING composes with it. The
     * packets of the original direction keep their destination until IPVS rewrites them (conntrack
     * does not DNAT them at PREROUTING). Emits no trace event (IPVS explains itself). Returns the
     * rewritten packet.
     */
    public Packet ipvsForward(PacketBuffer buf, Ipv4Address addr, int port) {
        int ipIndex = buf.packet().indexOf(Ipv4Header.class, 0);
        if (ipIndex < 0) {
            throw new IllegalArgumentException("IPVS forwards IPv4 only, got " + buf.packet().summary());
        }
        PacketView v = new PacketView(buf, Hook.INPUT, buf.inputDevice(), null, ipIndex, random, context, recent, accounting);
        Conntrack.Attachment a = buf.conntrack() instanceof Conntrack.Attachment x && x.table == conntrack ? x : null;
        if (a != null && a.entry != null && !a.reply && a.info != Conntrack.RELATED) {
            ConntrackEntry e = a.entry;
            if ((e.status & Conntrack.STATUS_DST_NAT) == 0) {
                e.status &= ~Conntrack.STATUS_DST_NAT_DONE;
                if ((e.status & Conntrack.STATUS_SRC_NAT) == 0) {
                    // IPVS steals the packet at LOCAL_IN before the nat table's INPUT chain (priority
                    // 100) would bind the source: POSTROUTING's nat chain decides it instead.
                    e.status &= ~Conntrack.STATUS_SRC_NAT_DONE;
                }
                setup(e, DST, new NatRange(addr.bits(), true, port, port, true, false, false), "DNAT");
                e.ipvs = true;
            }
        }
        Packet after = rewrite(v, DST, addr.bits(), port, v.sport);
        if (!after.equals(v.packet)) {
            v.replace(after);
            charge(v, CostStep.NAT, 1, v.packet.lengthFrom(v.ipIndex));
        }
        if (a != null) {
            a.key = key(v);
        }
        return v.packet;
    }

    /** nf_nat_packet: rewrite the packet to the binding, if the connection has NAT of this kind for its direction. */
    private void apply(PacketView v, ConntrackEntry e, boolean reply, boolean dst) {
        if (e.ipvs && dst && !reply) {
            return; // IPVS rewrites the original direction itself, at LOCAL_IN
        }
        int bit = dst ? Conntrack.STATUS_DST_NAT : Conntrack.STATUS_SRC_NAT;
        if (reply) {
            bit = dst ? Conntrack.STATUS_SRC_NAT : Conntrack.STATUS_DST_NAT;
        }
        if ((e.status & bit) == 0) {
            return;
        }
        Tuple target = e.tuple(!reply).invert();
        Packet before = v.packet;
        int proto = v.proto;
        int fromAddr = dst ? v.dst : v.src;
        int fromPort = dst ? v.dport : v.sport;
        Packet after = rewrite(v, dst, dst ? target.dst() : target.src(), dst ? target.dstPort() : target.srcPort(),
                target.srcPort());
        if (after.equals(before)) {
            return;
        }
        v.replace(after);
        charge(v, CostStep.NAT, 1, v.packet.lengthFrom(v.ipIndex));
        if (!tracer.enabled()) {
            return;
        }
        // Only numbers and fixed strings are kept: the texts are built when a listener reads them.
        int toAddr = dst ? v.dst : v.src;
        int toPort = dst ? v.dport : v.sport;
        String what = dst ? "destination" : "source";
        boolean confirmed = e.confirmed();
        String kind = !reply ? (dst ? "DNAT" : e.snatKind) : dst ? e.snatKind : e.ipvs ? "IPVS masquerading" : "DNAT";
        java.util.function.Supplier<String> expl = () -> (!reply ? (confirmed ? "conntrack applies " + kind : kind)
                : "conntrack reverses " + kind) + ": " + what + " " + endpoint(proto, fromAddr, fromPort) + " -> "
                + endpoint(proto, toAddr, toPort);
        tracer.emitLazy(v.buf.id(), v.buf.flow(), namespace, DEVICE, confirmed ? EventKind.CONNTRACK : EventKind.NETFILTER,
                expl, before, v.packet, () -> new Decision.Nat(kind, endpoint(proto, fromAddr, fromPort),
                        endpoint(proto, toAddr, toPort), reply));
    }

    private static String endpoint(int proto, int addr, int port) {
        Ipv4Address a = new Ipv4Address(addr);
        return (proto == 6 || proto == 17 || proto == PacketView.PROTO_SCTP) && port >= 0 ? a + ":" + port : a.toString();
    }

    /** A packet with the source (or destination) address and port (or ICMP id) replaced. */
    private static Packet rewrite(PacketView v, boolean dst, int addr, int port, int icmpId) {
        Ipv4Header ip = v.ip;
        Ipv4Header nip = dst ? ip.withDst(new Ipv4Address(addr)) : ip.withSrc(new Ipv4Address(addr));
        Packet p = v.packet;
        if (!nip.equals(ip)) {
            p = p.with(v.ipIndex, nip);
        }
        Header l4 = v.l4;
        Header n4 = l4;
        if (l4 instanceof TcpHeader t) {
            n4 = dst ? t.withPorts(t.srcPort(), port) : t.withPorts(port, t.dstPort());
        } else if (l4 instanceof UdpHeader u) {
            n4 = dst ? u.withDstPort(port) : u.withSrcPort(port);
        } else if (l4 instanceof SctpHeader sc) {
            n4 = dst ? sc.withPorts(sc.srcPort(), port) : sc.withPorts(port, sc.dstPort()); // CRC32c derived on encode
        } else if (l4 instanceof IcmpHeader c && Tuple.invertIcmpType(c.type()) >= 0) {
            n4 = new IcmpHeader(c.type(), c.code(), (icmpId & 0xffff) << 16 | (c.rest() & 0xffff));
        }
        if (n4 != null && !n4.equals(l4)) {
            p = p.with(v.ipIndex + 1, n4);
        }
        if (v.sctp != null && v.ipIndex + 1 == p.headerCount()) {
            // SCTP carried as bytes after the IPv4 header: rewrite the port and the CRC32c
            byte[] b = XtSctp.withPorts(v.sctp, dst ? v.sport : port, dst ? port : v.dport);
            if (b != v.sctp) {
                p = new Packet(p.headers(), b);
            }
        }
        return p;
    }

    /** nf_nat_icmp_reply_translation: fix the quoted datagram and the outer header of a RELATED ICMP error. */
    private void icmpErrorTranslation(PacketView v, ConntrackEntry e, boolean reply, boolean dst) {
        int bit = dst ? Conntrack.STATUS_DST_NAT : Conntrack.STATUS_SRC_NAT;
        if (reply) {
            bit = dst ? Conntrack.STATUS_SRC_NAT : Conntrack.STATUS_DST_NAT;
        }
        if ((e.status & bit) == 0) {
            return;
        }
        Quote q = Quote.parse(v.packet);
        if (q == null) {
            return;
        }
        Tuple other = e.tuple(!reply);
        // the quoted datagram travelled the other way: apply the opposite manipulation to it
        byte[] quote = q.rewrite(!dst, dst ? other.src() : other.dst(), dst ? other.srcPort() : other.dstPort(),
                other.srcPort());
        Tuple outer = other.invert();
        Ipv4Header nip = dst ? v.ip.withDst(outer.dstAddress()) : v.ip.withSrc(outer.srcAddress());
        List<Header> hs = new ArrayList<>(v.packet.headers());
        hs.set(v.ipIndex, nip);
        Packet before = v.packet;
        Packet after = new Packet(hs, quote);
        if (after.equals(before)) {
            return;
        }
        v.replace(after);
        if (tracer.enabled()) {
            Tuple inner = Quote.parse(after).tuple();
            String kind = reply == dst ? e.snatKind : "DNAT";
            String expl = "conntrack translates the ICMP error for " + e.original + ": outer "
                    + (dst ? "destination " + before.first(Ipv4Header.class).dst() + " -> " + nip.dst()
                    : "source " + before.first(Ipv4Header.class).src() + " -> " + nip.src())
                    + ", quoted " + q.tuple() + " -> " + inner;
            emitChange(v, EventKind.CONNTRACK, expl, before,
                    new Decision.Nat(kind, q.tuple().toString(), inner.toString(), reply));
        }
    }
}
