package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bar is drawn only on a terminal, and never for an empty job; steps are harmless either way. */
class ProgressTest {
    @Test
    void withoutATerminalNothingIsDrawn() {
        try (Progress p = Progress.open("verify", 3, "steps", false)) {
            assertFalse(p.drawn());
            p.message("creating namespaces");
            p.step("[1/3] a");
            p.stepBy(2);
        }
    }

    @Test
    void anEmptyJobHasNoBar() {
        try (Progress p = Progress.open("compare", 0, "runs", true)) {
            assertFalse(p.drawn());
        }
    }

    @Test
    void onATerminalTheBarCountsItsSteps() {
        try (Progress p = Progress.open("cells", 2, "cells", true)) {
            assertTrue(p.drawn());
            p.step("first");
            p.stepBy(1);
        }
    }
}
