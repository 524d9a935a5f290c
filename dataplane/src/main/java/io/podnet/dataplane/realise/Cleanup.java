package io.podnet.dataplane.realise;

import io.podnet.dataplane.exec.CommandResult;
import io.podnet.dataplane.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Removes namespaces {@code podnet verify} created: first ends every process still running inside
 * them (servers, captures, BIRD; found with {@code ip netns pids}, ended by process id), then deletes
 * the namespaces, which also removes their links. Only names matching {@link RunPrefix#ANY_RUN} are
 * ever touched, and {@link #removeAllRuns} leaves the runs whose {@link RunLock} a live process
 * still holds (another verification in progress on this machine).
 */
public final class Cleanup {
    private static final Duration T = Duration.ofSeconds(30);

    private final CommandRunner runner;
    private final List<String> skipped = new ArrayList<>();

    public Cleanup(CommandRunner runner) {
        this.runner = runner;
    }

    /** Removes the namespaces of one run. Returns the names removed. */
    public List<String> removeRun(RunPrefix prefix) {
        return remove(prefix::owns);
    }

    /** Removes every namespace a run that is no longer alive left behind ({@code podnet verify --cleanup}). */
    public List<String> removeAllRuns() {
        return removeDeadRuns(n -> true);
    }

    /**
     * Removes the namespaces matching {@code scope} whose run holds no {@link RunLock} (its process
     * ended); namespaces of live runs are kept and listed in {@link #skipped()}.
     */
    public List<String> removeDeadRuns(Predicate<String> scope) {
        skipped.clear();
        java.util.Map<String, Boolean> alive = new java.util.HashMap<>();
        List<String> removed = remove(n -> {
            if (!scope.test(n)) {
                return false;
            }
            String prefix = n.substring(0, 8);
            boolean live = alive.computeIfAbsent(prefix, RunLock::held);
            if (live) {
                skipped.add(n);
            }
            return !live;
        });
        for (String n : removed) {
            RunLock.forget(n.substring(0, 8));
        }
        return removed;
    }

    /** Namespaces the last {@link #removeDeadRuns} kept because their run is still in progress. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** Namespace names currently present that match {@link RunPrefix#ANY_RUN}. */
    public List<String> leftovers() {
        CommandResult r = runner.run(List.of("ip", "netns", "list"), null, T);
        List<String> out = new ArrayList<>();
        if (!r.ok()) {
            return out;
        }
        for (String line : r.stdout().split("\n")) {
            String name = line.strip();
            int sp = name.indexOf(' ');
            if (sp > 0) {
                name = name.substring(0, sp); // "NAME (id: 3)"
            }
            if (RunPrefix.ANY_RUN.matcher(name).matches()) {
                out.add(name);
            }
        }
        return out;
    }

    private List<String> remove(Predicate<String> which) {
        List<String> names = leftovers().stream().filter(which).toList();
        if (names.isEmpty()) {
            return names;
        }
        for (String ns : names) {
            CommandResult pids = runner.run(List.of("ip", "netns", "pids", ns), null, T);
            if (!pids.ok()) {
                continue;
            }
            for (String p : pids.stdout().split("\\s+")) {
                if (p.isBlank()) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(p.strip());
                    if (pid != ProcessHandle.current().pid()) {
                        ProcessHandle.of(pid).ifPresent(h -> {
                            h.destroyForcibly();
                            h.onExit().orTimeout(3, java.util.concurrent.TimeUnit.SECONDS).exceptionally(x -> null).join();
                        });
                    }
                } catch (NumberFormatException e) {
                    // not a pid
                }
            }
        }
        StringBuilder batch = new StringBuilder();
        for (String ns : names) {
            batch.append("netns del ").append(ns).append('\n');
        }
        runner.run(List.of("ip", "-force", "-b", "-"), batch.toString(), T);
        return names;
    }
}
