/**
 * Simulated network devices: loopback, veth pairs, the Linux bridge, underlay NICs and the tunnels
 * (VXLAN, GENEVE, IPIP, WireGuard).
 *
 * <p>Contract: every device is a {@link io.podnet.sim.device.NetDevice} with one narrow job. The
 * IP layer hands it an Ethernet frame through {@link io.podnet.sim.device.NetDevice#transmit}; a
 * device that receives a frame passes it to its receive handler (the namespace's L2 input, or the
 * bridge it is enslaved to), like the kernel's {@code rx_handler}. Frames always start with their
 * {@code EthernetHeader}. Devices never print; each step is a {@code TraceEvent} fired through the
 * host namespace's {@code Tracer}. A dropped frame is a {@code DROP} event with a
 * {@code DropReason}, never an exception.
 *
 * <p>Tunnels: an encapsulating device fires ENCAP (and the receiving one DECAP) with a
 * {@code Decision.Tunnel} naming the type, VNI, outer addresses, port and the bytes it adds
 * (IPIP 20, VXLAN 50, GENEVE 50 + options, WireGuard 60 + padding), then hands the outer datagram
 * to the namespace's IP output path, where MTU, fragmentation and DF apply to it like to any
 * locally generated packet. UDP tunnels ({@link io.podnet.sim.device.UdpTunnel}) receive what INPUT
 * accepted for their port.
 */
package io.podnet.sim.device;
