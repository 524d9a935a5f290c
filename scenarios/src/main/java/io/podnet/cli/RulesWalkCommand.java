package io.podnet.cli;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.netfilter.IpSets;
import io.podnet.sim.netfilter.ParseException;
import io.podnet.sim.netfilter.RuleWalk;
import io.podnet.sim.netfilter.Ruleset;
import io.podnet.sim.wire.Ipv4Header;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code podnet rules walk --iptables-save FILE --packet 'tcp SRC:PORT > DST:PORT'}: one packet
 * walked through a real node's {@code iptables-save} output offline ({@link RuleWalk}): every rule
 * evaluated with its line in the file, the ones that matched, what fired (jumps, DNAT, marks), the
 * verdict, the packet after NAT, and each place the walk had to assume an answer (line:column).
 * A subcommand of {@code podnet rules} ({@link RulesCommand}).
 */
@Command(name = "walk", mixinStandardHelpOptions = true,
        description = {"Walk one packet through a node's iptables-save output: every rule evaluated in order with"
                + " its line in the file, the rules that matched, the verdict and the packet after NAT. Where a match"
                + " cannot be decided offline (-m set without --ipset, -m socket, -m physdev) the walk names the"
                + " rule's line and column and says what it assumed."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the walk was printed", "2:bad input or usage (file:line:column where it applies)",
                "3:could not do the job (a bug)"})
final class RulesWalkCommand implements Callable<Integer> {
    /** Files larger than this are refused (a 5000-Service node's iptables-save is about 10 MB). */
    static final long MAX_BYTES = 256L << 20;

    static final Pattern PACKET = Pattern.compile(
            "\\s*(tcp|udp)\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)\\s*>\\s*(\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)\\s*");

    @Option(names = "--iptables-save", paramLabel = "FILE",
            description = "The node's rules as 'iptables-save' (or 'iptables-save -c') prints them.")
    Path rulesFile;

    @Option(names = "--nft", paramLabel = "FILE",
            description = "The node's nftables rules as 'nft list ruleset' (or 'nft -a list ruleset') prints them, or"
                    + " an 'nft -f' file; with --iptables-save too, both run, interleaved by priority as in the kernel.")
    Path nftFile;

    @Option(names = "--packet", paramLabel = "PACKET", required = true,
            description = "'tcp SRC:PORT > DST:PORT' or 'udp SRC:PORT > DST:PORT'.")
    String packet;

    @Option(names = "--ipset", paramLabel = "FILE",
            description = "The node's IP sets as 'ipset save' prints them (for -m set).")
    Path ipsetFile;

    @Option(names = "--in", paramLabel = "IFACE", defaultValue = "",
            description = "Interface the packet arrives on (prerouting; e.g. cni0, eth0, flannel.1).")
    String in;

    @Option(names = "--out", paramLabel = "IFACE", defaultValue = "",
            description = "Interface the packet leaves by (e.g. eth0, flannel.1, cni0).")
    String out;

    @Option(names = "--hook", paramLabel = "HOOK", defaultValue = "prerouting",
            description = "prerouting (the packet enters the node: from a pod or the network) or output (a process"
                    + " on the node sends it). Default: ${DEFAULT-VALUE}.")
    String hook;

    @Option(names = "--ct", paramLabel = "STATE", defaultValue = "new",
            description = "new (the connection's first packet) or established (after a reply). Default: ${DEFAULT-VALUE}.")
    String ct;

    @Option(names = "--mark", paramLabel = "M", defaultValue = "0",
            description = "The packet's mark on entry (decimal or 0x hex). Default: ${DEFAULT-VALUE}.")
    String mark;

