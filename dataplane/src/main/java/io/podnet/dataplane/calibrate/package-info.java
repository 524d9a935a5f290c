/**
 * {@code podnet calibrate}: measures this machine's kernel on reference topologies (two nodes joined
 * by a veth underlay, one pod each side) realised with the code {@code verify} uses
 * ({@link io.podnet.dataplane.KernelRealisation}), simulates the same topologies to learn how many
 * times each {@link io.podnet.sim.cost.CostStep} runs on each measured path, and fits the cost
 * profile's figures by least squares (non-negative). Nothing here is part of the model: the model
 * reads the resulting {@link io.podnet.sim.cost.CostProfile} like any other.
 */
package io.podnet.dataplane.calibrate;
