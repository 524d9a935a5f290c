package io.podnet.sim.device;

import io.podnet.sim.wire.PacketBuffer;

/**
 * {@code br_netfilter}: with {@code net.bridge.bridge-nf-call-iptables=1} the bridge hands IPv4
 * frames to the namespace's iptables hooks (PREROUTING, FORWARD, POSTROUTING) with the bridge as
 * the device. Implemented by the namespace that owns the bridge.
 */
public interface BridgeFilter {
    /** What PREROUTING decided for a frame entering the bridge. */
    enum Outcome {
        /** Dropped (the filter traced why). */
        DROPPED,
        /** Goes up to the namespace's IP layer, PREROUTING already done (to the bridge, or re-routed after DNAT). */
        UP,
        /** Stays on the bridge (its destination MAC may have been rewritten after DNAT). */
        BRIDGE,
        /**
         * Held by the filter (bridged DNAT waiting for ARP); the filter later continues it with
         * {@link BridgeDevice#resumeBridged} or drops it.
         */
        PENDING
    }

    /** PREROUTING for an IPv4 frame that entered {@code bridge} from {@code inPort}. */
    Outcome preRouting(BridgeDevice bridge, NetDevice inPort, PacketBuffer frame);

    /** Continues an {@link Outcome#UP} frame in the IP layer (routing, INPUT or FORWARD). */
    void receiveUp(BridgeDevice bridge, PacketBuffer frame);

    /** FORWARD and POSTROUTING for a bridged IPv4 frame; false when it was dropped. */
    boolean forward(BridgeDevice bridge, NetDevice inPort, NetDevice outPort, PacketBuffer frame);
}
