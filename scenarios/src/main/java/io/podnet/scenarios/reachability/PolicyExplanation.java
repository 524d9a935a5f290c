package io.podnet.scenarios.reachability;

import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What decided a flow, read from its trace: the NetworkPolicy rules the first packet met in the
 * Felix-style chains ({@code io.podnet.topology.policy.FelixRules}), whose comments name the policy,
 * the rule index, the peer and the port. One line for the source's egress and one for the
 * destination's ingress; when no policy allowed, "no policy selecting NS/POD allows ingress from
 * NS/POD" with the policies that isolate it.
 */
public final class PolicyExplanation {
    private static final Pattern COMMENT = Pattern.compile("--comment \"([^\"]*)\"");

    private PolicyExplanation() {}

    /**
     * The explanation lines (without indentation) for the attempt {@code from -> to}.
     *
     * @param run  the simulation
     * @param flow the attempt's result
     * @param from {@code ns/pod} of the client
     * @param to   {@code ns/pod} of the server
     */
    public static List<String> explain(RunResult run, FlowResult flow, String from, String to) {
        String egress = null;
        String ingress = null;
        String pbComment = null;
        for (TraceEvent e : run.trace()) {
            if (!flow.flow().equals(e.flow()) || e.kind() != EventKind.NETFILTER
                    || !(e.decision() instanceof Decision.RuleHit h)) {
                continue;
            }
            String chain = h.chain();
            String comment = comment(h.ruleText());
            String where = " [" + e.namespace() + " " + h.table() + "/" + chain + " rule " + h.ruleNumber() + "]";
            boolean out = chain.startsWith("cali-po-") || chain.startsWith("cali-fw-");
            boolean in = chain.startsWith("cali-pi-") || chain.startsWith("cali-tw-");
            if ((chain.startsWith("cali-po-") || chain.startsWith("cali-pi-")) && "JUMP".equals(h.verdict())) {
                pbComment = comment; // an ipBlock with except: the jump names the rule, peer and port
                continue;
            }
            String text = null;
            if ("MARK".equals(h.verdict()) && comment != null) {
                if (comment.startsWith("no networkpolicy isolates")) {
                    text = comment.replace("no networkpolicy isolates", "not isolated: no NetworkPolicy selects");
                } else if (chain.startsWith("cali-pb-")) {
                    text = "allowed by " + (pbComment != null ? pbComment : comment);
                    out = pbComment != null && pbComment.contains(" egress[");
                    in = !out;
                } else if (chain.startsWith("cali-po-") || chain.startsWith("cali-pi-")) {
                    text = "allowed by " + comment;
                }
            } else if ("DROP".equals(h.verdict()) && comment != null && (out || in)) {
                int colon = comment.indexOf(": ");
                String policies = colon > 0 ? comment.substring(0, colon) : "";
                String reason = colon > 0 ? comment.substring(colon + 2) : comment;
                text = "dropped: " + reason + (out ? " to " + to : " from " + from)
                        + (policies.isEmpty() ? "" : " (isolated by " + policies.replace(" ", ", ") + ")");
            }
            if (text == null) {
                continue;
            }
            if (out && egress == null) {
                egress = text + where;
            } else if (in && ingress == null) {
                ingress = text + where;
            }
        }
        List<String> lines = new ArrayList<>();
        if (egress == null && ingress == null) {
            lines.add("no NetworkPolicy rule on the path (no policy agent enforces policies in this cluster, or none"
                    + " exists)");
        } else {
            lines.add("egress of " + from + ": " + (egress != null ? egress : "not reached (the packet stopped before)"));
            lines.add("ingress of " + to + ": " + (ingress != null ? ingress : egress != null && egress.startsWith("dropped")
                    ? "not reached (dropped on egress)" : "no policy chain on the path"));
        }
        if (flow.detail() != null && !flow.detail().isEmpty()) {
            lines.add("outcome: " + flow.outcome().text() + " (" + flow.detail() + ")");
        } else {
            lines.add("outcome: " + flow.outcome().text());
        }
        return lines;
    }

    static String comment(String ruleText) {
        if (ruleText == null) {
            return null;
        }
        Matcher m = COMMENT.matcher(ruleText);
        return m.find() ? m.group(1) : null;
    }
}
