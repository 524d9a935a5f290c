package io.podnet.scenarios.model;

/** What a traffic item sends. */
public enum Protocol {
    /** A TCP connection: handshake, request bytes, response bytes, FIN. */
    TCP,
    /** One UDP datagram of request bytes, answered by one of response bytes. */
    UDP,
    /** ICMP echo request/reply (ping). */
    ICMP,
    /** TCP carrying a real HTTP/1.1 request and response. */
    HTTP,
    /** An SCTP association: four-way handshake, a request message, response messages, SHUTDOWN. */
    SCTP;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
