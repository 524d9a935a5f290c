package io.podnet.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.cli.PodnetCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every input of {@link HostileCorpus} through the CLI entry point ({@code validate}, then
 * {@code run --out --pcap} into an empty directory) and counts: stack traces on either stream,
 * wrong exit statuses (3 is always wrong), errors without file:line:column, runs over the time
 * bound, files left in the output directory after a failed run, and outputs quoting a file outside
 * the scenario's tree. Every count must be zero. Also: validate OK implies run never exits 2.
 *
 * <p>Counts are printed as one line: {@code mvn -B -q -o -pl scenarios -am test
 * -Dtest=HostileCorpusTest -Dsurefire.failIfNoSpecifiedTests=false} then
 * {@code grep 'hostile corpus' scenarios/target/surefire-reports/*HostileCorpusTest-output.txt}.
 */
class HostileCorpusTest {
    /** Far above what any input needs on a loaded machine; an input over it is a hang. */
    private static final long BOUND_SECONDS = 120;
    private static final Pattern STACK = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception in thread|^Caused by: "
            + "|\\bjava\\.lang\\.[A-Za-z]*(Error|Exception)\\b");
    private static final Pattern LOCATED = Pattern.compile("^[^\\s].*?:\\d+:\\d+: .+");

    @TempDir
    Path tmp;

    private record Outcome(int exit, String out, String err, boolean hung) {}

    @Test
    void corpusNeverCrashesHangsOrLeavesFiles() throws Exception {
        String base = Files.readString(Path.of("examples/frontend-to-backend.yaml"));
        List<HostileCorpus.Case> cases = HostileCorpus.write(tmp.resolve("corpus"), base);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-corpus");
            t.setDaemon(true);
            return t;
        });
        int stackTraces = 0;
        int wrongExits = 0;
        int missingLocations = 0;
        int hangs = 0;
        int filesLeft = 0;
        int echoed = 0;
        int validateThenRun2 = 0;
        List<String> problems = new ArrayList<>();
        java.util.Map<String, Integer> perClass = new java.util.TreeMap<>();
        for (HostileCorpus.Case c : cases) {
            perClass.merge(c.cls(), 1, Integer::sum);
            String id = c.cls() + "/" + c.name();
            Outcome v = invoke(pool, "validate", c.file().toString());
            Path outDir = Files.createDirectories(tmp.resolve("out").resolve(String.valueOf(perClass.values().stream()
                    .mapToInt(Integer::intValue).sum())));
            Outcome r = v.hung() ? v : invoke(pool, "run", c.file().toString(), "--out",
                    outDir.resolve("trace.txt").toString(), "--pcap", outDir.resolve("trace.pcapng").toString());
            for (Outcome o : List.of(v, r)) {
                if (o.hung()) {
                    hangs++;
                    problems.add(id + ": no answer within " + BOUND_SECONDS + " s");
                    continue;
                }
                if (STACK.matcher(o.out()).find() || STACK.matcher(o.err()).find()) {
                    stackTraces++;
                    problems.add(id + ": stack trace: " + head(o.err() + o.out()));
                }
                if (o.out().contains(HostileCorpus.SECRET) || o.err().contains(HostileCorpus.SECRET)) {
                    echoed++;
                    problems.add(id + ": output quotes a file outside the scenario's tree");
                }
                if (o.exit() == 2) {
                    for (String line : o.err().split("\n")) {
                        if (line.isEmpty() || line.matches("\\d+ errors?") || line.startsWith("... and ")
                                || (line.startsWith("podnet: ") && !line.startsWith("podnet: internal"))) {
                            continue;
                        }
                        if (!LOCATED.matcher(line).matches()) {
                            missingLocations++;
                            problems.add(id + ": no file:line:column: " + head(line));
                        }
                    }
                }
            }
            if (!v.hung() && !r.hung()) {
                boolean validateOk = v.exit() == 0;
                if (!c.allowedExits().contains(v.exit()) && !(validateOk && c.allowedExits().contains(1))) {
                    wrongExits++;
                    problems.add(id + ": validate exit " + v.exit() + ", expected " + c.allowedExits() + ": "
                            + head(v.err()));
                }
                if (!c.allowedExits().contains(r.exit()) || r.exit() == 3) {
                    wrongExits++;
                    problems.add(id + ": run exit " + r.exit() + ", expected " + c.allowedExits() + ": " + head(r.err()));
                }
                if (validateOk && r.exit() == 2) {
                    validateThenRun2++;
                    problems.add(id + ": validate accepted it, run exits 2: " + head(r.err()));
                }
                if (r.exit() >= 2) {
                    try (Stream<Path> left = Files.list(outDir)) {
                        List<Path> l = left.toList();
                        if (!l.isEmpty()) {
                            filesLeft++;
                            problems.add(id + ": failed run left " + l);
                        }
                    }
                }
            }
        }
        pool.shutdownNow();
        String summary = "hostile corpus: " + cases.size() + " inputs " + perClass + ": " + stackTraces
                + " stack traces, " + wrongExits + " wrong exit codes, " + missingLocations + " errors without a"
                + " location, " + hangs + " hangs, " + filesLeft + " runs leaving files, " + echoed
                + " outputs quoting outside files, " + validateThenRun2 + " validate-OK-then-run-2";
        System.out.println(summary);
        problems.stream().limit(60).forEach(p -> System.out.println("  " + p));
        assertTrue(cases.size() >= 300, "the corpus shrank: " + cases.size());
        assertTrue(problems.isEmpty(), summary + "\n" + String.join("\n", problems.stream().limit(60).toList()));
    }

    private static String head(String s) {
        String one = s.replace('\n', '|');
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }

    private static Outcome invoke(ExecutorService pool, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Future<Integer> f = pool.submit(() -> PodnetCli.execute(args, new PrintWriter(out, true),
                new PrintWriter(err, true)));
        try {
            int exit = f.get(BOUND_SECONDS, TimeUnit.SECONDS);
            return new Outcome(exit, out.toString(), err.toString(), false);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Outcome(-1, out.toString(), err.toString(), true);
        }
    }
}
