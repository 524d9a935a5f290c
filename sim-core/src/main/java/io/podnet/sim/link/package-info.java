/**
 * The underlay: L2 segments (a learning switch) and the links that cable NICs to them.
 *
 * <p>Contract: each attached NIC has one {@link io.podnet.sim.link.LinkQueue} towards the switch
 * and one from the switch (a store-and-forward switch port). A frame waits in a drop-tail queue
 * ({@code QUEUE_FULL} when it holds {@code queuePackets} frames), is serialised at the link's rate
 * (on-wire size: the frame padded to 60 bytes, plus FCS, preamble and inter-frame gap = 24 bytes)
 * and propagates for the segment's latency on the way to the switch (the switch's egress adds
 * queueing and serialisation, no further propagation). Every hop is a {@code LINK} trace event
 * with a {@code LinkHop} decision; links and segments can be failed and restored.
 */
package io.podnet.sim.link;
