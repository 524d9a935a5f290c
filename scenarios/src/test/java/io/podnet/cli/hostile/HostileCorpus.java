package io.podnet.cli.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the hostile input corpus: each case is a directory holding {@code scenario.yaml} (or
 * whatever the case is about: a directory, a link to /dev/zero, a FIFO...) and any files it
 * includes, derived from the seed example. A case says which exit statuses are acceptable: 2 for
 * bad input, 0 (or 1) for odd but valid input (UTF-16 with a byte-order mark, YAML aliases),
 * {0, 1, 2} for blind mutations. Deterministic: the same corpus every time.
 */
public final class HostileCorpus {
    /** One input: its class, name, the path given to the CLI and the exit statuses allowed. */
    public record Case(String cls, String name, Path file, Set<Integer> allowedExits) {}

    /** A marker put in files outside the scenario's tree: no output may ever contain it. */
    public static final String SECRET = "SECRET-MARKER-3f9a";

    private static final Set<Integer> BAD = Set.of(2);
    private static final Set<Integer> VALID = Set.of(0);
    private static final Set<Integer> ANY = Set.of(0, 1, 2);

    private final Path root;
    private final String base;
    private final List<Case> cases = new ArrayList<>();

    private HostileCorpus(Path root, String base) {
        this.root = root;
        this.base = base;
    }

