package io.podnet.sim.trace.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What identifies the run a trace file holds, kept as the header's metadata text so that a reader
 * can tell whether the trace belongs to the scenario (and options) it is about to be drawn on.
 *
 * <p>The text is UTF-8 lines of {@code key: value} after a first line {@code podnet trace}
 * (metadata version {@value #METADATA_VERSION}):
 * <pre>
 *   podnet trace
 *   metadata: 2
 *   scenario: NAME             the scenario's name
 *   seed: N                    the seed the run used (the file's, or --seed)
 *   cni: DESIGN                the CNI design (the file's, or --cni)
 *   kube-proxy: MODE           the kube-proxy mode (the file's, or --kube-proxy; "-" without kube-proxy)
 *   profile: NAME              the cost profile's name (--profile)
 *   scenario-sha256: HEX       SHA-256 of the scenario file's bytes and of every file it includes
 *   podnet: VERSION            the podnet version that wrote the trace
 * </pre>
 * Version 1 (the format's first files) had only {@code scenario} and {@code seed} and no
 * {@code metadata:} line; {@link #parse} refuses it. Values are single-line (a line break is
 * written as a space); keys a later version adds are ignored by this one.
 *
 * @param scenario      the scenario's name
 * @param seed          the seed
 * @param cni           the CNI design
 * @param kubeProxy     the kube-proxy mode, or "-"
 * @param profile       the cost profile's name
 * @param scenarioSha256 the scenario digest, lower-case hex
 * @param podnet        the podnet version
 */
public record TraceRun(String scenario, long seed, String cni, String kubeProxy, String profile,
                       String scenarioSha256, String podnet) {
    /** The metadata version this class writes and reads. */
    public static final int METADATA_VERSION = 2;

    private static final String FIRST = "podnet trace";

    /** The header text (see the class comment). */
    public String metadata() {
        StringBuilder sb = new StringBuilder(FIRST).append('\n');
        fields().forEach((k, v) -> sb.append(k).append(": ").append(v.replace('\n', ' ').replace('\r', ' '))
                .append('\n'));
        return sb.toString();
    }

    /** The fields in header order, keyed as in the header ({@code metadata} first). */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("metadata", Integer.toString(METADATA_VERSION));
        m.put("scenario", scenario);
        m.put("seed", Long.toString(seed));
        m.put("cni", cni);
        m.put("kube-proxy", kubeProxy);
        m.put("profile", profile);
        m.put("scenario-sha256", scenarioSha256);
        m.put("podnet", podnet);
        return m;
    }

    /**
     * The run {@code metadata} (a trace file's header text) identifies.
     *
     * @throws TraceFileException naming {@code file} when the text is not version-2 metadata: a
     *     trace recorded before the header identified its run, or one written by something else
     */
    public static TraceRun parse(java.nio.file.Path file, String metadata) throws TraceFileException {
        Map<String, String> m = new LinkedHashMap<>();
        String[] lines = metadata.split("\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon > 0) {
                m.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 2));
            }
        }
        String rerecord = "; re-record it (podnet run SCENARIO --trace podnet --out FILE, or podnet view SCENARIO"
                + " --save-trace FILE)";
        if (lines.length == 0 || !lines[0].equals(FIRST)) {
            throw new TraceFileException(file, "the header does not say which run the trace holds (not written by"
                    + " podnet)" + rerecord);
        }
        String v = m.get("metadata");
        if (v == null) {
            throw new TraceFileException(file, "recorded before trace files named their run (metadata version 1:"
                    + " only the scenario's name and seed), so it cannot be checked against the scenario" + rerecord);
        }
        if (!v.equals(Integer.toString(METADATA_VERSION))) {
            throw new TraceFileException(file, "metadata version " + v + "; this podnet reads version "
                    + METADATA_VERSION + rerecord + " with this podnet");
        }
        List<String> missing = new ArrayList<>();
        for (String k : List.of("scenario", "seed", "cni", "kube-proxy", "profile", "scenario-sha256", "podnet")) {
            if (m.get(k) == null) {
                missing.add(k);
            }
        }
        long seed = 0;
        if (!missing.contains("seed")) {
            try {
                seed = Long.parseLong(m.get("seed"));
            } catch (NumberFormatException e) {
                missing.add("seed (not a number: '" + m.get("seed") + "')");
            }
        }
        if (!missing.isEmpty()) {
            throw new TraceFileException(file, "corrupt header: no " + String.join(", ", missing) + rerecord);
        }
        return new TraceRun(m.get("scenario"), seed, m.get("cni"), m.get("kube-proxy"), m.get("profile"),
                m.get("scenario-sha256"), m.get("podnet"));
    }

    /** One field that differs: its header key, the trace's value and the expected one. */
    public record Difference(String key, String trace, String expected) {}

    /** The fields where {@code expected} differs from this (the trace's run), in header order. */
    public List<Difference> differences(TraceRun expected) {
        List<Difference> out = new ArrayList<>();
        Map<String, String> mine = fields();
        expected.fields().forEach((k, v) -> {
            if (!v.equals(mine.get(k))) {
                out.add(new Difference(k, mine.get(k), v));
            }
        });
        return out;
    }

    /** The SHA-256 of {@code parts} (each length-prefixed, in order), lower-case hex. */
    public static String sha256(List<byte[]> parts) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(java.nio.ByteBuffer.allocate(8).putLong(p.length).array());
                d.update(p);
            }
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
