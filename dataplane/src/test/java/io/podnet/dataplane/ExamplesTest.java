package io.podnet.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bundled example agrees with the kernel (or is honestly marked not checkable). */
class ExamplesTest {
    static Stream<Path> examples() throws IOException {
        Path dir = Path.of("..", "scenarios", "examples");
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleAgreesWithTheKernel(Path file) {
        Root.assumeRootAndTools();
        VerifyInput in = ScenarioInput.load(file, null);
        Assumptions.assumeFalse(in.traffic().isEmpty(), "no traffic in " + file);
        VerifyReport r = new Verifier(new CommandRunner(), Verifier.Options.defaults(), null).verify(in);
        System.out.println(r.text());
        assertTrue(r.agree(), r.text());
        assertEquals(0, r.exitCode());
        assertFalse(r.flows().isEmpty());
    }
}
