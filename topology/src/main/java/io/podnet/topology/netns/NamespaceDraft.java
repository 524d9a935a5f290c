package io.podnet.topology.netns;

import io.podnet.sim.config.EntryList;
import io.podnet.sim.config.FdbConfig;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NeighbourConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.sim.config.SharedEntries;
import io.podnet.sim.config.Sysctls;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A network namespace being assembled by the renderer, the CNI plugin and kube-proxy, each adding
 * what it would program on a real node. {@link #build()} freezes it into a
 * {@link NamespaceConfig}; routes come out in {@code ip route show} order (by destination network,
 * shorter prefix first), everything else in the order it was added.
 *
 * <p>Entries every node holds alike (a CNI's entries for each remote node) can be added as a
 * {@link EntryList.Shared} part of a {@link SharedEntries}: the built lists then refer to the
 * shared entries instead of copying them ({@link EntryList}), with the same elements in the same
 * order as if each entry had been added one by one. Shared routes keep that promise without
 * copying when their entries are sorted by {@link #ROUTE_ORDER}; otherwise they are copied.
 */
public final class NamespaceDraft {
    /** The order of {@code ip route show}: by destination network (unsigned), then prefix length. */
    public static final Comparator<RouteConfig> ROUTE_ORDER = Comparator
            .<RouteConfig>comparingLong(r -> Integer.toUnsignedLong(r.destination().network().bits()))
            .thenComparingInt(r -> r.destination().length());

    private final String name;
    private final String role;
    private final String owner;
    private final List<InterfaceConfig> interfaces = new ArrayList<>();
    private final List<RouteConfig> routes = new ArrayList<>();
    private final List<NeighbourConfig> neighbours = new ArrayList<>();
    private final List<FdbConfig> fdb = new ArrayList<>();
    // Shared parts, each with the number of own entries added before it.
    private final List<Placed<RouteConfig>> sharedRoutes = new ArrayList<>();
    private final List<Placed<NeighbourConfig>> sharedNeighbours = new ArrayList<>();
    private final List<Placed<FdbConfig>> sharedFdb = new ArrayList<>();

    private record Placed<T>(EntryList.Shared<T> part, int ownBefore) {
    }
    private Sysctls sysctls = Sysctls.HOST;
    private String iptables = "";
    private String nftables = "";

    public NamespaceDraft(String name, String role, String owner) {
        this.name = name;
        this.role = role;
        this.owner = owner;
    }

    public String name() {
        return name;
    }

    public String role() {
        return role;
    }

    public NamespaceDraft addInterface(InterfaceConfig i) {
        for (InterfaceConfig existing : interfaces) {
            if (existing.name().equals(i.name())) {
                throw new IllegalStateException("namespace " + name + " already has an interface " + i.name());
            }
        }
        interfaces.add(i);
        return this;
    }

    public NamespaceDraft addRoute(RouteConfig r) {
        routes.add(r);
        return this;
    }

    public NamespaceDraft addNeighbour(NeighbourConfig n) {
        neighbours.add(n);
        return this;
    }

    public NamespaceDraft addFdb(FdbConfig f) {
        fdb.add(f);
        return this;
    }

    /** Routes every node holds alike, as one shared part (see the class comment). */
    public NamespaceDraft addRoutes(EntryList.Shared<RouteConfig> shared) {
        sharedRoutes.add(new Placed<>(shared, routes.size()));
        return this;
    }

    /** Permanent neighbours every node holds alike, as one shared part, after those added so far. */
    public NamespaceDraft addNeighbours(EntryList.Shared<NeighbourConfig> shared) {
        sharedNeighbours.add(new Placed<>(shared, neighbours.size()));
        return this;
    }

    /** FDB entries every node holds alike, as one shared part, after those added so far. */
    public NamespaceDraft addFdb(EntryList.Shared<FdbConfig> shared) {
        sharedFdb.add(new Placed<>(shared, fdb.size()));
        return this;
    }

    public NamespaceDraft sysctls(Sysctls s) {
        this.sysctls = s;
        return this;
    }

    /** The sysctls set so far. */
    public Sysctls sysctls() {
        return sysctls;
    }

    /** The iptables-restore text set so far. */
    public String iptables() {
        return iptables;
    }

    public NamespaceDraft iptables(String restoreText) {
        this.iptables = restoreText == null ? "" : restoreText;
        return this;
    }

    /** The nft -f text set so far (kube-proxy's nftables mode). */
    public String nftables() {
        return nftables;
    }

    public NamespaceDraft nftables(String nftText) {
        this.nftables = nftText == null ? "" : nftText;
        return this;
    }

    private io.podnet.sim.config.IpvsConfig ipvs = io.podnet.sim.config.IpvsConfig.NONE;

    /** The IPVS table and IP sets set so far (kube-proxy's IPVS mode). */
    public io.podnet.sim.config.IpvsConfig ipvs() {
        return ipvs;
    }

    public NamespaceDraft ipvs(io.podnet.sim.config.IpvsConfig config) {
        this.ipvs = config == null ? io.podnet.sim.config.IpvsConfig.NONE : config;
        return this;
    }

    public List<InterfaceConfig> interfaces() {
        return List.copyOf(interfaces);
    }

    public NamespaceConfig build() {
        return new NamespaceConfig(name, role, owner, interfaces, sortedRoutes(), inOrder(neighbours, sharedNeighbours),
                inOrder(fdb, sharedFdb), sysctls, iptables, nftables, ipvs);
    }

    /** Own entries with the shared parts where they were added. */
    private static <T> List<T> inOrder(List<T> own, List<Placed<T>> shared) {
        if (shared.isEmpty()) {
            return own;
        }
        List<EntryList.Part<T>> parts = new ArrayList<>();
        int at = 0;
        for (Placed<T> p : shared) {
            parts.add(new EntryList.Own<>(own.subList(at, p.ownBefore())));
            parts.add(p.part());
            at = p.ownBefore();
        }
        parts.add(new EntryList.Own<>(own.subList(at, own.size())));
        return EntryList.of(parts);
    }

    /**
     * The routes in {@link #ROUTE_ORDER}, stable (equal keys keep the order they were added in).
     * With one shared part whose entries are sorted by that order, a merge of the own routes into
     * ranges of it; otherwise a sorted copy of everything.
     */
    private List<RouteConfig> sortedRoutes() {
        if (sharedRoutes.size() == 1 && sharedRoutes.get(0).part().entries().order() == ROUTE_ORDER
                && sharedRoutes.get(0).part().from() == 0
                && sharedRoutes.get(0).part().to() == sharedRoutes.get(0).part().entries().size()) {
            return merged(sharedRoutes.get(0));
        }
        List<RouteConfig> sorted = new ArrayList<>(inOrder(routes, sharedRoutes));
        sorted.sort(ROUTE_ORDER);
        return sorted;
    }

    /**
     * The stable sort of (own routes added before the shared part, the shared part, own routes
     * added after it) as parts: an own route added before goes ahead of shared routes with an equal
     * key, one added after goes behind them.
     */
    private List<RouteConfig> merged(Placed<RouteConfig> placed) {
        EntryList.Shared<RouteConfig> part = placed.part();
        SharedEntries<RouteConfig> shared = part.entries();
        Integer[] order = new Integer[routes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> ROUTE_ORDER.compare(routes.get(a), routes.get(b)));
        List<EntryList.Part<RouteConfig>> parts = new ArrayList<>();
        List<RouteConfig> run = new ArrayList<>();
        int prev = 0;
        for (int i : order) {
            RouteConfig r = routes.get(i);
            int pos = bound(shared, r, i >= placed.ownBefore());
            if (pos > prev) {
                if (!run.isEmpty()) {
                    parts.add(new EntryList.Own<>(run));
                    run = new ArrayList<>();
                }
                parts.add(new EntryList.Shared<>(shared, prev, pos, part.except()));
                prev = pos;
            }
            run.add(r);
        }
        if (!run.isEmpty()) {
            parts.add(new EntryList.Own<>(run));
        }
        parts.add(new EntryList.Shared<>(shared, prev, shared.size(), part.except()));
        return EntryList.of(parts);
    }

    /** The first index of {@code shared} whose entry sorts after {@code r} ({@code after}) or not before it. */
    private static int bound(SharedEntries<RouteConfig> shared, RouteConfig r, boolean after) {
        int lo = 0;
        int hi = shared.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = ROUTE_ORDER.compare(shared.get(mid), r);
            if (c < 0 || (after && c == 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
