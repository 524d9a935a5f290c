package io.podnet.sim.device;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.wire.PacketBuffer;

/** A physical NIC ({@code eth0} of a node): frames go to its link towards an underlay segment. */
public final class NicDevice extends NetDevice {
    private final String segment;
    private FrameSink link;

    public NicDevice(DeviceHost host, String name, int ifindex, MacAddress mac, int mtu, String segment) {
        super(host, name, ifindex, mac, mtu);
        this.segment = segment;
    }

    @Override
    public String kind() {
        return "nic";
    }

    /** The name of the segment the NIC is cabled to. */
    public String segment() {
        return segment;
    }

    /** Cables the NIC: transmitted frames go to {@code link}. */
    public void attach(FrameSink link) {
        this.link = link;
    }

    @Override
    public void transmit(PacketBuffer frame) {
        host.charge(frame, CostStep.NIC_TX, frame.packet().length());
        if (!beginTransmit(frame)) {
            return;
        }
        if (link == null) {
            drop(frame, DropReason.LINK_DOWN, name() + " is not cabled to any segment");
            return;
        }
        link.accept(frame);
    }

    /** A frame arriving from the wire. */
    public void receiveFromWire(PacketBuffer frame) {
        host.charge(frame, CostStep.NIC_RX, frame.packet().length());
        if (frame.gsoFollower()) {
            host.charge(frame, CostStep.GRO_MERGE, frame.packet().length());
        }
        receive(frame);
    }
}
