package io.podnet.sim.device;

import io.podnet.sim.wire.PacketBuffer;

/** Where a NIC puts frames it transmits: its link towards an underlay switch. */
@FunctionalInterface
public interface FrameSink {
    void accept(PacketBuffer frame);
}
