package io.podnet.dataplane.traffic;

/** A server socket to open: in configuration namespace {@code namespace}, {@code tcp} or {@code udp} on {@code port}. */
public record Listener(String namespace, String protocol, int port) {}
