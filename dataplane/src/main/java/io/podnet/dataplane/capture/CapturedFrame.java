package io.podnet.dataplane.capture;

import io.podnet.sim.wire.Packet;

/**
 * A frame captured on one interface, decoded with the project's codecs.
 *
 * @param location    {@code namespace/device} in the configuration's names
 * @param timeNanos   capture time
 * @param length      frame length on the wire
 * @param packet      the decoded frame, or null when it could not be decoded
 * @param problem     why decoding failed, or null
 * @param raw         the captured bytes
 */
public record CapturedFrame(String location, long timeNanos, int length, Packet packet, String problem, byte[] raw) {}
