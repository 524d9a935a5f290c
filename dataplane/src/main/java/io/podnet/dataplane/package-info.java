/**
 * {@code podnet verify}: the same cluster in Linux network namespaces. {@link io.podnet.dataplane.Verifier}
 * checks names and the environment, realises the rendered {@code NetworkConfig}, sends each traffic
 * item with real tools while capturing, compares with the simulator's trace, and always tears down.
 * BGP designs run BIRD 2 in every BGP namespace ({@code io.podnet.dataplane.bgp}) and compare the
 * routes it installs with the simulated BGP's; scenario events are replayed before the items after them.
 * {@link io.podnet.dataplane.VerifyReport} is the side-by-side text and the {@code --report} JSON.
 */
package io.podnet.dataplane;
