package io.podnet.sim.socket.app;

import io.podnet.sim.socket.Endpoint;

/**
 * One request a server answered: which traffic item, from which client address:port (as the server
 * saw it, i.e. after any NAT), on which local address:port, when, and the sizes.
 */
public record ServedRequest(String flow, Endpoint client, Endpoint server, long timeNs, int requestBytes,
                            int responseBytes) {}
