package io.podnet.sim.nftables;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.Conntrack;
import io.podnet.sim.netfilter.Hook;
import io.podnet.sim.netfilter.NftHooks;
import io.podnet.sim.netfilter.NftPacket;
import io.podnet.sim.netfilter.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs an {@link NftRuleset}'s base chains at their hooks (see {@link NftHooks}): rules in order,
 * {@code jump} (returns), {@code goto} (does not), {@code return}, verdict maps, named and
 * anonymous sets, {@code numgen random} from the namespace's seeded stream, {@code ct state},
 * {@code ct status}, {@code fib ... type local}, marks, {@code dnat}/{@code snat}/{@code masquerade}
 * through the shared conntrack (a nat statement ends the base chain with accept, as the kernel's
 * nft_nat does), {@code reject} (ICMP port unreachable unless {@code with}), and dynamic sets
 * ({@code update @set { ip saddr }}) with timeouts on the simulated clock. A base chain's policy is
 * accept; {@code accept} ends only that base chain.
 *
 * <p>Trace events name the table, chain, rule handle, the rule and, for a map, the element that
 * matched.
 */
public final class NftEvaluator implements NftHooks {
    private final NftRuleset ruleset;
    private final LongSupplier clock;
    private final Map<Hook, List<NftRuleset.Chain>> base = new EnumMap<>(Hook.class);
    /** Dynamic set contents: table/set -> key -> expiry (simulated ns; Long.MAX_VALUE without timeout). */
    private final Map<String, Map<Long, Long>> dynamic = new HashMap<>();
    private RuleObserver observer;
    /** Whether the last rule {@link #eval}uated matched (every match term held). */
    private boolean matched;

    public NftEvaluator(NftRuleset ruleset, LongSupplier clock) {
        this.ruleset = ruleset;
        this.clock = clock;
        for (NftRuleset.Table t : ruleset.tables.values()) {
            for (NftRuleset.Chain c : t.chains.values()) {
                if (c.hook != null) {
                    base.computeIfAbsent(Hook.valueOf(c.hook.toUpperCase(Locale.ROOT)), h -> new ArrayList<>()).add(c);
                }
            }
        }
        for (List<NftRuleset.Chain> l : base.values()) {
            l.sort(Comparator.comparingInt(c -> c.priority)); // stable: equal priorities keep creation order
        }
    }

    public NftRuleset ruleset() {
        return ruleset;
    }

    @Override
    public boolean has(Hook hook) {
        return base.containsKey(hook);
    }

    @Override
    public void observe(RuleObserver o) {
        observer = o;
    }

