package io.podnet.viewer.model;

import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.file.TraceFileList;
import java.util.List;

/**
 * The viewer's input: one run of one scenario. The topology is the rendered network
 * configuration (namespaces grouped by {@code NamespaceConfig.owner()}/{@code role()}); the trace
 * is the run's ordered list of hop events, in memory or read from a trace file ({@link TraceFileList}).
 */
public interface ViewModel {
    /** Scenario name, shown in the title bar. */
    String title();

    /** Free text from the scenario's metadata, or empty. */
    String description();

    NetworkConfig network();

    /** Every event of the run, in {@code seq} order. */
    List<TraceEvent> trace();

    /** The decision points the scenario names ({@code challenges:}); empty: challenge mode picks its own. */
    default List<ChallengePoint> challengePoints() {
        return List.of();
    }

    /** This run with the scenario's named challenge points. */
    default ViewModel withChallenges(List<ChallengePoint> points) {
        return new Simple(title(), description(), network(), trace(), points);
    }

    /**
     * A plain immutable view model. A trace read from a file ({@link TraceFileList}) is kept as it is
     * (it is read-only and holds a bounded cache); any other list is copied.
     */
    static ViewModel of(String title, String description, NetworkConfig network, List<TraceEvent> trace) {
        return new Simple(title, description == null ? "" : description, network,
                trace instanceof TraceFileList ? trace : List.copyOf(trace), List.of());
    }

    /** The record behind {@link #of}. */
    record Simple(String title, String description, NetworkConfig network, List<TraceEvent> trace,
            List<ChallengePoint> challengePoints) implements ViewModel {
        public Simple {
            challengePoints = List.copyOf(challengePoints);
        }
    }
}
