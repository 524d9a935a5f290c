package io.podnet.sim.device;

import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.wire.PacketBuffer;

/**
 * {@code type dummy}: a device that only holds addresses (kube-proxy's {@code kube-ipvs0}). What
 * is sent out of it is discarded, as the kernel's {@code dummy_xmit} frees every buffer.
 */
public final class DummyDevice extends NetDevice {
    public DummyDevice(DeviceHost host, String name, int ifindex, MacAddress mac, int mtu) {
        super(host, name, ifindex, mac, mtu);
    }

    @Override
    public String kind() {
        return "dummy";
    }

    @Override
    public boolean usesArp() {
        return false;
    }

    @Override
    public void transmit(PacketBuffer frame) {
        drop(frame, DropReason.INVALID, name() + " is a dummy device: what it sends is discarded");
    }
}
