/**
 * Real traffic inside the namespaces: {@link io.podnet.dataplane.traffic.TrafficItem} (a scenario item
 * resolved to addresses), servers and clients through the probe helper and {@code ping}, each bounded
 * by a timeout, and the per-attempt results ({@link io.podnet.dataplane.traffic.Attempt}).
 */
package io.podnet.dataplane.traffic;
