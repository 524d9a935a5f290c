package io.podnet.scenarios.reachability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The printed layout is upstream's TruthTable.PrettyPrint: '-' header, tab-separated, '.', 'X', '?'. */
class TruthTableTest {
    @Test
    void printsAsUpstreamAndReadsBack() throws Exception {
        TruthTable t = new TruthTable(List.of("x/a", "x/b"), true);
        t.set("x/b", "x/a", false);
        String text = t.prettyPrint("");
        assertEquals("-\tx/a\tx/b\nx/a\t.\t.\nx/b\tX\t.", text);
        TruthTable back = TruthTable.parse("# comment\n\n" + text + "\n");
        assertEquals(List.of(), t.differences(back, false));
        assertEquals("  -\tx/a\n  x/a\t?", new TruthTable(List.of("x/a"), null).prettyPrint("  "));
        assertNull(TruthTable.parse("-  x/a\nx/a  ?\n").get("x/a", "x/a"));
    }

    @Test
    void errorsCarryLineAndColumn() {
        TruthTable.FormatException e = assertThrows(TruthTable.FormatException.class,
                () -> TruthTable.parse("-\tx/a\tx/b\nx/b\t.\t.\n"));
        assertEquals(2, e.line());
        assertEquals(1, e.column());
        e = assertThrows(TruthTable.FormatException.class, () -> TruthTable.parse("x/a\tx/b\n"));
        assertEquals(1, e.line());
        e = assertThrows(TruthTable.FormatException.class, () -> TruthTable.parse("-\tx/a\tx/b\nx/a\t.\n"));
        assertEquals(2, e.line());
        e = assertThrows(TruthTable.FormatException.class, () -> TruthTable.parse("-\tx/a\tx/b\nx/a\t.\t.\n"));
        assertEquals("the matrix has 1 rows; expected 2 (missing x/b)", e.getMessage());
        e = assertThrows(TruthTable.FormatException.class, () -> TruthTable.parse("-\tx/a\tX_A\n"));
        assertEquals(7, e.column());
    }
}
