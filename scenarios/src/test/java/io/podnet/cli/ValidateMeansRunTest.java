package io.podnet.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} runs every check {@code run} runs before traffic: for every example and every
 * scenario in the repository's test resources, a file {@code validate} accepts never makes
 * {@code run} exit 2 (bad input).
 */
class ValidateMeansRunTest {
    @TempDir
    Path tmp;

    /** Every scenario file of the examples and of every module's test resources. */
    static List<Path> scenarioFiles() throws IOException {
        List<Path> roots = List.of(Path.of("examples"), Path.of("src/test/resources"),
                Path.of("../dataplane/src/test/resources"), Path.of("../reports/src/test/resources"),
                Path.of("../viewer/src/test/resources"));
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile)
                        .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .filter(ValidateMeansRunTest::isScenario)
                        .sorted()
                        .forEach(out::add);
            }
        }
        return out;
    }

    private static boolean isScenario(Path p) {
        try {
            return Files.readString(p).contains("kind: Scenario");
        } catch (IOException e) {
            return false;
        }
    }

    @TestFactory
    Stream<DynamicTest> validateOkMeansRunNeverExits2() throws IOException {
        List<Path> files = scenarioFiles();
        assertTrue(files.size() >= 11, "the examples were not found: " + files);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            CliTestSupport.Result v = CliTestSupport.run("validate", f.toString());
            assertFalse(v.exit() == 3 || v.err().contains("\tat "), "validate: " + v.err());
            if (v.exit() != 0) {
                return;
            }
            Path out = tmp.resolve(f.getFileName() + ".trace");
            CliTestSupport.Result r = CliTestSupport.run("run", f.toString(), "--out", out.toString());
            assertNotEquals(2, r.exit(), "validate accepted " + f + " but run exits 2: " + r.err());
            assertNotEquals(3, r.exit(), "run: " + r.err());
        }));
    }
}
