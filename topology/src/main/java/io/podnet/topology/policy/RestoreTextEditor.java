package io.podnet.topology.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds chains to the {@code *filter} table of an {@code iptables-restore} text, the way an agent
 * that inserts its hook rule and appends its chains leaves {@code iptables-save} output: the new
 * chain declarations after the existing ones, a jump as the first rule of {@code FORWARD}, one rule
 * after the last rule of {@code FORWARD}, and the new chains' rules just before {@code COMMIT}. A text without
 * a filter table gets one.
 */
final class RestoreTextEditor {
    private RestoreTextEditor() {}

    static String addFilterChains(String text, Map<String, List<String>> chains, String forwardFirst, String forwardLast) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        int start = lines.indexOf("*filter");
        if (start < 0) {
            List<String> filter = List.of("*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]",
                    ":OUTPUT ACCEPT [0:0]", "COMMIT");
            lines.addAll(0, filter);
            start = 0;
        }
        int commit = -1;
        int lastDecl = start;
        int firstForward = -1;
        int lastForward = -1;
        for (int i = start + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.equals("COMMIT")) {
                commit = i;
                break;
            }
            if (l.startsWith(":")) {
                lastDecl = i;
            }
            if (l.startsWith("-A FORWARD ")) {
                firstForward = firstForward < 0 ? i : firstForward;
                lastForward = i;
            }
        }
        if (commit < 0) {
            throw new IllegalArgumentException("the *filter table of the iptables text has no COMMIT");
        }
        List<String> decls = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        chains.forEach((chain, rs) -> {
            decls.add(":" + chain + " - [0:0]");
            for (String r : rs) {
                rules.add("-A " + chain + " " + r);
            }
        });
        // Insert from the bottom up so the earlier indexes stay valid.
        lines.addAll(commit, rules);
        if (lastForward < 0) {
            lines.add(commit, "-A FORWARD " + forwardLast);
            lines.add(lastDecl + 1, "-A FORWARD " + forwardFirst);
        } else {
            lines.add(lastForward + 1, "-A FORWARD " + forwardLast);
            lines.add(firstForward, "-A FORWARD " + forwardFirst);
        }
        lines.addAll(lastDecl + 1, decls);
        return String.join("\n", lines) + "\n";
    }
}
