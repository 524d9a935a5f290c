package io.podnet.topology.spec.calico;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.TopologyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns Calico resources, as {@code calicoctl apply} takes them ({@code apiVersion:
 * projectcalico.org/v3}, also {@code crd.projectcalico.org/v1}) and as the scenario parser passes them
 * (fabric8 {@link GenericKubernetesResource}s), into typed records. Kinds: {@code IPPool},
 * {@code BGPConfiguration}, {@code BGPPeer}, {@code Node}, {@code IPAMConfiguration}.
 *
 * <p>Every problem is a {@link TopologyException} whose subject is {@code kind/name} in lower case
 * (e.g. {@code ippool/default-ipv4-ippool}) and whose message names the field, the value and what is
 * accepted. Unknown spec fields are refused (as calicoctl's strict decoding does), except the
 * documented ones that do not change routing, which are accepted and ignored.
 */
public final class CalicoResourceReader {
    private static final Set<String> POOL_FIELDS = Set.of("cidr", "blockSize", "ipipMode", "vxlanMode", "natOutgoing",
            "nodeSelector", "disabled", "disableBGPExport", "allowedUses", "assignmentMode", "ipip", "nat-outgoing");
    private static final Set<String> BGPCONF_FIELDS = Set.of("nodeToNodeMeshEnabled", "asNumber", "logSeverityScreen",
            "serviceClusterIPs", "serviceExternalIPs", "serviceLoadBalancerIPs", "listenPort", "bindMode", "communities",
            "prefixAdvertisements", "ignoredInterfaces", "nodeMeshMaxRestartTime", "nodeMeshPassword");
    private static final Set<String> PEER_FIELDS = Set.of("node", "nodeSelector", "peerIP", "asNumber", "peerSelector",
            "keepOriginalNextHop", "password", "sourceAddress", "maxRestartTime", "numAllowedLocalASNumbers", "ttlSecurity",
            "reachableBy", "filters", "localWorkloadSelector", "nextHopMode", "reversePeering");
    private static final Set<String> IPAM_FIELDS = Set.of("strictAffinity", "maxBlocksPerHost", "kubeVirtVMAddressPersistence");
    private static final Set<String> NODE_FIELDS = Set.of("bgp", "addresses", "orchRefs", "wireguard", "ipv4VXLANTunnelAddr",
            "vxlanTunnelMACAddr");
    private static final Set<String> NODE_BGP_FIELDS = Set.of("ipv4Address", "asNumber", "routeReflectorClusterID",
            "ipv4IPIPTunnelAddr");

    private CalicoResourceReader() {}

    /** Whether an object is a Calico resource this reader handles (by API group). */
    public static boolean isCalico(HasMetadata o) {
        String api = o.getApiVersion();
        return o instanceof GenericKubernetesResource && api != null
                && (api.startsWith("projectcalico.org/") || api.startsWith("crd.projectcalico.org/"));
    }

    /** Reads the Calico resources among {@code objects} (others are skipped), in input order. */
    public static CalicoResources read(List<? extends HasMetadata> objects) {
        List<IpPool> pools = new ArrayList<>();
        List<BgpPeer> peers = new ArrayList<>();
        List<CalicoNode> nodes = new ArrayList<>();
        BgpConfiguration bgp = null;
        IpamConfiguration ipam = null;
        Set<String> seen = new TreeSet<>();
        for (HasMetadata o : objects) {
            if (!isCalico(o)) {
                continue;
            }
            GenericKubernetesResource r = (GenericKubernetesResource) o;
            String kind = r.getKind() == null ? "" : r.getKind();
            String name = r.getMetadata() == null ? null : r.getMetadata().getName();
            String subject = kind.toLowerCase(Locale.ROOT) + "/" + (name == null ? "?" : name);
            if (name == null || name.isBlank()) {
                throw new TopologyException(subject, "a Calico " + kind + " has no metadata.name");
            }
            if (!seen.add(kind + "/" + name)) {
                throw new TopologyException(subject, "Calico " + kind + " " + name + " is declared twice; rename one");
            }
            Map<String, Object> spec = spec(r, subject);
            try {
                switch (kind) {
                    case "IPPool":
                        pools.add(pool(name, spec, subject));
                        break;
                    case "BGPConfiguration":
                        if (!"default".equals(name)) {
                            throw new TopologyException(subject, "BGPConfiguration " + name + " is not supported: only the"
                                    + " global one named 'default' is (per-node settings go on the Calico Node resource)");
                        }
                        checkFields(spec, "spec", BGPCONF_FIELDS, subject, kind);
                        long port = number(spec, "spec", "listenPort", BgpConfiguration.DEFAULT_PORT, subject);
                        if (port < 1 || port > 65535) {
                            throw new TopologyException(subject, "spec.listenPort", "listenPort " + port + " is not a port; accepted: 1-65535"
                                    + " (default 179)");
                        }
                        bgp = new BgpConfiguration(bool(spec, "spec", "nodeToNodeMeshEnabled", true, subject),
                                number(spec, "spec", "asNumber", BgpConfiguration.DEFAULT_AS, subject), (int) port,
                                serviceClusterIps(spec, subject));
                        break;
                    case "BGPPeer":
                        peers.add(peer(name, spec, subject));
                        break;
                    case "Node":
                        nodes.add(node(name, r, spec, subject));
                        break;
                    case "FelixConfiguration":
                        break; // every field accepted, not modelled (the scenario loader warns each one)
                    case "IPAMConfiguration":
                        if (!"default".equals(name)) {
                            throw new TopologyException(subject, "IPAMConfiguration must be named 'default', was " + name);
                        }
                        checkFields(spec, "spec", IPAM_FIELDS, subject, kind);
                        ipam = new IpamConfiguration(bool(spec, "spec", "strictAffinity", false, subject),
                                (int) number(spec, "spec", "maxBlocksPerHost", IpamConfiguration.DEFAULT.maxBlocksPerHost(), subject));
                        break;
                    default:
                        throw new TopologyException(subject, "Calico kind " + kind + " (" + r.getApiVersion()
                                + ") is not supported; accepted: IPPool, BGPConfiguration, BGPPeer, Node, IPAMConfiguration, FelixConfiguration");
                }
            } catch (IllegalArgumentException e) {
                throw new TopologyException(subject, e instanceof InvalidFieldException f ? f.field() : null, e.getMessage());
            }
        }
        for (int i = 0; i < pools.size(); i++) {
            for (int j = i + 1; j < pools.size(); j++) {
                if (pools.get(i).cidr().overlaps(pools.get(j).cidr())) {
                    throw new TopologyException("ippool/" + pools.get(j).name(), "IPPools " + pools.get(i).name() + " ("
                            + pools.get(i).cidr() + ") and " + pools.get(j).name() + " (" + pools.get(j).cidr()
                            + ") overlap; Calico refuses overlapping pools");
                }
            }
        }
        return new CalicoResources(pools, bgp, peers, nodes, ipam);
    }

    /** {@code serviceClusterIPs: [{cidr: 10.96.0.0/12}]}: IPv4 CIDRs (IPv6 ones are refused: podnet is IPv4). */
    private static List<Ipv4Prefix> serviceClusterIps(Map<String, Object> spec, String subject) {
        Object v = spec.get("serviceClusterIPs");
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new TopologyException(subject, "spec.serviceClusterIPs", "serviceClusterIPs must be a list of {cidr: CIDR}; accepted:"
                    + " serviceClusterIPs: [{cidr: 10.96.0.0/12}]");
        }
        List<Ipv4Prefix> out = new ArrayList<>();
        for (Object e : list) {
            Object cidr = e instanceof Map<?, ?> m ? m.get("cidr") : null;
            if (!(e instanceof Map<?, ?> m) || cidr == null || m.size() != 1) {
                throw new TopologyException(subject, "spec.serviceClusterIPs", "serviceClusterIPs entry '" + e + "' is not {cidr: CIDR}; accepted:"
                        + " serviceClusterIPs: [{cidr: 10.96.0.0/12}]");
            }
            try {
                out.add(Ipv4Prefix.parse(String.valueOf(cidr)));
            } catch (IllegalArgumentException ex) {
                throw new TopologyException(subject, "spec.serviceClusterIPs", "serviceClusterIPs cidr '" + cidr + "' is not an IPv4 CIDR; accepted:"
                        + " ADDRESS/LENGTH such as 10.96.0.0/12 (podnet models IPv4 only)");
            }
        }
        return out;
    }

    private static IpPool pool(String name, Map<String, Object> spec, String subject) {
        checkFields(spec, "spec", POOL_FIELDS, subject, "IPPool");
        if (spec.containsKey("ipip") || spec.containsKey("nat-outgoing")) {
            throw new TopologyException(subject, spec.containsKey("ipip") ? "spec.ipip" : "spec.nat-outgoing", "IPPool " + name + " uses the v1 fields ipip / nat-outgoing; write"
                    + " projectcalico.org/v3 fields instead: ipipMode (Never|Always|CrossSubnet) and natOutgoing");
        }
        String cidrText = string(spec, "spec", "cidr", null, subject);
        if (cidrText == null) {
            throw new TopologyException(subject, "spec.cidr", "IPPool " + name + " has no spec.cidr (e.g. 192.168.0.0/16)");
        }
        Ipv4Prefix cidr;
        try {
            cidr = Ipv4Prefix.parse(cidrText);
        } catch (RuntimeException e) {
            throw new TopologyException(subject, "spec.cidr", "IPPool " + name + " spec.cidr '" + cidrText
                    + "' is not an IPv4 CIDR (e.g. 192.168.0.0/16); IPv6 pools are not simulated");
        }
        EncapMode ipip = mode(spec, "spec", "ipipMode", subject);
        EncapMode vxlan = mode(spec, "spec", "vxlanMode", subject);
        String sel = string(spec, "spec", "nodeSelector", null, subject);
        return new IpPool(name, cidr, (int) number(spec, "spec", "blockSize", IpPool.DEFAULT_BLOCK_SIZE, subject), ipip, vxlan,
                bool(spec, "spec", "natOutgoing", false, subject), sel == null ? null : selector(sel, "spec", "nodeSelector", subject),
                bool(spec, "spec", "disabled", false, subject), bool(spec, "spec", "disableBGPExport", false, subject));
    }

    private static BgpPeer peer(String name, Map<String, Object> spec, String subject) {
        checkFields(spec, "spec", PEER_FIELDS, subject, "BGPPeer");
        String node = string(spec, "spec", "node", null, subject);
        String nodeSel = string(spec, "spec", "nodeSelector", null, subject);
        String peerSel = string(spec, "spec", "peerSelector", null, subject);
        String ip = string(spec, "spec", "peerIP", null, subject);
        Ipv4Address peerIp = null;
        if (ip != null) {
            String host = ip;
            if (host.contains(":") && host.indexOf(':') == host.lastIndexOf(':')) {
                host = host.substring(0, host.indexOf(':'));
            }
            try {
                peerIp = Ipv4Address.parse(host);
            } catch (RuntimeException e) {
                throw new TopologyException(subject, "spec.peerIP", "BGPPeer " + name + " peerIP '" + ip + "' is not an IPv4 address");
            }
        }
        return new BgpPeer(name, node, nodeSel == null ? null : selector(nodeSel, "spec", "nodeSelector", subject), peerIp,
                number(spec, "spec", "asNumber", 0, subject), peerSel == null ? null : selector(peerSel, "spec", "peerSelector", subject));
    }

    @SuppressWarnings("unchecked")
    private static CalicoNode node(String name, GenericKubernetesResource r, Map<String, Object> spec, String subject) {
        checkFields(spec, "spec", NODE_FIELDS, subject, "Node");
        Map<String, String> labels = r.getMetadata().getLabels() == null ? Map.of() : r.getMetadata().getLabels();
        Object bgpObj = spec.get("bgp");
        long asn = 0;
        Ipv4Address cid = null;
        if (bgpObj != null) {
            if (!(bgpObj instanceof Map)) {
                throw new TopologyException(subject, "spec.bgp", "Node " + name + " spec.bgp must be a mapping");
            }
            Map<String, Object> bgp = (Map<String, Object>) bgpObj;
            checkFields(bgp, "spec.bgp", NODE_BGP_FIELDS, subject, "Node spec.bgp");
            asn = number(bgp, "spec.bgp", "asNumber", 0, subject);
            String c = string(bgp, "spec.bgp", "routeReflectorClusterID", null, subject);
            if (c != null) {
                try {
                    cid = Ipv4Address.parse(c);
                } catch (RuntimeException e) {
                    throw new TopologyException(subject, "spec.bgp.routeReflectorClusterID", "Node " + name + " spec.bgp.routeReflectorClusterID '" + c
                            + "' is not an IPv4 address (e.g. 244.0.0.1)");
                }
            }
        }
        return new CalicoNode(name, labels, asn, cid);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r, String subject) {
        Object s = r.getAdditionalProperties().get("spec");
        if (s == null) {
            return Map.of();
        }
        if (!(s instanceof Map)) {
            throw new TopologyException(subject, "spec", "spec must be a mapping");
        }
        return new LinkedHashMap<>((Map<String, Object>) s);
    }

    private static void checkFields(Map<String, Object> spec, String path, Set<String> accepted, String subject, String kind) {
        for (String k : spec.keySet()) {
            if (!accepted.contains(k)) {
                throw new TopologyException(subject, path + "." + k, kind + " field '" + k + "' is not known; accepted: "
                        + String.join(", ", new TreeSet<>(accepted)));
            }
        }
    }

    private static EncapMode mode(Map<String, Object> spec, String path, String field, String subject) {
        String v = string(spec, path, field, null, subject);
        if (v == null) {
            return EncapMode.NEVER;
        }
        EncapMode m = EncapMode.parse(v);
        if (m == null) {
            throw new TopologyException(subject, path + "." + field, field + " '" + v + "' is not valid; accepted: Never|Always|CrossSubnet");
        }
        return m;
    }

    private static Selector selector(String text, String path, String field, String subject) {
        try {
            return Selector.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TopologyException(subject, path + "." + field, field + ": " + e.getMessage());
        }
    }

    private static String string(Map<String, Object> spec, String path, String field, String dflt, String subject) {
        Object v = spec.get(field);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new TopologyException(subject, path + "." + field, field + " must be a string, was " + v);
    }

    private static boolean bool(Map<String, Object> spec, String path, String field, boolean dflt, String subject) {
        Object v = spec.get(field);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.parseBoolean((String) v);
        }
        throw new TopologyException(subject, path + "." + field, field + " must be true or false, was " + v);
    }

    private static long number(Map<String, Object> spec, String path, String field, long dflt, String subject) {
        Object v = spec.get(field);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (v instanceof String s && s.matches("[0-9]{1,10}")) {
            return Long.parseLong(s);
        }
        throw new TopologyException(subject, path + "." + field, field + " must be a whole number, was " + v);
    }

    /** Labels merged from the cluster node and its Calico Node resource (the resource's win). */
    public static Map<String, String> mergedLabels(Map<String, String> nodeLabels, CalicoNode calico) {
        Map<String, String> m = new TreeMap<>(nodeLabels);
        if (calico != null) {
            m.putAll(calico.labels());
        }
        return m;
    }
}
