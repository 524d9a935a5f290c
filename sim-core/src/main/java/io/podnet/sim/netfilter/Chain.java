package io.podnet.sim.netfilter;

import java.util.List;

/** A chain of a committed table: built-in (with a policy) or user-defined. Immutable. */
public final class Chain {
    private final String name;
    private final boolean builtin;
    private final String policy;
    private final List<Rule> rules;
    final Rule[] ruleArray;

    Chain(String name, boolean builtin, String policy, List<Rule> rules) {
        this.name = name;
        this.builtin = builtin;
        this.policy = policy;
        this.rules = List.copyOf(rules);
        this.ruleArray = rules.toArray(new Rule[0]);
    }

    public String name() {
        return name;
    }

    public boolean builtin() {
        return builtin;
    }

    /** ACCEPT or DROP for a built-in chain, null for a user chain. */
    public String policy() {
        return policy;
    }

    public List<Rule> rules() {
        return rules;
    }

    boolean policyDrops() {
        return "DROP".equals(policy);
    }
}
