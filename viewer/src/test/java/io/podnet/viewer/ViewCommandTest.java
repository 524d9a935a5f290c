package io.podnet.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import io.podnet.viewer.load.RunnerLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ViewCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new ViewCommand(f -> Fixtures.seed()).keepToolkit());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void snapshotOfTheRealSeedExampleAtStep6() throws Exception {
        Path png = Path.of("target/snapshots/frontend-to-backend-step6.png");
        CommandLine cl = new CommandLine(new ViewCommand(new RunnerLoader()).keepToolkit());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("../scenarios/examples/frontend-to-backend.yaml", "--snapshot", png.toString(), "--step", "6");
        assertEquals(0, code, err.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1600, img.getWidth());
        assertEquals(1000, img.getHeight());
        assertTrue(out.toString().contains("step 6 / "), out.toString());
        // Step 6 is the SYN mid-path on node1 (the route to flannel.1), not an ARP frame.
        assertTrue(out.toString().contains("route lookup for 10.244.2.8"), out.toString());
        assertTrue(out.toString().contains("flannel.1"), out.toString());
    }

    @Test
    void challengeSnapshotRendersTheFirstQuestionAtOrAfterTheStep() throws Exception {
        Path png = Path.of("target/snapshots/frontend-to-backend-challenge.png");
        CommandLine cl = new CommandLine(new ViewCommand(new RunnerLoader()).keepToolkit());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("../scenarios/examples/frontend-to-backend.yaml", "--challenge", "--snapshot", png.toString(),
                "--step", "2");
        assertEquals(0, code, err.toString());
        // The first decision point from step 2 on is kube-proxy's DNAT of the SYN on node1 (step 4: where does it go?).
        assertTrue(out.toString().contains("step 4 / ") && out.toString().contains("DNAT to 10.244.2.8"), out.toString());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 0);
    }

    @Test
    void allEventsStepsThroughEverythingIncludingArp() throws Exception {
        Path png = Path.of("target/snapshots/frontend-to-backend-all-step6.png");
        CommandLine cl = new CommandLine(new ViewCommand(new RunnerLoader()).keepToolkit());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("../scenarios/examples/frontend-to-backend.yaml", "--snapshot", png.toString(), "--step", "6",
                "--all-events");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("event 6, "), out.toString());
        assertTrue(ImageIO.read(png.toFile()).getWidth() == 1600);
    }

    @Test
    void aBrokenScenarioIsReportedWithItsLocation() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: podnet/v1\nkind: Scenario\nmetadata: {name: x}\nclustr: {}\n");
        CommandLine cl = new CommandLine(new ViewCommand(new RunnerLoader()).keepToolkit());
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute(bad.toString(), "--snapshot", "target/snapshots/never.png"));
        assertTrue(err.toString().contains("bad.yaml:"), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void snapshotsAtOtherStepsAndFontScales() throws Exception {
        Path scenario = Files.writeString(dir.resolve("s.yaml"), "x: 1\n");
        for (String[] a : new String[][] {{"10", "1.0", "1600", "1000"}, {"16", "1.0", "1600", "1000"},
                {"28", "1.6", "1920", "1080"}}) {
            Path png = Path.of("target/snapshots/seed-step" + a[0] + "-x" + a[1] + ".png");
            StringWriter err = new StringWriter();
            int code = run(new StringWriter(), err, scenario.toString(), "--snapshot", png.toString(), "--step", a[0],
                    "--font-scale", a[1], "--width", a[2], "--height", a[3]);
            assertEquals(0, code, err.toString());
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(Integer.parseInt(a[2]), img.getWidth());
            assertEquals(Integer.parseInt(a[3]), img.getHeight());
        }
    }

    @Test
    void badOptionsGiveAMessageNotAStackTrace() throws Exception {
        Path scenario = Files.writeString(dir.resolve("s.yaml"), "x: 1\n");
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, scenario.toString(), "--snapshot", "x.png", "--step", "999"));
        assertTrue(err.toString().contains("--step 999 is out of range"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, dir.resolve("missing.yaml").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "--snapshot", "x.png"));
        assertTrue(err.toString().contains("needs a scenario FILE"), err.toString());
    }

    @Test
    void helpDescribesTheOptions() {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "--help"));
        for (String opt : new String[] {"--snapshot", "--step", "--width", "--height", "--font-scale"}) {
            assertTrue(out.toString().contains(opt), opt + " in " + out);
        }
    }

    @Test
    void snapshotWritesAPngOfTheRequestedSize() throws Exception {
        Path scenario = Files.writeString(dir.resolve("frontend-to-backend.yaml"), "apiVersion: podnet/v1\n");
        Path png = Path.of("target/snapshots/seed-step6.png");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, scenario.toString(), "--snapshot", png.toString(), "--step", "6", "--width", "1600",
                "--height", "1000");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().startsWith("wrote " + png), out.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1600, img.getWidth());
        assertEquals(1000, img.getHeight());
        assertTrue(Files.size(png) > 20_000, "a real picture, not a blank: " + Files.size(png));
    }

    private static int runReal(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new ViewCommand(new RunnerLoader()).keepToolkit());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aSavedTraceFileIsViewedAgainAndABadOneIsRefusedWithAMessage() throws Exception {
        String seed = "../scenarios/examples/frontend-to-backend.yaml";
        Path saved = dir.resolve("seed.ptrace");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, runReal(out, err, seed, "--save-trace", saved.toString(), "--snapshot",
                dir.resolve("a.png").toString(), "--step", "6"), err.toString());
        StringWriter again = new StringWriter();
        assertEquals(0, runReal(again, err, seed, "--trace", saved.toString(), "--snapshot",
                dir.resolve("b.png").toString(), "--step", "6"), err.toString());
        assertEquals(out.toString().replace("a.png", "b.png"), again.toString(), "the same step, read from the file");

        Path cut = dir.resolve("cut.ptrace");
        byte[] bytes = Files.readAllBytes(saved);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        err = new StringWriter();
        assertEquals(2, runReal(new StringWriter(), err, seed, "--trace", cut.toString(), "--step", "6",
                "--snapshot", dir.resolve("c.png").toString()));
        assertTrue(err.toString().startsWith(cut + ": truncated"), err.toString());
        assertTrue(!err.toString().contains("Exception") && !err.toString().contains("\tat "), err.toString());

        err = new StringWriter();
        assertEquals(2, runReal(new StringWriter(), err, seed, "--trace", saved.toString(), "--save-trace",
                cut.toString()));
        assertTrue(err.toString().contains("--trace and --save-trace exclude each other"), err.toString());
        err = new StringWriter();
        assertEquals(2, runReal(new StringWriter(), err, "--trace", saved.toString()));
        assertTrue(err.toString().contains("--trace needs the scenario FILE"), err.toString());
    }

    @Test
    void aTraceOfAnotherRunIsRefusedWithExit2NamingTheDifferencesAndAnUnknownCniIsRefused() throws Exception {
        String seed = "../scenarios/examples/frontend-to-backend.yaml";
        Path saved = dir.resolve("seed7.ptrace");
        StringWriter err = new StringWriter();
        assertEquals(0, runReal(new StringWriter(), err, seed, "--seed", "7", "--kube-proxy", "ipvs", "--save-trace",
                saved.toString(), "--snapshot", dir.resolve("a.png").toString(), "--step", "2"), err.toString());
        err = new StringWriter();
        assertEquals(2, runReal(new StringWriter(), err, seed, "--trace", saved.toString(), "--snapshot",
                dir.resolve("b.png").toString()));
        assertTrue(err.toString().startsWith(saved + ": the trace is of another run than " + seed), err.toString());
        assertTrue(err.toString().contains("  seed: the trace has '7', this view '42'"), err.toString());
        assertTrue(err.toString().contains("  kube-proxy: the trace has 'ipvs', this view 'iptables'"), err.toString());
        assertTrue(err.toString().contains("to view this trace, add: --seed 7 --kube-proxy ipvs"), err.toString());
        assertTrue(!err.toString().contains("Exception") && !err.toString().contains("\tat "), err.toString());
        err = new StringWriter();
        assertEquals(0, runReal(new StringWriter(), err, seed, "--trace", saved.toString(), "--seed", "7",
                "--kube-proxy", "ipvs", "--snapshot", dir.resolve("c.png").toString(), "--step", "2"), err.toString());
        err = new StringWriter();
        assertEquals(2, runReal(new StringWriter(), err, seed, "--cni", "flanel", "--snapshot",
                dir.resolve("d.png").toString()));
        assertTrue(err.toString().contains("podnet view: --cni: unknown CNI design 'flanel'; accepted: "), err.toString());
    }
}
