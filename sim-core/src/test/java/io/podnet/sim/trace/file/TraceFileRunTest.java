package io.podnet.sim.trace.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header's run identity: written as documented in {@link TraceRun}, read back, compared; old headers refused. */
class TraceFileRunTest {
    private static final Path F = Path.of("t.ptrace");
    private static final TraceRun RUN = new TraceRun("frontend-to-backend", 42, "flannel-vxlan", "iptables", "default",
            "ab".repeat(32), "0.1.0");

    @Test
    void theMetadataIsTheDocumentedKeyValueLines() throws Exception {
        assertEquals("podnet trace\nmetadata: 2\nscenario: frontend-to-backend\nseed: 42\ncni: flannel-vxlan\n"
                + "kube-proxy: iptables\nprofile: default\nscenario-sha256: " + "ab".repeat(32) + "\npodnet: 0.1.0\n",
                RUN.metadata());
        assertEquals(RUN, TraceRun.parse(F, RUN.metadata()));
    }

    @Test
    void aLineBreakInAValueCannotForgeAnotherKey() throws Exception {
        TraceRun odd = new TraceRun("x\nseed: 9", 1, "c", "k", "p", "d", "v");
        TraceRun back = TraceRun.parse(F, odd.metadata());
        assertEquals("x seed: 9", back.scenario());
        assertEquals(1, back.seed());
    }

    @Test
    void unknownKeysOfALaterWriterAreIgnored() throws Exception {
        assertEquals(RUN, TraceRun.parse(F, RUN.metadata() + "extra: 1\n"));
    }

    @Test
    void differencesNameEachFieldWithBothValuesInHeaderOrder() {
        TraceRun other = new TraceRun("frontend-to-backend", 7, "calico", "iptables", "wire-only", "ab".repeat(32),
                "0.1.0");
        assertEquals(List.of(new TraceRun.Difference("seed", "42", "7"),
                new TraceRun.Difference("cni", "flannel-vxlan", "calico"),
                new TraceRun.Difference("profile", "default", "wire-only")), RUN.differences(other));
        assertEquals(List.of(), RUN.differences(RUN));
    }

    @Test
    void aVersionOneHeaderOrAForeignOneIsRefusedSayingToReRecord() {
        TraceFileException old = assertThrows(TraceFileException.class,
                () -> TraceRun.parse(F, "podnet trace\nscenario: frontend-to-backend\nseed: 42\n"));
        assertTrue(old.getMessage().startsWith("t.ptrace: recorded before trace files named their run"), old.getMessage());
        assertTrue(old.getMessage().contains("re-record it"), old.getMessage());
        TraceFileException foreign = assertThrows(TraceFileException.class, () -> TraceRun.parse(F, "test run"));
        assertTrue(foreign.getMessage().contains("re-record it"), foreign.getMessage());
        TraceFileException later = assertThrows(TraceFileException.class,
                () -> TraceRun.parse(F, "podnet trace\nmetadata: 3\n"));
        assertTrue(later.getMessage().contains("metadata version 3; this podnet reads version 2"), later.getMessage());
        TraceFileException missing = assertThrows(TraceFileException.class,
                () -> TraceRun.parse(F, "podnet trace\nmetadata: 2\nscenario: x\nseed: many\n"));
        assertTrue(missing.getMessage().contains("corrupt header: no cni, kube-proxy, profile, scenario-sha256, podnet,"
                + " seed (not a number: 'many')"), missing.getMessage());
    }

    @Test
    void theDigestIsSha256OfLengthPrefixedParts() throws Exception {
        // SHA-256 of (8-byte big-endian length 3, "abc"): computed with the JDK's MessageDigest directly.
        byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        d.update(new byte[] {0, 0, 0, 0, 0, 0, 0, 3});
        d.update(abc);
        assertEquals(java.util.HexFormat.of().formatHex(d.digest()), TraceRun.sha256(List.of(abc)));
        assertTrue(!TraceRun.sha256(List.of(abc, new byte[0])).equals(TraceRun.sha256(List.of(abc))),
                "an empty included file still changes the digest");
    }
}
