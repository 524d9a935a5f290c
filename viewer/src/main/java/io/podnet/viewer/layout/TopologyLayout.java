package io.podnet.viewer.layout;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.SegmentConfig;
import io.podnet.viewer.model.Topology;
import io.podnet.viewer.model.Topology.Device;
import io.podnet.viewer.model.Topology.Endpoint;
import io.podnet.viewer.model.Topology.Host;
import io.podnet.viewer.model.Topology.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jgrapht.Graph;
import org.jgrapht.alg.drawing.FRLayoutAlgorithm2D;
import org.jgrapht.alg.drawing.model.Box2D;
import org.jgrapht.alg.drawing.model.MapLayoutModel2D;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

/**
 * Where everything of a {@link Topology} is drawn. Host order comes from a Fruchterman–Reingold
 * layout of the graph (hosts and underlay segments as vertices; NIC attachments and tunnels as
 * edges), read row by row into a grid whose cells fit the largest host, so hosts on the same
 * segment or tunnelled together stay near each other and boxes never overlap. Inside a host:
 * title, pods (with their interfaces and, below each, the host end of its veth), bridges, the
 * kernel's IP stack, then tunnel devices and NICs. Underlay segments are buses in the gutters
 * below each grid row, joined by a trunk on the left.
 */
public final class TopologyLayout {
    /** Fixed seed of the force layout: the same topology always gets the same picture. */
    static final long LAYOUT_SEED = 20240601L;
    /** Above this many hosts the force layout is skipped (quadratic) and topology order is used. */
    static final int FORCE_LAYOUT_LIMIT = 400;

    /** A packet marker's radius at scale 1 (the drawing scales it with the font scale). */
    public static final double MARKER_RADIUS = 9;
    /** How much larger the marker of the current packet is drawn. */
    public static final double SELECTED_MARKER = 1.3;

    /** One segment's bus: a vertical trunk and one horizontal lane per grid row. */
    public record Bus(String segment, String label, double trunkX, double top, List<Double> laneY, double minX,
                      double maxX) {}

    private final double s;
    private final double podW;
    private final double podH;
    private final double chipH;
    private final double gap;
    private final double title;
    private final double portH;
    private final double bridgeH;
    private final double stackH;
    private final double devW;
    private final double devH;
    private final double pad;
    /** Radius of a packet marker (at scale 1: 9). */
    private final double markerR;
    /** Free room kept left of every drawn device for a resting packet marker (a selected one too). */
    private final double markerRoom;
    private final double rowGap;

    private final Topology topology;
    private final Map<String, Box> hostBoxes = new LinkedHashMap<>();
    private final Map<String, Box> podBoxes = new LinkedHashMap<>();
    private final Map<String, Box> stackBoxes = new LinkedHashMap<>();
    private final Map<Endpoint, Box> deviceBoxes = new LinkedHashMap<>();
    private final Map<String, Box> podFirstChip = new LinkedHashMap<>();
    private final Map<String, Integer> hostRow = new LinkedHashMap<>();
    private final Map<String, Bus> buses = new LinkedHashMap<>();
    private final Map<String, Integer> podColumns = new LinkedHashMap<>();
    private double width;
    private double height;
    private int gridColumns;

    private TopologyLayout(Topology topology, double scale) {
        this.topology = topology;
        this.s = scale <= 0 ? 1 : scale;
        podW = 150 * s;
        podH = 62 * s;
        chipH = 17 * s;
        gap = 14 * s;
        title = 36 * s;
        portH = 24 * s;
        bridgeH = 24 * s;
        stackH = 26 * s;
        devW = 118 * s;
        devH = 36 * s;
        pad = 12 * s;
        markerR = MARKER_RADIUS * s;
        markerRoom = 2 * markerR * SELECTED_MARKER + 4 * s;
        rowGap = Math.max(gap, markerRoom + 6 * s);
        compute();
    }

    /** Lays out a topology; {@code scale} grows boxes with the font scale. */
    public static TopologyLayout compute(Topology topology, double scale) {
        return new TopologyLayout(topology, scale);
    }

    public Topology topology() {
        return topology;
    }

    public double scale() {
        return s;
    }

