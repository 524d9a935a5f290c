package io.podnet.dataplane.realise;

import io.podnet.dataplane.safety.Names;
import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.sim.config.Sysctls;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link NetworkConfig} into the exact batch input of {@code ip}, {@code bridge},
 * {@code sysctl}, {@code iptables-restore} and {@code nft}. Pure: it runs nothing. The names must
 * have passed {@link Names#problems} first (the renderer re-checks and refuses otherwise).
 *
 * <p>Everything is created inside the run's namespaces: veth pairs are created with both ends'
 * {@code netns} given, so no device ever appears in the root namespace. Link latency and bandwidth
 * of the underlay are not applied (that would need tc qdiscs); timings are therefore not compared.
 */
public final class Renderer {
    private Renderer() {}

    /**
     * The commands for {@code config}; VXLAN devices whose configuration says {@code dontFragment}
     * are created with {@code df set} (DF on their outer packets, so an outer packet that does not
     * fit is dropped instead of fragmented).
     */
    public static Rendering render(NetworkConfig config, RunPrefix prefix) {
        List<String> problems = Names.problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("unsafe names: " + String.join("; ", problems));
        }
        Map<String, String> netns = new LinkedHashMap<>();
        StringBuilder create = new StringBuilder();
        for (NamespaceConfig ns : config.namespaces()) {
            String real = prefix.netns(ns.name());
            if (netns.containsValue(real)) {
                throw new IllegalArgumentException("two namespaces map to '" + real + "'");
            }
            netns.put(ns.name(), real);
            create.append("netns add ").append(real).append('\n');
        }
        String underlay = prefix.underlay();
        boolean hasUnderlay = !config.segments().isEmpty();
        if (hasUnderlay) {
            create.append("netns add ").append(underlay).append('\n');
        }

        Map<String, List<String>> early = new LinkedHashMap<>();
        for (NamespaceConfig ns : config.namespaces()) {
            early.put(netns.get(ns.name()), earlySysctls(ns.sysctls() == null ? Sysctls.HOST : ns.sysctls()));
        }
        if (hasUnderlay) {
            early.put(underlay, List.of("net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"));
        }

        // veth pairs, each created once with both ends inside their namespaces
        StringBuilder veths = new StringBuilder();
        Set<String> done = new HashSet<>();
        Map<String, String> underlayPorts = new LinkedHashMap<>();
        Map<String, List<String>> segmentPorts = new LinkedHashMap<>();
        for (SegmentConfig s : config.segments()) {
            segmentPorts.put(s.name(), new ArrayList<>());
        }
        int port = 0;
        for (NamespaceConfig ns : config.namespaces()) {
            for (InterfaceConfig i : ns.interfaces()) {
                if (i instanceof InterfaceConfig.Veth v) {
                    String key = ns.name() + "\0" + v.name();
                    String peerKey = v.peerNamespace() + "\0" + v.peerName();
                    if (done.contains(peerKey)) {
                        continue;
                    }
                    done.add(key);
                    InterfaceConfig peer = config.namespace(v.peerNamespace()).iface(v.peerName());
                    veths.append("link add name ").append(v.name()).append(" netns ").append(netns.get(ns.name()))
                            .append(" address ").append(mac(v.mac())).append(" mtu ").append(v.mtu())
                            .append(" type veth peer name ").append(v.peerName()).append(" netns ")
                            .append(netns.get(v.peerNamespace())).append(" address ").append(mac(peer.mac()))
                            .append(" mtu ").append(peer.mtu()).append('\n');
                } else if (i instanceof InterfaceConfig.Nic n) {
                    String uport = "u" + port++;
                    underlayPorts.put(netns.get(ns.name()), uport);
                    segmentPorts.get(n.segment()).add(uport);
                    SegmentConfig seg = segment(config, n.segment());
                    veths.append("link add name ").append(n.name()).append(" netns ").append(netns.get(ns.name()))
                            .append(" address ").append(mac(n.mac())).append(" mtu ").append(n.mtu())
                            .append(" type veth peer name ").append(uport).append(" netns ").append(underlay)
                            .append(" mtu ").append(seg.mtu()).append('\n');
                }
            }
        }

        Map<String, String> ip = new LinkedHashMap<>();
        Map<String, String> bridge = new LinkedHashMap<>();
        Map<String, List<String>> late = new LinkedHashMap<>();
        Map<String, String> iptables = new LinkedHashMap<>();
        Map<String, String> nft = new LinkedHashMap<>();
        for (NamespaceConfig ns : config.namespaces()) {
            String real = netns.get(ns.name());
            ip.put(real, ipBatch(ns));
            StringBuilder fdb = new StringBuilder();
            for (FdbConfig f : ns.fdb()) {
                fdb.append("fdb append ").append(mac(f.mac())).append(" dev ").append(f.device()).append(" dst ")
                        .append(f.destination()).append(" self permanent\n");
            }
            if (fdb.length() > 0) {
                bridge.put(real, fdb.toString());
            }
            List<String> ls = new ArrayList<>();
            if (ns.sysctls() != null) {
                for (String d : ns.sysctls().proxyArpDevices()) {
                    ls.add("net/ipv4/conf/" + d + "/proxy_arp=1");
                    // As Calico's CNI plugin does on every cali* veth: answer proxy ARP at once instead of
                    // after the kernel's random proxy_delay (up to 0.8 s), which the simulator does not model.
                    ls.add("net/ipv4/neigh/" + d + "/proxy_delay=0");
                }
            }
            if (!ls.isEmpty()) {
                late.put(real, ls);
            }
            if (!ns.iptables().isBlank()) {
                if (Names.looksLikeNft(ns.iptables())) {
                    nft.put(real, ns.iptables());
                } else {
                    iptables.put(real, ns.iptables().endsWith("\n") ? ns.iptables() : ns.iptables() + "\n");
                }
            }
            if (!ns.nftables().isBlank()) {
                // kube-proxy's nftables mode: its table, loaded with nft -f beside any iptables rules
                nft.put(real, ns.nftables().endsWith("\n") ? ns.nftables() : ns.nftables() + "\n");
            }
        }
        if (hasUnderlay) {
            StringBuilder u = new StringBuilder("link set dev lo up\n");
            for (SegmentConfig s : config.segments()) {
                u.append("link add name ").append(s.name()).append(" mtu ").append(s.mtu()).append(" type bridge\n");
            }
            for (SegmentConfig s : config.segments()) {
                for (String p : segmentPorts.get(s.name())) {
                    u.append("link set dev ").append(p).append(" master ").append(s.name()).append('\n');
                }
            }
            for (SegmentConfig s : config.segments()) {
                u.append("link set dev ").append(s.name()).append(" up\n");
                for (String p : segmentPorts.get(s.name())) {
                    u.append("link set dev ").append(p).append(" up\n");
                }
            }
            ip.put(underlay, u.toString());
        }
        return new Rendering(prefix, netns, create.toString(), early, veths.toString(), ip, bridge, late, iptables,
                nft, underlayPorts);
    }

    /**
     * Why this configuration cannot be realised on this kernel, one line per reason; empty when it
     * can. Device types the kernel here is built without (see DATAPLANE-FACTS) and kube-proxy's IPVS
     * mode (no ip_vs) make a run not checkable. BGP daemons are run as BIRD 2 ({@code io.podnet.dataplane.bgp}).
     */
    public static List<String> notCheckable(NetworkConfig config) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (NamespaceConfig ns : config.namespaces()) {
            for (InterfaceConfig i : ns.interfaces()) {
                if (i instanceof InterfaceConfig.Ipip) {
                    out.add("IPIP tunnels: this kernel has no ipip device type");
                } else if (i instanceof InterfaceConfig.Geneve) {
                    out.add("GENEVE tunnels: this kernel has no geneve device type");
                } else if (i instanceof InterfaceConfig.Wireguard) {
                    out.add("WireGuard: this kernel has no wireguard device type");
                }
            }
            if (!ns.ipvs().isEmpty() || ns.iptables().contains("--match-set KUBE-") || ns.iptables().contains("KUBE-IPVS")) {
                out.add("kube-proxy IPVS mode: this kernel has no ip_vs (IPVS virtual servers cannot be created here),"
                        + " so IPVS is model-only");
            }
        }
        return new ArrayList<>(out);
    }

    private static List<String> earlySysctls(Sysctls s) {
        List<String> out = new ArrayList<>();
        out.add("net.ipv6.conf.all.disable_ipv6=1");
        out.add("net.ipv6.conf.default.disable_ipv6=1");
        out.add("net.ipv4.ip_forward=" + (s.ipForward() ? 1 : 0));
        out.add("net.ipv4.conf.all.rp_filter=" + s.rpFilter());
        out.add("net.ipv4.conf.default.rp_filter=" + s.rpFilter());
        out.add("net.bridge.bridge-nf-call-iptables=" + (s.bridgeNfCallIptables() ? 1 : 0));
        return out;
    }

    /** The {@code ip -b} input for one namespace (veths already exist in it). */
    static String ipBatch(NamespaceConfig ns) {
        StringBuilder b = new StringBuilder("link set dev lo up\n");
        for (InterfaceConfig i : ns.interfaces()) {
            if (i instanceof InterfaceConfig.Bridge br) {
                b.append("link add name ").append(br.name()).append(" address ").append(mac(br.mac())).append(" mtu ")
                        .append(br.mtu()).append(" type bridge\n");
            }
        }
        for (InterfaceConfig i : ns.interfaces()) {
            if (i instanceof InterfaceConfig.Vxlan x) {
                b.append("link add name ").append(x.name()).append(" address ").append(mac(x.mac())).append(" mtu ")
                        .append(x.mtu()).append(" type vxlan id ").append(x.vni());
                if (x.local() != null) {
                    b.append(" local ").append(x.local());
                }
                if (x.device() != null) {
                    b.append(" dev ").append(x.device());
                }
                b.append(" dstport ").append(x.port()).append(x.learning() ? " learning" : " nolearning");
                if (x.dontFragment()) {
                    b.append(" df set");
                }
                b.append('\n');
            }
        }
        for (InterfaceConfig i : ns.interfaces()) {
            if (i instanceof InterfaceConfig.Veth v && v.master() != null) {
                b.append("link set dev ").append(v.name()).append(" master ").append(v.master()).append('\n');
                if (v.hairpin()) {
                    b.append("link set dev ").append(v.name()).append(" type bridge_slave hairpin on\n");
                }
            }
        }
        for (InterfaceConfig i : ns.interfaces()) {
            b.append("link set dev ").append(i.name()).append(" up\n");
        }
        for (InterfaceConfig i : ns.interfaces()) {
            for (Ipv4Prefix a : i.addresses()) {
                b.append("addr add ").append(a.address()).append('/').append(a.length()).append(" dev ")
                        .append(i.name()).append('\n');
            }
        }
        for (RouteConfig r : ns.routesInInstallOrder()) {
            b.append("route replace ").append(route(r)).append('\n');
        }
        for (NeighbourConfig n : ns.neighbours()) {
            b.append("neigh replace ").append(n.ip()).append(" lladdr ").append(mac(n.mac())).append(" dev ")
                    .append(n.device()).append(" nud permanent\n");
        }
        return b.toString();
    }

    /** {@code route replace} and {@code neigh replace} lines for one namespace (to restore it after its links were down). */
    public static String routesAndNeighbours(NamespaceConfig ns) {
        StringBuilder b = new StringBuilder();
        for (RouteConfig r : ns.routesInInstallOrder()) {
            if (!"bird".equals(r.proto())) {
                b.append("route replace ").append(route(r)).append('\n');
            }
        }
        for (NeighbourConfig n : ns.neighbours()) {
            b.append("neigh replace ").append(n.ip()).append(" lladdr ").append(mac(n.mac())).append(" dev ")
                    .append(n.device()).append(" nud permanent\n");
        }
        return b.toString();
    }

    /** A route as {@code ip route replace} takes it. */
    static String route(RouteConfig r) {
        StringBuilder sb = new StringBuilder();
        if (r.type() != null && !"unicast".equals(r.type())) {
            sb.append(r.type()).append(' ');
        }
        Ipv4Prefix d = r.destination().canonical();
        sb.append(d.length() == 0 ? "default" : d.address() + "/" + d.length());
        if (r.via() != null) {
            sb.append(" via ").append(r.via());
        }
        if (r.device() != null) {
            sb.append(" dev ").append(r.device());
        }
        if (r.proto() != null) {
            sb.append(" proto ").append(r.proto());
        }
        if (r.scope() != null) {
            sb.append(" scope ").append(r.scope());
        }
        if (r.src() != null) {
            sb.append(" src ").append(r.src());
        }
        if (r.onlink()) {
            sb.append(" onlink");
        }
        return sb.toString();
    }

    static String mac(MacAddress m) {
        long v = m.bits();
        StringBuilder sb = new StringBuilder();
        for (int i = 5; i >= 0; i--) {
            sb.append(String.format(Locale.ROOT, "%02x", (v >>> (i * 8)) & 0xff));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    private static SegmentConfig segment(NetworkConfig c, String name) {
        for (SegmentConfig s : c.segments()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no segment named '" + name + "'");
    }
}
