package io.podnet.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens every HTML page podnet writes (today: {@code report --format html}, for a passing and a failing
 * run) in Debian's headless Chromium and checks that it renders with no console message (errors, and
 * any blocked request: the copy opened carries a Content-Security-Policy of {@code default-src 'none'},
 * so a page that tried to load anything from outside itself, even from the network, logs a violation),
 * and that its pictures are drawn: every {@code <svg>} has a non-empty bounding box and at least one
 * shape (a {@code <path>} with a non-empty {@code d} of non-zero length, a line, a rectangle...) with a
 * non-empty bounding box, as the browser laid them out. Skipped only when
 * {@code /usr/bin/chromium} is absent ({@code .ci/run} installs it). A screenshot of each page is left in
 * {@code target/browser/} to look at.
 */
class HtmlPagesBrowserTest {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    /** A generous limit: only a hung browser reaches it. */
    private static final long TIMEOUT_MINUTES = 5;

    /** Runs in the page after it loaded; its verdict goes into the title, which --dump-dom shows. */
    private static final String CHECK = "<script nonce=\"podnetcheck\">\n"
            + "window.addEventListener('load', function () {\n"
            + "  var svgs = document.querySelectorAll('svg'), empty = [];\n"
            + "  svgs.forEach(function (s, i) {\n"
            + "    var b = s.getBBox(), drawn = false;\n"
            + "    s.querySelectorAll('path,line,rect,polygon,polyline,circle').forEach(function (e) {\n"
            + "      var eb = e.getBBox();\n"
            + "      if (e.tagName === 'path' && ((e.getAttribute('d') || '').trim() === '' || e.getTotalLength() === 0)) {\n"
            + "        return;\n"
            + "      }\n"
            + "      if (eb.width > 0 || eb.height > 0) { drawn = true; }\n"
            + "    });\n"
            + "    if (!(b.width > 0 && b.height > 0 && drawn)) { empty.push(s.getAttribute('aria-label') || i); }\n"
            + "  });\n"
            + "  document.title = 'podnet-check svgs=' + svgs.length + ' empty=[' + empty.join('|') + ']';\n"
            + "});\n"
            + "</script>\n";
    private static final String CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            + "style-src 'unsafe-inline'; img-src data:; script-src 'nonce-podnetcheck'\">\n";

    @Test
    void reportPagesRenderSelfContainedWithTheirChartsDrawn(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no /usr/bin/chromium (apt-get install chromium)");
        List<Path> pages = new ArrayList<>();
        Path passing = dir.resolve("report.html");
        assertEquals(0, Cli.run("report", Cli.EXAMPLE, "--format", "html", "--out", passing.toString()).exit());
        pages.add(passing);
        Path failing = dir.resolve("report-failing.html");
        assertEquals(1, Cli.run("report", Cli.EXAMPLE, "--cni", "flannel-host-gw", "--format", "html", "--out",
                failing.toString()).exit());
        pages.add(failing);
        Path bgp = dir.resolve("report-calico-bgp.html");
        assertEquals(0, Cli.run("report", "../scenarios/examples/calico-bgp.yaml", "--format", "html", "--out",
                bgp.toString()).exit());
        pages.add(bgp);
        Path compare = dir.resolve("compare.html");
        assertEquals(0, Cli.run("compare", Cli.EXAMPLE, "--cni", "flannel-host-gw,flannel-vxlan", "--bulk", "64KiB",
                "--rr-samples", "5", "--services", "0,20", "--format", "html", "--out", compare.toString()).exit());
        pages.add(compare);

        Path shots = Paths.get("target", "browser");
        Files.createDirectories(shots);
        for (Path page : pages) {
            String html = Files.readString(page);
            assertTrue(!html.contains("<script"), page + ": podnet's pages carry no scripts");
            Path checked = dir.resolve("checked-" + page.getFileName());
            Files.writeString(checked, html.replaceFirst("<head>\n", "<head>\n" + Matcher.quoteReplacement(CSP))
                    .replace("</body>", CHECK + "</body>"));
            Browser b = chromium(dir, "--dump-dom", checked.toUri().toString());
            assertEquals(List.of(), b.console(), page + ": console messages");
            Matcher m = Pattern.compile("<title>podnet-check svgs=(\\d+) empty=\\[(.*?)]</title>").matcher(b.out());
            assertTrue(m.find(), page + ": the check did not run:\n" + b.out());
            int svgs = Integer.parseInt(m.group(1));
            assertTrue(svgs >= 4, page + ": expected the topology, a ladder and two charts, found " + svgs + " SVG elements");
            assertEquals("", m.group(2), page + ": pictures drawn empty");

            Browser shot = chromium(dir, "--screenshot=" + shots.resolve(page.getFileName() + ".png").toAbsolutePath(),
                    "--window-size=1200,2400", page.toUri().toString());
            assertEquals(List.of(), shot.console(), page + ": console messages");
        }
    }

    record Browser(String out, List<String> console) {}

    private static Browser chromium(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in " + TIMEOUT_MINUTES + " minutes: " + cmd);
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium failed:\n" + stderr);
        List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
        return new Browser(Files.readString(out, StandardCharsets.UTF_8), console);
    }
}
