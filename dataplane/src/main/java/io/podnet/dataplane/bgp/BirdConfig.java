package io.podnet.dataplane.bgp;

import io.podnet.dataplane.safety.Names;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.BgpDaemonConfig.BgpExportRule;
import io.podnet.sim.config.BgpDaemonConfig.BgpNeighbourConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@code bird.conf} for one {@link BgpDaemonConfig}, in the spirit of the configuration
 * Calico's confd writes for BIRD, with only what BIRD 2 itself understands:
 * <ul>
 *   <li>{@code router id}; {@code protocol device};</li>
 *   <li>{@code protocol direct} on the underlay device (all interfaces for a router): without it
 *       iBGP next hops do not resolve and learned routes land as unreachable;</li>
 *   <li>{@code protocol static podnet_blocks}: each originated block as a blackhole (exported to the
 *       kernel, as Calico programs its own blocks); {@code podnet_borrowed}: originated /32s, which
 *       are advertised but never written to the kernel (the pod's own {@code dev cali*} route stays);</li>
 *   <li>{@code protocol kernel} with {@code metric 0} and a filter that writes the own blackholes and
 *       the BGP-learned routes, applying the export rules in order: a route inside a rule's pool goes
 *       {@code dev RULE_DEVICE} (with {@code onlink} when asked) - under {@code crossSubnetOnly} only
 *       when the BGP next hop lies outside the node's underlay subnet; other learned routes resolve
 *       through the direct routes ({@code via NH dev eth0});</li>
 *   <li>one {@code protocol bgp} per neighbour: {@code local [port P] as}, {@code neighbor ADDR [port P] as ASN}
 *       (BIRD 2's per-protocol ports; Calico's BIRD 1 writes {@code listen bgp port P} for a
 *       BGPConfiguration {@code listenPort}),
 *       {@code rr client} / {@code rr cluster id}, hold and keepalive from the configuration, and
 *       Calico's {@code connect delay time}, {@code connect retry time}, {@code error wait time 5, 30};
 *       {@code import all}, export of the originated and learned routes (BIRD's own iBGP rules decide
 *       what may be passed on).</li>
 * </ul>
 * Every name written into the file is checked first; a configuration that fails is refused with
 * {@link IllegalArgumentException}.
 */
public final class BirdConfig {
    /** The static protocol holding the blackholed blocks. */
    public static final String BLOCKS = "podnet_blocks";
    /** The static protocol holding originated /32s (never written to the kernel). */
    public static final String BORROWED = "podnet_borrowed";

    private BirdConfig() {}

    /** Problems with a daemon's configuration that would make an unsafe or invalid bird.conf. */
    public static List<String> problems(BgpDaemonConfig d, NetworkConfig network) {
        List<String> out = new ArrayList<>();
        String where = "BGP daemon in '" + Names.printable(d.namespace()) + "'";
        if (d.namespace() == null || network.namespace(d.namespace()) == null) {
            out.add(where + ": no such namespace in the configuration");
            return out;
        }
        NamespaceConfig ns = network.namespace(d.namespace());
        if (d.asn() < 1 || d.asn() > 4_294_967_294L) {
            out.add(where + ": AS " + d.asn() + " is outside 1-4294967294");
        }
        if (d.routerId() == null) {
            out.add(where + ": no router id");
        }
        if (d.underlayDevice() != null && (!Names.isIfName(d.underlayDevice()) || ns.iface(d.underlayDevice()) == null)) {
            out.add(where + ": underlay device '" + Names.printable(d.underlayDevice()) + "' is not an interface of the namespace");
        }
        for (BgpExportRule r : d.exportRules()) {
            if (r.pool() == null || r.device() == null || !Names.isIfName(r.device())) {
                out.add(where + ": export rule with an unsafe or missing device '" + Names.printable(r.device()) + "'");
            }
        }
        for (BgpNeighbourConfig n : d.neighbours()) {
            if (n.address() == null || n.asn() < 1 || n.asn() > 4_294_967_294L) {
                out.add(where + ": neighbour " + n.address() + " with AS " + n.asn() + " is invalid");
            }
        }
        if (d.holdTimeSeconds() != 0 && (d.holdTimeSeconds() < 3 || d.holdTimeSeconds() > 65535)) {
            out.add(where + ": hold time " + d.holdTimeSeconds() + " s is outside 3-65535");
        }
        if (d.keepaliveSeconds() < 0 || d.keepaliveSeconds() > 65535) {
            out.add(where + ": keepalive " + d.keepaliveSeconds() + " s is invalid");
        }
        if (d.connectDelayNanos() < 0 || d.connectRetryNanos() < 0) {
            out.add(where + ": negative connect timers");
        }
        return out;
    }

    /** The bird.conf text. */
    public static String render(BgpDaemonConfig d, NetworkConfig network) {
        List<String> problems = problems(d, network);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        StringBuilder b = new StringBuilder();
        b.append("# BIRD 2 for ").append(d.namespace()).append(", rendered by podnet verify from the BGP daemon configuration\n");
        b.append("log stderr all;\n");
        b.append("router id ").append(d.routerId()).append(";\n\n");
        b.append("protocol device {\n  scan time 2;\n}\n\n");
        if (d.underlayDevice() != null) {
            b.append("protocol direct {\n  ipv4;\n  interface \"").append(d.underlayDevice()).append("\";\n}\n\n");
        } else {
            b.append("protocol direct {\n  ipv4;\n}\n\n");
        }
        List<Ipv4Prefix> blocks = new ArrayList<>();
        List<Ipv4Prefix> singles = new ArrayList<>();
        for (Ipv4Prefix p : d.originate()) {
            (p.length() == 32 ? singles : blocks).add(p.canonical());
        }
        staticProtocol(b, BLOCKS, blocks);
        staticProtocol(b, BORROWED, singles);
        Ipv4Prefix subnet = underlaySubnet(d, network);
        b.append("filter podnet_kernel {\n");
        b.append("  if proto = \"").append(BLOCKS).append("\" then accept;\n");
        b.append("  if source != RTS_BGP then reject;\n");
        for (BgpExportRule r : d.exportRules()) {
            b.append("  if net ~ ").append(prefix(r.pool().canonical())).append(" then {\n");
            if (r.crossSubnetOnly() && subnet != null) {
                b.append("    if bgp_next_hop ~ ").append(prefix(subnet)).append(" then accept;\n");
            }
            b.append("    ifname = \"").append(r.device()).append("\";\n");
            if (r.onlink()) {
                b.append("    onlink = true;\n");
            }
            b.append("    accept;\n  }\n");
        }
        b.append("  accept;\n}\n\n");
        b.append("filter podnet_bgp_out {\n");
        b.append("  if proto = \"").append(BLOCKS).append("\" then accept;\n");
        b.append("  if proto = \"").append(BORROWED).append("\" then accept;\n");
        b.append("  if source = RTS_BGP then accept;\n");
        b.append("  reject;\n}\n\n");
        b.append("protocol kernel {\n  ipv4 {\n    import none;\n    export filter podnet_kernel;\n  };\n")
                .append("  metric 0;\n  scan time 2;\n}\n\n");
        for (BgpNeighbourConfig n : d.neighbours()) {
            b.append("protocol bgp ").append(protocolName(n.address())).append(" {\n");
            b.append("  local ").append(d.listenPort() == BgpDaemonConfig.DEFAULT_PORT ? ""
                    : "port " + d.listenPort() + " ").append("as ").append(d.asn()).append(";\n");
            b.append("  neighbor ").append(n.address()).append(n.port() == BgpDaemonConfig.DEFAULT_PORT ? ""
                    : " port " + n.port()).append(" as ").append(n.asn()).append(";\n");
            if (n.rrClient()) {
                b.append("  rr client;\n");
            }
            if (d.clusterId() != null) {
                b.append("  rr cluster id ").append(d.clusterId()).append(";\n");
            }
            b.append("  hold time ").append(d.holdTimeSeconds()).append(";\n");
            b.append("  keepalive time ").append(d.keepaliveSeconds()).append(";\n");
            b.append("  connect delay time ").append(seconds(d.connectDelayNanos())).append(";\n");
            b.append("  connect retry time ").append(seconds(d.connectRetryNanos())).append(";\n");
            b.append("  error wait time 5, 30;\n");
            b.append("  ipv4 {\n    import all;\n    export filter podnet_bgp_out;\n  };\n");
            b.append("}\n\n");
        }
        return b.toString();
    }

    /** The BGP protocol's name for a neighbour: {@code peer_A_B_C_D}. */
    public static String protocolName(Ipv4Address a) {
        return "peer_" + a.toString().replace('.', '_');
    }

    /** The subnet of the daemon's underlay device (its first address), or null. */
    static Ipv4Prefix underlaySubnet(BgpDaemonConfig d, NetworkConfig network) {
        if (d.underlayDevice() == null) {
            return null;
        }
        InterfaceConfig i = network.namespace(d.namespace()).iface(d.underlayDevice());
        return i == null || i.addresses().isEmpty() ? null : i.addresses().get(0).canonical();
    }

    /**
     * The configuration without the routes BIRD itself writes ({@code proto bird}) in the namespaces
     * that run it, so every such route found in the kernel afterwards was put there by BIRD.
     */
    public static NetworkConfig withoutBirdRoutes(NetworkConfig c) {
        List<String> daemons = c.bgp().stream().map(BgpDaemonConfig::namespace).toList();
        List<NamespaceConfig> out = new ArrayList<>();
        for (NamespaceConfig ns : c.namespaces()) {
            if (!daemons.contains(ns.name())) {
                out.add(ns);
                continue;
            }
            List<RouteConfig> routes = ns.routes().stream().filter(r -> !"bird".equals(r.proto())).toList();
            out.add(new NamespaceConfig(ns.name(), ns.role(), ns.owner(), ns.interfaces(), routes, ns.neighbours(), ns.fdb(),
                    ns.sysctls(), ns.iptables(), ns.nftables(), ns.ipvs()));
        }
        return new NetworkConfig(out, c.segments(), c.bgp());
    }

    private static void staticProtocol(StringBuilder b, String name, List<Ipv4Prefix> routes) {
        b.append("protocol static ").append(name).append(" {\n  ipv4;\n");
        for (Ipv4Prefix p : routes) {
            b.append("  route ").append(prefix(p)).append(" blackhole;\n");
        }
        b.append("}\n\n");
    }

    private static String prefix(Ipv4Prefix p) {
        return p.network() + "/" + p.length();
    }

    private static String seconds(long nanos) {
        long s = Math.max(1, (nanos + 500_000_000L) / 1_000_000_000L);
        return String.format(Locale.ROOT, "%d", s);
    }
}
