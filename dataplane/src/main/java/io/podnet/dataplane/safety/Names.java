package io.podnet.dataplane.safety;

import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SegmentConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks every name that {@code podnet verify} would put on a command line or into a batch file,
 * before anything is created. The rules are deliberately narrower than what the kernel accepts:
 *
 * <ul>
 *   <li>namespace (node, pod) names are Kubernetes DNS-1123 subdomains: lower-case letters, digits,
 *       {@code -} and {@code .}, starting and ending with a letter or digit, at most 253 characters;</li>
 *   <li>interface and segment names are at most 15 characters (IFNAMSIZ - 1) of letters, digits,
 *       {@code .}, {@code _} and {@code -}, start with a letter or digit, and are not words that
 *       {@code ip} would read as a keyword ({@code tx} is parsed as {@code txqueuelen});</li>
 *   <li>nothing may start with {@code -} (it would be read as an option) or contain white space,
 *       {@code /}, quotes, {@code $}, {@code ;}, {@code |}, {@code &}, back-quotes or control
 *       characters;</li>
 *   <li>every reference (veth peer, bridge master, route, neighbour and FDB device, proxy-ARP
 *       device, NIC segment) names something that exists in the configuration.</li>
 * </ul>
 *
 * Problems are collected, not thrown one by one, so a user sees all of them at once.
 */
public final class Names {
    /** Longest interface name the kernel accepts (IFNAMSIZ 16 including the NUL). */
    public static final int MAX_IFNAME = 15;
    /** Longest Kubernetes object name (DNS-1123 subdomain). */
    public static final int MAX_K8S_NAME = 253;

    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * Words {@code ip link}/{@code ip route}/{@code bridge} parse as keywords (or abbreviations of
     * keywords) where a device name may stand; a device with such a name is refused.
     */
    public static final Set<String> RESERVED = Set.of(
            "tx", "txq", "txqlen", "txqueuelen", "mtu", "address", "addr", "broadcast", "brd", "peer", "name", "dev",
            "type", "netns", "master", "nomaster", "up", "down", "help", "link", "alias", "group", "index", "vf",
            "qlen", "default", "all", "any", "none", "via", "src", "table", "proto", "scope", "metric", "onlink",
            "self", "permanent", "dst", "lladdr", "nud", "local", "blackhole", "unreachable", "prohibit", "throw",
            "mode", "state", "arp", "multicast", "dynamic", "promisc", "on", "off", "gso_max_size", "gso_max_segs");

    private Names() {}

    /** Every problem with the configuration's names, in a deterministic order; empty when safe. */
    public static List<String> problems(NetworkConfig config) {
        List<String> out = new ArrayList<>();
        if (config == null) {
            out.add("no network configuration was given");
            return out;
        }
        Map<String, NamespaceConfig> byName = new LinkedHashMap<>();
        for (NamespaceConfig ns : config.namespaces()) {
            String where = "namespace '" + printable(ns.name()) + "'";
            checkK8sName(ns.name(), where, out);
            if (ns.name() != null && byName.putIfAbsent(ns.name(), ns) != null) {
                out.add(where + ": defined twice");
            }
            checkWord(ns.role(), where + " role", out);
            if (ns.owner() != null) {
                checkK8sName(ns.owner(), where + " owner", out);
            }
            rulesetProblems(ns.iptables(), where, out);
            rulesetProblems(ns.nftables(), where, out);
            if (!ns.nftables().isBlank() && !looksLikeNft(ns.nftables())) {
                out.add(where + ": the nftables text does not read as nft input");
            }
        }
        Map<String, SegmentConfig> segments = new LinkedHashMap<>();
        for (SegmentConfig s : config.segments()) {
            String where = "segment '" + printable(s.name()) + "'";
            checkIfName(s.name(), where, out);
            if (s.name() != null && segments.putIfAbsent(s.name(), s) != null) {
                out.add(where + ": defined twice");
            }
            if (s.mtu() < 68 || s.mtu() > 65535) {
                out.add(where + ": MTU " + s.mtu() + " is outside 68-65535");
            }
        }
        for (NamespaceConfig ns : config.namespaces()) {
            checkNamespace(ns, byName, segments, out);
        }
        return out;
    }

