/**
 * A BGP-4 control plane under the event engine, as BIRD runs it on Calico nodes: byte-true
 * messages ({@link io.podnet.sim.bgp.BgpMessage}), the per-peer state machine with its timers
 * ({@link io.podnet.sim.bgp.BgpSession}), and a speaker with Adj-RIB-In, best-path selection,
 * route reflection and a {@link io.podnet.sim.bgp.BgpSpeaker.RouteSink} that programs routes.
 * Sessions run over a {@link io.podnet.sim.bgp.BgpTransport}; nothing here knows Kubernetes.
 */
package io.podnet.sim.bgp;
