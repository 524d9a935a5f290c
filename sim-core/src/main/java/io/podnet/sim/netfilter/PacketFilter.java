package io.podnet.sim.netfilter;

import io.podnet.sim.wire.PacketBuffer;

/**
 * Netfilter as the IP stack sees it: run one hook over a packet. {@code inDevice}/{@code outDevice}
 * are null where the hook has none (no input device at OUTPUT, no output device at PREROUTING).
 */
public interface PacketFilter {
    Verdict hook(Hook hook, PacketBuffer packet, String inDevice, String outDevice);

    /** A filter that accepts everything and tracks nothing. */
    PacketFilter ACCEPT_ALL = (h, p, i, o) -> Verdict.ACCEPT;
}
