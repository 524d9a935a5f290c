package io.podnet.scenarios.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decoding as YAML 1.2 reads a stream (chapter 5.2: UTF-8, or UTF-16/UTF-32 told apart by the
 * byte-order mark; 5.1: only c-printable characters), with every refusal at its line and column.
 */
class SourceTextTest {
    private static Diagnostic only(Diagnostics d) {
        assertEquals(1, d.sorted().size(), d.sorted().toString());
        return d.sorted().get(0);
    }

    @Test
    void nulIsReportedWhereItIs() {
        Diagnostics d = new Diagnostics();
        assertNull(SourceText.decode("a: 1\nbb: x\0y\n".getBytes(StandardCharsets.UTF_8), "f.yaml", d));
        assertEquals("f.yaml:2:6: character U+0000 (NUL) is not allowed in a YAML or JSON file; remove it (write it as"
                + " an escape such as \"\\u0000\" inside a double-quoted string)", only(d).render());
    }

    @Test
    void invalidUtf8IsReportedWhereItIs() {
        Diagnostics d = new Diagnostics();
        byte[] b = {'a', ':', ' ', '1', '\n', 'b', ':', ' ', (byte) 0xc3, 0x28, '\n'};
        assertNull(SourceText.decode(b, "f.yaml", d));
        assertTrue(only(d).render().startsWith("f.yaml:2:4: the file is not valid UTF-8: byte 9 (0xc3)"),
                only(d).render());
    }

    @Test
    void utf16WithAByteOrderMarkIsRead() {
        String text = "name: héllo\n";
        for (boolean be : new boolean[] {true, false}) {
            byte[] body = text.getBytes(be ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
            byte[] b = new byte[body.length + 2];
            b[0] = (byte) (be ? 0xfe : 0xff);
            b[1] = (byte) (be ? 0xff : 0xfe);
            System.arraycopy(body, 0, b, 2, body.length);
            Diagnostics d = new Diagnostics();
            assertEquals(text, SourceText.decode(b, "f.yaml", d));
            assertTrue(d.sorted().isEmpty());
        }
    }

    @Test
    void utf8ByteOrderMarkIsDropped() {
        Diagnostics d = new Diagnostics();
        byte[] b = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'a', ':', ' ', '1'};
        assertEquals("a: 1", SourceText.decode(b, "f.yaml", d));
    }

    @Test
    void utf16WithoutAByteOrderMarkIsExplained() {
        Diagnostics d = new Diagnostics();
        assertNull(SourceText.decode("a: 1\n".getBytes(StandardCharsets.UTF_16LE), "f.yaml", d));
        assertTrue(only(d).render().startsWith("f.yaml:1:2: character U+0000 (NUL) is not allowed")
                && only(d).render().contains("UTF-16 without a byte-order mark"), only(d).render());
    }

    @Test
    void aliasesAndMergeKeysAreResolved() {
        Diagnostics d = new Diagnostics();
        List<YNode> roots = YamlTrees.parse("base: &b {app: web, tier: x}\nsel: *b\nmerged: {<<: *b, tier: y}\n",
                "f.yaml", d);
        assertTrue(d.sorted().isEmpty(), d.sorted().toString());
        YNode.YMap m = (YNode.YMap) roots.get(0);
        assertEquals("web", ((YNode.YScalar) ((YNode.YMap) m.get("sel")).get("app")).text());
        YNode.YMap merged = (YNode.YMap) m.get("merged");
        assertEquals("web", ((YNode.YScalar) merged.get("app")).text());
        assertEquals("y", ((YNode.YScalar) merged.get("tier")).text(), "a key of the mapping wins over a merged one");
    }

    @Test
    void anUnknownAliasIsAnErrorAtItsPosition() {
        Diagnostics d = new Diagnostics();
        YamlTrees.parse("a: 1\nb: *nope\n", "f.yaml", d);
        assertEquals("f.yaml:2:4: alias *nope names no anchor defined before it; define &nope on an earlier node",
                only(d).render());
    }

    @Test
    void anAliasBombStopsAtTheCap() {
        StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        Diagnostics d = new Diagnostics();
        YamlTrees.parse(y.toString(), "f.yaml", d);
        assertTrue(only(d).render().contains("aliases expand this document to more than 1000000 nodes"),
                only(d).render());
    }

    @Test
    void deepNestingIsReportedWhereTheLimitIsCrossed() {
        Diagnostics d = new Diagnostics();
        YamlTrees.parse("a: " + "[".repeat(500) + "]".repeat(500) + "\n", "f.yaml", d);
        // the root mapping is the first level: the 200th [ (column 203) opens the 201st
        assertEquals("f.yaml:1:203: mappings and lists nest more than 200 levels deep here; a scenario needs far fewer",
                only(d).render());
    }
}
