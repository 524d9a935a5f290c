package io.podnet.sim.device;

import io.podnet.sim.wire.PacketBuffer;

/** Takes a frame a device received (the kernel's {@code rx_handler}): a bridge, or the namespace. */
@FunctionalInterface
public interface FrameHandler {
    void handleFrame(NetDevice dev, PacketBuffer frame);
}