    private static void checkNamespace(NamespaceConfig ns, Map<String, NamespaceConfig> all,
                                       Map<String, SegmentConfig> segments, List<String> out) {
        String where = "namespace '" + printable(ns.name()) + "'";
        Map<String, InterfaceConfig> ifaces = new LinkedHashMap<>();
        for (InterfaceConfig i : ns.interfaces()) {
            String iw = where + " interface '" + printable(i.name()) + "'";
            checkIfName(i.name(), iw, out);
            if ("lo".equals(i.name())) {
                out.add(iw + ": 'lo' exists in every namespace and cannot be created");
            }
            if (i.name() != null && ifaces.putIfAbsent(i.name(), i) != null) {
                out.add(iw + ": defined twice");
            }
            if (i.mtu() < 68 || i.mtu() > 65535) {
                out.add(iw + ": MTU " + i.mtu() + " is outside 68-65535");
            }
            if (i.mac() == null) {
                out.add(iw + ": has no MAC address");
            }
        }
        for (InterfaceConfig i : ns.interfaces()) {
            String iw = where + " interface '" + printable(i.name()) + "'";
            if (i instanceof InterfaceConfig.Veth v) {
                checkK8sName(v.peerNamespace(), iw + " peer namespace", out);
                checkIfName(v.peerName(), iw + " peer name", out);
                NamespaceConfig peerNs = all.get(v.peerNamespace());
                if (peerNs == null) {
                    out.add(iw + ": peer namespace '" + printable(v.peerNamespace()) + "' is not in the configuration");
                } else if (!(peerNs.iface(v.peerName()) instanceof InterfaceConfig.Veth pv)
                        || !ns.name().equals(pv.peerNamespace()) || !v.name().equals(pv.peerName())) {
                    out.add(iw + ": peer " + printable(v.peerNamespace()) + "/" + printable(v.peerName())
                            + " is not a veth that points back to it");
                }
                if (v.master() != null && !(ifaces.get(v.master()) instanceof InterfaceConfig.Bridge)) {
                    out.add(iw + ": master '" + printable(v.master()) + "' is not a bridge in " + printable(ns.name()));
                }
            } else if (i instanceof InterfaceConfig.Vxlan x) {
                if (x.vni() < 0 || x.vni() > 0xffffff) {
                    out.add(iw + ": VNI " + x.vni() + " is outside 0-16777215");
                }
                if (x.port() < 1 || x.port() > 65535) {
                    out.add(iw + ": UDP port " + x.port() + " is outside 1-65535");
                }
                if (x.device() != null) {
                    checkRef(x.device(), ifaces, iw + " underlay device", out);
                }
            } else if (i instanceof InterfaceConfig.Ipip t && t.device() != null) {
                checkRef(t.device(), ifaces, iw + " underlay device", out);
            } else if (i instanceof InterfaceConfig.Geneve g && g.device() != null) {
                checkRef(g.device(), ifaces, iw + " underlay device", out);
            } else if (i instanceof InterfaceConfig.Nic n) {
                if (n.segment() == null || !segments.containsKey(n.segment())) {
                    out.add(iw + ": segment '" + printable(n.segment()) + "' is not in the configuration");
                }
            }
        }
        for (RouteConfig r : ns.routes()) {
            String rw = where + " route '" + printable(String.valueOf(r.destination())) + "'";
            if (r.destination() == null) {
                out.add(rw + ": has no destination");
            }
            if (!Set.of("unicast", "blackhole", "unreachable", "local", "prohibit").contains(String.valueOf(r.type()))) {
                out.add(rw + ": route type '" + printable(r.type()) + "' is not one of unicast, blackhole, unreachable, local, prohibit");
            }
            if (r.device() != null) {
                checkRef(r.device(), ifaces, rw + " device", out);
            }
            if (r.scope() != null && !Set.of("global", "link", "host", "site").contains(r.scope())) {
                out.add(rw + ": scope '" + printable(r.scope()) + "' is not one of global, link, host");
            }
            if (r.proto() != null) {
                checkWord(r.proto(), rw + " proto", out);
            }
        }
        for (NeighbourConfig n : ns.neighbours()) {
            checkRef(n.device(), ifaces, where + " neighbour " + n.ip() + " device", out);
            if (n.ip() == null || n.mac() == null) {
                out.add(where + " neighbour: needs an address and a MAC");
            }
        }
        for (FdbConfig f : ns.fdb()) {
            checkRef(f.device(), ifaces, where + " fdb entry " + f.mac() + " device", out);
            if (f.mac() == null || f.destination() == null) {
                out.add(where + " fdb entry: needs a MAC and a destination");
            }
        }
        if (ns.sysctls() != null) {
            for (String d : ns.sysctls().proxyArpDevices()) {
                checkRef(d, ifaces, where + " proxy_arp device", out);
            }
            if (ns.sysctls().rpFilter() < 0 || ns.sysctls().rpFilter() > 2) {
                out.add(where + ": rp_filter " + ns.sysctls().rpFilter() + " is not 0, 1 or 2");
            }
        }
    }

