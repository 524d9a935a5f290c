package io.podnet.scenarios.load;

import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import io.podnet.scenarios.source.YamlTrees;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.GeneveSpec;
import io.podnet.topology.spec.Origin;
import java.util.List;

/**
 * Reads {@code cluster.cni} in each accepted form: Flannel's CNI config ({@code type: flannel} with
 * a {@code delegate}), Flannel's net-conf.json (a mapping with {@code Network} and {@code Backend},
 * or the same JSON as a string), Calico's CNI config ({@code type: calico}), or a plain design name
 * ({@link CniSpec#DESIGNS}), into topology's CNI spec with the {@link Origin} of the form and of
 * the fields it reports on ({@code network}, {@code subnetLen}, {@code backend}, {@code vethMtu}).
 */
final class CniReader {
    /** Flannel's backend types, as topology's {@link FlannelSpec.Backend} names them. */
    static final List<String> BACKENDS = java.util.Arrays.stream(FlannelSpec.Backend.values())
            .map(FlannelSpec.Backend::text).toList();
    private static final String FORMS = "a Flannel CNI config (type: flannel with a delegate), a Flannel net-conf.json"
            + " ({Network: 10.244.0.0/16, Backend: {Type: vxlan}}), a Calico CNI config (type: calico), or one of the"
            + " names " + String.join(", ", CniSpec.DESIGNS);

    private final Diagnostics diags;

    CniReader(Diagnostics diags) {
        this.diags = diags;
    }

    /** Flannel's VXLAN defaults: UDP port 8472 (Linux's VXLAN port in Flannel), VNI 1. */
    private static final int DEFAULT_VXLAN_PORT = 8472;
    private static final int DEFAULT_VNI = 1;

    /** The default when {@code cni} is absent: Flannel with VXLAN on 10.244.0.0/16. */
    static FlannelSpec defaultFlannel(SourceLocation at) {
        return flannel(FlannelSpec.DEFAULT_NETWORK, 24, FlannelSpec.Backend.VXLAN, DEFAULT_VXLAN_PORT, DEFAULT_VNI, true,
                true, ScenarioLoader.origin(at));
    }

    private static FlannelSpec flannel(Ipv4Prefix network, int subnetLen, FlannelSpec.Backend backend, int port, int vni,
                                       boolean gateway, boolean hairpin, Origin origin) {
        return new FlannelSpec(network, subnetLen, null, null, backend, port, vni, gateway, hairpin, origin);
    }

    /**
     * The SubnetLen: the given one or Flannel's default for the network. One that is not longer
     * than the network's prefix is reported here and stands in as the prefix length (the scenario
     * is rejected; later checks skip it), or -1 when the network is too small for any.
     */
    private int subnetLen(Long given, Ipv4Prefix network, SourceLocation at) {
        int len = given == null ? FlannelSpec.defaultSubnetLen(network) : given.intValue();
        if (len <= network.length()) {
            diags.error(at, "SubnetLen " + len + " must be longer than the pod network prefix /" + network.length()
                    + "; expected e.g. 24 for a /16");
            return network.length() <= 30 ? network.length() : -1;
        }
        return len;
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
                return netConf(m);
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
        CniSpec spec = named(name, s.location());
        if (spec == null) {
            diags.error(s.location(), "unknown CNI '" + name + "'" + Suggest.didYouMean(name, CniSpec.DESIGNS)
                    + "; expected " + FORMS);
        }
        return spec;
    }

    /** The design called {@code name} with its defaults, or null when there is none. */
    static CniSpec named(String name, SourceLocation at) {
        Origin o = ScenarioLoader.origin(at);
        if (name.startsWith("flannel-") && BACKENDS.contains(name.substring("flannel-".length()))) {
            return flannel(FlannelSpec.DEFAULT_NETWORK, 24, FlannelSpec.Backend.parse(name.substring("flannel-".length())),
                    DEFAULT_VXLAN_PORT, DEFAULT_VNI, true, true, o);
        }
        if (name.equals("geneve")) {
            return GeneveSpec.of(FlannelSpec.DEFAULT_NETWORK, o);
        }
        if (name.startsWith("calico") && CniSpec.DESIGNS.contains(name)) {
            return new CalicoSpec(CalicoSpec.Design.byName(name), null, 0, 0, null, o);
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
        int port = DEFAULT_VXLAN_PORT;
        int vni = DEFAULT_VNI;
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
        int len = subnetLen(subnetLen, network, d.at("subnetLen"));
        if (len < 0) {
            return null;
        }
        return flannel(network, len, FlannelSpec.Backend.parse(backend), port,
                vni, gw == null || gw, hairpin, ScenarioLoader.origin(m.location())
                        .with("network", ScenarioLoader.origin(d.at("network")))
                        .with("subnetLen", ScenarioLoader.origin(d.at("subnetLen")))
                        .with("backend", ScenarioLoader.origin(backendAt)));
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
        return new CalicoSpec(CalicoSpec.Design.CALICO, null, 0, mtu == null ? 0 : mtu.intValue(), null,
                ScenarioLoader.origin(m.location()).with("vethMtu", ScenarioLoader.origin(f.at("mtu"))));
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
        CniSpec spec = new CniReader(local).netConf(roots.get(0));
        local.sorted().forEach(d -> diags.add(new io.podnet.scenarios.source.Diagnostic(s.location(), d.severity(),
                "in net-conf.json at " + d.location().line() + ":" + d.location().column() + ": " + d.message())));
        if (spec instanceof FlannelSpec fl) {
            return flannel(fl.network(), fl.subnetLen(), fl.backend(), fl.vxlanPort(), fl.vni(), fl.isDefaultGateway(),
                    fl.hairpinMode(), ScenarioLoader.origin(s.location()));
        }
        return spec;
    }

    private CniSpec netConf(YNode node) {
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
        int port = DEFAULT_VXLAN_PORT;
        int vni = DEFAULT_VNI;
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
        int len = subnetLen(subnetLen, network, f.at("SubnetLen"));
        if (len < 0) {
            return null;
        }
        return flannel(network, len, FlannelSpec.Backend.parse(backend), port,
                vni, true, true, ScenarioLoader.origin(node.location())
                        .with("network", ScenarioLoader.origin(f.at("Network")))
                        .with("subnetLen", ScenarioLoader.origin(f.at("SubnetLen")))
                        .with("backend", ScenarioLoader.origin(backendAt)));
    }

    private Ipv4Prefix network(Fields f, String key) {
        return f.parsed(key, ScenarioLoader::cidr);
    }
}
