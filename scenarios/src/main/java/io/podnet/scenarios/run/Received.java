package io.podnet.scenarios.run;

/** A growable byte buffer for what an application has received so far. */
final class Received {
    private byte[] buf = new byte[256];
    private int len;

    void add(byte[] data) {
        if (len + data.length > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + data.length));
        }
        System.arraycopy(data, 0, buf, len, data.length);
        len += data.length;
    }

    int length() {
        return len;
    }

    byte[] bytes() {
        return buf;
    }
}
