/**
 * The traffic applications every run uses, on top of {@link io.podnet.sim.socket.SocketLayer}:
 * servers ({@link io.podnet.sim.socket.app.TcpServerApp}, answering each connection as its flow asks
 * ({@link io.podnet.sim.socket.app.TcpReply}: HTTP, a reply at the end of the request, a reply per
 * request), {@link io.podnet.sim.socket.app.HttpServerApp}, {@link io.podnet.sim.socket.app.UdpServerApp},
 * {@link io.podnet.sim.socket.app.SctpServerApp}) and one-exchange clients
 * ({@link io.podnet.sim.socket.app.TcpClientApp} for tcp and http, {@link io.podnet.sim.socket.app.UdpClientApp},
 * {@link io.podnet.sim.socket.app.PingClientApp}, {@link io.podnet.sim.socket.app.SctpClientApp}) that each report one
 * {@link io.podnet.sim.socket.app.TrafficResult} with an {@link io.podnet.sim.socket.app.Outcome}.
 * What they send is {@link io.podnet.sim.socket.app.Payloads}: filler bytes and real HTTP/1.1.
 *
 * <p>Contract: a client is started from an engine event at the traffic's time ({@code start()}),
 * decides exactly one outcome (DELIVERED, REFUSED, DROPPED, or TIMEOUT after its simulated
 * timeout, armed right after its first send) and calls its callback once; it emits no trace event
 * of its own (the packets it sends are the trace; a runner reports outcomes). Servers record every
 * request they answer ({@link io.podnet.sim.socket.app.ServedRequest}, with the traffic item's flow).
 */
package io.podnet.sim.socket.app;
