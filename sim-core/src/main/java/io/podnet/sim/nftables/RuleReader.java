package io.podnet.sim.nftables;

import java.util.ArrayList;
import java.util.List;

/** Reads one rule's words into {@link NftRule.Term}s: matches, then statements and a verdict. */
final class RuleReader {
    private final NftRuleset.Table table;
    private final String[] w;
    private final int no;
    private int i;
    String comment;

    RuleReader(NftRuleset.Table table, String[] w, int start, int no) {
        this.table = table;
        this.w = w;
        this.i = start;
        this.no = no;
    }

    private String peek() {
        return i < w.length ? w[i] : null;
    }

    private String next() {
        if (i >= w.length) {
            throw new NftParseException(no, "the rule ends too early");
        }
        return w[i++];
    }

    List<NftRule.Term> read() {
        List<NftRule.Term> out = new ArrayList<>();
        while (i < w.length) {
            String t = w[i];
            switch (t) {
                case "comment" -> {
                    i++;
                    String c = next();
                    comment = c.startsWith("\"") ? c.substring(1, c.length() - 1) : c;
                }
                case "counter" -> {
                    i++;
                    while ("packets".equals(peek()) || "bytes".equals(peek())) {
                        i += 2;
                    }
                }
                case "accept", "drop", "return", "continue" -> {
                    out.add(new NftRule.Verdict(NftVerdict.parse(w, i, no)));
                    i++;
                }
                case "jump", "goto" -> {
                    NftVerdict v = NftVerdict.parse(w, i, no);
                    if (!table.chains.containsKey(v.chain())) {
                        throw new NftParseException(no, t + " to unknown chain " + v.chain());
                    }
                    out.add(new NftRule.Verdict(v));
                    i += 2;
                }
                case "reject" -> {
                    i++;
                    String with = "icmp-port-unreachable";
                    if ("with".equals(peek())) {
                        i++;
                        String kind = next();
                        if (kind.equals("tcp")) {
                            next();
                            with = "tcp-reset";
                        } else {
                            if ("type".equals(peek())) {
                                i++;
                            }
                            with = "icmp-" + next();
                        }
                    }
                    out.add(new NftRule.Reject(with));
                }
                case "dnat", "snat" -> {
                    i++;
                    if ("ip".equals(peek())) {
                        i++;
                    }
                    if (!"to".equals(next())) {
                        throw new NftParseException(no, t + " needs 'to ADDRESS[:PORT]'");
                    }
                    String to = next();
                    int colon = to.indexOf(':');
                    int addr = (int) Values.addr(colon < 0 ? to : to.substring(0, colon));
                    int port = colon < 0 ? 0 : Integer.parseInt(to.substring(colon + 1));
                    out.add(new NftRule.Nat(t.equals("dnat"), addr, port));
                }
                case "masquerade" -> {
                    i++;
                    boolean fully = false;
                    while ("fully-random".equals(peek()) || "random".equals(peek()) || "persistent".equals(peek())
                            || ",".equals(peek())) {
                        fully |= "fully-random".equals(peek());
                        i++;
                    }
                    out.add(new NftRule.Masquerade(fully));
                }
                case "update", "add" -> {
                    i++;
                    String set = next();
                    if (!set.startsWith("@") || !table.sets.containsKey(set.substring(1))) {
                        throw new NftParseException(no, t + " needs a known @set, got " + set);
                    }
                    expect("{");
                    NftRule.Sel sel = selector();
                    if (sel == null) {
                        throw new NftParseException(no, t + " @set needs a key such as { ip saddr }");
                    }
                    expect("}");
                    out.add(new NftRule.Update(set.substring(1), sel));
                }
                default -> out.add(match());
            }
        }
        return out;
    }

    private void expect(String s) {
        String got = next();
        if (!got.equals(s)) {
            throw new NftParseException(no, "expected '" + s + "', found '" + got + "'");
        }
    }

