package io.podnet.viewer;

import picocli.CommandLine;

/**
 * Plain launcher for the viewer alone ({@code java -cp ... io.podnet.viewer.ViewerLauncher FILE}).
 * It is deliberately not a JavaFX {@code Application}: started from the classpath, such a main class
 * fails with "JavaFX runtime components are missing".
 */
public final class ViewerLauncher {
    private ViewerLauncher() {}

    public static void main(String[] args) {
        int code = new CommandLine(new ViewCommand(Loaders.scenarioRunner())).execute(args);
        System.exit(code);
    }
}
