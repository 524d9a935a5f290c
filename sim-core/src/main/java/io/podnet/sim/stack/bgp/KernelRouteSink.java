package io.podnet.sim.stack.bgp;

import io.podnet.sim.bgp.BgpSpeaker;
import io.podnet.sim.bgp.PathAttributes;
import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.Route;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;

/**
 * Programs a speaker's best routes into its namespace's main table, as BIRD's kernel protocol does
 * under Calico ({@code proto bird}): a learned prefix inside a pool with an export rule goes
 * {@code via NH dev <rule device> [onlink]} (IPIP: {@code dev tunl0 onlink}); with a CrossSubnet
 * rule only when the next hop is outside the node's own underlay subnet, else like a prefix with no
 * rule: {@code via NH dev <underlay device>} (or, without an underlay device, through whichever
 * device reaches NH; a next hop on no connected subnet is resolved recursively, as BIRD does for
 * iBGP, to the gateway of the route towards it). A withdrawn prefix's route is removed. Static routes of the same prefix
 * (another {@code proto}) are never touched. Each change is a ROUTE trace event on
 * {@code NAMESPACE/bird}, and is reported to the {@link Listener}.
 */
final class KernelRouteSink implements BgpSpeaker.RouteSink {
    /** Hears every change this sink makes (for convergence measurement). */
    interface Listener {
        void routeChanged(String namespace, Ipv4Prefix prefix, String change);
    }

    static final String PROTO = "bird";

    private final NetNamespace ns;
    private final BgpDaemonConfig daemon;
    private final Listener listener;

    KernelRouteSink(NetNamespace ns, BgpDaemonConfig daemon, Listener listener) {
        this.ns = ns;
        this.daemon = daemon;
        this.listener = listener;
    }

    @Override
    public void onBestRoute(String speaker, Ipv4Prefix prefix, Ipv4Address nextHop, PathAttributes attributes) {
        if (!ns.isUp()) {
            return;
        }
        Route existing = ns.routes().get(prefix);
        if (existing != null && !PROTO.equals(existing.config().proto())) {
            remark("BIRD leaves " + existing.text() + " alone: a route of proto " + existing.config().proto()
                    + " already holds " + prefix);
            return;
        }
        if (nextHop == null) {
            if (existing != null) {
                ns.routes().remove(prefix);
                note(prefix, "BIRD removes " + existing.text() + ": no peer announces " + prefix + " any more",
                        "withdrawn " + existing.text(), null, null);
                listener.routeChanged(ns.name(), prefix, "removed");
            }
            return;
        }
        RouteConfig rc = routeFor(prefix, nextHop);
        Route installed;
        try {
            installed = existing == null ? ns.addRoute(rc) : ns.replaceRoute(rc);
        } catch (IllegalArgumentException e) {
            remark("BIRD cannot install " + rc.text() + ": " + e.getMessage());
            return;
        }
        if (existing != null && existing.text().equals(installed.text())) {
            return;
        }
        String why = existing == null ? "BIRD installs " : "BIRD replaces " + existing.text() + " with ";
        note(prefix, why + installed.text() + " (best path to " + prefix + ", next hop " + nextHop
                + (attributes != null && attributes.originatorId() != null ? ", originated by " + attributes.originatorId()
                : "") + ")", installed.text(), nextHop, installed.device() == null ? null : installed.device().name());
        listener.routeChanged(ns.name(), prefix, existing == null ? "added" : "replaced");
    }

    /** The route BIRD would program for {@code prefix} via {@code nextHop}. */
    RouteConfig routeFor(Ipv4Prefix prefix, Ipv4Address nextHop) {
        for (BgpDaemonConfig.BgpExportRule rule : daemon.exportRules()) {
            if (!rule.pool().contains(prefix.network())) {
                continue;
            }
            if (rule.crossSubnetOnly() && sameSubnet(nextHop)) {
                break; // CrossSubnet: within the subnet the route goes natively
            }
            return new RouteConfig("unicast", prefix, nextHop, rule.device(), rule.onlink(), "global", null, PROTO);
        }
        return nativeRoute(prefix, nextHop);
    }

    /**
     * {@code via NH dev D} where D reaches NH directly (the underlay device when it does); a next hop
     * that is not on a connected subnet is resolved recursively through the table, as BIRD does for
     * iBGP ({@code gateway recursive}): the route takes the gateway of the route towards NH.
     */
    private RouteConfig nativeRoute(Ipv4Prefix prefix, Ipv4Address nextHop) {
        String dev = daemon.underlayDevice();
        if (dev != null && onSubnet(ns.device(dev), nextHop)) {
            return new RouteConfig("unicast", prefix, nextHop, dev, false, "global", null, PROTO);
        }
        Route towards = ns.routes().lookup(nextHop);
        if (towards != null && towards.type() == Route.Type.UNICAST && towards.device() != null) {
            if (towards.via() == null) {
                return new RouteConfig("unicast", prefix, nextHop, towards.device().name(), false, "global", null, PROTO);
            }
            return new RouteConfig("unicast", prefix, towards.via(), towards.device().name(), towards.config().onlink(),
                    "global", null, PROTO);
        }
        return new RouteConfig("unicast", prefix, nextHop, dev, false, "global", null, PROTO);
    }

    private static boolean onSubnet(NetDevice d, Ipv4Address a) {
        if (d == null) {
            return false;
        }
        for (Ipv4Prefix p : d.addresses()) {
            if (p.length() < 32 && p.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private boolean sameSubnet(Ipv4Address nextHop) {
        String dev = daemon.underlayDevice();
        return dev != null && onSubnet(ns.device(dev), nextHop);
    }

    /** Something BIRD did not do: a NOTE without a route decision, so it never counts as a route change. */
    private void remark(String explanation) {
        ns.tracer().emit(-1, null, ns.name(), "bird", EventKind.NOTE, explanation, null, null, null);
    }

    /** A route change: a ROUTE event with the route as {@code ip route} prints it ("removes" for a withdrawal). */
    private void note(Ipv4Prefix prefix, String explanation, String text, Ipv4Address nh, String dev) {
        ns.tracer().emit(-1, null, ns.name(), "bird", EventKind.ROUTE, explanation, null, null,
                new Decision.RouteMatch("main", text, nh == null ? null : nh.toString(), dev));
    }
}
