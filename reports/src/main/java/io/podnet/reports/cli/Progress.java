package io.podnet.reports.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * compare's progress bar (me.tongfei:progressbar) on standard error, one step per design and per
 * point of the Service curve; nothing at all when standard output is not a terminal (pipes, files,
 * tests), so machine-read output never carries it.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress open(int steps) {
        if (System.console() == null || steps <= 0) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName("compare").setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
    }

    void step(String what) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(what);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
