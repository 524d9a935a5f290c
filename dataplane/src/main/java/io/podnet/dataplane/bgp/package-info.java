/**
 * BGP-routed designs in the kernel: BIRD 2 in every namespace that runs a BGP daemon.
 * {@link io.podnet.dataplane.bgp.BirdConfig} renders {@code bird.conf} from the rendered
 * {@code BgpDaemonConfig} (pure); {@link io.podnet.dataplane.bgp.BirdFleet} starts BIRD inside the
 * run's namespaces ({@code ip netns exec NS bird -f -c -s -P}, files under the run's temporary
 * directory, processes ended by id), waits for the sessions, reads the routes BIRD put into each
 * kernel table and measures convergence after a node failure;
 * {@link io.podnet.dataplane.bgp.BgpReference} is what the simulator's BGP control plane predicts
 * (sim-core {@code BgpSpeaker}s under the event engine) when the run does not report it;
 * {@link io.podnet.dataplane.bgp.RouteDiff} compares the two per node.
 */
package io.podnet.dataplane.bgp;
