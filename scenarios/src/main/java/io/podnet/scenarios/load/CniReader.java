package io.podnet.scenarios.load;

import io.podnet.scenarios.model.CniSpec;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import io.podnet.scenarios.source.YamlTrees;
import io.podnet.sim.net.Ipv4Prefix;
import java.util.List;

/**
 * Reads {@code cluster.cni} in each accepted form: Flannel's CNI config ({@code type: flannel} with
 * a {@code delegate}), Flannel's net-conf.json (a mapping with {@code Network} and {@code Backend},
 * or the same JSON as a string), Calico's CNI config ({@code type: calico}), or a plain design name
 * ({@link CniSpec#DESIGNS}).
 */
final class CniReader {
    static final List<String> BACKENDS = List.of("vxlan", "host-gw", "wireguard");
    private static final String FORMS = "a Flannel CNI config (type: flannel with a delegate), a Flannel net-conf.json"
            + " ({Network: 10.244.0.0/16, Backend: {Type: vxlan}}), a Calico CNI config (type: calico), or one of the"
            + " names " + String.join(", ", CniSpec.DESIGNS);

    private final Diagnostics diags;

    CniReader(Diagnostics diags) {
        this.diags = diags;
    }

    /** The default when {@code cni} is absent: Flannel with VXLAN on 10.244.0.0/16. */
    static CniSpec.Flannel defaultFlannel(SourceLocation at) {
        return new CniSpec.Flannel("default", at, Ipv4Prefix.parse(CniSpec.Flannel.DEFAULT_NETWORK), at,
                CniSpec.Flannel.DEFAULT_SUBNET_LEN, at, "vxlan", at, CniSpec.Flannel.DEFAULT_VXLAN_PORT,
                CniSpec.Flannel.DEFAULT_VNI, true, true);
    }

    /** Flannel's default SubnetLen: 24, or the network's length + 2 when the network is smaller than a /22. */
    static int defaultSubnetLen(Ipv4Prefix network) {
        return network.length() <= 22 ? CniSpec.Flannel.DEFAULT_SUBNET_LEN : Math.min(30, network.length() + 2);
    }

    CniSpec read(YNode node) {
        if (node instanceof YNode.YScalar s) {
            String text = s.text().strip();
            if (text.startsWith("{")) {
                return netConfText(s);
            }
            return byName(s);
        }
        if (node instanceof YNode.YMap m) {
            if (m.has("type")) {
                return cniConfig(m);
            }
            if (m.has("Network") || m.has("Backend")) {
                return netConf(m, "net-conf");
            }
            diags.error(m.location(), "cluster.cni is not a CNI form podnet knows; expected " + FORMS);
            return null;
        }
        diags.error(node.location(), "cluster.cni must be a mapping or a name, not " + node.describe() + "; expected "
                + FORMS);
        return null;
    }

    private CniSpec byName(YNode.YScalar s) {
        String name = s.text().strip();
        CniSpec spec = named(name, s.location(), "name");
        if (spec == null) {
            diags.error(s.location(), "unknown CNI '" + name + "'" + Suggest.didYouMean(name, CniSpec.DESIGNS)
                    + "; expected " + FORMS);
        }
        return spec;
    }

    /** The design called {@code name} with its defaults, or null when there is none. */
    static CniSpec named(String name, SourceLocation at, String form) {
        if (name.startsWith("flannel-") && BACKENDS.contains(name.substring("flannel-".length()))) {
            CniSpec.Flannel d = defaultFlannel(at);
            return new CniSpec.Flannel(form, at, d.network(), at, d.subnetLen(), at, name.substring("flannel-".length()),
                    at, d.port(), d.vni(), true, true);
        }
        if (name.equals("geneve")) {
            return new CniSpec.Geneve(form, at, Ipv4Prefix.parse(CniSpec.Flannel.DEFAULT_NETWORK));
        }
        if (name.startsWith("calico") && CniSpec.DESIGNS.contains(name)) {
            return new CniSpec.Calico(form, at, name, 0, at, null);
        }
        return null;
    }

