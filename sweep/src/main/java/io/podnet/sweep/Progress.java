package io.podnet.sweep;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The cells-done bar (done/total, rate, ETA) on standard error; nothing when it is not a terminal. */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(int total, boolean terminal) {
        if (!terminal) {
            return new Progress(null);
        }
        ProgressBar b = new ProgressBarBuilder().setTaskName("cells").setInitialMax(total).setUnit(" cells", 1)
                .showSpeed().setStyle(ProgressBarStyle.ASCII).setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        return new Progress(b);
    }

    synchronized void step(int n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
