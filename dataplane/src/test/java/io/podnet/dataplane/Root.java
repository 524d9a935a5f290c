package io.podnet.dataplane;

import io.podnet.dataplane.exec.Environment;
import org.junit.jupiter.api.Assumptions;

/** Assumptions for tests that need root and the tools. */
public final class Root {
    private Root() {}

    public static void assumeRootAndTools() {
        Environment e = Environment.probe();
        Assumptions.assumeTrue(e.ok(), () -> "skipped: " + String.join("; ", e.problems()));
    }
}
