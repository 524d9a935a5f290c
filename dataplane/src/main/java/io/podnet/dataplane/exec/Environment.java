package io.podnet.dataplane.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that this machine can run {@code podnet verify}: root, and the tools it calls. Each
 * missing tool is named with the Debian package that provides it.
 */
public final class Environment {
    /** Tool -> Debian package, for the tools that are required. */
    public static final Map<String, String> REQUIRED = tools(
            "ip", "iproute2", "bridge", "iproute2", "iptables-restore", "iptables", "tcpdump", "tcpdump",
            "conntrack", "conntrack", "ping", "iputils-ping", "sysctl", "procps");
    /** Tool -> Debian package, for tools used when present. */
    public static final Map<String, String> OPTIONAL = tools("tshark", "tshark", "nft", "nftables", "bird", "bird2",
            "birdc", "bird2", "sockperf", "sockperf", "iperf3", "iperf3", "taskset", "util-linux");

    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private final Map<String, Path> found = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private Environment() {}

    /** Looks at the machine; never changes anything. */
    public static Environment probe() {
        Environment e = new Environment();
        if (!isRoot()) {
            e.problems.add("podnet verify must run as root (it creates network namespaces); run it with sudo");
        }
        for (Map.Entry<String, String> t : REQUIRED.entrySet()) {
            Path p = which(t.getKey());
            if (p == null) {
                e.problems.add("'" + t.getKey() + "' is missing; install it with: apt-get install " + t.getValue());
            } else {
                e.found.put(t.getKey(), p);
            }
        }
        for (String t : OPTIONAL.keySet()) {
            Path p = which(t);
            if (p != null) {
                e.found.put(t, p);
            }
        }
        return e;
    }

    /** Empty when verification can run. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public boolean has(String tool) {
        return found.containsKey(tool);
    }

    /** A problem line for an optional tool that a scenario needs. */
    public static String missing(String tool) {
        String pkg = OPTIONAL.getOrDefault(tool, REQUIRED.getOrDefault(tool, tool));
        return "'" + tool + "' is missing; install it with: apt-get install " + pkg;
    }

    /** True when this process runs with user id 0. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** The executable on PATH (plus the sbin directories), or null. */
    public static Path which(String tool) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(EXTRA_DIRS);
        for (String d : dirs) {
            Path p = Path.of(d, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static Map<String, String> tools(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
