package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/**
 * What a rule does when it matches ({@code -j}/{@code -g}): one immutable record per target, each
 * with its own behaviour ({@link #fire}). The standard verdicts and chain jumps are here (as
 * iptables' built-in targets); the target extensions live in their own files ({@link XtReject},
 * {@link XtNat}, {@link XtMarkTarget}, {@link XtLog}, {@link XtCt}). A jump's chain is resolved to an
 * index in its table when the table is committed.
 */
sealed interface Target permits Target.None, Target.Accept, Target.Drop, Target.Return, Target.ToChain,
        XtReject.Reject, XtNat.Nat, XtMarkTarget.Mark, XtLog.Log, XtCt.NoTrack {
    /** No {@code -j}: the rule only counts. */
    Target NONE = new None();

    /** The name {@link Rule#targetName()} shows: ACCEPT, DNAT..., the chain jumped to, "" for none. */
    String name();

    /** Hooks (bit per {@link Hook#ordinal()}) from which the kernel lets this target be used; -1 = any. */
    default int allowedHooks() {
        return -1;
    }

    /**
     * Applies the target to the packet {@code v} that matched {@code r} in table {@code tn} of
     * {@code nf} (tracing it there), and says what the chain traversal does next.
     */
    Step fire(Netfilter nf, TableName tn, Rule r, PacketView v);

    static int bit(Hook h) {
        return 1 << h.ordinal();
    }

    /**
     * What the traversal does after a target fired: go on with the next rule, stop the table with a
     * verdict (null: the packet goes on to the next table), return from the chain, or enter a chain.
     */
    record Step(int kind, Verdict verdict, int chainIndex) {
        static final int NEXT = 0;
        static final int STOP = 1;
        static final int RETURN = 2;
        static final int JUMP = 3;
        static final int GOTO = 4;
        static final Step NEXT_RULE = new Step(NEXT, null, -1);
        static final Step CONTINUE_TABLES = new Step(STOP, null, -1);
        static final Step BACK = new Step(RETURN, null, -1);

        static Step stop(Verdict v) {
            return new Step(STOP, v, -1);
        }
    }

    /** A target that enters a user chain ({@code -j CHAIN} or {@code -g CHAIN}). */
    sealed interface ToChain extends Target permits Jump, Goto {
        String chain();

        /** The same target with its chain's index in the committed table. */
        ToChain resolved(int index);

        @Override
        default String name() {
            return chain();
        }
    }

    record None() implements Target {
        @Override
        public String name() {
            return "";
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            return Step.NEXT_RULE;
        }
    }

    record Accept() implements Target {
        @Override
        public String name() {
            return "ACCEPT";
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            nf.hit(tn, r, v, "ACCEPT", "ACCEPT");
            return Step.CONTINUE_TABLES;
        }
    }

    record Drop() implements Target {
        @Override
        public String name() {
            return "DROP";
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            nf.hit(tn, r, v, "DROP", "DROP");
            return Step.stop(new Verdict(Verdict.Action.DROP, null, r.text()));
        }
    }

    /** RETURN: the traversal traces it, since where it returns to depends on the call stack. */
    record Return() implements Target {
        @Override
        public String name() {
            return "RETURN";
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            return Step.BACK;
        }
    }

    record Jump(String chain, int chainIndex) implements ToChain {
        @Override
        public Jump resolved(int index) {
            return new Jump(chain, index);
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            nf.hit(tn, r, v, "JUMP", "jump to ", chain);
            return new Step(Step.JUMP, null, chainIndex);
        }
    }

    record Goto(String chain, int chainIndex) implements ToChain {
        @Override
        public Goto resolved(int index) {
            return new Goto(chain, index);
        }

        @Override
        public Step fire(Netfilter nf, TableName tn, Rule r, PacketView v) {
            nf.hit(tn, r, v, "GOTO", "goto ", chain);
            return new Step(Step.GOTO, null, chainIndex);
        }
    }

    /** The parser of a target without options (ACCEPT, DROP, RETURN). */
    static ExtensionParser.ForTarget plain(Target target, RuleParser rule, Token at) {
        return new ExtensionParser.ForTarget(target.name(), rule, at) {
            @Override
            int arity(String o) {
                return -1;
            }

            @Override
            void option(String o, Token opt, Token arg, boolean invert) {
            }

            @Override
            Target build() {
                return target;
            }
        };
    }
}
