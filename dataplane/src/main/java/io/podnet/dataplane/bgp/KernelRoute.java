package io.podnet.dataplane.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A route as compared between the simulator and the kernel: type, destination, gateway, device and
 * {@code onlink}. Metrics and protocols are not part of it (both sides write {@code proto bird}).
 */
public record KernelRoute(String type, Ipv4Prefix dst, Ipv4Address via, String dev, boolean onlink)
        implements Comparable<KernelRoute> {
    private static final ObjectMapper JSON = new ObjectMapper();

    public KernelRoute {
        type = type == null ? "unicast" : type;
        dst = dst.canonical();
    }

    public static KernelRoute blackhole(Ipv4Prefix dst) {
        return new KernelRoute("blackhole", dst, null, null, false);
    }

    public static KernelRoute of(RouteConfig r) {
        return new KernelRoute(r.type(), r.destination(), r.via(), "blackhole".equals(r.type()) ? null : r.device(), r.onlink());
    }

    /** Parses the output of {@code ip -j route show ...}. */
    public static List<KernelRoute> parseJson(String text) {
        List<KernelRoute> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("ip -j route printed something that is not JSON: " + e.getMessage());
        }
        for (JsonNode r : root) {
            String dst = r.path("dst").asText("");
            Ipv4Prefix p = "default".equals(dst) ? Ipv4Prefix.DEFAULT : Ipv4Prefix.parse(dst);
            String type = r.has("type") ? r.get("type").asText() : "unicast";
            Ipv4Address gw = r.has("gateway") ? Ipv4Address.parse(r.get("gateway").asText()) : null;
            String dev = r.has("dev") ? r.get("dev").asText() : null;
            boolean onlink = false;
            for (JsonNode f : r.path("flags")) {
                onlink |= "onlink".equals(f.asText());
            }
            out.add(new KernelRoute(type, p, gw, dev, onlink));
        }
        out.sort(null);
        return out;
    }

    /** As {@code ip route show} prints it (without proto and metric). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (!"unicast".equals(type)) {
            sb.append(type).append(' ');
        }
        sb.append(dst.length() == 0 ? "default" : dst.toString());
        if (via != null) {
            sb.append(" via ").append(via);
        }
        if (dev != null) {
            sb.append(" dev ").append(dev);
        }
        if (onlink) {
            sb.append(" onlink");
        }
        return sb.toString();
    }

    @Override
    public int compareTo(KernelRoute o) {
        int c = dst.network().compareTo(o.dst.network());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(dst.length(), o.dst.length());
        return c != 0 ? c : text().compareTo(o.text());
    }

    @Override
    public String toString() {
        return text();
    }
}
