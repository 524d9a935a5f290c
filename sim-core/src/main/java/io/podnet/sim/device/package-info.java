/**
 * Simulated network devices: loopback, veth pairs, the Linux bridge, VXLAN and underlay NICs.
 *
 * <p>Contract: every device is a {@link io.podnet.sim.device.NetDevice} with one narrow job. The
 * IP layer hands it an Ethernet frame through {@link io.podnet.sim.device.NetDevice#transmit}; a
 * device that receives a frame passes it to its receive handler (the namespace's L2 input, or the
 * bridge it is enslaved to), like the kernel's {@code rx_handler}. Frames always start with their
 * {@code EthernetHeader}. Devices never print; each step is a {@code TraceEvent} fired through the
 * host namespace's {@code Tracer}. A dropped frame is a {@code DROP} event with a
 * {@code DropReason}, never an exception.
 */
package io.podnet.sim.device;
