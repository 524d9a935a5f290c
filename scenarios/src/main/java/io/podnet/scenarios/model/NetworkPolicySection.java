package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;

/**
 * {@code cluster.networkPolicy}: who enforces NetworkPolicies. {@code auto} (the default): the CNI
 * decides — Calico enforces, Flannel has no policy agent and ignores them (with a warning);
 * {@code calico}: Calico's policy agent (Felix) runs on every node whatever the CNI (on Flannel this is
 * the Canal combination); {@code none}: nothing enforces them.
 *
 * @param enforcement {@code auto}, {@code calico} or {@code none}
 * @param location    where it is written (or the cluster section)
 */
public record NetworkPolicySection(String enforcement, SourceLocation location) {
    public static final String AUTO = "auto";
}
