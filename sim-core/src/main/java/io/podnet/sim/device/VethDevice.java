package io.podnet.sim.device;

import io.podnet.sim.cost.CostStep;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.PacketBuffer;

/**
 * One end of a veth pair: a frame transmitted here is received by the peer (possibly in another
 * namespace) after {@code delayNanos} (0 by default, like the kernel's immediate {@code netif_rx}).
 */
public final class VethDevice extends NetDevice {
    private VethDevice peer;
    private long delayNanos;
    private Runnable whenPeerNeeded;

    public VethDevice(DeviceHost host, String name, int ifindex, MacAddress mac, int mtu) {
        super(host, name, ifindex, mac, mtu);
    }

    @Override
    public String kind() {
        return "veth";
    }

    /** Connects two ends; each becomes the other's peer. */
    public static void pair(VethDevice a, VethDevice b) {
        if (a.peer != null || b.peer != null) {
            throw new IllegalArgumentException("veth " + (a.peer != null ? a : b) + " already has a peer");
        }
        a.peer = b;
        b.peer = a;
        a.whenPeerNeeded = null;
        b.whenPeerNeeded = null;
    }

    public VethDevice peer() {
        return peer;
    }

    /**
     * What to run, once, when a frame is sent here and the peer does not exist yet: its namespace
     * is built lazily ({@code NetworkBuilder.lazy}) and is built by {@code r}, which pairs it.
     */
    public void whenPeerNeeded(Runnable r) {
        this.whenPeerNeeded = r;
    }

    public long delayNanos() {
        return delayNanos;
    }

    public void setDelayNanos(long delayNanos) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("veth delay must be >= 0, was " + delayNanos);
        }
        this.delayNanos = delayNanos;
    }

    @Override
    public void transmit(PacketBuffer frame) {
        host.charge(frame, CostStep.VETH_XMIT, frame.packet().length());
        if (!beginTransmit(frame)) {
            return;
        }
        VethDevice p = peer;
        if (p == null && whenPeerNeeded != null) {
            Runnable build = whenPeerNeeded;
            whenPeerNeeded = null;
            build.run();
            p = peer;
        }
        if (p == null) {
            drop(frame, DropReason.LINK_DOWN, name() + " has no peer");
            return;
        }
        int l3 = frame.packet().length() - EthernetHeader.LENGTH;
        if (l3 > p.mtu()) {
            drop(frame, DropReason.MTU_EXCEEDED, "the peer " + p.location() + " has MTU " + p.mtu() + " and drops a "
                    + l3 + "-byte packet");
            return;
        }
        io.podnet.sim.cost.CpuModel cpu = host.tracer().cpu();
        if (delayNanos == 0 && p.host().kernel().equals(host.kernel()) && cpu.enterNestedReceive()) {
            // netif_rx then the softirq at local_bh_enable: the peer (in the same kernel) processes the
            // frame on this CPU before the sender goes on (only under a CPU model: wire-only runs keep
            // the engine's event order).
            Object context = host.engine().context();
            try {
                p.receive(frame);
            } finally {
                cpu.leaveNestedReceive();
                host.engine().setContext(context);
            }
            return;
        }
        VethDevice to = p;
        host.engine().schedule(delayNanos, () -> to.receive(frame));
    }
}
