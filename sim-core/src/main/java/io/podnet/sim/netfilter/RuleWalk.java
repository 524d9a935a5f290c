package io.podnet.sim.netfilter;

import io.podnet.sim.engine.Engine;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One packet walked through a node's rules offline ({@code podnet rules walk}): the hooks a packet
 * entering the node ({@link Hook#PREROUTING}, then INPUT when its destination after DNAT is a
 * local address, else FORWARD and POSTROUTING) or sent by it ({@link Hook#OUTPUT}, POSTROUTING)
 * traverses, with every rule evaluated in order, its line in the file, whether it matched, what
 * fired, the verdict, the packet after NAT, and each place a match had to assume an answer. A
 * packet of an established connection is walked after the connection's first packet and a reply
 * went through the same rules unobserved, so conntrack holds the state the kernel would.
 * Deterministic: the random draws ({@code -m statistic}) come from {@code seed}.
 */
public final class RuleWalk {
    private RuleWalk() {}

    /** What to walk. {@code in}/{@code out} may be empty (no interface). */
    public record Request(int proto, Ipv4Address src, int sport, Ipv4Address dst, int dport, String in, String out,
                         boolean output, boolean established, int mark, Set<Ipv4Address> local, long seed) {}

    /**
     * One line of the walk: an iptables rule evaluated ({@code rule} set), an nft rule evaluated
     * ({@code nft} set), or an event or note (both null).
     */
    public record Step(TableName table, Rule rule, boolean matched, String note, NftStep nft) {
        public Step(TableName table, Rule rule, boolean matched, String note) {
            this(table, rule, matched, note, null);
        }
    }

    /** An nft rule evaluated: its table ({@code ip kube-proxy}), chain, whether that is a base chain, handle, line, text. */
    public record NftStep(String table, String chain, boolean baseChain, int handle, int line, String text) {}

    /** The walk: steps in order, guesses ("line:column what was assumed", sorted, unique), verdict and packet after. */
    public record Result(List<Step> steps, List<String> guesses, Verdict verdict, String before, String after,
                         List<String> hooks) {}

    public static Result walk(Ruleset rules, IpSets sets, Request q) {
        return walk(rules, sets, null, q);
    }

    /**
     * The walk through iptables {@code rules} and nftables base chains {@code nft} (null: none),
     * interleaved by priority as the kernel runs them.
     */
    public static Result walk(Ruleset rules, IpSets sets, NftHooks nft, Request q) {
        Engine engine = new Engine();
        Tracer tracer = new Tracer(engine);
        Set<String> guesses = new TreeSet<>(RuleWalk::byPosition);
        List<Step> steps = new ArrayList<>();
        boolean[] recording = {false};
        Ipv4Address first = q.local().isEmpty() ? null : q.local().iterator().next();
        NetfilterContext ctx = new NetfilterContext() {
            @Override
            public boolean isLocalAddress(Ipv4Address a) {
                return q.local().contains(a) || (a.bits() >>> 24) == 127;
            }

            @Override
            public Ipv4Address primaryAddress(String device) {
                return first;
            }

            @Override
            public IpSets ipsets() {
                return sets;
            }

            @Override
            public void guessed(int line, int column, String assumption) {
                if (recording[0]) {
                    guesses.add(line + ":" + column + " " + assumption);
                }
            }
        };
        Netfilter nf = new Netfilter(rules, new Conntrack(engine), new SplittableRandom(q.seed()), ctx, tracer, "node");
        // An nft rule's event fires while it is evaluated, before the observer hears of it: held until then.
        List<Step> pendingNft = new ArrayList<>();
        tracer.addListener(e -> {
            if (recording[0] && !(e.decision() instanceof Decision.RuleHit h && h.verdict().equals("JUMP"))) {
                (nft != null && e.explanation().startsWith("nft ") ? pendingNft : steps)
                        .add(new Step(null, null, false, e.explanation()));
            }
        });
        nf.observe(new Netfilter.RuleObserver() {
            @Override
            public void evaluated(TableName table, Rule rule, boolean matched) {
                if (recording[0]) {
                    steps.add(new Step(table, rule, matched, null));
                }
            }

            @Override
            public void policy(TableName table, String chain, String policy) {
                if (recording[0] && rules.loadedTables().contains(table)) {
                    steps.add(new Step(table, null, false, table + "/" + chain + ": end of chain, policy " + policy));
                }
            }
        });
        if (nft != null) {
            nf.nftables(nft);
            nft.observe((table, chain, baseChain, handle, line, text, matched) -> {
                if (recording[0]) {
                    steps.add(new Step(null, null, matched, null, new NftStep(table, chain, baseChain, handle, line,
                            text)));
                    steps.addAll(pendingNft);
                }
                pendingNft.clear();
            });
        }
        long[] ids = {0};
        if (q.established()) {
            PacketBuffer syn = packet(q, ++ids[0], q.src(), q.sport(), q.dst(), q.dport(), TcpHeader.SYN);
            List<String> hooks = new ArrayList<>();
            Verdict v = path(nf, ctx, syn, q.in(), q.out(), q.output(), hooks);
            if (!v.accepted()) {
                steps.add(new Step(null, null, false, "the connection's first packet is not accepted (" + v.action()
                        + "), so it is never established; walking the packet as it would meet the rules anyway"));
            } else {
                Packet p = syn.packet();
                Ipv4Header ip = p.first(Ipv4Header.class);
                int[] ports = ports(p);
                PacketBuffer reply = packet(q, ++ids[0], ip.dst(), ports[1], ip.src(), ports[0],
                        TcpHeader.SYN | TcpHeader.ACK);
                boolean toLocal = hooks.contains("INPUT");
                replyPath(nf, reply, q, toLocal);
            }
        }
        recording[0] = true;
        PacketBuffer b = packet(q, ++ids[0], q.src(), q.sport(), q.dst(), q.dport(),
                q.established() ? TcpHeader.ACK : TcpHeader.SYN);
        b.setMark(q.mark());
        String before = describe(b.packet());
        List<String> hooks = new ArrayList<>();
        Verdict v = path(nf, ctx, b, q.in(), q.out(), q.output(), hooks);
        return new Result(List.copyOf(steps), List.copyOf(guesses), v, before, describe(b.packet()), hooks);
    }

    private static int byPosition(String a, String b) {
        int c = Long.compare(key(a), key(b));
        return c != 0 ? c : a.compareTo(b);
    }

    private static long key(String s) {
        int colon = s.indexOf(':');
        int space = s.indexOf(' ');
        return Long.parseLong(s.substring(0, colon)) * 100_000 + Long.parseLong(s.substring(colon + 1, space));
    }

    private static Verdict path(Netfilter nf, NetfilterContext ctx, PacketBuffer b, String in, String out,
                                boolean output, List<String> hooks) {
        Verdict v;
        if (output) {
            hooks.add("OUTPUT");
            v = nf.hook(Hook.OUTPUT, b, null, out);
            if (!v.accepted()) {
                return v;
            }
            hooks.add("POSTROUTING");
            return nf.hook(Hook.POSTROUTING, b, null, out);
        }
        hooks.add("PREROUTING");
        v = nf.hook(Hook.PREROUTING, b, in, null);
        if (!v.accepted()) {
            return v;
        }
        if (ctx.isLocalAddress(b.packet().first(Ipv4Header.class).dst())) {
            hooks.add("INPUT");
            return nf.hook(Hook.INPUT, b, in, null);
        }
        hooks.add("FORWARD");
        v = nf.hook(Hook.FORWARD, b, in, out);
        if (!v.accepted()) {
            return v;
        }
        hooks.add("POSTROUTING");
        return nf.hook(Hook.POSTROUTING, b, null, out);
    }

    private static void replyPath(Netfilter nf, PacketBuffer reply, Request q, boolean originalWasLocal) {
        if (originalWasLocal) {
            if (nf.hook(Hook.OUTPUT, reply, null, q.in()).accepted()) {
                nf.hook(Hook.POSTROUTING, reply, null, q.in());
            }
            return;
        }
        if (!nf.hook(Hook.PREROUTING, reply, q.out(), null).accepted()) {
            return;
        }
        if (q.output()) {
            nf.hook(Hook.INPUT, reply, q.out(), null);
        } else if (nf.hook(Hook.FORWARD, reply, q.out(), q.in()).accepted()) {
            nf.hook(Hook.POSTROUTING, reply, null, q.in());
        }
    }

    private static PacketBuffer packet(Request q, long id, Ipv4Address src, int sport, Ipv4Address dst, int dport,
                                       int tcpFlags) {
        Ipv4Header ip = Ipv4Header.of(src, dst, q.proto(), 64, (int) id);
        Packet p = q.proto() == Ipv4Header.PROTO_TCP
                ? Packet.of(new byte[0], ip, TcpHeader.of(sport, dport, 1000, tcpFlags == TcpHeader.SYN ? 0 : 1,
                tcpFlags, 65535))
                : Packet.of(new byte[0], ip, new UdpHeader(sport, dport));
        return new PacketBuffer(id, "walk", p);
    }

    private static int[] ports(Packet p) {
        TcpHeader t = p.first(TcpHeader.class);
        if (t != null) {
            return new int[] {t.srcPort(), t.dstPort()};
        }
        UdpHeader u = p.first(UdpHeader.class);
        return new int[] {u.srcPort(), u.dstPort()};
    }

    /** {@code tcp SRC:PORT > DST:PORT}, the syntax {@code --packet} reads. */
    public static String describe(Packet p) {
        Ipv4Header ip = p.first(Ipv4Header.class);
        int[] ports = ports(p);
        return (ip.protocol() == Ipv4Header.PROTO_TCP ? "tcp" : "udp") + " " + ip.src() + ":" + ports[0] + " > "
                + ip.dst() + ":" + ports[1];
    }
}
