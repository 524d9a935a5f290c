package io.podnet.sim.wire;

/**
 * A packet in flight with the facts that exist only in the simulation (ns-3's "tags"), like the
 * kernel's sk_buff: a run-unique id, the traffic item it belongs to, the netfilter mark, and the
 * conntrack entry it was associated with. The packet itself is immutable; devices replace it.
 */
public final class PacketBuffer {
    private Packet packet;
    private final long id;
    private final String flow;
    private int mark;
    private Object conntrack;
    private String inputDevice;
    private boolean gsoFollower;

    public PacketBuffer(long id, String flow, Packet packet) {
        this.id = id;
        this.flow = flow;
        this.packet = packet;
    }

    public long id() {
        return id;
    }

    /** The name of the traffic item this packet belongs to, or null for control traffic. */
    public String flow() {
        return flow;
    }

    public Packet packet() {
        return packet;
    }

    public void setPacket(Packet packet) {
        this.packet = packet;
    }

    public int mark() {
        return mark;
    }

    public void setMark(int mark) {
        this.mark = mark;
    }

    /** The conntrack entry (owned by the netfilter package), or null. */
    public Object conntrack() {
        return conntrack;
    }

    public void setConntrack(Object conntrack) {
        this.conntrack = conntrack;
    }

    public String inputDevice() {
        return inputDevice;
    }

    public void setInputDevice(String inputDevice) {
        this.inputDevice = inputDevice;
    }

    /**
     * True for a TCP segment that follows others back to back in one 64 KiB GSO/GRO batch: the CPU
     * cost model charges its per-packet costs once per batch (on the batch's first segment) and only
     * its per-byte costs here. A simulation-only fact (the segments themselves are wire-sized).
     */
    public boolean gsoFollower() {
        return gsoFollower;
    }

    public void setGsoFollower(boolean gsoFollower) {
        this.gsoFollower = gsoFollower;
    }

    /** A copy with a new id (a flooded or cloned frame), keeping flow and mark but not conntrack. */
    public PacketBuffer copy(long newId) {
        PacketBuffer b = new PacketBuffer(newId, flow, packet);
        b.mark = mark;
        b.gsoFollower = gsoFollower;
        return b;
    }
}
