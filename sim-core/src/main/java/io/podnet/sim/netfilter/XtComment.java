package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/** {@code -m comment --comment TEXT} (xt_comment): always matches; the text explains the rule in traces. */
final class XtComment {
    private XtComment() {}

    /** {@code -m comment --comment TEXT}: always matches; the text explains the rule. */
    record Comment(String text) implements Match {
        @Override
        public boolean matches(PacketView v) {
            return true;
        }
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at) {
        return new Parser(rule, at);
    }

    private static final class Parser extends ExtensionParser.ForMatch {
        String text;

        Parser(RuleParser rule, Token at) {
            super("comment", rule, at);
        }

        @Override
        int arity(String o) {
            return o.equals("--comment") ? 1 : -1;
        }

        @Override
        boolean invertible(String o) {
            return false;
        }

        @Override
        void option(String o, Token opt, Token arg, boolean invert) {
            if (text != null) {
                throw twice(opt);
            }
            if (arg.text().length() > 255) {
                throw err(arg, "comment is " + arg.text().length() + " characters long", "at most 255 characters");
            }
            text = arg.text();
        }

        @Override
        Match build() {
            if (text == null) {
                throw err(at, "-m comment without --comment", "-m comment --comment \"text\"");
            }
            rule.noteComment(text);
            return new Comment(text);
        }
    }
}
