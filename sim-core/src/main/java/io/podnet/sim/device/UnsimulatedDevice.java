package io.podnet.sim.device;

import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.wire.PacketBuffer;

/**
 * A device the configuration asks for but the simulator cannot carry traffic through yet (GENEVE
 * and WireGuard have no wire format here). It exists, holds its addresses and routes, and drops
 * whatever is sent through it with an explanation, so a run shows the gap instead of failing.
 */
public final class UnsimulatedDevice extends NetDevice {
    private final String kind;

    public UnsimulatedDevice(DeviceHost host, String name, int ifindex, MacAddress mac, int mtu, String kind) {
        super(host, name, ifindex, mac == null ? MacAddress.ZERO : mac, mtu);
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public boolean usesArp() {
        return false;
    }

    @Override
    public void transmit(PacketBuffer frame) {
        drop(frame, DropReason.INVALID, kind + " devices (" + name() + ") are not simulated yet");
    }
}
