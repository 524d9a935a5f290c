package io.podnet.dataplane.capture;

import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.WireException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * tcpdump on several interfaces at once, each inside its namespace, written to pcap files. Started
 * captures are confirmed ready ({@code listening on}) before traffic is sent; frames are delivered
 * immediately ({@code --immediate-mode}) so stopping never loses the tail.
 */
public final class CaptureSet {
    /** Where to capture: the real namespace, the device, and the {@code namespace/device} label. */
    public record Point(String netns, String device, String label) {}

    private final CommandRunner runner;
    private final Path dir;
    private final Map<Point, CommandRunner.Background> running = new LinkedHashMap<>();
    private final Map<Point, Path> files = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    public CaptureSet(CommandRunner runner, Path dir) {
        this.runner = runner;
        this.dir = dir;
    }

    /** Starts tcpdump on every point (file names carry {@code prefix}) and waits until each listens. */
    public void start(List<Point> points, String prefix) {
        for (Point p : points) {
            Path file = dir.resolve(prefix + "__" + p.label().replace('/', '_') + ".pcap");
            CommandRunner.Background b = runner.start(List.of("ip", "netns", "exec", p.netns(), "tcpdump",
                    "--immediate-mode", "-U", "-n", "-Z", "root", "-s", "0", "-i", p.device(), "-w", file.toString()));
            running.put(p, b);
            files.put(p, file);
        }
        for (Map.Entry<Point, CommandRunner.Background> e : running.entrySet()) {
            if (!e.getValue().awaitOutput("listening on", Duration.ofSeconds(10))) {
                problems.add("tcpdump on " + e.getKey().label() + " did not start: " + e.getValue().stderr().strip());
            }
        }
    }

    /** Stops every capture and decodes what each saw, in capture order per interface. */
    public Map<String, List<CapturedFrame>> stop(Set<Integer> vxlanPorts) {
        for (CommandRunner.Background b : running.values()) {
            b.stop(Duration.ofSeconds(3));
        }
        Map<String, List<CapturedFrame>> out = new LinkedHashMap<>();
        for (Map.Entry<Point, Path> e : files.entrySet()) {
            out.put(e.getKey().label(), decode(e.getKey().label(), e.getValue(), vxlanPorts));
        }
        running.clear();
        files.clear();
        return out;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    List<CapturedFrame> decode(String label, Path file, Set<Integer> vxlanPorts) {
        List<CapturedFrame> frames = new ArrayList<>();
        List<PcapRecord> records;
        try {
            records = Files.exists(file) ? PcapReader.read(file) : List.of();
        } catch (IOException | IllegalArgumentException ex) {
            problems.add("cannot read the capture of " + label + ": " + ex.getMessage());
            return frames;
        }
        for (PcapRecord r : records) {
            frames.add(decodeFrame(label, r, vxlanPorts));
        }
        return frames;
    }

    /** Decodes one record with the project's codecs after undoing offloaded checksums. */
    public static CapturedFrame decodeFrame(String label, PcapRecord r, Set<Integer> vxlanPorts) {
        if (r.truncated()) {
            return new CapturedFrame(label, r.timeNanos(), r.origLength(), null, "truncated capture", r.data());
        }
        try {
            Packet p = Packet.decodeEthernet(Checksums.normalise(r.data(), vxlanPorts), vxlanPorts);
            return new CapturedFrame(label, r.timeNanos(), r.origLength(), p, null, r.data());
        } catch (WireException | IllegalArgumentException ex) {
            return new CapturedFrame(label, r.timeNanos(), r.origLength(), null, ex.getMessage(), r.data());
        }
    }
}
