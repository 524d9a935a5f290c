/**
 * Renderers of a run's trace: each is a {@link io.podnet.sim.trace.TraceListener} (subscribe it to
 * the {@link io.podnet.sim.trace.Tracer}) and also has a static function over a
 * {@code List<TraceEvent>}.
 *
 * <ul>
 *   <li>{@link io.podnet.sim.trace.render.TextTraceRenderer}: one line per event for a terminal
 *       (time, {@code namespace/device}, kind, explanation); verbose adds the decision and headers.</li>
 *   <li>{@link io.podnet.sim.trace.render.JsonTraceRenderer}: JSON Lines as a listener, or one
 *       document; fixed key order, absent values as {@code null}, headers as one object per layer.</li>
 *   <li>{@link io.podnet.sim.trace.render.PcapngWriter}: pcapng with one interface per simulated
 *       device and one frame per TX/RX event, nanosecond timestamps; opens in Wireshark/tshark.</li>
 * </ul>
 *
 * <p>Contract: output is a pure function of the events (no clock, no locale, no hash order,
 * {@code \n} line ends), so the same run renders to the same bytes; renderers never change the
 * model and never print on their own: they write where they are told.
 */
package io.podnet.sim.trace.render;
