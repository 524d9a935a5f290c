/**
 * {@code podnet compare}: one scenario, several CNI designs, the same seed. {@link
 * io.podnet.reports.compare.Comparer} adds a bulk transfer (and, on multi-subnet underlays, probes
 * between subnets) to the scenario's traffic, runs it once per design, runs a node failure for
 * designs with a routing control plane, and {@link io.podnet.reports.compare.RunMetrics} reads each
 * figure of a {@link io.podnet.reports.compare.DesignMetrics} from the run: tunnel overhead from
 * ENCAP events, pod MTU from the rendered configuration, hops from the request's path, latency and
 * goodput from the flow results, routes/FIB entries from the configuration plus the routes changed at
 * run time, BGP sessions from the speakers' session events. Designs that podnet recognises but cannot
 * simulate yet come back as {@link io.podnet.reports.compare.DesignResult.Status#NOT_SUPPORTED}.
 * Renderers: {@link io.podnet.reports.compare.ComparisonText} and {@link
 * io.podnet.reports.compare.ComparisonJson}.
 */
package io.podnet.reports.compare;
