/**
 * Applications that scenarios use as traffic, on top of {@link io.podnet.sim.socket.SocketLayer}:
 * servers ({@link io.podnet.sim.socket.app.TcpServerApp}, {@link io.podnet.sim.socket.app.HttpServerApp},
 * {@link io.podnet.sim.socket.app.UdpServerApp}, {@link io.podnet.sim.socket.app.SctpServerApp}) and one-exchange clients
 * ({@link io.podnet.sim.socket.app.TcpClientApp} for tcp and http, {@link io.podnet.sim.socket.app.UdpClientApp},
 * {@link io.podnet.sim.socket.app.PingClientApp}, {@link io.podnet.sim.socket.app.SctpClientApp}) that each report one
 * {@link io.podnet.sim.socket.app.TrafficResult} with an {@link io.podnet.sim.socket.app.Outcome}.
 *
 * <p>Contract: a client is started from an engine event at the traffic's time ({@code start()}),
 * decides exactly one outcome (DELIVERED, REFUSED, DROPPED, or TIMEOUT after its simulated
 * timeout), calls its callback once and emits a NOTE trace event. Servers record every request
 * they answer ({@link io.podnet.sim.socket.app.ServedRequest}, with the traffic item's flow), which
 * tells a runner which backend served a Service call. HTTP bytes are real HTTP/1.1.
 */
package io.podnet.sim.socket.app;