    private CniSpec cniConfig(YNode.YMap m) {
        if ("calico".equals(m.get("type") instanceof YNode.YScalar t ? t.text() : null)) {
            return calicoConfig(m);
        }
        Fields f = Fields.open(m, "cluster.cni", diags, List.of("type", "name", "cniVersion", "delegate"));
        String type = f.text("type");
        if (type == null) {
            return null;
        }
        if (!type.equals("flannel")) {
            diags.error(f.at("type"), "unknown CNI type '" + type + "'" + Suggest.didYouMean(type, List.of("flannel",
                    "calico")) + "; expected type: flannel or type: calico");
            return null;
        }
        YNode dn = f.node("delegate");
        if (dn == null) {
            diags.error(m.location(), "a flannel CNI config needs a 'delegate' with network and backend, e.g. delegate:"
                    + " {isDefaultGateway: true, hairpinMode: none, network: 10.244.0.0/16, backend: {type: vxlan,"
                    + " port: 8472}}");
            return null;
        }
        Fields d = Fields.open(dn, "cni.delegate", diags, List.of("isDefaultGateway", "hairpinMode", "network",
                "subnetLen", "backend"));
        if (d == null) {
            return null;
        }
        Boolean gw = d.bool("isDefaultGateway");
        boolean hairpin = hairpin(d);
        Ipv4Prefix network = network(d, "network");
        Long subnetLen = d.integer("subnetLen", 8, 30);
        String backend = "vxlan";
        SourceLocation backendAt = dn.location();
        int port = CniSpec.Flannel.DEFAULT_VXLAN_PORT;
        int vni = CniSpec.Flannel.DEFAULT_VNI;
        YNode bn = d.node("backend");
        if (bn != null) {
            Fields b = Fields.open(bn, "cni.delegate.backend", diags, List.of("type", "port", "vni"));
            if (b != null) {
                String t = b.choice("type", BACKENDS);
                if (t != null) {
                    backend = t;
                    backendAt = b.at("type");
                }
                Long p = b.integer("port", 1, 65535);
                port = p == null ? port : p.intValue();
                Long v = b.integer("vni", 0, 16_777_215);
                vni = v == null ? vni : v.intValue();
            }
        }
        if (network == null) {
            if (!d.has("network")) {
                diags.error(dn.location(), "cni.delegate is missing 'network' (the cluster pod CIDR, e.g. 10.244.0.0/16)");
            }
            return null;
        }
        return new CniSpec.Flannel("cni-config", m.location(), network, d.at("network"),
                subnetLen == null ? defaultSubnetLen(network) : subnetLen.intValue(), d.at("subnetLen"),
                backend, backendAt, port, vni, gw == null || gw, hairpin);
    }

    /**
     * Calico's CNI config as calico.yaml writes it ({@code type: calico}); {@code mtu} is
     * calico-config's {@code veth_mtu}; the fields that do not change the network are accepted and
     * ignored. The pools, BGP settings and peers are the scenario's projectcalico.org/v3 resources.
     */
    private CniSpec calicoConfig(YNode.YMap m) {
        Fields f = Fields.open(m, "cluster.cni (calico)", diags, List.of("type", "name", "cniVersion", "mtu", "ipam",
                "policy", "kubernetes", "datastore_type", "nodename", "log_level", "log_file_path"));
        Long mtu = f.integer("mtu", 0, 65535);
        if (mtu != null && mtu != 0 && mtu < 576) {
            diags.error(f.at("mtu"), "mtu " + mtu + " is below 576; expected 576-65535, or 0 to derive it from the"
                    + " underlay MTU");
            mtu = null;
        }
        YNode ipam = f.node("ipam");
        if (ipam != null) {
            Fields i = Fields.open(ipam, "cluster.cni.ipam", diags, List.of("type", "assign_ipv4", "assign_ipv6"));
            if (i != null && i.has("type")) {
                String t = i.text("type");
                if (t != null && !t.equals("calico-ipam")) {
                    diags.error(i.at("type"), "ipam type '" + t + "' is not supported with Calico; expected calico-ipam");
                }
            }
        }
        return new CniSpec.Calico("cni-config", m.location(), "calico", mtu == null ? 0 : mtu.intValue(), f.at("mtu"),
                null);
    }

    private boolean hairpin(Fields d) {
        YNode n = d.node("hairpinMode");
        if (n == null) {
            return true; // the kube-flannel manifest sets hairpinMode: true
        }
        if (n instanceof YNode.YScalar s) {
            switch (s.text()) {
                case "true":
                    return true;
                case "false":
                case "none":
                    return false;
                default:
                    break;
            }
        }
        diags.error(n.location(), "hairpinMode must be true, false or none, not " + n.describe());
        return false;
    }

