package io.podnet.dataplane.realise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify --cleanup} removes the temporary files of dead runs, and nothing else. */
class RunFilesTest {
    @TempDir
    Path dir;
    @TempDir
    Path elsewhere;

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void removesOnlyOwnedEntriesOfDeadRunsWithoutFollowingLinks() throws Exception {
        long dead = deadPid();
        long me = ProcessHandle.current().pid();
        Path outside = Files.writeString(elsewhere.resolve("keep.txt"), "not podnet's");
        Path work = Files.createDirectories(dir.resolve("podnet-verify-" + dead + "-123"));
        Files.writeString(work.resolve("a.pcapng"), "x");
        Files.createDirectories(work.resolve("sub"));
        Files.writeString(work.resolve("sub/b.txt"), "y");
        Files.createSymbolicLink(work.resolve("link"), outside);
        Files.writeString(dir.resolve("podnet-http-" + dead + "-9.size"), "200 4096");
        Files.createDirectories(dir.resolve("podnet-bird-" + dead + "-77")).resolve("b0.conf").toFile().createNewFile();
        Path live = Files.createDirectories(dir.resolve("podnet-verify-" + me + "-456"));
        Path notOurs = Files.writeString(dir.resolve("podnet-verify-notapid-1"), "");
        Path other = Files.writeString(dir.resolve("other-file"), "");
        Path link = Files.createSymbolicLink(dir.resolve("podnet-verify-" + dead + "-link"), elsewhere);

        List<String> removed = RunFiles.removeDead(dir);

        assertEquals(3, removed.size(), removed.toString());
        assertFalse(Files.exists(work));
        assertFalse(Files.exists(dir.resolve("podnet-http-" + dead + "-9.size")));
        assertFalse(Files.exists(dir.resolve("podnet-bird-" + dead + "-77")));
        assertTrue(Files.exists(live), "a live run's directory is kept");
        assertTrue(Files.exists(notOurs));
        assertTrue(Files.exists(other));
        assertTrue(Files.isSymbolicLink(link), "a link is never followed or removed");
        assertTrue(Files.exists(outside), "what a link inside a run's directory points at is kept");
    }

    @Test
    void prefixNamesThisProcess() {
        assertEquals("podnet-verify-" + ProcessHandle.current().pid() + "-", RunFiles.prefix("verify"));
    }
}