    @Override
    public Verdict filter(Hook hook, int lo, int hi, NftPacket p) {
        for (NftRuleset.Chain c : base.getOrDefault(hook, List.of())) {
            if ("nat".equals(c.type) || c.priority < lo || c.priority >= hi) {
                continue;
            }
            Verdict v = run(c, p);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @Override
    public Verdict nat(Hook hook, NftPacket p) {
        boolean dst = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
        int done = dst ? Conntrack.STATUS_DST_NAT_DONE : Conntrack.STATUS_SRC_NAT_DONE;
        for (NftRuleset.Chain c : base.getOrDefault(hook, List.of())) {
            if (!"nat".equals(c.type)) {
                continue;
            }
            Verdict v = run(c, p);
            if (v != null) {
                return v;
            }
            if ((p.ctStatus() & done) != 0) {
                break; // a binding is set up: later nat chains do not run for this connection
            }
        }
        return null;
    }

    /** Runs a base chain; null when the packet goes on (accept, or the end of the chain). */
    private Verdict run(NftRuleset.Chain start, NftPacket p) {
        List<NftRuleset.Chain> stackChain = new ArrayList<>();
        List<Integer> stackIndex = new ArrayList<>();
        NftRuleset.Chain c = start;
        int i = 0;
        while (true) {
            if (i >= c.rules.size()) {
                if (stackChain.isEmpty()) {
                    return null; // policy accept
                }
                c = stackChain.remove(stackChain.size() - 1);
                i = stackIndex.remove(stackIndex.size() - 1);
                continue;
            }
            NftRule r = c.rules.get(i);
            Outcome o = eval(c, r, p);
            if (observer != null) {
                observer.evaluated(c.table.id(), c.name, c.hook != null, r.handle(), r.line(), r.text(), matched);
            }
            if (o == null) {
                i++;
                continue;
            }
            switch (o.verdict.kind()) {
                case CONTINUE -> i++;
                case ACCEPT -> {
                    return null;
                }
                case DROP -> {
                    return new Verdict(Verdict.Action.DROP, null, where(c, r));
                }
                case REJECT -> {
                    return new Verdict(Verdict.Action.REJECT, o.rejectWith, where(c, r));
                }
                case RETURN -> {
                    if (stackChain.isEmpty()) {
                        return null;
                    }
                    c = stackChain.remove(stackChain.size() - 1);
                    i = stackIndex.remove(stackIndex.size() - 1);
                }
                case JUMP -> {
                    stackChain.add(c);
                    stackIndex.add(i + 1);
                    c = c.table.chains.get(o.verdict.chain());
                    i = 0;
                }
                default -> {
                    c = c.table.chains.get(o.verdict.chain());
                    i = 0;
                }
            }
        }
    }

    private record Outcome(NftVerdict verdict, String rejectWith) {}

    private static final NftVerdict ACCEPT = new NftVerdict(NftVerdict.Kind.ACCEPT, null, "accept");
    private static final NftVerdict REJECT = new NftVerdict(NftVerdict.Kind.REJECT, null, "reject");
    private static final NftVerdict DROP = new NftVerdict(NftVerdict.Kind.DROP, null, "drop");

    /** Evaluates one rule: null when it does not match or ends without a verdict (next rule). */
    private Outcome eval(NftRuleset.Chain c, NftRule r, NftPacket p) {
        matched = false;

        for (NftRule.Term t : r.terms()) {
            if (t instanceof NftRule.Cmp m) {
                long v = value(m.sel(), p);
                boolean in = false;
                if (v >= 0) {
                    for (NftSet.Elem e : m.values()) {
                        if (v >= e.lo()[0] && v <= e.hi()[0]) {
                            in = true;
                            break;
                        }
                    }
                }
                if (v < 0 || in == m.negate()) {
                    return null;
                }
            } else if (t instanceof NftRule.Bits b) {
                long v = value(b.sel(), p);
                if (((v & b.mask()) != 0) == b.negate()) {
                    return null;
                }
            } else if (t instanceof NftRule.MaskCmp m) {
                long v = value(m.sel(), p);
                if (((v & m.mask()) == m.value()) == m.negate()) {
                    return null;
                }
            } else if (t instanceof NftRule.Lookup l) {
                long[] key = new long[l.sels().size()];
                for (int k = 0; k < key.length; k++) {
                    key[k] = value(l.sels().get(k), p);
                    if (key[k] < 0) {
                        return null;
                    }
                }
                if (!l.vmap()) {
                    boolean in = contains(c.table, l.set(), key);
                    if (in == l.negate()) {
                        return null;
                    }
                    continue;
                }
                NftSet s = l.anonymous() != null ? l.anonymous() : c.table.sets.get(l.set());
                NftSet.Elem e = s.lookup(key);
                if (e == null) {
                    return null;
                }

                return fire(c, r, p, e.verdict(), null,
                        (l.set() == null ? "element" : "@" + l.set() + " element") + " '" + e.text() + "'");
            } else if (t instanceof NftRule.MarkSet m) {
                long cur = Integer.toUnsignedLong(p.mark());
                long nv = switch (m.op()) {
                    case "or" -> cur | m.value();
                    case "xor" -> cur ^ m.value();
                    case "and" -> cur & m.value();
                    default -> m.value();
                };
                p.setMark((int) nv);
            } else if (t instanceof NftRule.Update u) {
                long v = value(u.sel(), p);
                NftSet s = c.table.sets.get(u.set());
                long expiry = s.timeoutNanos > 0 ? clock.getAsLong() + s.timeoutNanos : Long.MAX_VALUE;
                dynamic.computeIfAbsent(c.table.id() + "/" + u.set(), k -> new HashMap<>()).put(v, expiry);
            } else if (t instanceof NftRule.Verdict v) {
                return fire(c, r, p, v.verdict(), null, null);
            } else if (t instanceof NftRule.Reject j) {
                return fire(c, r, p, REJECT, j.with(), null);
            } else if (t instanceof NftRule.Nat n) {
                boolean dst = p.hook() == Hook.PREROUTING || p.hook() == Hook.OUTPUT;
                if (n.dst() != dst) {
                    return null;
                }
                String to = new Ipv4Address(n.address()) + (n.port() > 0 ? ":" + n.port() : "");
                p.nat(dst, n.address(), n.port(), dst ? "DNAT" : "SNAT");
                return fire(c, r, p, ACCEPT, null, (dst ? "DNAT" : "SNAT") + " to " + to);
            } else if (t instanceof NftRule.Masquerade m) {
                Ipv4Address a = p.masquerade(m.fullyRandom());
                if (a == null) {
                    return fire(c, r, p, DROP, null, "masquerade impossible: " + p.outDevice() + " has no IPv4 address");
                }
                return fire(c, r, p, ACCEPT, null, "MASQUERADE to " + a + " (address of " + p.outDevice() + ")"
                        + (m.fullyRandom() ? " with a random source port" : ""));
            }
        }
        matched = true; // every term held, no verdict: the next rule
        return null;
    }

    /** The rule as a drop names it: table, chain, handle and text (so {@code droppedBy} can match the chain). */
    private static String where(NftRuleset.Chain c, NftRule r) {
        return "nft " + c.table.id() + " chain " + c.name + " rule handle " + r.handle() + ": " + r.text();
    }

    private Outcome fire(NftRuleset.Chain c, NftRule r, NftPacket p, NftVerdict v, String rejectWith, String detail) {
        matched = true;
        if (p.tracing()) {
            String verdict = v.kind() == NftVerdict.Kind.REJECT ? "REJECT" : v.text();
            String expl = "nft " + c.table.id() + " chain " + c.name + " rule handle " + r.handle() + ": "
                    + (detail == null ? "" : detail + " -> ") + verdict
                    + (r.comment() != null ? " (comment \"" + r.comment() + "\")" : "");
            p.trace(c.table.id(), c.name, r.handle(), r.text(), verdict, expl);
        }
        return new Outcome(v, rejectWith);
    }

    private boolean contains(NftRuleset.Table t, String set, long[] key) {
        Map<Long, Long> dyn = dynamic.get(t.id() + "/" + set);
        if (dyn != null && key.length == 1) {
            Long exp = dyn.get(key[0]);
            if (exp != null) {
                if (exp > clock.getAsLong()) {
                    return true;
                }
                dyn.remove(key[0]);
            }
        }
        return t.sets.get(set).lookup(key) != null;
    }

    /** The selector's value for the packet, or -1 when the packet has none (no ports). */
    private static long value(NftRule.Sel s, NftPacket p) {
        return switch (s.kind()) {
            case "ip saddr" -> Integer.toUnsignedLong(p.src());
            case "ip daddr" -> Integer.toUnsignedLong(p.dst());
            case "meta l4proto" -> p.protocol();
            case "meta mark" -> Integer.toUnsignedLong(p.mark());
            case "th dport" -> p.dport();
            case "th sport" -> p.sport();
            case "tcp dport" -> p.protocol() == 6 ? p.dport() : -1;
            case "tcp sport" -> p.protocol() == 6 ? p.sport() : -1;
            case "udp dport" -> p.protocol() == 17 ? p.dport() : -1;
            case "udp sport" -> p.protocol() == 17 ? p.sport() : -1;
            case "sctp dport" -> p.protocol() == 132 ? p.dport() : -1;
            case "sctp sport" -> p.protocol() == 132 ? p.sport() : -1;
            case "ct state" -> p.ctState();
            case "ct status" -> p.ctStatus();
            case "fib saddr type" -> p.isLocal(p.src()) ? 1 : 0;
            case "fib daddr type" -> p.isLocal(p.dst()) ? 1 : 0;
            case "numgen" -> p.random().nextInt(s.mod());
            default -> -1;
        };
    }
}