    private CniSpec netConfText(YNode.YScalar s) {
        Diagnostics inner = new Diagnostics();
        List<YNode> roots = YamlTrees.parse(s.text(), "net-conf.json", inner);
        if (inner.hasErrors() || roots.size() != 1) {
            String why = inner.hasErrors() ? inner.sorted().get(0).render() : "expected one JSON object";
            diags.error(s.location(), "the net-conf.json text is not valid: " + why
                    + "; expected e.g. {\"Network\": \"10.244.0.0/16\", \"Backend\": {\"Type\": \"vxlan\"}}");
            return null;
        }
        // Positions inside a string are reported at the string itself.
        Diagnostics local = new Diagnostics();
        CniSpec spec = new CniReader(local).netConf(roots.get(0), "net-conf");
        local.sorted().forEach(d -> diags.add(new io.podnet.scenarios.source.Diagnostic(s.location(), d.severity(),
                "in net-conf.json at " + d.location().line() + ":" + d.location().column() + ": " + d.message())));
        if (spec instanceof CniSpec.Flannel fl) {
            return new CniSpec.Flannel(fl.form(), s.location(), fl.network(), s.location(), fl.subnetLen(),
                    s.location(), fl.backend(), s.location(), fl.port(), fl.vni(), fl.isDefaultGateway(),
                    fl.hairpinMode());
        }
        return spec;
    }

    private CniSpec netConf(YNode node, String form) {
        Fields f = Fields.open(node, "net-conf.json", diags, List.of("Network", "SubnetLen", "SubnetMin", "SubnetMax",
                "EnableIPv4", "EnableIPv6", "IPv6Network", "Backend", "EnableNFTables"));
        if (f == null) {
            return null;
        }
        if (f.has("EnableNFTables")) {
            diags.warning(f.keyAt("EnableNFTables"), "net-conf.json 'EnableNFTables' is accepted, not modelled: podnet"
                    + " writes Flannel's masquerade and forward rules as iptables rules either way");
        }
        for (String later : List.of("SubnetMin", "SubnetMax", "IPv6Network")) {
            if (f.has(later)) {
                diags.error(f.keyAt(later), "net-conf.json '" + later + "' is not supported yet; remove it (node "
                        + "subnets are taken in order from the second subnet of Network)");
            }
        }
        Boolean v4 = f.bool("EnableIPv4");
        if (v4 != null && !v4) {
            diags.error(f.at("EnableIPv4"), "EnableIPv4: false is not supported; podnet simulates IPv4 clusters");
        }
        Boolean v6 = f.bool("EnableIPv6");
        if (v6 != null && v6) {
            diags.error(f.at("EnableIPv6"), "EnableIPv6: true is not supported yet; podnet simulates IPv4 clusters");
        }
        Ipv4Prefix network = network(f, "Network");
        if (!f.has("Network")) {
            diags.error(f.location(), "net-conf.json is missing 'Network' (the cluster pod CIDR, e.g. 10.244.0.0/16)");
        }
        Long subnetLen = f.integer("SubnetLen", 8, 30);
        String backend = "vxlan";
        SourceLocation backendAt = f.location();
        int port = CniSpec.Flannel.DEFAULT_VXLAN_PORT;
        int vni = CniSpec.Flannel.DEFAULT_VNI;
        YNode bn = f.node("Backend");
        if (bn != null) {
            Fields b = Fields.open(bn, "net-conf.json Backend", diags, List.of("Type", "Port", "VNI", "DirectRouting",
                    "MTU", "GBP", "Learning", "MacPrefix", "PSK", "ListenPort", "PersistentKeepaliveInterval", "Mode"));
            if (b != null) {
                String t = b.text("Type");
                if (t != null) {
                    if (BACKENDS.contains(t)) {
                        backend = t;
                        backendAt = b.at("Type");
                    } else {
                        diags.error(b.at("Type"), "Flannel backend '" + t + "' is not supported"
                                + Suggest.didYouMean(t, BACKENDS) + "; expected one of: " + String.join(", ", BACKENDS));
                    }
                } else if (!b.has("Type")) {
                    diags.error(bn.location(), "net-conf.json Backend is missing 'Type'; expected one of: "
                            + String.join(", ", BACKENDS));
                }
                Long p = b.integer("Port", 1, 65535);
                port = p == null ? port : p.intValue();
                Long v = b.integer("VNI", 0, 16_777_215);
                vni = v == null ? vni : v.intValue();
                for (String later : List.of("DirectRouting", "MTU", "GBP", "Learning", "MacPrefix", "PSK",
                        "ListenPort", "PersistentKeepaliveInterval", "Mode")) {
                    if (b.has(later)) {
                        diags.error(b.keyAt(later), "Backend '" + later + "' is not supported yet; remove it");
                    }
                }
            }
        }
        if (network == null) {
            return null;
        }
        return new CniSpec.Flannel(form, node.location(), network, f.at("Network"),
                subnetLen == null ? defaultSubnetLen(network) : subnetLen.intValue(), f.at("SubnetLen"),
                backend, backendAt, port, vni, true, true);
    }

    private Ipv4Prefix network(Fields f, String key) {
        return f.parsed(key, ScenarioLoader::cidr);
    }
}
