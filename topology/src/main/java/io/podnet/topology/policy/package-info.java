/**
 * NetworkPolicy enforcement as a node agent does it: Kubernetes {@code networking.k8s.io/v1
 * NetworkPolicy} objects compiled ({@link io.podnet.topology.policy.CompiledPolicy}) and rendered as
 * iptables rules in the layout of Calico's Felix ({@link io.podnet.topology.policy.FelixRules}),
 * added to each node's {@code iptables-restore} text ({@link io.podnet.topology.policy.PolicyAgent}).
 * The simulator's netfilter and the real kernel ({@code podnet verify}) evaluate the same text.
 *
 * <p>Contract: every rule that drops carries {@code -m comment --comment "networkpolicy/NS/NAME ..."}
 * naming the policies that isolate the pod in that direction, so a trace's DROP names them. A cluster
 * without NetworkPolicies gets no rules. Output is deterministic (pods in cluster order, policies by
 * namespace then name).
 */
package io.podnet.topology.policy;
