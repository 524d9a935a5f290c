package io.podnet.sim.socket;

/** A growable FIFO of bytes: the TCP send buffer (unacknowledged and unsent data). */
final class ByteQueue {
    private byte[] buf = new byte[256];
    private int head;
    private int tail;

    int size() {
        return tail - head;
    }

    void append(byte[] data) {
        if (tail + data.length > buf.length) {
            int size = size();
            int cap = buf.length;
            while (cap < size + data.length) {
                cap *= 2;
            }
            byte[] n = cap == buf.length ? buf : new byte[cap];
            System.arraycopy(buf, head, n, 0, size);
            buf = n;
            head = 0;
            tail = size;
        }
        System.arraycopy(data, 0, buf, tail, data.length);
        tail += data.length;
    }

    /** A copy of {@code len} bytes starting {@code offset} bytes after the head. */
    byte[] copy(int offset, int len) {
        if (offset < 0 || len < 0 || offset + len > size()) {
            throw new IllegalArgumentException("range " + offset + "+" + len + " outside " + size() + " bytes");
        }
        byte[] out = new byte[len];
        System.arraycopy(buf, head + offset, out, 0, len);
        return out;
    }

    void drop(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("cannot drop " + n + " of " + size() + " bytes");
        }
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }
}
