package io.podnet.cli;

import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.model.ScenarioEvent;
import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.trace.file.TraceRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link TraceRun} a trace file's header keeps, built the same way by {@code podnet run --trace
 * podnet} and by {@code podnet view --save-trace} (and by {@code podnet view --trace}, to compare),
 * and the message for a trace that belongs to another run.
 */
public final class TraceRuns {
    private TraceRuns() {}

    /**
     * The run of {@code s} (the scenario with the command line's overrides applied) under
     * {@code profile}.
     *
     * @throws IOException when the scenario file or a file it includes cannot be read any more
     */
    public static TraceRun of(Scenario s, CostProfile profile) throws IOException {
        String cni = s.cluster() == null || s.cluster().cni() == null ? "-" : s.cluster().cni().designName();
        String kubeProxy = s.cluster() == null || s.cluster().kubeProxy() == null ? "-"
                : s.cluster().kubeProxy().mode().text();
        return new TraceRun(s.name(), s.seed(), cni, kubeProxy, profile.name(), digest(s), version());
    }

    /** This podnet's version, as {@code podnet --version} prints it (without "podnet "). */
    public static String version() {
        return new PodnetCli.Version().getVersion()[0].substring("podnet ".length());
    }

    /**
     * SHA-256 of the scenario file's bytes, then of each file its resources (and its events'
     * manifests) include, in the order they were loaded: an edit to any of them changes it; the
     * path the scenario was given by does not.
     */
    static String digest(Scenario s) throws IOException {
        Set<String> included = new LinkedHashSet<>();
        String self = s.location() == null ? s.file().toString() : s.location().file();
        List<Resource> all = new ArrayList<>(s.resources());
        for (ScenarioEvent e : s.events()) {
            if (e.manifests() != null) {
                all.addAll(e.manifests());
            }
        }
        for (Resource r : all) {
            if (r.source() != null && r.location() != null && r.location().file() != null
                    && !r.location().file().equals(self)) {
                included.add(r.location().file());
            }
        }
        List<byte[]> parts = new ArrayList<>();
        parts.add(Files.readAllBytes(s.file()));
        for (String f : included) {
            Path p = Path.of(f);
            if (Files.isRegularFile(p)) {
                parts.add(Files.readAllBytes(p));
            }
        }
        return TraceRun.sha256(parts);
    }

    /**
     * Null when the trace {@code trace} of file {@code file} is of run {@code expected}; else the
     * message refusing it: each differing field with both values, then what would match.
     */
    public static String mismatch(Path file, Path scenarioFile, TraceRun trace, TraceRun expected) {
        List<TraceRun.Difference> diffs = trace.differences(expected);
        if (diffs.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(file + ": the trace is of another run than " + scenarioFile
                + " with these options:");
        List<String> options = new ArrayList<>();
        List<String> notOptions = new ArrayList<>();
        for (TraceRun.Difference d : diffs) {
            sb.append("\n  ").append(d.key()).append(": the trace has '").append(d.trace()).append("', this view '")
                    .append(d.expected()).append("'");
            switch (d.key()) {
                case "seed" -> options.add("--seed " + d.trace());
                case "cni" -> options.add("--cni " + d.trace());
                case "kube-proxy" -> options.add("--kube-proxy " + d.trace());
                case "profile" -> options.add("--profile " + (d.trace().equals("default") || d.trace().equals("wire-only")
                        ? d.trace() : "FILE (the cost profile file named '" + d.trace() + "')"));
                case "scenario" -> notOptions.add("give the scenario file the trace was written from (scenario '"
                        + d.trace() + "')");
                case "scenario-sha256" -> {
                    if (diffs.stream().noneMatch(x -> x.key().equals("scenario"))) {
                        notOptions.add("the scenario file (or a file it includes) is not the one the"
                        + " trace was recorded from: give that file, or re-record the trace");
                    }
                }
                case "podnet" -> notOptions.add("podnet " + d.trace() + " wrote the trace: view it with that version,"
                        + " or re-record it with this one");
                default -> notOptions.add("re-record the trace");
            }
        }
        if (!options.isEmpty()) {
            sb.append("\nto view this trace, add: ").append(String.join(" ", options));
        }
        for (String n : notOptions) {
            sb.append("\n").append(options.isEmpty() ? "" : "and ").append(n);
        }
        return sb.toString();
    }
}
