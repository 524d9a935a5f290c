package io.podnet.sim.link;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.Tracer;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.PacketBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One direction of a link: a drop-tail queue, a serialiser at {@code bitsPerSecond} and a
 * propagation delay. Frames leave in order; {@link #send} never blocks.
 */
public final class LinkQueue {
    /** FCS (4) + preamble and start delimiter (8) + inter-frame gap (12). */
    public static final int WIRE_OVERHEAD = 24;
    public static final int MIN_FRAME = 60;

    private final Engine engine;
    private final Tracer tracer;
    private final String segment;
    private final String name;
    private final long bitsPerSecond;
    private final long propagationNanos;
    private final int mtu;
    private final int capacity;
    private final Consumer<PacketBuffer> deliver;
    private final ArrayDeque<Long> starts = new ArrayDeque<>();
    private long busyUntil;
    private boolean up = true;
    private long sent;
    private long dropped;

    /**
     * @param segment  the segment name (the trace namespace)
     * @param name     the link name (the trace device), e.g. {@code node1.eth0>sw}
     * @param deliver  where a frame goes once it has crossed the link
     */
    public LinkQueue(Engine engine, Tracer tracer, String segment, String name, long bitsPerSecond,
                     long propagationNanos, int mtu, int capacity, Consumer<PacketBuffer> deliver) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("link " + name + ": bandwidth must be > 0 bit/s, was " + bitsPerSecond);
        }
        if (propagationNanos < 0) {
            throw new IllegalArgumentException("link " + name + ": latency must be >= 0, was " + propagationNanos);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("link " + name + ": queue must hold at least 1 packet, was " + capacity);
        }
        this.engine = engine;
        this.tracer = tracer;
        this.segment = segment;
        this.name = name;
        this.bitsPerSecond = bitsPerSecond;
        this.propagationNanos = propagationNanos;
        this.mtu = mtu;
        this.capacity = capacity;
        this.deliver = deliver;
    }

    public String name() {
        return name;
    }

    public boolean isUp() {
        return up;
    }

    public void setUp(boolean up) {
        this.up = up;
    }

    public long sentFrames() {
        return sent;
    }

    public long droppedFrames() {
        return dropped;
    }

    /** Frames waiting to be serialised (not counting the one on the wire). */
    public int queued() {
        purge();
        return starts.size();
    }

    /** Nanoseconds to serialise a frame of {@code frameBytes} (Ethernet header included, FCS not). */
    public long serialisationNanos(int frameBytes) {
        long wireBits = (long) (Math.max(frameBytes, MIN_FRAME) + WIRE_OVERHEAD) * 8;
        return (wireBits * Durations.S + bitsPerSecond - 1) / bitsPerSecond;
    }

    public void send(PacketBuffer frame) {
        if (!up) {
            drop(frame, DropReason.LINK_DOWN, "link " + name + " is down");
            return;
        }
        int len = frame.packet().length();
        if (len - EthernetHeader.LENGTH > mtu) {
            drop(frame, DropReason.MTU_EXCEEDED, "link " + name + " carries at most " + mtu + "-byte packets, not "
                    + (len - EthernetHeader.LENGTH));
            return;
        }
        purge();
        long now = engine.now();
        if (busyUntil > now && starts.size() >= capacity) {
            drop(frame, DropReason.QUEUE_FULL, "the queue of link " + name + " is full (" + capacity + " frames)");
            return;
        }
        long start = Math.max(now, busyUntil);
        long ser = serialisationNanos(len);
        busyUntil = start + ser;
        if (start > now) {
            starts.addLast(start);
        }
        sent++;
        if (tracer.enabled()) {
            long wait = start - now;
            tracer.emit(frame.id(), frame.flow(), segment, name, EventKind.LINK, () -> "link " + name + ": "
                    + (wait > 0 ? "waits " + Durations.format(wait) + " in the queue, " : "")
                    + "serialises " + len + " bytes in " + Durations.format(ser) + ", propagates "
                    + Durations.format(propagationNanos), frame.packet(), null,
                    new Decision.LinkHop(name, ser, propagationNanos, start - now));
        }
        engine.at(busyUntil + propagationNanos, () -> arrive(frame));
    }

    private void arrive(PacketBuffer frame) {
        if (!up) {
            drop(frame, DropReason.LINK_DOWN, "link " + name + " went down while the frame was on it");
            return;
        }
        deliver.accept(frame);
    }

    private void purge() {
        long now = engine.now();
        while (!starts.isEmpty() && starts.peekFirst() <= now) {
            starts.pollFirst();
        }
    }

    private void drop(PacketBuffer frame, DropReason reason, String why) {
        dropped++;
        if (tracer.enabled()) {
            tracer.emit(frame.id(), frame.flow(), segment, name, EventKind.DROP, why, frame.packet(), null,
                    new Decision.Drop(reason, why));
        }
    }
}
