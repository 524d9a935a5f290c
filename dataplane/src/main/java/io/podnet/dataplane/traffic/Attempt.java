package io.podnet.dataplane.traffic;

/**
 * What one real attempt did.
 *
 * @param index     0-based attempt number
 * @param outcome   delivered, refused, dropped (an error reported it lost: ICMP unreachable or fragmentation
 *                  needed, a local error), timeout (no answer, no error), truncated, reset, error, not-run
 * @param localPort the client's source port (-1 for ICMP or when unknown)
 * @param server    the IPv4 address of the endpoint that answered, or null
 * @param ttl       the TTL of the answer (ICMP), or -1
 * @param detail    an error message or the ping line, or null
 */
public record Attempt(int index, String outcome, int localPort, String server, int ttl, String detail) {}
