/**
 * kube-proxy in nftables mode ({@code pkg/proxy/nftables/proxier.go}): the {@code nft -f}
 * transaction one full sync writes for a node ({@code table ip kube-proxy}, its base chains,
 * sets, verdict maps, per-Service and per-endpoint chains), and the {@code nft list ruleset} view
 * of the same objects. Chain names are hashed as upstream's {@code hashAndTruncate}.
 *
 * <p>Contract: the text is a pure function of the cluster and the node; it loads into a fresh
 * network namespace with the real {@code nft -f}.
 */
package io.podnet.topology.kubeproxy.nftables;
