package io.podnet.sim.wire;

/**
 * One field of a header as a person reads it: a name, the value spelled out, and where it lies in
 * the header ({@code bitOffset} from the header's first bit, {@code bitLength}), so a field tree can
 * point at the bytes. Fields the wire derives (lengths, checksums) are not listed unless the header
 * chooses them (UDP's "checksum in use").
 */
public record HeaderField(String name, String value, int bitOffset, int bitLength) {
    public HeaderField {
        if (name == null || value == null) {
            throw new IllegalArgumentException("a header field needs a name and a value");
        }
        if (bitOffset < 0 || bitLength <= 0) {
            throw new IllegalArgumentException("field " + name + " at bit " + bitOffset + " of " + bitLength + " bits");
        }
    }
}
