package io.podnet.sim.socket.app;

/** How a {@link TcpServerApp} answers the connections of one traffic flow. */
public sealed interface TcpReply {
    /**
     * HTTP/1.1: each complete request (its header block and Content-Length body, RFC 9112 section 6)
     * gets {@link Payloads#httpResponse} with {@code bodyBytes}; the connection stays open
     * (keep-alive) until the client closes.
     */
    record Http(long bodyBytes) implements TcpReply {
        public Http {
            if (bodyBytes < 0) {
                throw new IllegalArgumentException("HTTP body size must be >= 0, was " + bodyBytes);
            }
        }
    }

    /**
     * The request is everything until the client's FIN (a half-close); then {@code responseBytes}
     * of filler (none when 0) and the server's FIN.
     */
    record AtEndOfRequest(long responseBytes) implements TcpReply {
        public AtEndOfRequest {
            if (responseBytes < 0) {
                throw new IllegalArgumentException("response size must be >= 0, was " + responseBytes);
            }
        }
    }

    /** Every {@code requestBytes} received get {@code responseBytes} of filler; FIN after the client's. */
    record PerRequest(int requestBytes, int responseBytes) implements TcpReply {
        public PerRequest {
            if (requestBytes < 1 || responseBytes < 0) {
                throw new IllegalArgumentException("request size must be >= 1 and response size >= 0, were "
                        + requestBytes + " and " + responseBytes);
            }
        }
    }
}
