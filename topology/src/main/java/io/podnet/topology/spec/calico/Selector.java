package io.podnet.topology.spec.calico;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Calico label selector as used by {@code nodeSelector} / {@code peerSelector}: {@code all()},
 * {@code has(k)}, {@code k == 'v'}, {@code k != 'v'}, {@code k in {'a','b'}},
 * {@code k not in {...}}, {@code !}, {@code &&}, {@code ||} and parentheses. Values may be quoted
 * with {@code '} or {@code "}. {@link #parse} throws {@link IllegalArgumentException} saying where
 * the text stops making sense.
 */
public final class Selector {
    /** {@code all()}. */
    public static final Selector ALL = new Selector("all()", labels -> true);

    private interface Expr {
        boolean eval(Map<String, String> labels);
    }

    private final String text;
    private final Expr expr;

    private Selector(String text, Expr expr) {
        this.text = text;
        this.expr = expr;
    }

    public boolean matches(Map<String, String> labels) {
        return expr.eval(labels);
    }

    /** The selector as written. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selector s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** Parses a selector; blank text is {@code all()}. */
    public static Selector parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return ALL;
        }
        Parser p = new Parser(text);
        Expr e = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.substring(p.pos) + "'");
        }
        return new Selector(text.trim(), e);
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("selector \"" + s + "\": " + what + " at position " + pos
                    + " (accepted: all(), has(k), k == 'v', k != 'v', k in {'a'}, k not in {'a'}, !, &&, ||, parentheses)");
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(String token) {
            skipSpace();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        Expr or() {
            Expr left = and();
            while (eat("||")) {
                Expr l = left;
                Expr r = and();
                left = labels -> l.eval(labels) || r.eval(labels);
            }
            return left;
        }

        Expr and() {
            Expr left = unary();
            while (eat("&&")) {
                Expr l = left;
                Expr r = unary();
                left = labels -> l.eval(labels) && r.eval(labels);
            }
            return left;
        }

        Expr unary() {
            skipSpace();
            if (s.startsWith("!=", pos)) {
                throw error("'!=' needs a label key before it");
            }
            if (eat("!")) {
                Expr inner = unary();
                return labels -> !inner.eval(labels);
            }
            if (eat("(")) {
                Expr inner = or();
                if (!eat(")")) {
                    throw error("missing ')'");
                }
                return inner;
            }
            if (eat("all()")) {
                return labels -> true;
            }
            if (eat("global()")) {
                return labels -> true;
            }
            if (eat("has(")) {
                String key = key();
                if (!eat(")")) {
                    throw error("missing ')' after has(" + key);
                }
                return labels -> labels.containsKey(key);
            }
            String key = key();
            if (eat("==")) {
                String v = value();
                return labels -> v.equals(labels.get(key));
            }
            if (eat("!=")) {
                String v = value();
                return labels -> !v.equals(labels.get(key));
            }
            if (eat("not in")) {
                List<String> vs = set();
                return labels -> !vs.contains(labels.get(key));
            }
            if (eat("in")) {
                List<String> vs = set();
                return labels -> vs.contains(labels.get(key));
            }
            throw error("expected ==, !=, in or not in after '" + key + "'");
        }

        String key() {
            skipSpace();
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/') {
                    pos++;
                } else {
                    break;
                }
            }
            if (start == pos) {
                throw error("expected a label key");
            }
            return s.substring(start, pos);
        }

        String value() {
            skipSpace();
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) {
                throw error("expected a quoted value");
            }
            char q = s.charAt(pos++);
            int end = s.indexOf(q, pos);
            if (end < 0) {
                throw error("unterminated value");
            }
            String v = s.substring(pos, end);
            pos = end + 1;
            return v;
        }

        List<String> set() {
            if (!eat("{")) {
                throw error("expected '{'");
            }
            List<String> out = new ArrayList<>();
            skipSpace();
            if (eat("}")) {
                return out;
            }
            do {
                out.add(value());
            } while (eat(","));
            if (!eat("}")) {
                throw error("expected '}'");
            }
            return out;
        }
    }
}
