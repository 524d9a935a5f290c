/**
 * Pod-to-pod reachability as Kubernetes' NetworkPolicy e2e suite tabulates it
 * ({@code test/e2e/network/netpol}): a {@link io.podnet.scenarios.reachability.TruthTable} of
 * {@code ns/pod} × {@code ns/pod}, printed and read in upstream's layout ({@code .} allowed,
 * {@code X} blocked), {@link io.podnet.scenarios.reachability.Reachability} to fill one by sending one
 * connection from every pod to every other pod through the simulator, and
 * {@link io.podnet.scenarios.reachability.PolicyExplanation} to say, from a flow's trace, which
 * NetworkPolicy rule (policy, rule index, peer, port) decided it.
 *
 * <p>Contract: the matrix is computed from packets, never from the policies; output is in pod order
 * (the scenario's), deterministic for a scenario and seed.
 */
package io.podnet.scenarios.reachability;
