/**
 * {@code podnet verify}: the same cluster in Linux network namespaces. {@link io.podnet.dataplane.Verifier}
 * checks names and the environment, realises the rendered {@code NetworkConfig}, sends each traffic
 * item with real tools while capturing, compares with the simulator's trace, and always tears down.
 * {@link io.podnet.dataplane.VerifyReport} is the side-by-side text and the {@code --report} JSON.
 */
package io.podnet.dataplane;
