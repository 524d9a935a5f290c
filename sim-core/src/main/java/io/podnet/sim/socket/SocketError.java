package io.podnet.sim.socket;

/** The errors a socket reports to its application, with the errno name and text Linux uses. */
public enum SocketError {
    ECONNREFUSED("Connection refused"),
    ECONNRESET("Connection reset by peer"),
    ETIMEDOUT("Connection timed out"),
    EHOSTUNREACH("No route to host"),
    ENETUNREACH("Network is unreachable"),
    ENOPROTOOPT("Protocol not available"),
    EMSGSIZE("Message too long");

    private final String text;

    SocketError(String text) {
        this.text = text;
    }

    /** The strerror text, e.g. {@code Connection refused}. */
    public String text() {
        return text;
    }

    /** {@code ECONNREFUSED (Connection refused)}. */
    public String describe() {
        return name() + " (" + text + ")";
    }

    /**
     * The error an ICMP destination-unreachable code maps to (the kernel's {@code icmp_err_convert}
     * table): port → ECONNREFUSED, protocol → ENOPROTOOPT, fragmentation needed → EMSGSIZE,
     * net → ENETUNREACH, everything else (host, admin prohibited...) → EHOSTUNREACH.
     */
    public static SocketError fromUnreachableCode(int code) {
        return switch (code) {
            case 0, 6, 9 -> ENETUNREACH;
            case 2 -> ENOPROTOOPT;
            case 3 -> ECONNREFUSED;
            case 4 -> EMSGSIZE;
            default -> EHOSTUNREACH;
        };
    }

    /**
     * Whether the kernel treats the unreachable code as fatal ({@code icmp_err_convert[code].fatal}):
     * protocol and port unreachable, network/host unknown, host isolated and the
     * administratively-prohibited codes; net and host unreachable are soft errors.
     */
    public static boolean fatalUnreachableCode(int code) {
        return code == 2 || code == 3 || (code >= 6 && code <= 10) || code >= 13;
    }
}
