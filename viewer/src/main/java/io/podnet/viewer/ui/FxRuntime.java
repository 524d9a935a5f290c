package io.podnet.viewer.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Platform;

/**
 * Starts the JavaFX toolkit from a plain main (no {@code Application} subclass as the main class),
 * choosing Monocle's headless platform when there is no X display, and runs work on the FX thread.
 */
public final class FxRuntime {
    /** Held so the level set below is not lost when the logger is collected. */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");
    private static boolean started;
    private static boolean startedHere;

    private FxRuntime() {}

    /** True when there is no X or Wayland display to open windows on. */
    public static boolean noDisplay() {
        String d = System.getenv("DISPLAY");
        String w = System.getenv("WAYLAND_DISPLAY");
        return (d == null || d.isBlank()) && (w == null || w.isBlank());
    }

    /** True when the Monocle headless platform is on the classpath. */
    public static boolean monocleAvailable() {
        return FxRuntime.class.getClassLoader().getResource("com/sun/glass/ui/monocle/MonoclePlatformFactory.class") != null;
    }

    /** True when the toolkit runs (or will run) on Monocle's headless screen. */
    public static boolean headless() {
        return "Monocle".equals(System.getProperty("glass.platform"));
    }

    /**
     * Starts the toolkit once per JVM. With {@code allowHeadless} and no display, switches to
     * Monocle headless first; without a display otherwise, fails with a message saying what to do.
     */
    public static synchronized void start(boolean allowHeadless) {
        if (started) {
            return;
        }
        if (System.getProperty("prism.order") == null) {
            System.setProperty("prism.order", "sw");
        }
        if (noDisplay() && !headless()) {
            if (!allowHeadless) {
                throw new IllegalStateException("no display to open the viewer on (DISPLAY is not set); run it under "
                        + "'xvfb-run -a', or render a picture with --snapshot OUT.png");
            }
            if (!monocleAvailable()) {
                throw new IllegalStateException("no display (DISPLAY is not set) and the Monocle headless platform is not "
                        + "on the classpath; run under 'xvfb-run -a'");
            }
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            if (System.getProperty("headless.geometry") == null) {
                // Monocle's headless screen (default 1280x800) must hold the largest window shown.
                System.setProperty("headless.geometry", "3840x2400-32");
            }
        }
        // JavaFX warns that it runs from the classpath ("Unsupported JavaFX configuration"); that is
        // how podnet is packaged (see JAVAFX-FACTS), so keep the user's terminal clean.
        JAVAFX_LOG.setLevel(Level.SEVERE);
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
            startedHere = true;
        } catch (IllegalStateException alreadyRunning) {
            up.countDown();
        }
        try {
            if (!up.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the JavaFX toolkit did not start within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting JavaFX");
        }
        Platform.setImplicitExit(false);
        started = true;
    }

    /** True when {@link #start} started the toolkit (rather than finding it running, as in tests). */
    public static synchronized boolean startedHere() {
        return startedHere;
    }

    /** Stops the toolkit if this class started it. */
    public static synchronized void stop() {
        if (startedHere) {
            Platform.exit();
            started = false;
            startedHere = false;
        }
    }

    /** Runs {@code c} on the FX thread and waits for its result. */
    public static <T> T call(Callable<T> c) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return c.call();
        }
        FutureTask<T> t = new FutureTask<>(c);
        Platform.runLater(t);
        try {
            return t.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Waits until the FX thread has run everything queued so far (and a pulse has had a chance). */
    public static void settle() throws Exception {
        for (int i = 0; i < 3; i++) {
            call(() -> null);
            Thread.sleep(20);
        }
    }
}
