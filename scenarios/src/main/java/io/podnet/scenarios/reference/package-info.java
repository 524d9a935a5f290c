/**
 * Reference topologies as scenarios: the small, fixed shapes that {@code podnet calibrate} measures
 * on the kernel and {@code podnet compare} simulates for its Service-count curve (two nodes on a
 * zero-latency underlay, one pod each side, N Services). Generated as scenario YAML so that they go
 * through the same loader, checks and renderer as a user's file.
 */
package io.podnet.scenarios.reference;
