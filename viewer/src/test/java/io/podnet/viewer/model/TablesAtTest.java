package io.podnet.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.viewer.load.RunnerLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Under Calico BGP the pod routes to other nodes are installed by BIRD during the run ({@code proto
 * bird}, as `ip route` shows routes a BIRD kernel protocol exported); the route pane must show them at
 * the lookup that used one, not the table rendered before the run.
 */
class TablesAtTest {
    @Test
    void theBirdRouteUsedByTheLookupIsListedAndHighlighted() throws Exception {
        ViewModel m = new RunnerLoader().load(Path.of("../scenarios/examples/calico-bgp.yaml"));
        List<TraceEvent> t = m.trace();
        int at = -1;
        for (int i = 0; i < t.size() && at < 0; i++) {
            TraceEvent e = t.get(i);
            if (e.kind() == EventKind.ROUTE && !"bird".equals(e.device()) && e.decision() instanceof Decision.RouteMatch r
                    && r.text().endsWith("proto bird")) {
                at = i;
            }
        }
        assertTrue(at > 0, "a lookup uses a BIRD route");
        TraceEvent e = t.get(at);
        String used = ((Decision.RouteMatch) e.decision()).text();
        DecisionDetail before = DecisionDetail.of(e, m.network());
        assertFalse(before.listing().lines().contains(used), "the rendered configuration predates BIRD");
        TablesAt tables = TablesAt.of(t, at, e.namespace());
        assertTrue(tables.learnedRoutes().contains(used), tables.learnedRoutes().toString());
        DecisionDetail now = DecisionDetail.of(e, m.network(), tables);
        assertEquals(used, now.listing().highlightedLine());
        // Before BIRD ran, the node had learned nothing.
        assertTrue(TablesAt.of(t, 0, e.namespace()).learnedRoutes().isEmpty());
        assertFalse(tables.conntrack().isEmpty(), "conntrack entries of the BGP sessions exist by then");
    }
}
