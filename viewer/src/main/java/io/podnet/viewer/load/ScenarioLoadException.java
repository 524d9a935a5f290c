package io.podnet.viewer.load;

/** A scenario could not be loaded or run; the message is for the user (file, line, what is wrong). */
public final class ScenarioLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScenarioLoadException(String message) {
        super(message);
    }

    public ScenarioLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
