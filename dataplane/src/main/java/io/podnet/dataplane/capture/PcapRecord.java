package io.podnet.dataplane.capture;

/**
 * One captured frame.
 *
 * @param timeNanos   capture time in nanoseconds since the epoch
 * @param data        the captured bytes (possibly fewer than {@code origLength})
 * @param origLength  the frame's length on the wire
 */
public record PcapRecord(long timeNanos, byte[] data, int origLength) {
    public boolean truncated() {
        return data.length < origLength;
    }
}