    @Option(names = "--local", paramLabel = "ADDR", split = ",",
            description = "The node's own addresses (comma-separated; the first is the MASQUERADE source). Decides"
                    + " -m addrtype LOCAL and whether the packet goes to INPUT or FORWARD. 127.0.0.0/8 is always local.")
    List<String> local;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the -m statistic random draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        if (rulesFile == null && nftFile == null) {
            throw new UserError("give the node's rules: --iptables-save FILE (iptables-save output), --nft FILE"
                    + " (nft list ruleset output), or both");
        }
        RuleWalk.Request q = request();
        Ruleset rules;
        String text = rulesFile == null ? "" : read(rulesFile, "--iptables-save");
        try {
            rules = Ruleset.parse(text);
        } catch (ParseException e) {
            throw new UserError(position(rulesFile, e));
        }
        io.podnet.sim.nftables.NftEvaluator nft = null;
        if (nftFile != null) {
            try {
                nft = new io.podnet.sim.nftables.NftEvaluator(io.podnet.sim.nftables.NftParser.parse(
                        read(nftFile, "--nft")), () -> 0L);
            } catch (io.podnet.sim.nftables.NftParseException e) {
                String m = e.getMessage().startsWith("line ") ? e.getMessage().substring(e.getMessage().indexOf(':') + 2)
                        : e.getMessage();
                throw new UserError(nftFile + ":" + e.line() + ": " + m + " (podnet reads the ip family of what"
                        + " nft list ruleset prints, and nft -f transaction files)");
            }
        }
        IpSets sets = null;
        if (ipsetFile != null) {
            try {
                sets = IpSets.parse(read(ipsetFile, "--ipset"));
            } catch (ParseException e) {
                throw new UserError(position(ipsetFile, e));
            }
        }
        RuleWalk.Result r = RuleWalk.walk(rules, sets, nft, q);
        if (nftFile != null) {
            r = withNumgenGuesses(r, read(nftFile, "--nft"), nftFile.toString());
        }
        o.print(render(r, q, rulesFile == null ? nftFile.toString() : nftFile == null ? rulesFile.toString()
                : rulesFile + " and " + nftFile));
        o.flush();
        return ExitCodes.OK;
    }

    /**
     * The walk with a guess for each matched nft rule that drew {@code numgen random} (kube-proxy's
     * endpoint choice): line and column in the nft file, as the iptables walk names {@code -m statistic}.
     */
    static RuleWalk.Result withNumgenGuesses(RuleWalk.Result r, String text, String file) {
        String[] lines = text.split("\n", -1);
        List<String> guesses = new ArrayList<>(r.guesses());
        for (RuleWalk.Step s : r.steps()) {
            if (s.nft() != null && s.matched() && s.nft().line() >= 1 && s.nft().line() <= lines.length) {
                int col = lines[s.nft().line() - 1].indexOf("numgen random");
                if (col >= 0) {
                    guesses.add(s.nft().line() + ":" + (col + 1) + " numgen random: a random draw (seeded) chose the"
                            + " endpoint; another draw may choose another");
                }
            }
        }
        return guesses.size() == r.guesses().size() ? r
                : new RuleWalk.Result(r.steps(), List.copyOf(guesses), r.verdict(), r.before(), r.after(), r.hooks());
    }

    /** {@code FILE:LINE:COLUMN: problem (accepted: ...)}, then the line and a caret under the column. */
    static String position(Path file, ParseException e) {
        StringBuilder sb = new StringBuilder().append(file).append(':').append(e.line()).append(':').append(e.column())
                .append(": ").append(e.problem());
        if (e.accepted() != null && !e.accepted().isEmpty()) {
            sb.append(" (accepted: ").append(e.accepted()).append(')');
        }
        if (e.lineText() != null) {
            sb.append("\n  ").append(e.lineText()).append("\n  ").append(" ".repeat(Math.max(0, e.column() - 1)))
                    .append('^');
        }
        return sb.toString();
    }

    private static String read(Path p, String option) {
        try {
            if (!Files.isRegularFile(p)) {
                throw new UserError(option + " " + p + ": no such file");
            }
            if (Files.size(p) > MAX_BYTES) {
                throw new UserError(option + " " + p + ": larger than " + (MAX_BYTES >> 20) + " MB");
            }
            return Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserError(option + " " + p + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    RuleWalk.Request request() {
        Matcher m = PACKET.matcher(packet);
        if (!m.matches()) {
            throw new UserError("--packet '" + packet + "': expected 'tcp SRC:PORT > DST:PORT' or 'udp SRC:PORT >"
                    + " DST:PORT', e.g. 'tcp 10.244.1.5:40000 > 10.96.0.10:80'");
        }
        Ipv4Address src = address(m.group(2), "--packet source");
        Ipv4Address dst = address(m.group(4), "--packet destination");
        int sport = port(m.group(3));
        int dport = port(m.group(5));
        boolean output = switch (hook) {
            case "prerouting" -> false;
            case "output" -> true;
            default -> throw new UserError("--hook '" + hook + "': expected prerouting or output");
        };
        boolean established = switch (ct) {
            case "new" -> false;
            case "established" -> true;
            default -> throw new UserError("--ct '" + ct + "': expected new or established");
        };
        int mk;
        try {
            long v = mark.startsWith("0x") ? Long.parseLong(mark.substring(2), 16) : Long.parseLong(mark);
            if (v < 0 || v > 0xffffffffL) {
                throw new NumberFormatException();
            }
            mk = (int) v;
        } catch (NumberFormatException e) {
            throw new UserError("--mark '" + mark + "': expected a 32-bit number, decimal or 0x hex");
        }
        Set<Ipv4Address> locals = new LinkedHashSet<>();
        for (String a : local == null ? List.<String>of() : local) {
            locals.add(address(a.trim(), "--local"));
        }
        checkIface(in, "--in");
        checkIface(out, "--out");
        return new RuleWalk.Request(m.group(1).equals("tcp") ? Ipv4Header.PROTO_TCP : Ipv4Header.PROTO_UDP, src,
                sport, dst, dport, in, out, output, established, mk, Set.copyOf(locals).isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(locals), seed);
    }

    private static void checkIface(String name, String option) {
        if (name.length() > 15 || !name.matches("[A-Za-z0-9_.@:-]*")) {
            throw new UserError(option + " '" + name + "': expected an interface name of at most 15 characters");
        }
    }

    private static Ipv4Address address(String s, String what) {
        try {
            return Ipv4Address.parse(s);
        } catch (RuntimeException e) {
            throw new UserError(what + " '" + s + "': not an IPv4 address");
        }
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("--packet port '" + s + "': expected 1-65535");
    }

    /** The printed walk. */
    static String render(RuleWalk.Result r, RuleWalk.Request q, String file) {
        StringBuilder sb = new StringBuilder();
        sb.append("walking ").append(r.before()).append(" through ").append(file).append('\n');
        sb.append("  in ").append(q.in().isEmpty() ? "(none)" : q.in()).append(", out ")
                .append(q.out().isEmpty() ? "(none)" : q.out()).append(", ")
                .append(q.established() ? "established connection" : "new connection")
                .append(", mark 0x").append(Integer.toHexString(q.mark())).append(", local addresses ")
                .append(q.local().isEmpty() ? "none given (only 127.0.0.0/8)" : join(q.local())).append('\n');
        sb.append("hooks: ").append(String.join(" -> ", r.hooks())).append('\n');
        int width = 1;
        for (RuleWalk.Step s : r.steps()) {
            if (s.rule() != null) {
                width = Math.max(width, String.valueOf(s.rule().line()).length());
            } else if (s.nft() != null) {
                width = Math.max(width, String.valueOf(s.nft().line()).length());
            }
        }
        List<String> path = new ArrayList<>();
        StringBuilder seg = null;
        String last = null;
        for (RuleWalk.Step s : r.steps()) {
            if (s.nft() != null) {
                RuleWalk.NftStep n = s.nft();
                sb.append("  line ").append(String.format("%" + width + "d", n.line()))
                        .append(s.matched() ? "  MATCH " : "  -     ").append("nft ").append(n.table()).append('/')
                        .append(n.chain()).append(" handle ").append(n.handle()).append("  ").append(n.text()).append('\n');
                if (s.matched()) {
                    String key = "nft " + n.table() + " " + n.chain();
                    if (seg == null || (n.baseChain() && !key.equals(last))) {
                        if (seg != null) {
                            path.add(seg.toString());
                        }
                        seg = new StringBuilder("nft ").append(n.table()).append(": ").append(n.chain());
                    } else if (!key.equals(last)) {
                        seg.append(" -> ").append(n.chain());
                    }
                    last = key;
                }
                continue;
            }
            if (s.rule() == null) {
                sb.append("      ".repeat(1)).append(" ".repeat(width)).append("  => ").append(s.note()).append('\n');
                continue;
            }
            sb.append("  line ").append(String.format("%" + width + "d", s.rule().line()))
                    .append(s.matched() ? "  MATCH " : "  -     ").append(s.rule().table().iptablesName()).append('/')
                    .append(s.rule().chain()).append(" #").append(s.rule().number()).append("  ")
                    .append(s.rule().text()).append('\n');
            if (s.matched()) {
                String key = s.rule().table().iptablesName() + " " + s.rule().chain();
                boolean builtin = isBuiltin(s.rule().chain());
                if (seg == null || (builtin && !key.equals(last))) {
                    if (seg != null) {
                        path.add(seg.toString());
                    }
                    seg = new StringBuilder(s.rule().table().iptablesName()).append(": ").append(s.rule().chain());
                } else if (!key.equals(last)) {
                    seg.append(" -> ").append(s.rule().chain());
                }
                last = key;
            }
        }
        if (seg != null) {
            path.add(seg.toString());
        }
        sb.append("path of matched rules:\n");
        if (path.isEmpty()) {
            sb.append("  (no rule matched)\n");
        }
        for (String p : path) {
            sb.append("  ").append(p).append('\n');
        }
        sb.append("verdict: ").append(r.verdict().action()).append('\n');
        sb.append("packet after NAT: ").append(r.after()).append(r.after().equals(r.before()) ? " (unchanged)" : "")
                .append('\n');
        if (r.guesses().isEmpty()) {
            sb.append("guesses: none; every match was decided from the file").append(q.established() ? "" : "")
                    .append('\n');
        } else {
            sb.append("guesses (").append(r.guesses().size()).append("; line:column in ").append(file).append("):\n");
            for (String g : r.guesses()) {
                sb.append("  ").append(g).append('\n');
            }
        }
        return sb.toString();
    }

    private static boolean isBuiltin(String chain) {
        return switch (chain) {
            case "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING" -> true;
            default -> false;
        };
    }

    private static String join(Set<Ipv4Address> a) {
        List<String> s = new ArrayList<>();
        a.forEach(x -> s.add(x.toString()));
        return String.join(", ", s);
    }
}
