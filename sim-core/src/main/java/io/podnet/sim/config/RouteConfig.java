package io.podnet.sim.config;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;

/**
 * A route as {@code ip route add} takes it.
 *
 * @param type   {@code unicast}, {@code blackhole}, {@code unreachable} or {@code local}
 * @param via    gateway, or null for a directly connected route
 * @param device output device, or null (blackhole)
 * @param onlink treat the gateway as on-link even if no address covers it
 * @param scope  {@code global}, {@code link} or {@code host}
 * @param src    preferred source address, or null
 * @param proto  who installed it: {@code kernel}, {@code boot}, {@code static}, {@code bird}...
 */
public record RouteConfig(String type, Ipv4Prefix destination, Ipv4Address via, String device, boolean onlink,
                          String scope, Ipv4Address src, String proto) {
    public static RouteConfig connected(Ipv4Prefix dst, String dev, Ipv4Address src) {
        return new RouteConfig("unicast", dst.canonical(), null, dev, false, "link", src, "kernel");
    }

    public static RouteConfig via(Ipv4Prefix dst, Ipv4Address gw, String dev, boolean onlink) {
        return new RouteConfig("unicast", dst.canonical(), gw, dev, onlink, "global", null, "static");
    }

    /** The route as {@code ip route show} prints it. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (!"unicast".equals(type)) {
            sb.append(type).append(' ');
        }
        sb.append(destination.length() == 0 ? "default" : destination.toString());
        if (via != null) {
            sb.append(" via ").append(via);
        }
        if (device != null) {
            sb.append(" dev ").append(device);
        }
        if (proto != null && !"boot".equals(proto) && !"static".equals(proto)) {
            sb.append(" proto ").append(proto);
        }
        if (scope != null && !"global".equals(scope)) {
            sb.append(" scope ").append(scope);
        }
        if (src != null) {
            sb.append(" src ").append(src);
        }
        if (onlink) {
            sb.append(" onlink");
        }
        return sb.toString();
    }
}
