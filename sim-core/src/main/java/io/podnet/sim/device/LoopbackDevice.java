package io.podnet.sim.device;

import io.podnet.sim.net.MacAddress;
import io.podnet.sim.wire.PacketBuffer;

/** {@code lo}: whatever it transmits it receives again, in the same namespace, on the next tick. */
public final class LoopbackDevice extends NetDevice {
    public LoopbackDevice(DeviceHost host, int ifindex) {
        super(host, "lo", ifindex, MacAddress.ZERO, 65536);
    }

    @Override
    public String kind() {
        return "loopback";
    }

    @Override
    public boolean usesArp() {
        return false;
    }

    @Override
    public void transmit(PacketBuffer frame) {
        if (beginTransmit(frame)) {
            host.engine().scheduleNow(() -> receive(frame));
        }
    }
}
