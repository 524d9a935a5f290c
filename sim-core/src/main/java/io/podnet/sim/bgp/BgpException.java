package io.podnet.sim.bgp;

/** A received message that violates the protocol; carries the NOTIFICATION code and subcode to send. */
public final class BgpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final int subcode;

    public BgpException(int code, int subcode, String message) {
        super(message);
        this.code = code;
        this.subcode = subcode;
    }

    public int code() {
        return code;
    }

    public int subcode() {
        return subcode;
    }
}
