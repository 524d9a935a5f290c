package io.podnet.scenarios.expect;

import io.podnet.scenarios.model.Expectation;
import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.engine.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a scenario's {@code expect} items against a run. Each field is checked for every attempt
 * of the traffic item; every failing field is reported (with the expectation's position, what was
 * expected, what happened, and for paths the hop where they diverged).
 */
public final class ExpectationChecker {
    private ExpectationChecker() {}

    public static List<ExpectationFailure> check(RunResult run) {
        List<ExpectationFailure> out = new ArrayList<>();
        for (Expectation x : run.scenario().expectations()) {
            List<FlowResult> flows = run.flowsOf(x.traffic());
            if (flows.isEmpty()) {
                out.add(new ExpectationFailure(x, "traffic", x.traffic(), "traffic " + x.traffic() + " to run",
                        "it did not run", ""));
                continue;
            }
            for (FlowResult f : flows) {
                out.addAll(check(x, f));
            }
            if (x.endpointSpread() != null) {
                ExpectationFailure sf = Spreads.check(x, flows);
                if (sf != null) {
                    out.add(sf);
                }
            }
            if (x.p99LatencyNanos() != null) {
                ExpectationFailure lf = Spreads.checkP99(x, flows);
                if (lf != null) {
                    out.add(lf);
                }
            }
        }
        return out;
    }

    static List<ExpectationFailure> check(Expectation x, FlowResult f) {
        List<ExpectationFailure> out = new ArrayList<>();
        if (x.outcome() != null && x.outcome() != f.outcome()) {
            out.add(new ExpectationFailure(x, "outcome", f.flow(), x.outcome().text(), f.outcome().text(),
                    f.detail() == null || f.detail().isEmpty() ? "" : "why: " + f.detail()));
        }
        if (x.servedBy() != null) {
            // pod/NAME-GLOB, or pod/NAMESPACE/NAME-GLOB where names repeat across namespaces
            boolean namespaced = x.servedBy().indexOf('/', 4) > 0;
            String actual = f.servedBy() == null ? null : "pod/" + (namespaced && f.servedByNamespace() != null
                    ? f.servedByNamespace() + "/" : "") + f.servedBy();
            if (!Glob.matches(x.servedBy(), actual)) {
                out.add(new ExpectationFailure(x, "servedBy", f.flow(), x.servedBy(),
                        actual == null ? "no pod served it (" + f.outcome().text() + ")" : actual, ""));
            }
        }
        if (x.encapsulation() != null && x.encapsulation() != f.encapsulation()) {
            out.add(new ExpectationFailure(x, "encapsulation", f.flow(), x.encapsulation().text(),
                    f.encapsulation().text(), ""));
        }
        if (x.path() != null) {
            String divergence = pathDivergence(x.path(), f.path());
            if (divergence != null) {
                out.add(new ExpectationFailure(x, "path", f.flow(), String.join(" -> ", x.path()),
                        f.path().isEmpty() ? "(no hops recorded)" : String.join(" -> ", f.path()), divergence));
            }
        }
        if (x.maxLatencyNanos() != null) {
            if (f.latencyNanos() < 0) {
                out.add(new ExpectationFailure(x, "maxLatency", f.flow(), "at most " + Durations.format(x.maxLatencyNanos()),
                        "no response (" + f.outcome().text() + ")", ""));
            } else if (f.latencyNanos() > x.maxLatencyNanos()) {
                out.add(new ExpectationFailure(x, "maxLatency", f.flow(), "at most " + Durations.format(x.maxLatencyNanos()),
                        Durations.format(f.latencyNanos()), ""));
            }
        }
        if (x.droppedBy() != null) {
            String cause = f.outcome() == Outcome.DROPPED ? f.detail() : null;
            if (cause == null || !(Glob.matches(x.droppedBy(), cause) || cause.contains(x.droppedBy())
                    || anyWordMatches(x.droppedBy(), cause))) {
                out.add(new ExpectationFailure(x, "droppedBy", f.flow(), x.droppedBy(),
                        cause == null ? "not dropped (" + f.outcome().text() + ")" : cause, ""));
            }
        }
        return out;
    }

    /**
     * Whether the glob matches one word of the cause (words split at spaces, quotes, parentheses and
     * colons), so that {@code networkpolicy/prod/*} matches a rule naming {@code networkpolicy/prod/deny-all}.
     */
    static boolean anyWordMatches(String glob, String cause) {
        for (String w : cause.split("[\\s\"():]+")) {
            if (!w.isEmpty() && Glob.matches(glob, w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Null when {@code expected} appears in {@code actual} in order (other hops may lie between);
     * otherwise where they diverged.
     */
    static String pathDivergence(List<String> expected, List<String> actual) {
        int pos = 0;
        String lastMatched = null;
        for (String hop : expected) {
            int found = -1;
            for (int i = pos; i < actual.size(); i++) {
                if (Glob.matches(hop, actual.get(i))) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                List<String> rest = actual.subList(pos, actual.size());
                String where = lastMatched == null ? "at the first hop" : "after " + lastMatched;
                return "diverged " + where + ": expected " + hop + " next, but the packet then crossed "
                        + (rest.isEmpty() ? "nothing more" : String.join(" -> ", rest));
            }
            lastMatched = actual.get(found);
            pos = found + 1;
        }
        return null;
    }
}
