package io.podnet.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of podnet's long commands ({@code compare}, {@code verify}, {@code sweep}):
 * me.tongfei:progressbar on standard error with done/total, rate and ETA. It draws nothing at all
 * when the process has no terminal (pipes, files, CI, tests), so machine-read output never carries
 * it. Steps may come from several threads.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar named {@code task} of {@code total} steps counted in {@code unit}s, when on a terminal. */
    public static Progress open(String task, int total, String unit) {
        return open(task, total, unit, System.console() != null);
    }

    /** As {@link #open(String, int, String)}, with whether to draw decided by the caller. */
    public static Progress open(String task, int total, String unit, boolean terminal) {
        if (!terminal || total <= 0) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
    }

    /** Whether a bar is drawn. */
    public boolean drawn() {
        return bar != null;
    }

    /** One step done; {@code what} is shown beside the bar. */
    public synchronized void step(String what) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(" " + what);
        }
    }

    /** Shows {@code what} beside the bar without a step. */
    public synchronized void message(String what) {
        if (bar != null) {
            bar.setExtraMessage(" " + what);
        }
    }

    /** {@code n} steps done. */
    public synchronized void stepBy(int n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
