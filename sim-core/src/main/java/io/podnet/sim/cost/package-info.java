/**
 * The CPU cost model's data: {@link io.podnet.sim.cost.CostStep} names the kernel steps a packet
 * pays CPU for, a {@link io.podnet.sim.cost.CostProfile} gives each a per-packet and per-byte cost
 * and says how many CPUs a kernel has ({@link io.podnet.sim.cost.CostProfiles} reads and writes it as
 * YAML with {@code file:line:column} errors; the shipped default is a resource). Trace events carry a
 * {@link io.podnet.sim.cost.CpuCost} (node, CPU, wait, charges); a
 * {@link io.podnet.sim.cost.StepLedger} sums them per flow, which is what a calibration fits costs
 * against. Profiles are immutable; nothing here reads a clock. See docs/cost-model.md.
 */
package io.podnet.sim.cost;
