package io.podnet.scenarios.model;

import io.podnet.scenarios.source.SourceLocation;

/** kube-proxy: its mode ({@code iptables}; {@code nftables} and {@code ipvs} are recognised). */
public record KubeProxySpec(String mode, SourceLocation location) {}
