package io.podnet.viewer.load;

import io.podnet.viewer.model.ViewModel;
import java.nio.file.Path;

/** Loads and runs a scenario file for viewing. */
@FunctionalInterface
public interface ScenarioLoader {
    ViewModel load(Path file) throws ScenarioLoadException;
}
