package io.podnet.viewer.model;

/**
 * A decision point a scenario names in its {@code challenges:} list: ask about the first decision
 * of kind {@code kind} ({@link #KINDS}) for traffic item {@code traffic}, at namespace or node
 * {@code at} (null: anywhere), with {@code prompt} as the question (null: the generated one).
 * {@code where} is the entry's {@code file:line:column}, for messages.
 */
public record ChallengePoint(String traffic, String kind, String at, String prompt, String where) {
    /** The kinds of decision point, as the challenge mode names them. */
    public static final java.util.List<String> KINDS = java.util.List.of("route", "nat", "encap", "policy", "delivery");
}
