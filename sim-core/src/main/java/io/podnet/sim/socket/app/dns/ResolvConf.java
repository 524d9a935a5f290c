package io.podnet.sim.socket.app.dns;

import io.podnet.sim.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's {@code /etc/resolv.conf} as kubelet writes it for {@code dnsPolicy: ClusterFirst}, and the
 * order in which glibc's resolver tries names with it.
 *
 * @param nameservers  the servers (kubelet: the kube-dns ClusterIP)
 * @param search       the search list ({@code NS.svc.cluster.local svc.cluster.local cluster.local})
 * @param ndots        names with at least this many dots are tried as given first (kubelet: 5)
 * @param timeoutNanos how long to wait for an answer before sending the query again (glibc: 5 s)
 * @param attempts     how many times a query is sent (glibc: 2)
 */
public record ResolvConf(List<Ipv4Address> nameservers, List<String> search, int ndots, long timeoutNanos,
                         int attempts) {
    public ResolvConf {
        if (nameservers == null || nameservers.isEmpty()) {
            throw new IllegalArgumentException("resolv.conf needs a nameserver");
        }
        nameservers = List.copyOf(nameservers);
        search = List.copyOf(search);
        if (ndots < 0 || ndots > 15 || attempts < 1 || timeoutNanos <= 0) {
            throw new IllegalArgumentException("resolv.conf options out of range: ndots " + ndots + ", attempts "
                    + attempts + ", timeout " + timeoutNanos + " ns");
        }
    }

    /**
     * The names glibc queries for {@code name}, in order: a name ending in a dot only as given;
     * a name with at least {@code ndots} dots as given first, then with each search domain; any
     * other name with each search domain first, then as given.
     */
    public List<String> candidates(String name) {
        if (name.endsWith(".")) {
            return List.of(name.substring(0, name.length() - 1));
        }
        long dots = name.chars().filter(c -> c == '.').count();
        List<String> out = new ArrayList<>();
        if (dots >= ndots) {
            out.add(name);
        }
        for (String s : search) {
            out.add(name + "." + s);
        }
        if (dots < ndots) {
            out.add(name);
        }
        return out;
    }

    /** The file's text. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Ipv4Address ns : nameservers) {
            sb.append("nameserver ").append(ns).append('\n');
        }
        if (!search.isEmpty()) {
            sb.append("search ").append(String.join(" ", search)).append('\n');
        }
        sb.append("options ndots:").append(ndots).append('\n');
        return sb.toString();
    }
}
