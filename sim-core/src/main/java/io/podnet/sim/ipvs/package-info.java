/**
 * Linux IPVS (the {@code ip_vs} module) as kube-proxy's IPVS mode uses it: virtual services with a
 * scheduler and real servers forwarded to by masquerading (NAT). {@link io.podnet.sim.ipvs.IpvsTable}
 * reads the table as {@code ipvsadm-save -n} writes it and lists it as {@code ipvsadm -Ln} does;
 * {@link io.podnet.sim.ipvs.Ipvs} is one namespace's running IPVS: the connection table (with the
 * kernel's per-state timeouts on the simulated clock), persistence templates (session affinity),
 * and the schedulers' state. The stack asks it at LOCAL_IN, after the filter table's INPUT chain
 * ({@code ip_vs_remote_request4}, priority 99), whether a packet for a local address belongs to a
 * virtual service; it answers with the real server and an explanation naming the virtual service,
 * the scheduler and the real server. No randomness: every IPVS scheduler is deterministic given the
 * order of its real servers and its own state. Knows no Kubernetes words.
 */
package io.podnet.sim.ipvs;
