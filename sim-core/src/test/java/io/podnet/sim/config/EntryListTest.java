package io.podnet.sim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An EntryList reads as the flat list it stands for; NamespaceConfig keeps it instead of copying. */
class EntryListTest {
    private static final SharedEntries<String> SHARED = SharedEntries.of(List.of("s0", "s1", "s2", "s3", "s4"));

    @Test
    void partsReadAsOneFlatList() {
        List<String> list = EntryList.of(List.of(new EntryList.Own<>(List.of("a")), new EntryList.Shared<>(SHARED, 0, 3, 1),
                new EntryList.Own<>(List.of()), new EntryList.Own<>(List.of("b", "c")), new EntryList.Shared<>(SHARED, 3, 5, 1)));
        assertEquals(List.of("a", "s0", "s2", "b", "c", "s3", "s4"), list);
        assertEquals(List.of("a", "s0", "s2", "b", "c", "s3", "s4").hashCode(), list.hashCode());
        assertEquals(new ArrayList<>(list), list);
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(7));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(-1));
        assertThrows(UnsupportedOperationException.class, () -> list.add("x"));
    }

    @Test
    void exceptLeavesOneOut() {
        assertEquals(List.of("s0", "s1", "s3", "s4"), EntryList.of(List.of(SHARED.except(2))));
        assertEquals(List.of("s0", "s1", "s2", "s3", "s4"), EntryList.of(List.of(SHARED.except(-1))));
        assertEquals(4, SHARED.except(4).size());
        assertThrows(IllegalArgumentException.class, () -> SHARED.except(5));
    }

    @Test
    void namespaceConfigKeepsAnEntryListAndCopiesOthers() {
        List<RouteConfig> routes = EntryList.of(List.of(SharedEntries.of(List.of(
                RouteConfig.via(io.podnet.sim.net.Ipv4Prefix.parse("10.0.1.0/24"),
                        io.podnet.sim.net.Ipv4Address.parse("10.0.1.0"), "flannel.1", true))).except(-1)));
        NamespaceConfig c = new NamespaceConfig("n", "node", "n", List.of(), routes, List.of(), List.of(), null, "");
        assertSame(routes, c.routes());
        List<NeighbourConfig> plain = new ArrayList<>();
        NamespaceConfig d = new NamespaceConfig("n", "node", "n", List.of(), List.of(), plain, List.of(), null, "");
        plain.add(null);
        assertEquals(0, d.neighbours().size());
    }
}