    private static void checkRef(String name, Map<String, InterfaceConfig> ifaces, String where, List<String> out) {
        if (!checkIfName(name, where, out)) {
            return;
        }
        if (!ifaces.containsKey(name) && !"lo".equals(name)) {
            out.add(where + ": '" + name + "' is not an interface of that namespace");
        }
    }

    /** True if {@code name} is a DNS-1123 subdomain (a Kubernetes object name). */
    public static boolean isK8sName(String name) {
        return name != null && name.length() <= MAX_K8S_NAME && DNS1123_SUBDOMAIN.matcher(name).matches();
    }

    /** True if {@code name} is a safe Linux interface name. */
    public static boolean isIfName(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_IFNAME && IFNAME.matcher(name).matches()
                && !name.equals(".") && !name.equals("..") && !RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean checkK8sName(String name, String where, List<String> out) {
        if (name == null || name.isEmpty()) {
            out.add(where + ": the name is empty");
            return false;
        }
        if (!isK8sName(name)) {
            out.add(where + ": '" + printable(name) + "' is not a valid Kubernetes name (DNS-1123: lower-case letters,"
                    + " digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)");
            return false;
        }
        return true;
    }

    private static boolean checkIfName(String name, String where, List<String> out) {
        if (name == null || name.isEmpty()) {
            out.add(where + ": the interface name is empty");
            return false;
        }
        if (name.length() > MAX_IFNAME) {
            out.add(where + ": '" + printable(name) + "' is " + name.length() + " characters; Linux interface names"
                    + " have at most " + MAX_IFNAME);
            return false;
        }
        if (!IFNAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            out.add(where + ": '" + printable(name) + "' may only contain letters, digits, '.', '_' and '-', and must"
                    + " start with a letter or digit");
            return false;
        }
        if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            out.add(where + ": '" + name + "' would be read by ip as a keyword; choose another interface name");
            return false;
        }
        return true;
    }

    private static void checkWord(String word, String where, List<String> out) {
        if (word == null || word.isEmpty() || word.length() > 63 || !WORD.matcher(word).matches()) {
            out.add(where + ": '" + printable(word) + "' may only contain letters, digits, '.', '_' and '-'");
        }
    }

    /** True when the text is an nftables ruleset rather than iptables-restore input. */
    /**
     * Problems with a ruleset text that a namespace will load ({@code iptables-restore} or
     * {@code nft -f}), added to {@code out}: a NUL byte, or an nftables {@code include}.
     */
    public static void rulesetProblems(String text, String where, List<String> out) {
        if (text.indexOf('\0') >= 0) {
            out.add(where + ": the iptables text contains a NUL byte");
        }
        if (looksLikeNft(text) && text.matches("(?s).*(^|\\n)\\s*include\\b.*")) {
            out.add(where + ": the nftables text uses 'include', which could read files; refused");
        }
    }

    public static boolean looksLikeNft(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            return !t.startsWith("*");
        }
        return false;
    }

    /** The name with control and non-ASCII characters escaped, safe to print in a message. */
    public static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 300; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > 300) {
            sb.append("...");
        }
        return sb.toString();
    }
}
