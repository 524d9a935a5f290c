package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/**
 * The option parser of one extension occurrence in one rule ({@code -m NAME ...} or
 * {@code -j NAME ...}), as a libxtables extension's parse callback: it claims the options it knows,
 * reads them, and at the end of the rule checks them ({@code build}). Helpers for errors and common
 * value syntaxes come from the {@link RuleParser} it belongs to. One instance per occurrence.
 */
abstract class ExtensionParser {
    final String name;
    final Token at;
    final RuleParser rule;

    ExtensionParser(String name, RuleParser rule, Token at) {
        this.name = name;
        this.rule = rule;
        this.at = at;
    }

    /** -1 when the option is not this extension's, 0 for a flag, 1 when it takes a value. */
    abstract int arity(String option);

    /** Whether {@code ! option} is accepted. */
    boolean invertible(String option) {
        return true;
    }

    /** Reads one option ({@code arg} is null for a flag). */
    abstract void option(String option, Token opt, Token arg, boolean invert);

    final ParseException err(Token t, String problem, String accepted) {
        return rule.err(t, problem, accepted);
    }

    final ParseException twice(Token opt) {
        return err(opt, "option " + opt.text() + " given twice for the same match", "each option once per -m");
    }

    /** The parser of a match extension: builds the precompiled {@link Match}. */
    abstract static class ForMatch extends ExtensionParser {
        ForMatch(String name, RuleParser rule, Token at) {
            super(name, rule, at);
        }

        abstract Match build();
    }

    /** The parser of a target extension: builds the {@link Target}. */
    abstract static class ForTarget extends ExtensionParser {
        ForTarget(String name, RuleParser rule, Token at) {
            super(name, rule, at);
        }

        /** Target options are never negated. */
        @Override
        boolean invertible(String option) {
            return false;
        }

        abstract Target build();
    }
}
