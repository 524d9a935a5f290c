package io.podnet.viewer.ui;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * Playback over the trace's steps: the current step, the tween progress towards the next step
 * while playing, and the speed in steps per second. One {@link AnimationTimer} drives it; the
 * pulse intervals it sees are kept in {@link #frames()} to measure fluidity.
 */
public final class Player {
    private final IntegerProperty step = new SimpleIntegerProperty(0);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final DoubleProperty speed = new SimpleDoubleProperty(2.0);
    private final FrameStats frames = new FrameStats(4096);
    private final FrameStats fxCpu = new FrameStats(4096);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long lastCpu = -1;
    private int steps;
    private long last = -1;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            long cpu = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
            if (last >= 0) {
                frames.add(now - last);
                if (cpu >= 0 && lastCpu >= 0) {
                    fxCpu.add(cpu - lastCpu);
                }
                advance((now - last) / 1e9);
            }
            last = now;
            lastCpu = cpu;
        }
    };

    public IntegerProperty stepProperty() {
        return step;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    /** Steps per second. */
    public DoubleProperty speedProperty() {
        return speed;
    }

    public FrameStats frames() {
        return frames;
    }

    /** CPU time the FX thread spent per frame while playing (independent of machine load). */
    public FrameStats fxCpu() {
        return fxCpu;
    }

    public int step() {
        return step.get();
    }

    public int steps() {
        return steps;
    }

    /** Resets to step 0 of a trace with {@code n} steps. */
    public void reset(int n) {
        pause();
        steps = n;
        progress.set(0);
        step.set(0);
    }

    public void play() {
        if (steps <= 1) {
            return;
        }
        if (step.get() >= steps - 1) {
            step.set(0);
        }
        last = -1;
        lastCpu = -1;
        playing.set(true);
        timer.start();
    }

    public void pause() {
        timer.stop();
        playing.set(false);
        progress.set(0);
    }

    public void toggle() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    public void forward() {
        progress.set(0);
        go(step.get() + 1);
    }

    public void back() {
        progress.set(0);
        go(step.get() - 1);
    }

    public void go(int n) {
        if (steps == 0) {
            return;
        }
        progress.set(0);
        step.set(Math.max(0, Math.min(steps - 1, n)));
    }

    void advance(double seconds) {
        if (!playing.get()) {
            return;
        }
        double p = progress.get() + seconds * speed.get();
        int s = step.get();
        while (p >= 1) {
            p -= 1;
            s++;
            if (s >= steps - 1) {
                step.set(steps - 1);
                pause();
                return;
            }
        }
        if (s != step.get()) {
            // Set progress first so listeners of step see the new tween position.
            progress.set(p);
            step.set(s);
        } else {
            progress.set(p);
        }
    }
}
