package io.podnet.scenarios.model;

/** Cluster DNS: the cluster domain ({@code cluster.local}). */
public record DnsSpec(String domain) {}
