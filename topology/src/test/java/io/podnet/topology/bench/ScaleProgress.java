package io.podnet.topology.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The scale measurement's progress bar (me.tongfei:progressbar) on standard error, with a rate:
 * one bar per phase (the render, whose length is unknown, shows its elapsed time; the build counts
 * namespace steps). Nothing at all when standard error is not a terminal (a pipe, a file, a test
 * run), or with {@code -Dbench.progress=false}, so logs and machine-read output never carry it.
 */
final class ScaleProgress implements AutoCloseable {
    private final ProgressBar bar;

    private ScaleProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code task}: {@code max} steps of {@code unit}, or -1 when the length is unknown. */
    static ScaleProgress open(String task, long max, String unit) {
        if (!Boolean.parseBoolean(System.getProperty("bench.progress", "true")) || !stderrIsTerminal()) {
            return new ScaleProgress(null);
        }
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err));
        if (max > 0) {
            b.setUnit(" " + unit, 1).showSpeed();
        }
        return new ScaleProgress(b.build());
    }

    /**
     * Whether standard error is a terminal. Java tells only about the console (standard input and
     * output); on Linux, file descriptor 2 of a terminal links to {@code /dev/pts/N} or
     * {@code /dev/ttyN}. Anything else, or no {@code /proc}, counts as not a terminal.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Moves the bar to {@code done} of {@code total}. */
    void at(long done, long total) {
        if (bar != null) {
            if (bar.getMax() != total) {
                bar.maxHint(total);
            }
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
