package io.podnet.sim.link;

import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.device.NicDevice;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.PacketBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * An underlay L2 segment: a learning switch with one port per attached NIC. Each port has an
 * uplink (NIC to switch: queue, serialisation, propagation) and a downlink (switch egress: queue
 * and serialisation). The switch learns source MACs and forwards known unicast to one port,
 * floods the rest to every other port.
 */
public final class Segment {
    private final SegmentConfig config;
    private final Engine engine;
    private final Tracer tracer;
    private final LongSupplier ids;
    private final Map<NicDevice, SwitchPort> ports = new LinkedHashMap<>();
    private final Map<Long, SwitchPort> fdb = new HashMap<>();
    private boolean up = true;

    public Segment(SegmentConfig config, Engine engine, Tracer tracer, LongSupplier ids) {
        if (config.mtu() < 68) {
            throw new IllegalArgumentException("segment " + config.name() + ": MTU must be >= 68, was " + config.mtu());
        }
        this.config = config;
        this.engine = engine;
        this.tracer = tracer;
        this.ids = ids;
    }

    /** One switch port: the NIC's two link directions. */
    public final class SwitchPort {
        private final NicDevice nic;
        private final LinkQueue uplink;
        private final LinkQueue downlink;

        SwitchPort(NicDevice nic) {
            this.nic = nic;
            String n = nic.host().name() + "." + nic.name();
            this.uplink = new LinkQueue(engine, tracer, config.name(), n + ">" + config.name(),
                    config.bandwidthBitsPerSecond(), config.latencyNanos(), config.mtu(), config.queuePackets(),
                    f -> switchFrame(this, f));
            this.downlink = new LinkQueue(engine, tracer, config.name(), config.name() + ">" + n,
                    config.bandwidthBitsPerSecond(), 0, config.mtu(), config.queuePackets(), nic::receiveFromWire);
        }

        public NicDevice nic() {
            return nic;
        }

        public LinkQueue uplink() {
            return uplink;
        }

        public LinkQueue downlink() {
            return downlink;
        }

        public void setUp(boolean linkUp) {
            uplink.setUp(linkUp);
            downlink.setUp(linkUp);
        }

        public boolean isUp() {
            return uplink.isUp();
        }
    }

    public String name() {
        return config.name();
    }

    public SegmentConfig config() {
        return config;
    }

    /** Cables {@code nic} to a new switch port. */
    public SwitchPort attach(NicDevice nic) {
        if (ports.containsKey(nic)) {
            throw new IllegalArgumentException(nic.location() + " is already attached to " + name());
        }
        SwitchPort p = new SwitchPort(nic);
        ports.put(nic, p);
        nic.attach(p.uplink::send);
        return p;
    }

    public SwitchPort port(NicDevice nic) {
        return ports.get(nic);
    }

    public List<SwitchPort> ports() {
        return Collections.unmodifiableList(new ArrayList<>(ports.values()));
    }

    /** Fails or restores the link of one NIC (both directions). */
    public void setLinkUp(NicDevice nic, boolean linkUp) {
        SwitchPort p = ports.get(nic);
        if (p == null) {
            throw new IllegalArgumentException(nic.location() + " is not attached to " + name());
        }
        p.setUp(linkUp);
    }

    /** Fails or restores the whole switch. */
    public void setUp(boolean up) {
        this.up = up;
    }

    public boolean isUp() {
        return up;
    }

    private void switchFrame(SwitchPort in, PacketBuffer frame) {
        if (!up) {
            drop(frame, DropReason.LINK_DOWN, "segment " + name() + " is down");
            return;
        }
        EthernetHeader eth = frame.packet().first(EthernetHeader.class);
        if (!eth.src().isMulticast()) {
            fdb.put(eth.src().bits(), in);
        }
        SwitchPort out = eth.dst().isMulticast() ? null : fdb.get(eth.dst().bits());
        if (out != null) {
            if (out == in) {
                drop(frame, DropReason.NOT_FOR_US, "switch " + name() + " filters a frame for " + eth.dst()
                        + ": it lives on the port the frame came from");
                return;
            }
            if (tracer.enabled()) {
                SwitchPort port = out;
                tracer.emitLazy(frame.id(), frame.flow(), name(), "switch", EventKind.BRIDGE, () -> "switch " + name()
                        + " forwards the frame to " + port.nic.location() + " (learned " + eth.dst() + " there)",
                        frame.packet(), null, () -> new Decision.FdbEntry(eth.dst().toString(), port.downlink.name(), null,
                                eth.dst() + " port " + port.nic.location()));
            }
            out.downlink.send(frame);
            return;
        }
        List<SwitchPort> targets = new ArrayList<>();
        for (SwitchPort p : ports.values()) {
            if (p != in) {
                targets.add(p);
            }
        }
        if (tracer.enabled()) {
            tracer.emit(frame.id(), frame.flow(), name(), "switch", EventKind.BRIDGE, "switch " + name() + " floods "
                    + (eth.dst().isMulticast() ? "a broadcast" : "a frame for unknown " + eth.dst()) + " to "
                    + targets.size() + " ports", frame.packet(), null, null);
        }
        for (int i = 0; i < targets.size(); i++) {
            PacketBuffer f = i == targets.size() - 1 ? frame : frame.copy(ids.getAsLong());
            targets.get(i).downlink.send(f);
        }
    }

    private void drop(PacketBuffer frame, DropReason reason, String why) {
        if (tracer.enabled()) {
            tracer.emit(frame.id(), frame.flow(), name(), "switch", EventKind.DROP, why, frame.packet(), null,
                    new Decision.Drop(reason, why));
        }
    }
}