    /** A packet marker's radius in this layout's units. */
    public double markerRadius() {
        return markerR;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public int gridColumns() {
        return gridColumns;
    }

    public Map<String, Box> hostBoxes() {
        return hostBoxes;
    }

    public Map<String, Box> podBoxes() {
        return podBoxes;
    }

    public Map<String, Box> stackBoxes() {
        return stackBoxes;
    }

    public Map<Endpoint, Box> deviceBoxes() {
        return deviceBoxes;
    }

    public Map<String, Bus> buses() {
        return buses;
    }

    private int columnsFor(int pods) {
        if (pods <= 1) {
            return 1;
        }
        return Math.max(1, Math.min(6, (int) Math.ceil(Math.sqrt(pods * 2.5))));
    }

    private double[] hostSize(Host h) {
        int pods = h.pods().size();
        int cols = columnsFor(pods);
        int rows = pods == 0 ? 0 : (pods + cols - 1) / cols;
        int devs = h.tunnels().size() + h.nics().size() + h.others().size();
        double w = Math.max(cols * (podW + gap) + gap, devs * (devW + rowGap) + rowGap);
        w = Math.max(w, 300 * s);
        double hgt = title + rows * (podH + portH + gap) + h.bridges().size() * (bridgeH + gap) + stackH + gap
                + (devs > 0 ? devH + gap : 0) + pad;
        return new double[] {w, hgt};
    }

    private void compute() {
        List<Host> hosts = topology.hosts();
        int n = hosts.size();
        double maxW = 300 * s;
        double maxH = 200 * s;
        for (Host h : hosts) {
            double[] sz = hostSize(h);
            maxW = Math.max(maxW, sz[0]);
            maxH = Math.max(maxH, sz[1]);
        }
        List<SegmentConfig> segs = topology.segments();
        int k = Math.max(1, segs.size());
        double laneGap = 10 * s;
        double hgap = 50 * s;
        double gutter = 34 * s + k * laneGap;
        double cellW = maxW + hgap;
        double cellH = maxH + gutter;
        // Aim at a 16:10 picture.
        int cols = n == 0 ? 1 : (int) Math.max(1, Math.min(n, Math.round(Math.sqrt(n * 1.6 * cellH / cellW))));
        if (n == 2) {
            cols = 2;
        }
        gridColumns = cols;
        hosts = order(cols);
        double x0 = 30 * s + k * laneGap;
        double y0 = 44 * s;
        int rows = n == 0 ? 0 : (n + cols - 1) / cols;
        for (int i = 0; i < n; i++) {
            Host h = hosts.get(i);
            int r = i / cols;
            int c = i % cols;
            double[] sz = hostSize(h);
            double hx = x0 + c * cellW + (maxW - sz[0]) / 2;
            double hy = y0 + r * cellH;
            place(h, new Box(hx, hy, sz[0], sz[1]));
            hostRow.put(h.name(), r);
        }
        width = x0 + cols * cellW;
        height = y0 + rows * cellH + 10 * s;
        for (int j = 0; j < segs.size(); j++) {
            SegmentConfig sc = segs.get(j);
            double trunkX = 18 * s + j * laneGap;
            List<Double> lanes = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                lanes.add(y0 + r * cellH + maxH + 18 * s + j * laneGap);
            }
            String label = ("underlay".equals(sc.name()) ? "underlay" : "underlay " + sc.name())
                    + (sc.cidr() == null ? "" : " " + sc.cidr());
            buses.put(sc.name(), new Bus(sc.name(), label, trunkX, y0 - 14 * s - j * 4 * s, lanes, trunkX,
                    x0 + cols * cellW - hgap));
        }
    }

