package io.podnet.sim.wire;

/**
 * Where a header writes its fields for a structured rendering (the JSON trace): typed key/value
 * pairs, in the order the header writes them. Each {@link Header#describe} writes the same keys
 * in the same order every time, so a rendering is byte-stable. A 32-bit field is put as an
 * {@code int} and a wider one as a {@code long}, so a renderer can keep the two apart.
 */
public interface Attributes {
    Attributes put(String key, int value);

    Attributes put(String key, long value);

    Attributes put(String key, String value);

    Attributes put(String key, boolean value);

    /** An unsigned 64-bit value (a WireGuard counter). */
    Attributes putUnsigned(String key, long value);

    /** A list of objects under {@code key}, present even when it stays empty. */
    ObjectList list(String key);

    /** A list that objects are appended to. */
    interface ObjectList {
        /** Appends an empty object and returns where its fields go. */
        Attributes add();
    }
}
