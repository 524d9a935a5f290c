package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Near misses on the command line get a "did you mean" and exit 2; {@code podnet help} works. */
class SuggestionsTest {
    private static final String EXAMPLE = "examples/frontend-to-backend.yaml";

    @Test
    void aMistypedCommandSuggestsTheCommand() {
        CliTestSupport.Result r = CliTestSupport.run("runn", EXAMPLE);
        assertEquals(ExitCodes.BAD_INPUT, r.exit());
        assertTrue(r.err().startsWith("podnet: 'runn' is not a podnet command"), r.err());
        assertTrue(r.err().contains("Did you mean: podnet run"), r.err());
    }

    @Test
    void aMistypedOptionSuggestsTheOption() {
        CliTestSupport.Result r = CliTestSupport.run("run", EXAMPLE, "--sed", "3");
        assertEquals(ExitCodes.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("--seed"), r.err());
    }

    @Test
    void aMistypedDesignSuggestsTheDesign() {
        CliTestSupport.Result r = CliTestSupport.run("run", EXAMPLE, "--cni", "flanel-vxlan");
        assertEquals(ExitCodes.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("(did you mean 'flannel-vxlan'?)"), r.err());
    }

    @Test
    void helpPrintsACommandsHelp() {
        CliTestSupport.Result r = CliTestSupport.run("help", "run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: podnet run "), r.out());
        CliTestSupport.Result all = CliTestSupport.run("help");
        assertEquals(0, all.exit(), all.err());
        assertTrue(all.out().contains("validate"), all.out());
    }
}
