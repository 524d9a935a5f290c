package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;

/** kube-proxy: its mode ({@code iptables} or {@code nftables}; {@code ipvs} is recognised, not run yet). */
public record KubeProxySpec(String mode, SourceLocation location) {}
