package io.podnet.sim.stack;

import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.device.NetDevice;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;

/**
 * A route in a namespace's table: the configuration it came from, bound to its output device.
 *
 * @param config the route as configured ({@link RouteConfig#text()} is how {@code ip route} prints it)
 * @param type   what the route does with a packet
 * @param device the output device (null for blackhole/unreachable/prohibit)
 */
public record Route(RouteConfig config, Type type, NetDevice device) {
    /** Route types as {@code ip route} names them. */
    public enum Type {
        UNICAST, LOCAL, BLACKHOLE, UNREACHABLE, PROHIBIT;

        static Type parse(String text) {
            if (text == null || text.equals("unicast")) {
                return UNICAST;
            }
            return switch (text) {
                case "local" -> LOCAL;
                case "blackhole" -> BLACKHOLE;
                case "unreachable" -> UNREACHABLE;
                case "prohibit" -> PROHIBIT;
                default -> throw new IllegalArgumentException("unknown route type '" + text
                        + "' (expected unicast, local, blackhole, unreachable or prohibit)");
            };
        }
    }

    public Ipv4Prefix destination() {
        return config.destination();
    }

    public Ipv4Address via() {
        return config.via();
    }

    public Ipv4Address src() {
        return config.src();
    }

    /** The neighbour to send to: the gateway, or the destination itself on a direct route. */
    public Ipv4Address nextHop(Ipv4Address dst) {
        return config.via() != null ? config.via() : dst;
    }

    /** The route as {@code ip route} prints it. */
    public String text() {
        return config.text();
    }
}
