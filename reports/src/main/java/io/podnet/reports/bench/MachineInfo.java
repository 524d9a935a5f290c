package io.podnet.reports.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JDK and machine a measurement ran on. */
public record MachineInfo(String jdkVendor, String jdkVersion, String vm, int cores, String cpuModel, String os,
                          long maxHeapMiB) {
    /** This JVM and machine. */
    public static MachineInfo current() {
        return new MachineInfo(System.getProperty("java.vendor", "unknown"), System.getProperty("java.version", "unknown"),
                System.getProperty("java.vm.name", "unknown"), Runtime.getRuntime().availableProcessors(), readCpuModel(),
                System.getProperty("os.name", "unknown") + " " + System.getProperty("os.arch", ""),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** As JSON-ready fields, in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jdkVendor", jdkVendor);
        m.put("jdkVersion", jdkVersion);
        m.put("vm", vm);
        m.put("cores", cores);
        m.put("cpuModel", cpuModel);
        m.put("os", os);
        m.put("maxHeapMiB", maxHeapMiB);
        return m;
    }

    /** The first "model name" of /proc/cpuinfo (Linux), else the architecture. */
    static String readCpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                List<String> lines = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8);
                for (String l : lines) {
                    if (l.startsWith("model name")) {
                        int colon = l.indexOf(':');
                        if (colon > 0) {
                            return l.substring(colon + 1).trim();
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the architecture is all we know
        }
        return System.getProperty("os.arch", "unknown");
    }
}
