package io.podnet.sim.wire;

import java.nio.ByteBuffer;

/** Bytes that do not decode as the header they were read as (truncated, bad checksum, bad field). */
public final class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }

    static void need(ByteBuffer buf, int bytes, String what) {
        if (buf.remaining() < bytes) {
            throw new WireException(what + " truncated: need " + bytes + " bytes, have " + buf.remaining());
        }
    }
}
