package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * One item of {@code expect}. Every field but {@code traffic} is optional; each one given is
 * checked against every attempt of the traffic item.
 *
 * @param index          0-based position in {@code expect}
 * @param servedBy       a glob over endpoint pods ({@code pod/backend-*}), or null
 * @param path           hops ({@code namespace/device}) the request's first packet must cross in
 *                       this order (others may lie between), or null
 * @param maxLatencyNanos bound on request start to response complete, or null
 * @param droppedBy      a glob over what dropped the packet (e.g. {@code networkpolicy/prod/deny-all},
 *                       or a drop reason such as {@code NETFILTER_DROP}), or null
 * @param fieldLocations where each given field was written (for failure messages)
 * @param endpointSpread  the split the attempts' endpoints must follow (over all attempts), or null
 * @param p99LatencyNanos bound on the attempts' 99th percentile latency (nearest rank), or null
 * @param kubeProxy      the kube-proxy mode the expectation is about ({@code iptables}, {@code nftables},
 *                       {@code ipvs}): checked only in that mode; null: in every mode
 */
public record Expectation(int index, String traffic, SourceLocation location, Outcome outcome, String servedBy,
                          Encapsulation encapsulation, List<String> path, Long maxLatencyNanos, String droppedBy,
                          Map<String, SourceLocation> fieldLocations, Spread endpointSpread, Long p99LatencyNanos,
                          String kubeProxy) {
    public Expectation {
        path = path == null ? null : List.copyOf(path);
        fieldLocations = Map.copyOf(fieldLocations);
    }

    /** An expectation checked in every kube-proxy mode. */
    public Expectation(int index, String traffic, SourceLocation location, Outcome outcome, String servedBy,
                       Encapsulation encapsulation, List<String> path, Long maxLatencyNanos, String droppedBy,
                       Map<String, SourceLocation> fieldLocations, Spread endpointSpread, Long p99LatencyNanos) {
        this(index, traffic, location, outcome, servedBy, encapsulation, path, maxLatencyNanos, droppedBy, fieldLocations,
                endpointSpread, p99LatencyNanos, null);
    }

    /** An expectation without the statistical fields (over all attempts) {@code endpointSpread} and {@code latency}. */
    public Expectation(int index, String traffic, SourceLocation location, Outcome outcome, String servedBy,
                       Encapsulation encapsulation, List<String> path, Long maxLatencyNanos, String droppedBy,
                       Map<String, SourceLocation> fieldLocations) {
        this(index, traffic, location, outcome, servedBy, encapsulation, path, maxLatencyNanos, droppedBy, fieldLocations,
                null, null);
    }

    /**
     * {@code endpointSpread: uniform}: the attempts' endpoints follow kube-proxy's 1/n split (a χ² goodness-of-fit
     * test at {@code confidence}).
     *
     * @param endpoints  the n of the split; 0: the number of pods that served an attempt
     * @param confidence the test's confidence (0..1): the spread fails when the p-value is below 1 - confidence
     */
    public record Spread(int endpoints, double confidence) {}

    public SourceLocation at(String field) {
        return fieldLocations.getOrDefault(field, location);
    }
}