    /** A selector at the cursor (consumed), or null when the words there are not one. */
    private NftRule.Sel selector() {
        String a = peek();
        String b = i + 1 < w.length ? w[i + 1] : "";
        if (a == null) {
            return null;
        }
        String kind = switch (a) {
            case "ip" -> switch (b) {
                case "saddr" -> "ip saddr";
                case "daddr" -> "ip daddr";
                case "protocol" -> "meta l4proto";
                default -> null;
            };
            case "meta" -> switch (b) {
                case "l4proto" -> "meta l4proto";
                case "mark" -> "meta mark";
                default -> null;
            };
            case "th", "tcp", "udp", "sctp" -> switch (b) {
                case "dport" -> a + " dport";
                case "sport" -> a + " sport";
                default -> null;
            };
            case "ct" -> switch (b) {
                case "state" -> "ct state";
                case "status" -> "ct status";
                default -> null;
            };
            case "fib" -> "saddr".equals(b) || "daddr".equals(b) ? "fib " + b + " type" : null;
            case "numgen" -> "random".equals(b) ? "numgen" : null;
            case "mark" -> "meta mark";
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        if (a.equals("mark")) {
            i++;
            return new NftRule.Sel(kind, 0);
        }
        i += 2;
        if (kind.startsWith("fib")) {
            expect("type");
        }
        if (kind.equals("numgen")) {
            expect("mod");
            int mod = Integer.parseInt(next());
            return new NftRule.Sel(kind, mod);
        }
        return new NftRule.Sel(kind, 0);
    }

    static String typeOf(NftRule.Sel s) {
        return switch (s.kind()) {
            case "ip saddr", "ip daddr" -> "ipv4_addr";
            case "meta l4proto" -> "inet_proto";
            case "meta mark" -> "mark";
            case "numgen" -> "integer";
            case "fib saddr type", "fib daddr type" -> "fib_addrtype";
            default -> "inet_service";
        };
    }

    private NftRule.Term match() {
        int start = i;
        NftRule.Sel first = selector();
        if (first == null) {
            throw new NftParseException(no, "'" + w[start] + "' is not an expression the evaluator reads");
        }
        if (first.kind().equals("ct state") || first.kind().equals("ct status")) {
            boolean neg = "!=".equals(peek());
            if (neg) {
                i++;
            }
            boolean brace = "{".equals(peek());
            if (brace) {
                i++;
            }
            long mask = 0;
            do {
                if (",".equals(peek())) {
                    i++;
                }
                String name = next();
                mask |= first.kind().equals("ct state") ? Values.ctState(name, no) : Values.ctStatus(name, no);
            } while (",".equals(peek()));
            if (brace) {
                expect("}");
            }
            return new NftRule.Bits(first, mask, neg);
        }
        if (first.kind().equals("meta mark") && "set".equals(peek())) {
            i++;
            String op = "set";
            if ("mark".equals(peek()) || ("meta".equals(peek()) && i + 1 < w.length && "mark".equals(w[i + 1]))) {
                i += "mark".equals(peek()) ? 1 : 2;
                String o = next();
                op = switch (o) {
                    case "or", "|" -> "or";
                    case "xor", "^" -> "xor";
                    case "and", "&" -> "and";
                    default -> throw new NftParseException(no, "unknown mark operator '" + o + "'");
                };
            }
            return new NftRule.MarkSet(op, Values.number(next()));
        }
        List<NftRule.Sel> sels = new ArrayList<>();
        sels.add(first);
        while (".".equals(peek())) {
            i++;
            NftRule.Sel s = selector();
            if (s == null) {
                throw new NftParseException(no, "'" + peek() + "' cannot be part of a concatenation");
            }
            sels.add(s);
        }
        if ("and".equals(peek()) || "&".equals(peek())) {
            i++;
            long mask = Values.number(next());
            String op = next();
            if (!op.equals("==") && !op.equals("!=")) {
                throw new NftParseException(no, "expected == or != after the mask, found '" + op + "'");
            }
            return new NftRule.MaskCmp(first, mask, Values.number(next()), op.equals("!="));
        }
        if ("vmap".equals(peek())) {
            i++;
            String target = next();
            if (target.startsWith("@")) {
                NftSet s = table.sets.get(target.substring(1));
                if (s == null || !s.map) {
                    throw new NftParseException(no, "vmap @" + target.substring(1) + " is not a map of this table");
                }
                return new NftRule.Lookup(sels, s.name, null, true, false);
            }
            if (!target.equals("{")) {
                throw new NftParseException(no, "vmap needs @map or { ... }");
            }
            List<String> types = new ArrayList<>();
            for (NftRule.Sel s : sels) {
                types.add(typeOf(s));
            }
            NftSet anon = new NftSet("anonymous", true, types, 0, 0);
            i = NftParser.elements(anon, w, i, no);
            return new NftRule.Lookup(sels, null, anon, true, false);
        }
        boolean neg = false;
        if ("!=".equals(peek())) {
            neg = true;
            i++;
        } else if ("==".equals(peek())) {
            i++;
        }
        String v = next();
        if (v.startsWith("@")) {
            if (!table.sets.containsKey(v.substring(1))) {
                throw new NftParseException(no, "unknown set " + v);
            }
            return new NftRule.Lookup(sels, v.substring(1), null, false, neg);
        }
        if (sels.size() != 1) {
            throw new NftParseException(no, "a concatenation is compared only with @set or vmap");
        }
        List<NftSet.Elem> values = new ArrayList<>();
        String type = typeOf(first);
        if (v.equals("{")) {
            while (!"}".equals(peek())) {
                String x = next();
                if (x.equals(",")) {
                    continue;
                }
                long[] r = Values.range(type, x, no);
                values.add(new NftSet.Elem(new long[] {r[0]}, new long[] {r[1]}, null, x));
            }
            i++;
        } else {
            long[] r = Values.range(type, v, no);
            values.add(new NftSet.Elem(new long[] {r[0]}, new long[] {r[1]}, null, v));
        }
        return new NftRule.Cmp(first, neg, values);
    }
}