    private void place(Host h, Box box) {
        hostBoxes.put(h.name(), box);
        int pods = h.pods().size();
        int cols = columnsFor(pods);
        podColumns.put(h.name(), cols);
        double gridW = Math.min(pods, cols) * (podW + gap) - gap;
        double px0 = box.x() + (box.w() - gridW) / 2;
        double y = box.y() + title;
        for (int i = 0; i < pods; i++) {
            Pod p = h.pods().get(i);
            int r = i / cols;
            int c = i % cols;
            double px = px0 + c * (podW + gap);
            double py = y + r * (podH + portH + gap);
            Box pb = new Box(px, py, podW, podH);
            podBoxes.put(p.name(), pb);
            List<Device> ifs = new ArrayList<>();
            for (Device d : p.devices()) {
                if (!"lo".equals(d.name())) {
                    ifs.add(d);
                }
            }
            double cw = Math.min(60 * s, (podW - 8 * s) / Math.max(1, ifs.size()));
            double cx = pb.x() + (podW - ifs.size() * cw) / 2;
            for (int j = 0; j < ifs.size(); j++) {
                if (j == 0) {
                    podFirstChip.put(p.name(), new Box(cx + 2 * s, pb.bottom() - chipH - 3 * s, cw - 4 * s, chipH));
                }
                deviceBoxes.put(ifs.get(j).endpoint(), new Box(cx + j * cw + 2 * s, pb.bottom() - chipH - 3 * s, cw - 4 * s, chipH));
            }
            // The host end of this pod's veth sits just below the pod.
            for (Device port : h.vethPorts()) {
                InterfaceConfig cfg = port.config();
                if (cfg instanceof InterfaceConfig.Veth v && v.peerNamespace().equals(p.name())) {
                    double w = 92 * s;
                    deviceBoxes.put(port.endpoint(), new Box(pb.centre().x() - w / 2, pb.bottom() + 5 * s, w, chipH));
                }
            }
        }
        int rows = pods == 0 ? 0 : (pods + cols - 1) / cols;
        y += rows * (podH + portH + gap);
        for (Device b : h.bridges()) {
            // Inset on the left by the marker's room: a packet at the bridge rests left of it.
            deviceBoxes.put(b.endpoint(), new Box(box.x() + pad + markerRoom, y, box.w() - 2 * pad - markerRoom, bridgeH));
            y += bridgeH + gap;
        }
        double sw = Math.min(box.w() - 2 * pad - 2 * markerRoom, 260 * s);
        stackBoxes.put(h.name(), new Box(box.x() + (box.w() - sw) / 2, y, sw, stackH));
        y += stackH + gap;
        List<Device> row = new ArrayList<>();
        row.addAll(h.tunnels());
        row.addAll(h.others());
        row.addAll(h.nics());
        double rowW = row.size() * (devW + rowGap) - rowGap;
        double dx = box.x() + (box.w() - rowW) / 2;
        for (int i = 0; i < row.size(); i++) {
            deviceBoxes.put(row.get(i).endpoint(), new Box(dx + i * (devW + rowGap), y, devW, devH));
        }
        // Ports whose pod is not drawn (should not happen) go next to the stack.
        double ox = box.x() + pad;
        for (Device port : h.vethPorts()) {
            if (!deviceBoxes.containsKey(port.endpoint())) {
                deviceBoxes.put(port.endpoint(), new Box(ox, y - stackH - gap, 80 * s, chipH));
                ox += 84 * s;
            }
        }
    }

    /** Hosts in grid order: force layout positions read row by row. */
    private List<Host> order(int cols) {
        List<Host> hosts = new ArrayList<>(topology.hosts());
        int n = hosts.size();
        if (n <= 2 || n > FORCE_LAYOUT_LIMIT) {
            return hosts;
        }
        Graph<String, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
        for (Host h : hosts) {
            g.addVertex("host:" + h.name());
        }
        for (SegmentConfig sc : topology.segments()) {
            g.addVertex("seg:" + sc.name());
        }
        for (Topology.Link l : topology.links()) {
            if (l.kind() == Topology.LinkKind.UNDERLAY) {
                String a = "host:" + topology.hostOf(l.a().namespace());
                String b = "seg:" + l.b().namespace();
                if (g.containsVertex(a) && g.containsVertex(b) && !g.containsEdge(a, b)) {
                    g.addEdge(a, b);
                }
            } else if (l.kind() == Topology.LinkKind.TUNNEL) {
                String a = "host:" + topology.hostOf(l.a().namespace());
                String b = "host:" + topology.hostOf(l.b().namespace());
                if (!a.equals(b) && g.containsVertex(a) && g.containsVertex(b) && !g.containsEdge(a, b)) {
                    g.addEdge(a, b);
                }
            }
        }
        MapLayoutModel2D<String> model = new MapLayoutModel2D<>(Box2D.of(1000, 1000));
        // A seeded generator: JGraphT's layout takes java.util.Random; the seed makes it repeatable.
        new FRLayoutAlgorithm2D<String, DefaultEdge>(FRLayoutAlgorithm2D.DEFAULT_ITERATIONS,
                FRLayoutAlgorithm2D.DEFAULT_NORMALIZATION_FACTOR, new Random(LAYOUT_SEED)).layout(g, model);
        Map<String, double[]> pos = new LinkedHashMap<>();
        for (Host h : hosts) {
            var p = model.get("host:" + h.name());
            pos.put(h.name(), new double[] {p.getX(), p.getY()});
        }
        hosts.sort(Comparator.comparingDouble((Host h) -> pos.get(h.name())[1]));
        List<Host> out = new ArrayList<>();
        for (int i = 0; i < n; i += cols) {
            List<Host> row = new ArrayList<>(hosts.subList(i, Math.min(n, i + cols)));
            row.sort(Comparator.comparingDouble((Host h) -> pos.get(h.name())[0]));
            out.addAll(row);
        }
        return out;
    }

    /** The box of a device, or null. */
    public Box deviceBox(Endpoint e) {
        return deviceBoxes.get(e);
    }

