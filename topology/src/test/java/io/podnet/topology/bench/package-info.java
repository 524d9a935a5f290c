/**
 * JMH benchmarks and the scale measurement of topology (test scope, run by {@code scripts/bench}):
 * kube-proxy rules rendered by {@link io.podnet.topology.render.ClusterRenderer} evaluated by the
 * simulator's netfilter, and whole clusters ({@link io.podnet.topology.scale.ScaleCluster}: Flannel
 * VXLAN, host-gw or Calico BGP) rendered and realised at Kubernetes' published limits. Nothing here
 * asserts; correctness stays in the unit tests.
 */
package io.podnet.topology.bench;
