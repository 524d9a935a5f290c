/**
 * Cluster DNS over real DNS wire format (RFC 1035) on UDP: the message codec
 * ({@link io.podnet.sim.socket.app.dns.DnsMessage}, with name compression), a zone answered the way
 * CoreDNS's kubernetes plugin answers ({@link io.podnet.sim.socket.app.dns.DnsZone}), a server
 * application for the CoreDNS pods ({@link io.podnet.sim.socket.app.dns.DnsServerApp}), a pod's
 * {@code resolv.conf} ({@link io.podnet.sim.socket.app.dns.ResolvConf}) and glibc's stub resolver
 * walking its search list ({@link io.podnet.sim.socket.app.dns.DnsResolver}).
 *
 * <p>Contract: the packets are ordinary UDP datagrams through the socket layer, so they take the
 * path any Service traffic takes (kube-proxy's DNAT to a CoreDNS pod, policies, tunnels) and tools
 * such as tshark decode them. The resolver calls back once per lookup from an engine event; query IDs
 * come from the random stream it is given. Applications emit NOTE trace events, never print.
 */
package io.podnet.sim.socket.app.dns;
