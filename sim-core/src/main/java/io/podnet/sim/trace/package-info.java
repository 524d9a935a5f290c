/**
 * Observation. The model fires typed {@link io.podnet.sim.trace.TraceEvent}s through one
 * {@link io.podnet.sim.trace.Tracer} per run; consumers (text, JSON and pcapng renderers in
 * {@code trace.render}, expectation checks, the viewer, reports, the dataplane diff) are
 * {@link io.podnet.sim.trace.TraceListener}s. Each event says where (namespace/device), what
 * ({@link io.podnet.sim.trace.EventKind}), why (a one-line explanation and a typed
 * {@link io.podnet.sim.trace.Decision}), and the packet before and after. The model never prints.
 */
package io.podnet.sim.trace;
