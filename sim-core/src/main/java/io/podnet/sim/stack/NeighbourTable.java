package io.podnet.sim.stack;

import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.EventHandle;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.DropReason;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.ArpPacket;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.PacketBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ARP neighbour table of a namespace, per device, as the kernel keeps it. Sending to a next
 * hop without an entry creates an INCOMPLETE entry, broadcasts an ARP request and queues the
 * packet; requests are repeated every second ({@code retrans_time_ms=1000}) up to three times
 * ({@code mcast_solicit=3}); a reply makes the entry REACHABLE and flushes the queue; after the
 * last unanswered request the entry is FAILED and every queued packet is dropped
 * ({@code NEIGHBOUR_FAILED}) with an ICMP host unreachable to its sender. The queue holds up to
 * {@code unres_qlen_bytes} (212992) bytes, dropping the oldest first. Static entries are PERMANENT.
 * ARP requests for a local address are answered (arp_ignore=0), and with {@code proxy_arp} on the
 * device (and forwarding on) so are requests for addresses routed out of another device.
 * Simplification: entries do not age from REACHABLE to STALE and are not re-probed.
 *
 * <p>Permanent entries many namespaces hold alike can be attached as one shared, immutable layer
 * ({@link #attachShared}); an entry of it becomes this namespace's own (mutable) entry when first
 * used, so every operation answers as if the entries had been added one by one.
 */
public final class NeighbourTable {
    public static final long RETRANS_NANOS = Durations.S;
    public static final int MCAST_SOLICIT = 3;
    public static final int UNRES_QLEN_BYTES = 212_992;

    /** NUD states as {@code ip neigh} prints them. */
    public enum State { INCOMPLETE, REACHABLE, STALE, FAILED, PERMANENT }

    /** A neighbour entry. */
    public static final class Entry {
        private final Ipv4Address ip;
        private final NetDevice device;
        private MacAddress mac;
        private State state;
        private ArrayDeque<Waiting> queue; // allocated on first use: most entries are permanent
        private int queuedBytes;
        private int probes;
        private EventHandle timer;

        Entry(Ipv4Address ip, NetDevice device) {
            this.ip = ip;
            this.device = device;
        }

        public Ipv4Address ip() {
            return ip;
        }

        public NetDevice device() {
            return device;
        }

        public MacAddress mac() {
            return mac;
        }

        public State state() {
            return state;
        }

        public int queued() {
            return queue == null ? 0 : queue.size();
        }

        /** As {@code ip neigh show} prints it. */
        public String text() {
            StringBuilder sb = new StringBuilder().append(ip).append(" dev ").append(device.name());
            if (mac != null && state != State.INCOMPLETE && state != State.FAILED) {
                sb.append(" lladdr ").append(mac);
            }
            return sb.append(' ').append(state).toString();
        }
    }

    /**
     * A packet waiting for its entry to resolve; {@code then} is null for a datagram to transmit on
     * the entry's device, else what to do with it once the MAC is known (bridged DNAT).
     */
    private record Waiting(PacketBuffer pb, Consumer<MacAddress> then) {
    }

    private final NetNamespace ns;
    private final Map<Long, Entry> entries = new HashMap<>();
    // The shared layer: entries on sharedDevice that sharedPart holds and that were not taken over
    // into `entries` (or removed) yet.
    private SharedNeighbours shared;
    private EntryList.Shared<NeighbourConfig> sharedPart;
    private NetDevice sharedDevice;
    private BitSet taken;

    /**
     * Makes the permanent entries of {@code part} (all on {@code dev}) part of this table without
     * copying them. Refused (false, nothing changes) when a layer is attached already, or an entry
     * here has the address of one of them on {@code dev}.
     */
    boolean attachShared(SharedNeighbours index, EntryList.Shared<NeighbourConfig> part, NetDevice dev) {
        if (shared != null || index.entries != part.entries()) {
            return false;
        }
        for (Entry e : entries.values()) {
            if (e.device == dev) {
                int i = index.find(e.ip.bits());
                if (i >= 0 && part.holds(i)) {
                    return false;
                }
            }
        }
        shared = index;
        sharedPart = part;
        sharedDevice = dev;
        taken = new BitSet();
        return true;
    }

    /** How many entries are those of a shared layer ({@link #attachShared}) not yet taken over into this table. */
    public int sharedSize() {
        return shared == null ? 0 : sharedPart.size() - taken.cardinality();
    }

    /** The entry for {@code ip} on {@code dev}: this table's own, or a shared one taken over now. */
    private Entry entry(NetDevice dev, Ipv4Address ip) {
        Entry e = entries.get(key(dev, ip));
        if (e == null && shared != null && dev == sharedDevice) {
            int i = shared.find(ip.bits());
            if (i >= 0 && sharedPart.holds(i) && !taken.get(i)) {
                taken.set(i);
                e = permanent(i);
                entries.put(key(dev, ip), e);
            }
        }
        return e;
    }

    private Entry permanent(int sharedIndex) {
        NeighbourConfig c = shared.entries.get(sharedIndex);
        Entry e = new Entry(c.ip(), sharedDevice);
        e.mac = c.mac();
        e.state = State.PERMANENT;
        return e;
    }

    NeighbourTable(NetNamespace ns) {
        this.ns = ns;
    }

    private static long key(NetDevice dev, Ipv4Address ip) {
        return (long) dev.ifindex() << 32 | (ip.bits() & 0xffffffffL);
    }

    /** The entry for {@code ip} on {@code dev}, or null. */
    public Entry get(NetDevice dev, Ipv4Address ip) {
        return entry(dev, ip);
    }

    /** {@code ip neigh replace IP lladdr MAC dev DEV nud permanent}. */
    public void addPermanent(Ipv4Address ip, MacAddress mac, NetDevice dev) {
        Entry e = entry(dev, ip);
        if (e == null) {
            e = new Entry(ip, dev);
            entries.put(key(dev, ip), e);
        }
        e.mac = mac;
        e.state = State.PERMANENT;
        cancelTimer(e);
        flush(e);
    }

    /** Removes an entry ({@code ip neigh del}); returns true when there was one. */
    public boolean remove(NetDevice dev, Ipv4Address ip) {
        entry(dev, ip);
        Entry e = entries.remove(key(dev, ip));
        if (e != null) {
            cancelTimer(e);
        }
        return e != null;
    }

    /** Every entry, sorted by device index then address (the order of {@code ip neigh show}). */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(entries.values());
        if (shared != null) {
            for (int i = sharedPart.from(); i < sharedPart.to(); i++) {
                if (sharedPart.holds(i) && !taken.get(i)) {
                    out.add(permanent(i));
                }
            }
        }
        out.sort(Comparator.<Entry>comparingInt(e -> e.device.ifindex()).thenComparing(e -> e.ip));
        return out;
    }

    /** Resolves {@code nextHop} on {@code dev} and transmits the datagram in an Ethernet frame. */
    void send(NetDevice dev, Ipv4Address nextHop, PacketBuffer datagram) {
        if (!dev.usesArp()) {
            dev.transmitDatagram(datagram, nextHop);
            return;
        }
        if (nextHop.isBroadcast() || isSubnetBroadcast(dev, nextHop)) {
            transmit(dev, MacAddress.BROADCAST, datagram);
            return;
        }
        Entry e = entry(dev, nextHop);
        if (e != null && e.mac != null && (e.state == State.REACHABLE || e.state == State.STALE
                || e.state == State.PERMANENT)) {
            if (ns.tracer().enabled()) {
                MacAddress mac = e.mac;
                State state = e.state;
                ns.traceLazy(datagram, dev.name(), EventKind.NEIGHBOUR, () -> nextHop + " is at " + mac + " on " + dev.name()
                        + " (" + state + ")", datagram.packet(), null,
                        () -> new Decision.Neighbour(nextHop.toString(), mac.toString(), dev.name(), state.name()));
            }
            transmit(dev, e.mac, datagram);
            return;
        }
        startResolving(dev, nextHop, datagram, null);
    }

    /**
     * Resolves {@code nextHop} on {@code dev} for a datagram that is not transmitted on {@code dev}
     * once resolved but handed to {@code then} with the MAC: the datagram waits in the entry's queue
     * as for {@link #send} (ARP requests, queue limit, FAILED with an ICMP host unreachable). This is
     * {@code br_netfilter}'s bridged DNAT through {@code neigh->output} when the neighbour is not
     * connected; the caller handles a usable entry itself.
     */
    void resolveThen(NetDevice dev, Ipv4Address nextHop, PacketBuffer datagram, Consumer<MacAddress> then) {
        startResolving(dev, nextHop, datagram, then);
    }

    private void startResolving(NetDevice dev, Ipv4Address nextHop, PacketBuffer datagram, Consumer<MacAddress> then) {
        Entry e = entry(dev, nextHop);
        if (e == null) {
            e = new Entry(nextHop, dev);
            entries.put(key(dev, nextHop), e);
        }
        enqueue(e, datagram, then);
        if (e.state != State.INCOMPLETE) {
            e.state = State.INCOMPLETE;
            e.mac = null;
            e.probes = 0;
            solicit(e, datagram);
        }
    }

    private static boolean isSubnetBroadcast(NetDevice dev, Ipv4Address a) {
        return dev.isSubnetBroadcast(a);
    }

    private void enqueue(Entry e, PacketBuffer datagram, Consumer<MacAddress> then) {
        int len = datagram.packet().length();
        if (e.queue == null) {
            e.queue = new ArrayDeque<>(4);
        }
        e.queue.addLast(new Waiting(datagram, then));
        e.queuedBytes += len;
        while (e.queuedBytes > UNRES_QLEN_BYTES && e.queue.size() > 1) {
            PacketBuffer old = e.queue.pollFirst().pb();
            e.queuedBytes -= old.packet().length();
            ns.path().drop(old, e.device.name(), DropReason.QUEUE_FULL, "the queue of packets waiting for ARP to resolve "
                    + e.ip + " is full (" + UNRES_QLEN_BYTES + " bytes); the oldest packet is dropped");
        }
        if (ns.tracer().enabled()) {
            ns.trace(datagram, e.device.name(), EventKind.NEIGHBOUR, ns.name() + " does not know the MAC of " + e.ip
                    + " on " + e.device.name() + " yet: the packet waits (" + e.queue.size() + " queued)",
                    datagram.packet(), null, new Decision.Neighbour(e.ip.toString(), null, e.device.name(),
                            State.INCOMPLETE.name()));
        }
    }

    private void solicit(Entry e, PacketBuffer pending) {
        e.probes++;
        NetDevice dev = e.device;
        Ipv4Address src = ns.arpSource(dev, e.ip, pending == null ? null : pending.packet().first(Ipv4Header.class));
        if (src == null) {
            src = Ipv4Address.ANY;
        }
        ArpPacket req = new ArpPacket(ArpPacket.REQUEST, dev.mac(), src, MacAddress.ZERO, e.ip);
        PacketBuffer frame = new PacketBuffer(ns.nextPacketId(), null,
                Packet.of(null, new EthernetHeader(MacAddress.BROADCAST, dev.mac(), EthernetHeader.TYPE_ARP), req));
        if (ns.tracer().enabled()) {
            ns.trace(frame, dev.name(), EventKind.NEIGHBOUR, ns.name() + " asks on " + dev.name() + ": who has " + e.ip
                    + "? (ARP request " + e.probes + " of " + MCAST_SOLICIT + ")", frame.packet(), null,
                    new Decision.Neighbour(e.ip.toString(), null, dev.name(), State.INCOMPLETE.name()));
        }
        dev.transmit(frame);
        e.timer = ns.engine().schedule(RETRANS_NANOS, () -> retransmit(e));
    }

    private void retransmit(Entry e) {
        e.timer = null;
        if (e.state != State.INCOMPLETE) {
            return;
        }
        if (e.probes < MCAST_SOLICIT) {
            solicit(e, e.queue == null || e.queue.isEmpty() ? null : e.queue.peekFirst().pb());
            return;
        }
        e.state = State.FAILED;
        if (ns.tracer().enabled()) {
            ns.trace(null, e.device.name(), EventKind.NEIGHBOUR, "nobody answered ARP for " + e.ip + " on "
                    + e.device.name() + " after " + MCAST_SOLICIT + " requests: the entry is FAILED", null, null,
                    new Decision.Neighbour(e.ip.toString(), null, e.device.name(), State.FAILED.name()));
        }
        List<Waiting> waiting = e.queue == null ? List.of() : new ArrayList<>(e.queue);
        e.queue = null;
        e.queuedBytes = 0;
        for (Waiting w : waiting) {
            PacketBuffer pb = w.pb();
            ns.path().drop(pb, e.device.name(), DropReason.NEIGHBOUR_FAILED, "ARP for " + e.ip + " on "
                    + e.device.name() + " failed: the host is unreachable");
            ns.path().icmpError(pb, io.podnet.sim.wire.IcmpHeader.DEST_UNREACHABLE,
                    io.podnet.sim.wire.IcmpHeader.CODE_HOST_UNREACHABLE, 0);
        }
    }

    private void cancelTimer(Entry e) {
        if (e.timer != null) {
            ns.engine().cancel(e.timer);
            e.timer = null;
        }
    }

    private void transmit(NetDevice dev, MacAddress dst, PacketBuffer datagram) {
        datagram.setPacket(datagram.packet().encapsulate(List.of(
                new EthernetHeader(dst, dev.mac(), EthernetHeader.TYPE_IPV4))));
        dev.transmit(datagram);
    }

    private void update(Entry e, MacAddress mac, State state) {
        boolean changed = e.state != state || !mac.equals(e.mac);
        e.mac = mac;
        e.state = state;
        cancelTimer(e);
        if (changed && ns.tracer().enabled()) {
            ns.trace(null, e.device.name(), EventKind.NEIGHBOUR, ns.name() + " learns that " + e.ip + " is at " + mac
                    + " on " + e.device.name() + " (" + state + ")", null, null,
                    new Decision.Neighbour(e.ip.toString(), mac.toString(), e.device.name(), state.name()));
        }
        flush(e);
    }

    private void flush(Entry e) {
        if (e.queue == null || e.queue.isEmpty()) {
            return;
        }
        List<Waiting> waiting = new ArrayList<>(e.queue);
        e.queue = null;
        e.queuedBytes = 0;
        for (Waiting w : waiting) {
            if (w.then() == null) {
                transmit(e.device, e.mac, w.pb());
            } else {
                w.then().accept(e.mac);
            }
        }
    }

    /** A request from a known sender keeps a confirmed entry, else marks it STALE (usable). */
    private static State learnedState(Entry e, MacAddress mac) {
        return e.state == State.REACHABLE && mac.equals(e.mac) ? State.REACHABLE : State.STALE;
    }

    /** ARP input ({@code arp_process}): learn, answer for local addresses and by proxy. */
    void arpInput(NetDevice dev, PacketBuffer frame) {
        ArpPacket arp = frame.packet().first(ArpPacket.class);
        if (arp == null) {
            ns.path().drop(frame, dev.name(), DropReason.INVALID, "an ARP frame without an ARP packet");
            return;
        }
        Ipv4Address sip = arp.senderIp();
        Ipv4Address tip = arp.targetIp();
        Entry existing = sip.bits() == 0 ? null : entry(dev, sip);
        if (arp.operation() == ArpPacket.REQUEST) {
            boolean local = ns.isLocalAddress(tip);
            Route proxy = local ? null : ns.proxyArpRoute(dev, tip);
            if (!local && proxy == null) {
                if (existing != null && existing.state != State.PERMANENT) {
                    update(existing, arp.senderMac(), learnedState(existing, arp.senderMac()));
                }
                if (ns.tracer().enabled()) {
                    ns.trace(frame, dev.name(), EventKind.NEIGHBOUR, ns.name() + " ignores ARP for " + tip
                            + " on " + dev.name() + " (not its address)", frame.packet(), null, null);
                }
                return;
            }
            if (sip.bits() != 0) {
                if (existing == null) {
                    existing = new Entry(sip, dev);
                    entries.put(key(dev, sip), existing);
                    update(existing, arp.senderMac(), State.STALE);
                } else if (existing.state != State.PERMANENT) {
                    update(existing, arp.senderMac(), learnedState(existing, arp.senderMac()));
                }
            }
            ArpPacket reply = new ArpPacket(ArpPacket.REPLY, dev.mac(), tip, arp.senderMac(), sip);
            PacketBuffer out = new PacketBuffer(ns.nextPacketId(), null,
                    Packet.of(null, new EthernetHeader(arp.senderMac(), dev.mac(), EthernetHeader.TYPE_ARP), reply));
            if (ns.tracer().enabled()) {
                String why = local ? tip + " is its own address"
                        : "proxy_arp is on for " + dev.name() + " and it routes " + tip + " out of "
                        + proxy.device().name() + " (" + proxy.text() + ")";
                ns.trace(out, dev.name(), EventKind.NEIGHBOUR, ns.name() + " answers ARP: " + tip + " is at "
                        + dev.mac() + " (" + why + ")", out.packet(), null,
                        new Decision.Neighbour(tip.toString(), dev.mac().toString(), dev.name(),
                                local ? "LOCAL" : "PROXY"));
            }
            dev.transmit(out);
            return;
        }
        // A reply: update an entry we have (arp_accept=0 ignores unsolicited ones).
        if (existing != null && existing.state != State.PERMANENT) {
            update(existing, arp.senderMac(), State.REACHABLE);
        } else if (ns.tracer().enabled() && existing == null) {
            ns.trace(frame, dev.name(), EventKind.NEIGHBOUR, ns.name() + " ignores an unsolicited ARP reply from "
                    + sip, frame.packet(), null, null);
        }
    }
}
