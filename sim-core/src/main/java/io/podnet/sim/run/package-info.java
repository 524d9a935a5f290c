/**
 * Assembling a simulated run from a rendered {@link io.podnet.sim.config.NetworkConfig}: one entry
 * point ({@link io.podnet.sim.run.AssembledNetwork#assemble}) builds the namespaces and devices,
 * installs each namespace's netfilter ({@link io.podnet.sim.run.Netfilters}, which also reloads a
 * namespace's rules as kube-proxy's syncs do) and a socket layer per namespace. What traffic runs
 * on it and what is observed is the caller's: traffic through {@code io.podnet.sim.socket.app},
 * observation through {@link io.podnet.sim.trace.TraceListener}s on the tracer it was given.
 */
package io.podnet.sim.run;
