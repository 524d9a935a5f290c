package io.podnet.dataplane.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands as argument lists ({@link ProcessBuilder}, never a shell), always with a
 * timeout, capturing standard output and error and feeding standard input for batch files.
 * Background processes (servers, captures) are tracked so they can all be ended on teardown.
 */
public class CommandRunner {
    private final List<Background> started = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final boolean keepLog;

    public CommandRunner() {
        this(false);
    }

    /** @param keepLog keep every command line for {@link #log()} (used by tests and {@code --verbose}) */
    public CommandRunner(boolean keepLog) {
        this.keepLog = keepLog;
    }

    /** Runs {@code argv} with {@code stdin} (may be null) and waits at most {@code timeout}. */
    public CommandResult run(List<String> argv, String stdin, Duration timeout) {
        check(argv);
        record(argv, stdin);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new CommandResult(argv, 127, "", "cannot start " + argv.get(0) + ": " + e.getMessage(), false);
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        out.start();
        err.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process exited before reading all its input; its exit status tells why
        }
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            kill(p);
        }
        out.await(2000);
        err.await(2000);
        return new CommandResult(argv, finished ? p.exitValue() : -1, out.text(), err.text(), !finished);
    }

    /** Runs and throws {@link CommandException} unless it exits 0 in time. */
    public CommandResult runOrThrow(String what, List<String> argv, String stdin, Duration timeout) {
        CommandResult r = run(argv, stdin, timeout);
        if (!r.ok()) {
            throw new CommandException(what, r);
        }
        return r;
    }

    /** Starts a long-running process; it is ended by {@link Background#stop} or {@link #stopAll}. */
    public Background start(List<String> argv) {
        check(argv);
        record(argv, null);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            Background b = new Background(argv, p);
            synchronized (started) {
                started.add(b);
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv.get(0), e);
        }
    }

    /** Ends every background process this runner started that is still alive. */
    public void stopAll() {
        List<Background> copy;
        synchronized (started) {
            copy = new ArrayList<>(started);
        }
        for (Background b : copy) {
            b.stop(Duration.ofSeconds(2));
        }
    }

    /** The command lines run so far (only when constructed with {@code keepLog}). */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private void record(List<String> argv, String stdin) {
        if (keepLog) {
            synchronized (log) {
                log.add(String.join(" ", argv) + (stdin == null ? "" : " <<" + stdin.lines().count() + " lines"));
            }
        }
    }

    private static void check(List<String> argv) {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        for (String a : argv) {
            if (a == null || a.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("command argument is null or holds a NUL byte: " + argv);
            }
        }
    }

    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a stream to the end on its own thread so a full pipe never blocks the child. */
    static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] b = new byte[8192];
            try {
                int n;
                while ((n = in.read(b)) >= 0) {
                    synchronized (buf) {
                        buf.write(b, 0, n);
                    }
                }
            } catch (IOException e) {
                // stream closed when the process was killed
            }
        }

        void await(long millis) {
            try {
                join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** A running background process with its output collected. */
    public static final class Background {
        private final List<String> argv;
        private final Process process;
        private final Drain out;
        private final Drain err;

        Background(List<String> argv, Process process) {
            this.argv = List.copyOf(argv);
            this.process = process;
            this.out = new Drain(process.getInputStream());
            this.err = new Drain(process.getErrorStream());
            out.start();
            err.start();
        }

        public List<String> argv() {
            return argv;
        }

        public long pid() {
            return process.pid();
        }

        public boolean alive() {
            return process.isAlive();
        }

        public String stdout() {
            return out.text();
        }

        public String stderr() {
            return err.text();
        }

        /**
         * Waits until {@code marker} appears on stdout or stderr, the process exits, or the timeout
         * passes. Returns true when the marker was seen.
         */
        public boolean awaitOutput(String marker, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (out.text().contains(marker) || err.text().contains(marker)) {
                    return true;
                }
                if (!process.isAlive()) {
                    return out.text().contains(marker) || err.text().contains(marker);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        /** SIGTERM, then SIGKILL after {@code grace}; waits for the output to be drained. */
        public int stop(Duration grace) {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                        kill(process);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    kill(process);
                }
            }
            out.await(2000);
            err.await(2000);
            return process.isAlive() ? -1 : process.exitValue();
        }

        /** Waits for a natural exit up to {@code timeout}, then kills it. Returns the exit status or -1. */
        public int waitFor(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                    out.await(2000);
                    err.await(2000);
                    return -1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(process);
                return -1;
            }
            out.await(2000);
            err.await(2000);
            return process.exitValue();
        }
    }
}