    /**
     * Where an event at {@code namespace/device} is drawn: the device when it is drawn, otherwise
     * the namespace (a pod's box, or a host's IP stack); null for segments and unknown places.
     */
    public Pt point(String namespace, String device) {
        if (namespace == null) {
            return null;
        }
        if (device != null) {
            Box b = deviceBoxes.get(new Endpoint(namespace, device));
            if (b != null) {
                return b.centre();
            }
        }
        Box pod = podBoxes.get(namespace);
        if (pod != null) {
            return new Pt(pod.centre().x(), pod.y() + pod.h() * 0.4);
        }
        Box st = stackBoxes.get(namespace);
        if (st != null) {
            return st.centre();
        }
        String host = topology.hostOf(namespace);
        Box hb = host == null ? null : hostBoxes.get(host);
        return hb == null ? null : new Pt(hb.centre().x(), hb.y() + title / 2);
    }

    /**
     * Where a packet resting at {@code namespace/device} is drawn: beside the place of
     * {@link #point}, left of the device's box (of the pod's first interface for a pod-level event,
     * of the IP stack for a host-level one), in room the layout keeps free, so a marker never
     * covers a label; null when {@link #point} is null.
     */
    public Pt markerPoint(String namespace, String device) {
        if (point(namespace, device) == null) {
            return null;
        }
        Box b = device == null ? null : deviceBoxes.get(new Endpoint(namespace, device));
        if (b == null && podBoxes.containsKey(namespace)) {
            b = podFirstChip.getOrDefault(namespace, podBoxes.get(namespace));
        }
        if (b == null) {
            b = stackBoxes.get(namespace);
        }
        if (b == null) {
            String host = topology.hostOf(namespace);
            Box hb = host == null ? null : hostBoxes.get(host);
            return hb == null ? null : new Pt(hb.x() - markerRoom, hb.y() + title / 2);
        }
        return new Pt(b.x() - 2 * s - markerR * SELECTED_MARKER, b.centre().y());
    }

    /** The waypoints from one drawn location to another: along the underlay bus between hosts. */
    public List<Pt> route(Endpoint from, Endpoint to) {
        Pt a = point(from.namespace(), from.device());
        Pt b = point(to.namespace(), to.device());
        List<Pt> out = new ArrayList<>();
        if (a == null || b == null) {
            if (a != null) {
                out.add(a);
            }
            if (b != null) {
                out.add(b);
            }
            return out;
        }
        String ha = topology.hostOf(from.namespace());
        String hb = topology.hostOf(to.namespace());
        out.add(a);
        if (ha != null && hb != null && !ha.equals(hb)) {
            Device na = nicFor(ha, from);
            Device nb = nicFor(hb, to);
            String seg = na == null || nb == null ? null : sharedSegment(na, nb);
            if (seg != null) {
                Pt pa = deviceBoxes.get(na.endpoint()).centre();
                Pt pb = deviceBoxes.get(nb.endpoint()).centre();
                if (!pa.equals(a)) {
                    out.add(pa);
                }
                Bus bus = buses.get(seg);
                int ra = hostRow.get(ha);
                int rb = hostRow.get(hb);
                double la = bus.laneY().get(ra);
                double lb = bus.laneY().get(rb);
                out.add(new Pt(pa.x(), la));
                if (ra != rb) {
                    out.add(new Pt(bus.trunkX(), la));
                    out.add(new Pt(bus.trunkX(), lb));
                }
                out.add(new Pt(pb.x(), lb));
                out.add(pb);
                if (!pb.equals(b)) {
                    out.add(b);
                }
                return out;
            }
        }
        out.add(b);
        return out;
    }

    /** The NIC an endpoint leaves through: itself when it is a NIC, else its host's first NIC. */
    private Device nicFor(String host, Endpoint e) {
        Device d = topology.device(e.namespace(), e.device());
        if (d != null && d.kind() == Topology.DeviceKind.NIC) {
            return d;
        }
        Host h = topology.host(host);
        return h == null || h.nics().isEmpty() ? null : h.nics().get(0);
    }

    private String sharedSegment(Device a, Device b) {
        if (a.config() instanceof InterfaceConfig.Nic x && b.config() instanceof InterfaceConfig.Nic y
                && x.segment() != null && x.segment().equals(y.segment()) && buses.containsKey(x.segment())) {
            return x.segment();
        }
        return null;
    }

    /** Where a NIC's drop meets its bus lane, or null when the NIC is on no drawn segment. */
    public Pt busAttachment(Device nic) {
        if (!(nic.config() instanceof InterfaceConfig.Nic n) || n.segment() == null) {
            return null;
        }
        Bus bus = buses.get(n.segment());
        Box b = deviceBoxes.get(nic.endpoint());
        String host = topology.hostOf(nic.namespace());
        if (bus == null || b == null || host == null) {
            return null;
        }
        return new Pt(b.centre().x(), bus.laneY().get(hostRow.get(host)));
    }
}