    /** Writes the corpus under {@code root} from the seed example's text; returns its cases. */
    public static List<Case> write(Path root, String baseScenario) throws IOException {
        HostileCorpus c = new HostileCorpus(root, baseScenario);
        Files.createDirectories(root.resolve("outside"));
        Files.writeString(root.resolve("outside/secret.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: "
                + SECRET.toLowerCase() + "}\n# " + SECRET + "\n");
        c.files();
        c.encodings();
        c.nesting();
        c.aliases();
        c.numbers();
        c.globs();
        c.includes();
        c.floods();
        c.semantics();
        c.mutations();
        return c.cases;
    }

    // ---------------------------------------------------------------- helpers

    private Path dir(String cls, String name) throws IOException {
        Path d = root.resolve(String.format("%03d-%s-%s", cases.size(), cls, name));
        Files.createDirectories(d);
        return d;
    }

    private void add(String cls, String name, String text, Set<Integer> exits) throws IOException {
        add(cls, name, text.getBytes(StandardCharsets.UTF_8), exits);
    }

    private void add(String cls, String name, byte[] bytes, Set<Integer> exits) throws IOException {
        Path d = dir(cls, name);
        Path f = d.resolve("scenario.yaml");
        Files.write(f, bytes);
        cases.add(new Case(cls, name, f, exits));
    }

    private String replace(String old, String now) {
        if (!base.contains(old)) {
            throw new IllegalStateException("the seed example no longer contains: " + old);
        }
        return base.replace(old, now);
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    /** The seed example with one more resource appended to its resources list. */
    private String withResource(String yaml) {
        return replace("traffic:\n", yaml + "traffic:\n");
    }

    // ---------------------------------------------------------------- classes

    private void files() throws IOException {
        Path d = dir("file", "directory");
        Files.createDirectories(d.resolve("scenario.yaml"));
        cases.add(new Case("file", "directory", d.resolve("scenario.yaml"), BAD));
        for (String dev : List.of("/dev/zero", "/dev/urandom", "/dev/null")) {
            Path l = dir("file", "link-to" + dev.replace('/', '-'));
            Files.createSymbolicLink(l.resolve("scenario.yaml"), Path.of(dev));
            cases.add(new Case("file", "link-to" + dev, l.resolve("scenario.yaml"), BAD));
        }
        Path fifo = dir("file", "fifo");
        if (mkfifo(fifo.resolve("scenario.yaml"))) {
            cases.add(new Case("file", "fifo", fifo.resolve("scenario.yaml"), BAD));
        }
        Path loop = dir("file", "symlink-loop");
        Files.createSymbolicLink(loop.resolve("scenario.yaml"), Path.of("other.yaml"));
        Files.createSymbolicLink(loop.resolve("other.yaml"), Path.of("scenario.yaml"));
        cases.add(new Case("file", "symlink-loop", loop.resolve("scenario.yaml"), BAD));
        Path dangling = dir("file", "dangling-link");
        Files.createSymbolicLink(dangling.resolve("scenario.yaml"), Path.of("nowhere.yaml"));
        cases.add(new Case("file", "dangling-link", dangling.resolve("scenario.yaml"), BAD));
        cases.add(new Case("file", "missing", root.resolve("no-such-dir/scenario.yaml"), BAD));
        add("file", "empty", "", BAD);
        add("file", "comments-only", "# nothing\n# here\n", BAD);
        add("file", "whitespace", "   \n\n\t\n", BAD);
        add("file", "just-dashes", "---\n---\n---\n", BAD);
        add("file", "scalar-root", "hello\n", BAD);
        add("file", "list-root", "- a\n- b\n", BAD);
        add("file", "two-documents", base + "\n---\n" + base, BAD);
        StringBuilder big = new StringBuilder(base);
        String line = "# " + repeat("padding ", 12) + "\n";
        while (big.length() < 17 * 1024 * 1024) {
            big.append(line);
        }
        add("file", "17-MiB", big.toString(), BAD);
    }

    private static boolean mkfifo(Path p) {
        try {
            Process pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            pr.getInputStream().readAllBytes();
            return pr.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void encodings() throws IOException {
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        int[] offsets = {0, 1, 17, 120, 400, 900, b.length / 2, b.length - 2};
        for (int off : offsets) {
            add("encoding", "nul-at-" + off, splice(b, off, new byte[] {0}), BAD);
        }
        byte[][] invalid = {{(byte) 0xff}, {(byte) 0xc3, 0x28}, {(byte) 0xc0, (byte) 0xaf},
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
                {(byte) 0xe2, (byte) 0x82}};
        for (int i = 0; i < invalid.length; i++) {
            for (int off : new int[] {0, 300, b.length / 2}) {
                add("encoding", "invalid-utf8-" + i + "-at-" + off, splice(b, off, invalid[i]), BAD);
            }
        }
        add("encoding", "truncated-multibyte-at-end", concat(b, new byte[] {(byte) 0xe2, (byte) 0x82}), BAD);
        for (int c = 1; c < 0x20; c++) {
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            add("encoding", String.format("control-%02x", c), replace("name: frontend-to-backend\n",
                    "name: frontend-to-backend\n  description: a" + (char) c + "b\n").replaceFirst(
                    "\n  description: frontend-abcde[^\n]*", ""), BAD);
        }
        add("encoding", "del", replace("frontend-abcde on node1", "frontend\u007f"), BAD);
        add("encoding", "c1-control", replace("frontend-abcde on node1", "frontend\u0080"), BAD);
        add("encoding", "utf8-bom", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, b), VALID);
        add("encoding", "utf16le-bom", concat(new byte[] {(byte) 0xff, (byte) 0xfe},
                base.getBytes(StandardCharsets.UTF_16LE)), VALID);
        add("encoding", "utf16be-bom", concat(new byte[] {(byte) 0xfe, (byte) 0xff},
                base.getBytes(StandardCharsets.UTF_16BE)), VALID);
        add("encoding", "utf16le-no-bom", base.getBytes(StandardCharsets.UTF_16LE), BAD);
        add("encoding", "utf16be-no-bom", base.getBytes(StandardCharsets.UTF_16BE), BAD);
        add("encoding", "utf32-bom", concat(new byte[] {0, 0, (byte) 0xfe, (byte) 0xff},
                base.getBytes(java.nio.charset.Charset.forName("UTF-32BE"))), BAD);
        byte[] odd = concat(new byte[] {(byte) 0xff, (byte) 0xfe}, base.getBytes(StandardCharsets.UTF_16LE));
        add("encoding", "utf16le-odd-length", java.util.Arrays.copyOf(odd, odd.length - 1), BAD);
        add("encoding", "unicode-names", replace("name: frontend-to-backend", "name: frönt-énd"), BAD);
        add("encoding", "emoji-description", replace("frontend-abcde on node1", "frontend \uD83D\uDE80 on node1"), VALID);
        add("encoding", "crlf", base.replace("\n", "\r\n"), VALID);
        add("encoding", "cr-only", base.replace("\n", "\r"), VALID);
    }

    private static byte[] splice(byte[] b, int at, byte[] insert) {
        byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return splice(b, 0, a);
    }

    private void nesting() throws IOException {
        for (int depth : new int[] {10, 100, 199, 201, 1000, 10_000, 100_000}) {
            add("nesting", "flow-list-" + depth, replace("seed: 42\n", "seed: 42\nextra: " + repeat("[", depth)
                    + repeat("]", depth) + "\n"), BAD);
            add("nesting", "flow-map-" + depth, replace("seed: 42\n", "seed: 42\nextra: " + repeat("{a: ", depth)
                    + "x" + repeat("}", depth) + "\n"), BAD);
            add("nesting", "json-" + depth, repeat("[", depth) + repeat("]", depth), BAD);
            add("nesting", "unclosed-" + depth, replace("seed: 42\n", "seed: 42\nextra: " + repeat("[", depth)
                    + "\n"), BAD);
        }
        StringBuilder block = new StringBuilder("apiVersion: podnet/v1\nkind: Scenario\nextra:\n");
        for (int i = 1; i <= 400; i++) {
            block.append("  ".repeat(i)).append("k:\n");
        }
        add("nesting", "block-map-400", block.toString(), BAD);
        StringBuilder dashes = new StringBuilder("apiVersion: podnet/v1\nkind: Scenario\nextra:\n");
        for (int i = 1; i <= 400; i++) {
            dashes.append("  ".repeat(i)).append("-\n");
        }
        add("nesting", "block-list-400", dashes.toString(), BAD);
    }

    private void aliases() throws IOException {
        add("alias", "labels-alias", replace("      labels: {app: my-app}", "      labels: &backend {app: my-app}")
                .replace("      selector: {app: my-app}", "      selector: *backend"), VALID);
        add("alias", "merge-key", replace("      labels: {app: my-app}",
                "      labels: &backend {app: my-app}").replace("      selector: {app: my-app}",
                "      selector:\n        <<: *backend"), VALID);
        add("alias", "merge-list", replace("      labels: {app: my-app}",
                "      labels: &backend {app: my-app}").replace("      selector: {app: my-app}",
                "      selector: {<<: [*backend, {app: loses-to-the-first}]}"), VALID);
        add("alias", "merge-explicit-wins", replace("      labels: {app: my-app}",
                "      labels: &backend {app: other}").replace("      selector: {app: my-app}",
                "      selector: {<<: *backend, app: my-app}").replace("      labels: &backend {app: other}",
                "      labels: &backend {app: my-app}"), VALID);
        add("alias", "unknown-alias", replace("      selector: {app: my-app}", "      selector: *nothing"), BAD);
        add("alias", "merge-scalar", replace("      selector: {app: my-app}", "      selector: {<<: 5}"), BAD);
        add("alias", "alias-used-as-wrong-shape", replace("      labels: {app: my-app}",
                "      labels: &backend {app: my-app}").replace("    protocol: http", "    protocol: *backend"), BAD);
        add("alias", "self-reference", replace("seed: 42\n", "seed: 42\nextra: &a [*a]\n"), BAD);
        StringBuilder laughs = new StringBuilder(replace("seed: 42\n", "seed: 42\nx0: &a0 [lol, lol, lol, lol, lol,"
                + " lol, lol, lol, lol, lol]\n"));
        for (int i = 1; i <= 12; i++) {
            String prev = "*a" + (i - 1);
            laughs.append("x").append(i).append(": &a").append(i).append(" [").append(String.join(", ",
                    java.util.Collections.nCopies(10, prev))).append("]\n");
        }
        add("alias", "billion-laughs", laughs.toString(), BAD);
        StringBuilder inLabels = new StringBuilder(replace("      labels: {app: frontend}", "      labels: *l9"));
        StringBuilder defs = new StringBuilder("l0: &l0 [a, b, c, d, e, f, g, h, i, j]\n");
        for (int i = 1; i <= 9; i++) {
            defs.append("l").append(i).append(": &l").append(i).append(" [").append(String.join(", ",
                    java.util.Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
        }
        add("alias", "laughs-into-manifest", inLabels.toString().replace("seed: 42\n", "seed: 42\n" + defs), BAD);
        add("alias", "anchor-on-key", replace("seed: 42\n", "seed: 42\n&k extra: 1\n"), BAD);
    }

    private void numbers() throws IOException {
        String deployment = "  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: many}\n    spec:\n"
                + "      replicas: %s\n      selector: {matchLabels: {app: many}}\n"
                + "      template:\n        metadata: {labels: {app: many}}\n"
                + "        spec: {containers: [{name: c, image: nginx}]}\n";
        for (String r : List.of("2147483647", "2147483648", "-1", "99999999999999999999", "1e9", "25000", "0x7fffffff",
                "1.5", "'3'")) {
            add("numbers", "replicas-" + r.replace("'", "q"), withResource(String.format(deployment, r)), BAD);
        }
        StringBuilder nodes = new StringBuilder("[");
        for (int i = 0; i < 100_000; i++) {
            nodes.append(i == 0 ? "" : ", ").append("n").append(i);
        }
        nodes.append("]");
        add("numbers", "100000-nodes", replace("  nodes:\n    - name: node1\n    - name: node2\n",
                "  nodes: " + nodes + "\n"), BAD);
        StringBuilder nodes6k = new StringBuilder("[node1, node2");
        for (int i = 3; i <= 6000; i++) {
            nodes6k.append(", node").append(i);
        }
        add("numbers", "6000-nodes-big-network", replace("  nodes:\n    - name: node1\n    - name: node2\n",
                "  nodes: " + nodes6k + "]\n").replace("cidr: 172.18.0.0/24", "cidr: 172.16.0.0/12")
                .replace("network: 10.244.0.0/16", "network: 10.0.0.0/8"), BAD);
        for (String seed : List.of("18446744073709551616", "9223372036854775808", "-1", "1e400", "99999999999999999999999",
                "0x10", "4.2", "'42'", "[42]", "true")) {
            add("numbers", "seed-" + seed.replaceAll("[^A-Za-z0-9.-]", "_"), replace("seed: 42", "seed: " + seed),
                    BAD);
        }
        String at = "    at: 0ms";
        for (String t : List.of("9223372036854775807ns", "9223372036854775808ns", "9999999999s", "2h", "3601s",
                "-1ms", "1e3ms", "NaNms", "1.0000000001ns", "18446744073709551616s")) {
            add("numbers", "at-" + t, replace(at, "    at: " + t), BAD);
        }
        for (String r : List.of("{count: 100001, interval: 1ns}", "{count: 30000, interval: 1ms}",
                "{count: 1000000000, interval: 1ns}", "{count: 2, interval: 9223372036854775807ns}",
                "{count: 100000, interval: 1s}", "{count: 100000, interval: 92233720368547758ns}", "{count: -1}",
                "{count: 0, interval: 1ms}", "{count: 2}", "{count: 5, interval: -1ms}")) {
            add("numbers", "repeat-" + r.replaceAll("[^A-Za-z0-9]", "_"), replace(at, at + "\n    repeat: " + r), BAD);
        }
        for (String t : List.of("9223372036854775807ns", "5000s", "0ms", "-5s")) {
            add("numbers", "timeout-" + t, replace(at, at + "\n    timeout: " + t), BAD);
        }
        for (String size : List.of("2GiB", "8GiB", "99999999999999999999GB", "1e30B", "65MiB", "-1B", "1.5B",
                "9223372036854775807", "2147483648")) {
            add("numbers", "request-" + size, replace("    request: 200B", "    request: " + size), BAD);
            add("numbers", "response-" + size, replace("    response: 4KiB", "    response: " + size), BAD);
        }
        String event = "events:\n  - {at: %s, fail: node/node2, after: %s}\nexpect:\n";
        for (String[] ev : new String[][] {{"9223372036854775807ns", "1ns"}, {"1s", "9223372036854775807ns"},
                {"3599s", "2s"}, {"-1s", "1s"}, {"1s", "-1s"}, {"9999999999s", "0s"}}) {
            add("numbers", "event-" + ev[0] + "-" + ev[1], replace("expect:\n", String.format(event, ev[0], ev[1])),
                    BAD);
        }
        add("numbers", "bandwidth-zero", replace("bandwidth: 10Gbit", "bandwidth: 0Gbit"), BAD);
        add("numbers", "bandwidth-huge", replace("bandwidth: 10Gbit", "bandwidth: 99999999999999999999Tbit"), BAD);
        add("numbers", "latency-huge", replace("latency: 50us", "latency: 9223372036854775807s"), BAD);
        add("numbers", "mtu-huge", replace("mtu: 1500", "mtu: 99999999999"), BAD);
        add("numbers", "mtu-tiny", replace("mtu: 1500", "mtu: 1"), BAD);
        add("numbers", "port-huge", replace("to: service/my-app:80", "to: service/my-app:99999999999"), BAD);
        add("numbers", "maxlatency-huge", replace("maxLatency: 1ms", "maxLatency: 99999999999999999999s"), BAD);
    }

    private void globs() throws IOException {
        add("glob", "servedBy-10000-stars", replace("servedBy: pod/backend-*", "servedBy: 'pod/" + repeat("*", 10_000)
                + "x'"), Set.of(1));
        add("glob", "servedBy-stars-between", replace("servedBy: pod/backend-*", "servedBy: 'pod/"
                + repeat("a*", 5_000) + "x'"), Set.of(1));
        add("glob", "servedBy-questions", replace("servedBy: pod/backend-*", "servedBy: 'pod/" + repeat("?", 10_000)
                + "'"), Set.of(1));
        add("glob", "path-stars", replace("backend-fghij/eth0]", "'backend-fghij/" + repeat("*", 10_000) + "x']"),
                Set.of(1));
        add("glob", "droppedBy-stars", replace("maxLatency: 1ms", "maxLatency: 1ms\n    droppedBy: '"
                + repeat("*", 10_000) + "x'"), Set.of(0, 1));
        add("glob", "servedBy-brackets", replace("servedBy: pod/backend-*", "servedBy: 'pod/[backend'"), Set.of(1));
    }

    private void includes() throws IOException {
        String[] globs = {"'['", "'{a,'", "'**/*['", "'manifests/[z-a].yaml'", "\"a\\0b.yaml\"", "'\\\\'",
                "'../outside/secret.yaml'", "'../../../../../../../../../etc/passwd'", "'/etc/passwd'",
                "'/dev/zero'", "'../outside/*.yaml'", "'../*/secret.yaml'", "'/etc/*'", "''", "'   '", "'.'",
                "'nothing-here/*.yaml'", "'manifests'", "'scenario.yaml'", "'link-out/secret.yaml'",
                "'link-zero.yaml'", "'fifo.yaml'", "'bad-utf8.yaml'", "'deep/**/*.yaml'", "'big.yaml'",
                "'link-root/etc/passwd'", "'*'"};
        for (int i = 0; i < globs.length; i++) {
            Path d = dir("include", "include-" + i);
            Files.createDirectories(d.resolve("manifests"));
            Files.writeString(d.resolve("manifests/ok.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n");
            Files.createSymbolicLink(d.resolve("link-out"), root.resolve("outside").toAbsolutePath());
            Files.createSymbolicLink(d.resolve("link-root"), Path.of("/"));
            Files.createSymbolicLink(d.resolve("link-zero.yaml"), Path.of("/dev/zero"));
            mkfifo(d.resolve("fifo.yaml"));
            Files.write(d.resolve("bad-utf8.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});
            Path deep = d.resolve("deep");
            for (int k = 0; k < 12; k++) {
                deep = deep.resolve("d" + k);
            }
            Files.createDirectories(deep);
            Files.writeString(deep.resolve("x.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: deep}\n");
            StringBuilder big = new StringBuilder();
            while (big.length() < 17 * 1024 * 1024) {
                big.append("# padding padding padding padding padding padding padding padding\n");
            }
            if (globs[i].equals("'big.yaml'")) {
                Files.writeString(d.resolve("big.yaml"), big);
            }
            Files.writeString(d.resolve("scenario.yaml"), replace("resources:\n", "resources:\n  - {include: "
                    + globs[i] + "}\n"));
            Set<Integer> exits = globs[i].equals("'manifests'") || globs[i].equals("'deep/**/*.yaml'") ? ANY : BAD;
            cases.add(new Case("include", "include-" + globs[i], d.resolve("scenario.yaml"), exits));
        }
        Path many = dir("include", "1200-files");
        Files.createDirectories(many.resolve("m"));
        for (int i = 0; i < 1200; i++) {
            Files.writeString(many.resolve("m/ns" + i + ".yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: ns"
                    + i + "}\n");
        }
        Files.writeString(many.resolve("scenario.yaml"), replace("resources:\n", "resources:\n  - {include: 'm/*.yaml'}\n"));
        cases.add(new Case("include", "1200-files", many.resolve("scenario.yaml"), BAD));
    }

    private void floods() throws IOException {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            t.append("  - {nmae: x").append(i).append("}\n");
        }
        add("flood", "100000-bad-traffic", replace("traffic:\n", "traffic:\n" + t), BAD);
        StringBuilder k = new StringBuilder("seed: 42\nextra:\n");
        for (int i = 0; i < 50_000; i++) {
            k.append("  dup: ").append(i).append('\n');
        }
        add("flood", "50000-duplicate-keys", replace("seed: 42\n", k.toString()), BAD);
        StringBuilder u = new StringBuilder("seed: 42\n");
        for (int i = 0; i < 50_000; i++) {
            u.append("unknown").append(i).append(": 1\n");
        }
        add("flood", "50000-unknown-fields", replace("seed: 42\n", u.toString()), BAD);
        StringBuilder pods = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            pods.append("  - {apiVersion: v1, kind: Pod, metadata: {name: p").append(i)
                    .append("}, spec: {nodeName: node9, containers: [{name: c, image: x}]}}\n");
        }
        add("flood", "20000-pods-unknown-node", withResource(pods.toString()), BAD);
        StringBuilder ex = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            ex.append("  - {traffic: nope").append(i).append(", outcome: deliverd}\n");
        }
        add("flood", "30000-bad-expectations", base + ex, BAD);
    }

    private void semantics() throws IOException {
        add("semantic", "label-value-64", replace("labels: {app: my-app}", "labels: {app: " + repeat("a", 64) + "}"),
                BAD);
        add("semantic", "label-value-10000", replace("labels: {app: my-app}", "labels: {app: my-app, big: "
                + repeat("a", 10_000) + "}"), BAD);
        add("semantic", "label-key-bad", replace("labels: {app: my-app}", "labels: {app: my-app, 'bad key!': x}"), BAD);
        add("semantic", "label-value-bad-chars", replace("labels: {app: my-app}", "labels: {app: 'my app'}"), BAD);
        add("semantic", "label-key-prefix-bad", replace("labels: {app: my-app}", "labels: {app: my-app,"
                + " 'Bad_Prefix/x': y}"), BAD);
        add("semantic", "namespace-Prod_NS", replace("      name: backend-fghij\n",
                "      name: backend-fghij\n      namespace: Prod_NS\n"), BAD);
        add("semantic", "namespace-64", replace("      name: backend-fghij\n",
                "      name: backend-fghij\n      namespace: " + repeat("n", 64) + "\n"), BAD);
        add("semantic", "endpointslice-999", withResource("  - apiVersion: discovery.k8s.io/v1\n"
                + "    kind: EndpointSlice\n    metadata: {name: s1, labels: {kubernetes.io/service-name: my-app}}\n"
                + "    addressType: IPv4\n    endpoints: [{addresses: [999.1.1.1]}]\n    ports: [{port: -5}]\n"), BAD);
        add("semantic", "endpointslice-port-70000", withResource("  - apiVersion: discovery.k8s.io/v1\n"
                + "    kind: EndpointSlice\n    metadata: {name: s1, labels: {kubernetes.io/service-name: my-app}}\n"
                + "    addressType: IPv4\n    endpoints: [{addresses: [10.244.2.8]}]\n    ports: [{port: 70000}]\n"), BAD);
        add("semantic", "endpointslice-ipv6", withResource("  - apiVersion: discovery.k8s.io/v1\n"
                + "    kind: EndpointSlice\n    metadata: {name: s1, labels: {kubernetes.io/service-name: my-app}}\n"
                + "    addressType: IPv6\n    endpoints: [{addresses: ['::1']}]\n    ports: [{port: 80}]\n"), BAD);
        String dep = "  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web}\n    spec:\n"
                + "      replicas: 2\n%s      template:\n        metadata: {labels: {app: web}}\n"
                + "        spec: {containers: [{name: c, image: nginx}]}\n";
        add("semantic", "deployment-no-selector", withResource(String.format(dep, "")), BAD);
        add("semantic", "deployment-empty-selector", withResource(String.format(dep, "      selector: {}\n")), BAD);
        add("semantic", "deployment-selector-mismatch", withResource(String.format(dep,
                "      selector: {matchLabels: {app: other}}\n")), BAD);
        add("semantic", "deployment-expression-mismatch", withResource(String.format(dep,
                "      selector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}\n")), BAD);
        add("semantic", "deployment-selector-ok", withResource(String.format(dep,
                "      selector: {matchExpressions: [{key: app, operator: In, values: [web]}]}\n")), VALID);
        add("semantic", "dns-clusterip-outside", replace("dns: {domain: cluster.local}",
                "dns: {domain: cluster.local, clusterIP: 10.200.0.10}"), BAD);
        add("semantic", "targetPort-70000", replace("targetPort: 8080", "targetPort: 70000"), BAD);
        add("semantic", "targetPort-0", replace("targetPort: 8080", "targetPort: 0"), BAD);
        add("semantic", "targetPort-bad-name", replace("targetPort: 8080", "targetPort: Not_A_Name"), BAD);
        add("semantic", "containerPort-70000", replace("containerPort: 8080", "containerPort: 70000"), BAD);
        add("semantic", "repeat-30000", replace("    at: 0ms", "    at: 0ms\n    repeat: {count: 30000, interval: 1us}"),
                BAD);
        add("semantic", "nodePort-3001", replace("          targetPort: 8080\n",
                "          targetPort: 8080\n          nodePort: 3001\n").replace("      clusterIP: 10.96.0.10\n",
                "      clusterIP: 10.96.0.10\n      type: NodePort\n"), BAD);
        add("semantic", "podIP-outside-node-subnet", replace("podIP: 10.244.2.8", "podIP: 10.244.9.8"), BAD);
        add("semantic", "podIP-999", replace("podIP: 10.244.2.8", "podIP: 999.244.2.8"), BAD);
        add("semantic", "clusterIP-outside", replace("clusterIP: 10.96.0.10", "clusterIP: 10.200.0.10"), BAD);
        add("semantic", "service-port-0", replace("        - port: 80", "        - port: 0"), BAD);
        add("semantic", "traffic-from-unknown-ns", replace("from: pod/frontend-abcde", "from: pod/Prod_NS/frontend-abcde"),
                BAD);
        add("semantic", "pod-name-10000", replace("name: frontend-abcde\n", "name: " + repeat("f", 10_000) + "\n"),
                BAD);
    }

    /** Blind mutations of the seed example: each line deleted, each value replaced, the file cut short. */
    private void mutations() throws IOException {
        String[] lines = base.split("\n", -1);
        String[] replacements = {"[]", "{}", "\"\"", "-1", "99999999999999999999", "null", "~",
                repeat("x", 5000), "!!binary AAAA", "*nope", "&a", "[a, [b, {c: d}]]", "'\\u0000'", "@x", "`y`",
                "!!str", "? complex", "|\n  block", ">-"};
        int r = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank() || lines[i].strip().startsWith("#")) {
                continue;
            }
            String[] copy = lines.clone();
            copy[i] = "";
            add("mutation", "delete-line-" + (i + 1), String.join("\n", copy), ANY);
            int colon = lines[i].indexOf(": ");
            if (colon > 0) {
                copy = lines.clone();
                copy[i] = lines[i].substring(0, colon + 2) + replacements[r++ % replacements.length];
                add("mutation", "replace-value-" + (i + 1), String.join("\n", copy), ANY);
            }
            copy = lines.clone();
            copy[i] = "  " + lines[i];
            add("mutation", "indent-line-" + (i + 1), String.join("\n", copy), ANY);
        }
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        for (int cut = 7; cut < b.length; cut += 97) {
            add("mutation", "truncate-" + cut, java.util.Arrays.copyOf(b, cut), ANY);
        }
    }
}
