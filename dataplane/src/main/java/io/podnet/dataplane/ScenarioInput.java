package io.podnet.dataplane;

import java.nio.file.Path;

/**
 * Turns a scenario file into a {@link VerifyInput} by running the simulator on it (the scenarios
 * module's {@code Podnet.load}/{@code Podnet.run}).
 */
public final class ScenarioInput {
    private ScenarioInput() {}

    public static VerifyInput load(Path file, Long seed) {
        throw new VerifyException(VerifyException.BAD_INPUT,
                "this build has no scenario runner yet; podnet verify cannot load " + file);
    }
}
