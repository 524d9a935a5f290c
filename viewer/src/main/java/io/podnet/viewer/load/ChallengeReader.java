package io.podnet.viewer.load;

import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.YNode;
import io.podnet.scenarios.source.YamlTrees;
import io.podnet.viewer.model.ChallengePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a scenario's {@code challenges:} list (the scenario loader accepts the key and leaves it to
 * the viewer). Each entry is a mapping with {@code traffic} (a traffic item's name) and
 * {@code kind} (route, nat, encap, policy, delivery), optionally {@code at} (a namespace or node)
 * and {@code prompt} (the question's text). Mistakes are reported as {@code file:line:column}
 * diagnostics.
 */
public final class ChallengeReader {
    static final List<String> KEYS = List.of("traffic", "kind", "at", "prompt");

    private ChallengeReader() {}

    /** The named points of a scenario file, given the names of its traffic items (for checking). */
    public static List<ChallengePoint> read(byte[] bytes, String fileName, Set<String> trafficNames, Diagnostics diags) {
        List<ChallengePoint> out = new ArrayList<>();
        List<YNode> docs = YamlTrees.parse(bytes, fileName, diags);
        if (docs.isEmpty() || !(docs.get(0) instanceof YNode.YMap top) || !top.has("challenges")) {
            return out;
        }
        YNode list = top.get("challenges");
        if (!(list instanceof YNode.YList items)) {
            diags.error(list.location(), "challenges must be a list of decision points, got " + list.describe()
                    + "; e.g. [{traffic: NAME, kind: route, at: node1}]");
            return out;
        }
        for (YNode item : items.items()) {
            if (!(item instanceof YNode.YMap m)) {
                diags.error(item.location(), "a challenge must be a mapping with traffic and kind, got " + item.describe());
                continue;
            }
            for (YNode.Entry en : m.entries().values()) {
                if (!KEYS.contains(en.key())) {
                    diags.error(en.keyLocation(), "unknown field '" + YNode.quoted(en.key()) + "' in a challenge; accepted: "
                            + String.join(", ", KEYS));
                }
            }
            String traffic = text(m, "traffic", diags, true);
            String kind = text(m, "kind", diags, true);
            String at = text(m, "at", diags, false);
            String prompt = text(m, "prompt", diags, false);
            if (traffic != null && !trafficNames.contains(traffic)) {
                diags.error(m.get("traffic").location(), "challenge names unknown traffic '" + YNode.quoted(traffic)
                        + "'; accepted: " + String.join(", ", new java.util.TreeSet<>(trafficNames)));
                traffic = null;
            }
            if (kind != null && !ChallengePoint.KINDS.contains(kind)) {
                diags.error(m.get("kind").location(), "unknown challenge kind '" + YNode.quoted(kind) + "'; accepted: "
                        + String.join(", ", ChallengePoint.KINDS));
                kind = null;
            }
            if (traffic != null && kind != null) {
                out.add(new ChallengePoint(traffic, kind, at, prompt, item.location().toString()));
            }
        }
        return out;
    }

    private static String text(YNode.YMap m, String key, Diagnostics diags, boolean required) {
        YNode n = m.get(key);
        if (n == null) {
            if (required) {
                diags.error(m.location(), "a challenge needs '" + key + "'");
            }
            return null;
        }
        if (!(n instanceof YNode.YScalar s) || s.kind() == YNode.YScalar.Kind.NULL) {
            diags.error(n.location(), "'" + key + "' must be a string, got " + n.describe());
            return null;
        }
        return s.text();
    }
}
