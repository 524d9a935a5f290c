package io.podnet.topology.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.podnet.topology.policy.LabelSelectors.Mode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The selector matcher against upstream's {@code LabelSelectorAsSelector} semantics
 * (k8s.io/apimachinery labels.Requirement.Matches): {@code In} needs the label with one of the
 * values, {@code NotIn} is true for an absent label, {@code Exists}/{@code DoesNotExist} look at the
 * key only, {@code matchLabels} pairs are {@code In} with one value, everything is ANDed, and an
 * empty selector selects everything. Then the two modes' difference at the edges.
 */
class LabelSelectorsTest {
    static final Map<String, String> POD = Map.of("app", "web", "tier", "front");

    private static LabelSelectorRequirement req(String key, String op, String... values) {
        return new LabelSelectorRequirement(key, op, values.length == 0 ? null : Arrays.asList(values));
    }

    private static LabelSelector sel(Map<String, String> matchLabels, LabelSelectorRequirement... reqs) {
        return new LabelSelector(reqs.length == 0 ? null : List.of(reqs), matchLabels);
    }

    private static boolean both(LabelSelector s, Map<String, String> labels) {
        boolean v = LabelSelectors.matches(s, labels, Mode.VALIDATED);
        assertEquals(v, LabelSelectors.matches(s, labels, Mode.UNVALIDATED), "the modes agree on a valid selector");
        assertEquals(v, LabelSelectors.matches(s, labels), "VALIDATED is the default");
        return v;
    }

    @Test
    void operatorsFollowUpstreamsTruthTable() {
        // {operator, key, values, expected on POD}
        Object[][] table = {
            {"In", "app", new String[] {"web", "api"}, true},
            {"In", "app", new String[] {"api"}, false},
            {"In", "zone", new String[] {"a"}, false},      // absent label: In is false
            {"NotIn", "app", new String[] {"api"}, true},
            {"NotIn", "app", new String[] {"web"}, false},
            {"NotIn", "zone", new String[] {"a"}, true},    // absent label: NotIn is true
            {"Exists", "app", new String[] {}, true},
            {"Exists", "zone", new String[] {}, false},
            {"DoesNotExist", "zone", new String[] {}, true},
            {"DoesNotExist", "app", new String[] {}, false},
        };
        for (Object[] row : table) {
            LabelSelector s = sel(null, req((String) row[1], (String) row[0], (String[]) row[2]));
            assertEquals(row[3], both(s, POD), row[1] + " " + row[0] + " " + Arrays.toString((String[]) row[2]));
        }
    }

    @Test
    void matchLabelsAndExpressionsAreAnded() {
        assertTrue(both(sel(Map.of("app", "web")), POD));
        assertFalse(both(sel(Map.of("app", "web", "tier", "back")), POD));
        assertFalse(both(sel(Map.of("app", "web"), req("tier", "In", "back")), POD));
        assertTrue(both(sel(Map.of("app", "web"), req("tier", "In", "front"), req("zone", "DoesNotExist")), POD));
        assertFalse(both(sel(Map.of("app", "web")), Map.of()), "a required label absent");
    }

    @Test
    void anEmptyOrNullSelectorSelectsEverything() {
        assertTrue(both(null, POD));
        assertTrue(both(new LabelSelector(), POD));
        assertTrue(both(sel(Map.of()), Map.of()));
    }

    @Test
    void anUnknownOrMissingOperatorMatchesNothingUnvalidatedAndIsABugValidated() {
        for (String op : new String[] {"Equals", "in", null}) {
            LabelSelector s = sel(null, req("app", op, "web"));
            assertFalse(LabelSelectors.matches(s, POD, Mode.UNVALIDATED), "operator " + op);
            assertThrows(IllegalStateException.class, () -> LabelSelectors.matches(s, POD, Mode.VALIDATED), "operator " + op);
        }
    }

    @Test
    void aValuelessMatchLabelsPairReadsAsTheTextNullUnvalidated() {
        Map<String, String> m = new HashMap<>();
        m.put("app", null); // YAML "matchLabels: {app: }"
        LabelSelector s = sel(m);
        assertFalse(LabelSelectors.matches(s, POD, Mode.UNVALIDATED));
        assertFalse(LabelSelectors.matches(s, Map.of(), Mode.UNVALIDATED));
        assertTrue(LabelSelectors.matches(s, Map.of("app", "null"), Mode.UNVALIDATED));
        assertThrows(NullPointerException.class, () -> LabelSelectors.matches(s, POD, Mode.VALIDATED));
    }
}
