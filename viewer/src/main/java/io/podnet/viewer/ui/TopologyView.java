package io.podnet.viewer.ui;

import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.viewer.layout.Box;
import io.podnet.viewer.layout.Pt;
import io.podnet.viewer.layout.TopologyLayout;
import io.podnet.viewer.model.FlowPalette;
import io.podnet.viewer.model.Topology;
import io.podnet.viewer.model.Topology.Device;
import io.podnet.viewer.model.Topology.Endpoint;
import io.podnet.viewer.model.Topology.Host;
import io.podnet.viewer.model.Topology.Pod;
import io.podnet.viewer.model.TraceIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.QuadCurve;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * The cluster drawing: hosts as large boxes holding pods and devices, links, underlay buses and
 * tunnels; the packets on screen as flow-coloured markers; the selected packet's path; the device
 * of the current hop outlined. Scroll zooms around the pointer, dragging pans, double-click fits.
 */
public final class TopologyView extends Pane {
    static final Color INK = Color.web("#263238");
    /** Above 12 hosts, tunnels are drawn only when packets used at most this many. */
    static final int MAX_USED_TUNNELS = 20;
    private final Group world = new Group();
    private final Translate pan = new Translate();
    private final Scale scale = new Scale(1, 1, 0, 0);
    private final Group staticLayer = new Group();
    private final Group controlLayer = new Group();
    private final Group pathLayer = new Group();
    private final Group focusLayer = new Group();
    private final Group packetLayer = new Group();
    private final Map<Long, Node> markers = new LinkedHashMap<>();
    private TopologyLayout layout;
    private TraceIndex trace;
    private long pathPacket = Long.MIN_VALUE;
    private int pathStep = -1;
    private boolean userMoved;
    private double dragX;
    private double dragY;
    private int tunnelLinksDrawn;
    private Topology topology;
    /** The font scale: text, boxes, line widths and markers of the drawing grow with it. */
    private double fs = 1.0;
    /** Every label of the static drawing (tests check that no resting marker covers one). */
    private final List<Text> labelNodes = new ArrayList<>();

    public TopologyView() {
        getStyleClass().add("topology");
        world.getTransforms().setAll(pan, scale);
        // Nothing in the drawing takes part in layout: moving a packet must not lay out the window.
        world.setManaged(false);
        for (Group g : List.of(staticLayer, controlLayer, pathLayer, focusLayer, packetLayer)) {
            g.setManaged(false);
        }
        world.getChildren().addAll(staticLayer, controlLayer, pathLayer, focusLayer, packetLayer);
        getChildren().add(world);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        setOnScroll(e -> {
            double f = Math.pow(1.0015, e.getDeltaY());
            zoomAt(f, e.getX(), e.getY());
            userMoved = true;
            e.consume();
        });
        setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
        });
        setOnMouseDragged(e -> {
            pan.setX(pan.getX() + e.getX() - dragX);
            pan.setY(pan.getY() + e.getY() - dragY);
            dragX = e.getX();
            dragY = e.getY();
            userMoved = true;
        });
        setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                fit();
            } else if (e.isStillSincePress() && onPick != null && layout != null) {
                javafx.geometry.Point2D w = world.parentToLocal(e.getX(), e.getY());
                Endpoint hit = hit(new Pt(w.getX(), w.getY()));
                if (hit != null) {
                    onPick.accept(hit);
                }
            }
        });
        widthProperty().addListener((o, a, b) -> autoFit());
        heightProperty().addListener((o, a, b) -> autoFit());
    }

    private java.util.function.Consumer<Endpoint> onPick;
    private io.podnet.viewer.model.ControlPlane control;
    private int controlStep = -1;
    /** What the control layer shows now (tests read it): one entry per drawn session, failed node, message, route. */
    private final List<String> controlShown = new ArrayList<>();

    /** Called with the device (or, with a null device, the pod or node) a click lands on. */
    public void setOnPick(java.util.function.Consumer<Endpoint> c) {
        onPick = c;
    }

    /**
     * What a click at layout point {@code p} picks: the device whose box holds it, else the pod,
     * else the node (device null); null outside every host.
     */
    public Endpoint hit(Pt p) {
        if (layout == null) {
            return null;
        }
        for (Map.Entry<Endpoint, Box> en : layout.deviceBoxes().entrySet()) {
            if (en.getValue().contains(p)) {
                return en.getKey();
            }
        }
        for (Map.Entry<String, Box> en : layout.podBoxes().entrySet()) {
            if (en.getValue().contains(p)) {
                return new Endpoint(en.getKey(), null);
            }
        }
        for (Map.Entry<String, Box> en : layout.hostBoxes().entrySet()) {
            if (en.getValue().contains(p)) {
                Host h = topology.host(en.getKey());
                return new Endpoint(h == null ? en.getKey() : h.namespace().name(), null);
            }
        }
        return null;
    }

    /** Where a layout point is on screen (in this pane's coordinates). */
    public javafx.geometry.Point2D toScreen(Pt p) {
        return world.localToParent(p.x(), p.y());
    }

    /** Zoom factor of the drawing. */
    public double zoom() {
        return scale.getX();
    }

    /** Zooms by {@code factor} keeping the point under ({@code px}, {@code py}) fixed. */
    public void zoomAt(double factor, double px, double py) {
        double z0 = scale.getX();
        double z = Math.max(0.05, Math.min(8, z0 * factor));
        double wx = (px - pan.getX()) / z0;
        double wy = (py - pan.getY()) / z0;
        scale.setX(z);
        scale.setY(z);
        pan.setX(px - wx * z);
        pan.setY(py - wy * z);
    }

    private void autoFit() {
        if (!userMoved) {
            fit();
        }
    }

    /** Fits the whole topology into the view (at most 2.5x). */
    public void fit() {
        if (layout == null || getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        double z = Math.min(2.5, Math.min(getWidth() / (layout.width() + 20), getHeight() / (layout.height() + 20)));
        scale.setX(z);
        scale.setY(z);
        pan.setX((getWidth() - layout.width() * z) / 2);
        pan.setY((getHeight() - layout.height() * z) / 2);
        userMoved = false;
    }

    /** Centres the view on a layout point without changing the zoom. */
    public void centreOn(Pt p) {
        pan.setX(getWidth() / 2 - p.x() * scale.getX());
        pan.setY(getHeight() / 2 - p.y() * scale.getY());
        userMoved = true;
    }

    public TopologyLayout drawing() {
        return layout;
    }

    /** Draws a new topology and forgets the old one. */
    public void setTopology(Topology topology, TraceIndex trace) {
        this.topology = topology;
        this.layout = TopologyLayout.compute(topology, fs);
        this.trace = trace;
        this.control = trace == null ? null : io.podnet.viewer.model.ControlPlane.of(trace.events(), topology);
        controlStep = -1;
        controlLayer.getChildren().clear();
        staticLayer.getChildren().clear();
        pathLayer.getChildren().clear();
        focusLayer.getChildren().clear();
        packetLayer.getChildren().clear();
        markers.clear();
        pathPacket = Long.MIN_VALUE;
        pathStep = -1;
        drawStatic(topology);
        userMoved = false;
        fit();
    }

    /**
     * Scales the whole drawing with the font: the layout is recomputed at scale {@code s}, so its
     * text, boxes, line widths and packet markers grow together (a fitted view then shows the
     * same picture with room for the larger text; zooming shows it at its size).
     */
    public void setFontScale(double s) {
        if (s == fs) {
            return;
        }
        fs = s;
        if (topology != null) {
            int step = pathStep;
            setTopology(topology, trace);
            if (step >= 0) {
                show(step, -1, 0);
            }
        }
    }

    public double fontScale() {
        return fs;
    }

    /** The labels of the static drawing. */
    public List<Text> labels() {
        return labelNodes;
    }

    /** The packet markers now on screen. */
    public java.util.Collection<Node> markerNodes() {
        return markers.values();
    }

    public int tunnelLinksDrawn() {
        return tunnelLinksDrawn;
    }

    public int packetMarkers() {
        return markers.size();
    }

    // ---- static drawing -------------------------------------------------------------------

    private void drawStatic(Topology t) {
        List<Node> links = new ArrayList<>();
        List<Node> boxes = new ArrayList<>();
        List<Node> labels = new ArrayList<>();
        List<Node> tunnels = new ArrayList<>();
        Set<String> usedTunnels = tunnelsUsedByTrace(t);
        boolean allTunnels = t.hosts().size() <= 12;
        // Beyond a few used tunnels the arcs hide the drawing; the selected packet's path shows its tunnel.
        boolean usedTunnelsToo = usedTunnels.size() <= MAX_USED_TUNNELS;
        tunnelLinksDrawn = 0;
        for (TopologyLayout.Bus bus : layout.buses().values()) {
            double bottom = bus.laneY().isEmpty() ? bus.top() : bus.laneY().get(bus.laneY().size() - 1);
            links.add(line(bus.trunkX(), bus.top(), bus.trunkX(), bottom, Color.web("#444444"), 4 * fs));
            for (double y : bus.laneY()) {
                links.add(line(bus.trunkX(), y, bus.maxX(), y, Color.web("#444444"), 4 * fs));
            }
            Text lt = text(bus.label(), bus.trunkX() + 6 * fs, bus.top() - 4 * fs, 13 * fs, true);
            labels.add(lt);
        }
        for (Host h : t.hosts()) {
            Box hb = layout.hostBoxes().get(h.name());
            Rectangle r = rect(hb, Color.web("#f5f5f5"), Color.web("#37474f"), 2 * fs);
            r.setArcWidth(14 * fs);
            r.setArcHeight(14 * fs);
            boxes.add(r);
            String title = h.name() + (h.address().isEmpty() ? "" : "   " + h.address());
            labels.add(text(title, hb.x() + 10 * fs, hb.y() + 22 * fs, 16 * fs, true));
            Box st = layout.stackBoxes().get(h.name());
            if (st != null) {
                Rectangle sr = rect(st, Color.WHITE, Color.web("#78909c"), 1.2 * fs);
                sr.getStrokeDashArray().setAll(5.0 * fs, 4.0 * fs);
                boxes.add(sr);
                labels.add(centred("IP stack: routing · netfilter", st, 12 * fs, false));
            }
            for (Pod p : h.pods()) {
                Box pb = layout.podBoxes().get(p.name());
                Rectangle pr = rect(pb, Color.web("#e3f0fa"), Color.web("#0072B2"), 1.6 * fs);
                pr.setArcWidth(10 * fs);
                pr.setArcHeight(10 * fs);
                boxes.add(pr);
                labels.add(clipText(p.name(), pb.x() + 6 * fs, pb.y() + 16 * fs, 13 * fs, true, pb.w() - 10 * fs));
                labels.add(clipText(p.address(), pb.x() + 6 * fs, pb.y() + 31 * fs, 11.5 * fs, false, pb.w() - 10 * fs));
                for (Device d : p.devices()) {
                    Box db = layout.deviceBox(d.endpoint());
                    if (db != null) {
                        boxes.add(rect(db, Color.WHITE, Color.web("#0072B2"), fs));
                        labels.add(centred(d.name(), db, 11 * fs, false));
                    }
                }
            }
            for (Device d : h.vethPorts()) {
                Box db = layout.deviceBox(d.endpoint());
                if (db != null) {
                    boxes.add(rect(db, Color.WHITE, Color.web("#666666"), fs));
                    labels.add(centredFit(d.name(), db, 10.5 * fs));
                }
            }
            for (Device d : h.bridges()) {
                Box db = layout.deviceBox(d.endpoint());
                Rectangle br = rect(db, Color.web("#cfeadf"), Color.web("#009E73"), 2 * fs);
                boxes.add(br);
                labels.add(centred(d.name() + "  " + d.address() + "  (bridge)", db, 12.5 * fs, true));
            }
            for (Device d : h.tunnels()) {
                Box db = layout.deviceBox(d.endpoint());
                Rectangle tr = rect(db, Color.web("#fbe3bb"), Color.web("#E69F00"), 2 * fs);
                boxes.add(tr);
                String sub = d.config() instanceof InterfaceConfig.Vxlan v ? "VXLAN VNI " + v.vni() : "tunnel";
                labels.add(centred(d.name() + "\n" + sub, db, 11.5 * fs, true));
            }
            for (Device d : h.others()) {
                Box db = layout.deviceBox(d.endpoint());
                boxes.add(rect(db, Color.web("#eeeeee"), Color.web("#666666"), 1.2 * fs));
                labels.add(centred(d.name() + "\n" + d.address(), db, 11 * fs, false));
            }
            for (Device d : h.nics()) {
                Box db = layout.deviceBox(d.endpoint());
                boxes.add(rect(db, Color.web("#d6d6d6"), Color.web("#263238"), 2 * fs));
                labels.add(centred(d.name() + "\n" + d.address(), db, 11.5 * fs, true));
                Pt at = layout.busAttachment(d);
                if (at != null) {
                    links.add(line(at.x(), db.bottom(), at.x(), at.y(), Color.web("#444444"), 3 * fs));
                }
            }
        }
        for (Topology.Link l : t.links()) {
            if (l.kind() == Topology.LinkKind.VETH || l.kind() == Topology.LinkKind.BRIDGE_PORT) {
                Box a = layout.deviceBox(l.a());
                Box b = layout.deviceBox(l.b());
                if (a != null && b != null) {
                    Pt pa = a.centre();
                    Pt pb = b.centre();
                    double x = l.kind() == Topology.LinkKind.BRIDGE_PORT ? pa.x() : pb.x();
                    Line ln = line(pa.x(), pa.y(), x, pb.y(), Color.web("#555555"), 2.2 * fs);
                    links.add(ln);
                }
            } else if (l.kind() == Topology.LinkKind.TUNNEL) {
                boolean used = usedTunnels.contains(key(l.a(), l.b()));
                if (!allTunnels && !(used && usedTunnelsToo)) {
                    continue;
                }
                Box a = layout.deviceBox(l.a());
                Box b = layout.deviceBox(l.b());
                if (a == null || b == null) {
                    continue;
                }
                Pt pa = new Pt(a.centre().x(), a.bottom());
                Pt pb = new Pt(b.centre().x(), b.bottom());
                double dip = 36 * fs;
                QuadCurve q = new QuadCurve(pa.x(), pa.y(), (pa.x() + pb.x()) / 2, Math.max(pa.y(), pb.y()) + dip, pb.x(), pb.y());
                q.setFill(null);
                q.setStroke(Color.web("#E69F00"));
                q.setStrokeWidth((used ? 2.5 : 1.5) * fs);
                q.getStrokeDashArray().setAll(8.0 * fs, 6.0 * fs);
                q.setOpacity(used ? 0.95 : 0.55);
                tunnels.add(q);
                tunnelLinksDrawn++;
            }
        }
        staticLayer.getChildren().addAll(links);
        staticLayer.getChildren().addAll(boxes);
        staticLayer.getChildren().addAll(tunnels);
        staticLayer.getChildren().addAll(labels);
        labelNodes.clear();
        for (Node n : labels) {
            labelNodes.add((Text) n);
        }
        staticLayer.setCache(true);
        // Invisible frame so the world's bounds are the layout's bounds (fit and zoom pivot).
        Rectangle frame = new Rectangle(0, 0, layout.width(), layout.height());
        frame.setFill(Color.TRANSPARENT);
        frame.setMouseTransparent(true);
        staticLayer.getChildren().add(0, frame);
    }

    private Set<String> tunnelsUsedByTrace(Topology t) {
        Set<String> used = new HashSet<>();
        if (trace == null) {
            return used;
        }
        // Only packets still moving are remembered (a packet's entry goes at its last event).
        Map<Long, Endpoint> lastTunnel = new LinkedHashMap<>();
        TraceIndex index = trace;
        io.podnet.viewer.model.Traces.scan(trace.events(), (i, e) -> {
            if (e.packetId() < 0 || e.device() == null) {
                return;
            }
            Device d = t.device(e.namespace(), e.device());
            if (d != null && d.kind() == Topology.DeviceKind.TUNNEL) {
                Endpoint now = d.endpoint();
                Endpoint before = lastTunnel.put(e.packetId(), now);
                if (before != null && !before.equals(now)) {
                    used.add(key(before, now));
                }
            }
            if (index.nextOfPacket(i) < 0) {
                lastTunnel.remove(e.packetId());
            }
        });
        return used;
    }

    private static String key(Endpoint a, Endpoint b) {
        String x = a.toString();
        String y = b.toString();
        return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
    }

    static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static Rectangle rect(Box b, Color fill, Color stroke, double w) {
        Rectangle r = new Rectangle(b.x(), b.y(), b.w(), b.h());
        r.setFill(fill);
        r.setStroke(stroke);
        r.setStrokeWidth(w);
        return r;
    }

    private static Line line(double x1, double y1, double x2, double y2, Color c, double w) {
        Line l = new Line(x1, y1, x2, y2);
        l.setStroke(c);
        l.setStrokeWidth(w);
        l.setStrokeLineCap(StrokeLineCap.ROUND);
        return l;
    }

    private static Text text(String s, double x, double y, double size, boolean bold) {
        Text t = new Text(x, y, s);
        t.setFont(Font.font("DejaVu Sans", bold ? FontWeight.BOLD : FontWeight.NORMAL, size));
        t.setFill(INK);
        t.setMouseTransparent(true);
        return t;
    }

    private static Text clipText(String s, double x, double y, double size, boolean bold, double maxW) {
        Text t = text(s, x, y, size, bold);
        int n = s.length();
        while (n > 4 && t.getLayoutBounds().getWidth() > maxW) {
            n--;
            t.setText(s.substring(0, n) + "…");
        }
        return t;
    }

    /** Centred in the box, shortened with an ellipsis until it fits (Calico's veth names are long). */
    private static Text centredFit(String s, Box b, double size) {
        Text t = text(s, 0, 0, size, false);
        int n = s.length();
        while (n > 4 && t.getLayoutBounds().getWidth() > b.w() - 4) {
            n--;
            t.setText(s.substring(0, n) + "…");
        }
        return centred(t.getText(), b, size, false);
    }

    private static Text centred(String s, Box b, double size, boolean bold) {
        Text t = text(s, 0, 0, size, bold);
        t.setTextAlignment(TextAlignment.CENTER);
        Bounds tb = t.getLayoutBounds();
        t.setX(b.x() + (b.w() - tb.getWidth()) / 2);
        t.setY(b.y() + (b.h() - tb.getHeight()) / 2 - tb.getMinY());
        return t;
    }

    // ---- dynamic drawing ------------------------------------------------------------------

    /**
     * Shows step {@code step}; while playing, {@code progress} (0..1) moves the packet of the next
     * event along its route from where it was to where that event happens.
     */
    public void show(int step, double progress) {
        show(step, step + 1 < (trace == null ? 0 : trace.size()) ? step + 1 : -1, progress);
    }

    /**
     * Shows the event at position {@code step}; while playing, {@code progress} (0..1) moves the
     * packet of event {@code nextEvent} (the next step, -1 for none) from its previous place to
     * where that event happens.
     */
    public void show(int step, int nextEvent, double progress) {
        if (layout == null || trace == null || trace.size() == 0) {
            return;
        }
        int i = Math.max(0, Math.min(step, trace.size() - 1));
        TraceEvent cur = trace.event(i);
        Set<Long> seen = new HashSet<>();
        int next = nextEvent > i && nextEvent < trace.size() && progress > 0 ? nextEvent : -1;
        long movingId = next >= 0 ? trace.event(next).packetId() : Long.MIN_VALUE;
        for (TraceIndex.Visible v : trace.visibleAt(i)) {
            if (v.packetId() == movingId) {
                continue;
            }
            Pt p = rest(v.eventIndex());
            if (p != null) {
                place(v.packetId(), v.flow(), p, 1.0, v.packetId() == cur.packetId());
                seen.add(v.packetId());
            }
        }
        if (next >= 0 && movingId >= 0) {
            TraceEvent ne = trace.event(next);
            int prev = trace.previousOfPacket(next);
            Pt to = rest(next);
            if (prev >= 0 && to != null) {
                Pt from = rest(prev);
                List<Pt> route = new ArrayList<>(from == null ? List.of(to) : routeBetween(prev, next));
                if (from != null && !route.isEmpty()) {
                    // Leave from and arrive at the resting places beside the devices.
                    route.add(0, from);
                    route.add(to);
                }
                Pt p = along(route, smooth(progress));
                place(movingId, ne.flow(), p, 1.0, movingId == cur.packetId());
                seen.add(movingId);
            } else if (to != null) {
                place(movingId, ne.flow(), to, progress, false);
                seen.add(movingId);
            }
        }
        markers.entrySet().removeIf(en -> {
            if (!seen.contains(en.getKey())) {
                packetLayer.getChildren().remove(en.getValue());
                return true;
            }
            return false;
        });
        if (cur.packetId() != pathPacket || i != pathStep) {
            drawPath(cur, i);
            drawFocus(cur);
        }
        if (i != controlStep) {
            drawControl(i);
        }
    }

    // ---- control plane --------------------------------------------------------------------

    static final Color BGP_UP = Color.web("#009E73");
    static final Color BGP_OPENING = Color.web("#E69F00");
    static final Color BGP_CONNECTING = Color.web("#999999");
    static final Color BGP_FAILED = Color.web("#D55E00");
    static final Color BGP_MESSAGE = Color.web("#CC79A7");

    /** The run's control plane (sessions and failures by event). */
    public io.podnet.viewer.model.ControlPlane controlPlane() {
        return control;
    }

    /** What the control layer shows at the current step (sessions, failed nodes, the message, the route). */
    public List<String> controlShown() {
        return controlShown;
    }

    /**
     * The control plane at event {@code i}: each BGP session as an arc above the two nodes, coloured
     * and dashed by state (established: green, solid; opening: orange, dashed; connecting: grey,
     * dotted; failed: vermillion, long dashes and an ✕); a failed node hatched with FAILED; the BGP
     * message of the current event as an envelope on its session's arc, as far along as the packet
     * has got; and a route BIRD installs or removes at this event written beside the node's IP stack.
     */
    private void drawControl(int i) {
        controlStep = i;
        controlLayer.getChildren().clear();
        controlShown.clear();
        if (control == null || layout == null) {
            return;
        }
        TraceEvent cur = trace.event(i);
        String msg = io.podnet.viewer.model.ControlPlane.bgpMessage(cur.packet());
        String msgA = null;
        String msgB = null;
        if (msg != null) {
            io.podnet.sim.wire.Ipv4Header ip = cur.packet().last(io.podnet.sim.wire.Ipv4Header.class);
            if (ip != null) {
                msgA = nodeOfAddress(ip.src().toString());
                msgB = nodeOfAddress(ip.dst().toString());
            }
        }
        for (io.podnet.viewer.model.ControlPlane.Session s : control.sessionsAt(i)) {
            Box a = layout.hostBoxes().get(s.a());
            Box b = layout.hostBoxes().get(s.b());
            if (a == null || b == null) {
                continue;
            }
            Pt[] arc = sessionArc(a, b);
            Pt pa = arc[0];
            Pt c = arc[1];
            Pt pb = arc[2];
            QuadCurve q = new QuadCurve(pa.x(), pa.y(), c.x(), c.y(), pb.x(), pb.y());
            q.setFill(null);
            q.setMouseTransparent(true);
            boolean carrying = msg != null && ((s.a().equals(msgA) && s.b().equals(msgB)) || (s.a().equals(msgB) && s.b().equals(msgA)));
            switch (s.state()) {
                case ESTABLISHED:
                    q.setStroke(BGP_UP);
                    break;
                case OPENING:
                    q.setStroke(BGP_OPENING);
                    q.getStrokeDashArray().setAll(9.0 * fs, 5.0 * fs);
                    break;
                case FAILED:
                    q.setStroke(BGP_FAILED);
                    q.getStrokeDashArray().setAll(16.0 * fs, 6.0 * fs);
                    break;
                default:
                    q.setStroke(BGP_CONNECTING);
                    q.getStrokeDashArray().setAll(2.0 * fs, 5.0 * fs);
                    break;
            }
            q.setStrokeWidth((carrying ? 5 : 3) * fs);
            controlLayer.getChildren().add(q);
            controlShown.add("session " + s.a() + " " + s.b() + " " + s.state());
            Pt mid = new Pt(0.25 * pa.x() + 0.5 * c.x() + 0.25 * pb.x(), 0.25 * pa.y() + 0.5 * c.y() + 0.25 * pb.y());
            if (s.state() == io.podnet.viewer.model.ControlPlane.State.FAILED) {
                Text x = text("✕", mid.x() - 6 * fs, mid.y() + 6 * fs, 18 * fs, true);
                x.setFill(BGP_FAILED);
                controlLayer.getChildren().add(x);
            }
            if (carrying) {
                // How far along: the packet's events so far out of all its events.
                int[] evs = trace.eventsOfPacket(cur.packetId());
                int k = java.util.Arrays.binarySearch(evs, i);
                double t = evs.length <= 1 ? 0.5 : Math.max(0, k) / (double) (evs.length - 1);
                boolean forward = s.a().equals(msgA);
                double u = forward ? t : 1 - t;
                double x = (1 - u) * (1 - u) * pa.x() + 2 * (1 - u) * u * c.x() + u * u * pb.x();
                double y = (1 - u) * (1 - u) * pa.y() + 2 * (1 - u) * u * c.y() + u * u * pb.y();
                Rectangle env = new Rectangle(x - 9 * fs, y - 6 * fs, 18 * fs, 12 * fs);
                env.setFill(BGP_MESSAGE);
                env.setStroke(Color.BLACK);
                env.setStrokeWidth(1.2 * fs);
                Polyline flap = new Polyline(x - 9 * fs, y - 6 * fs, x, y + 1 * fs, x + 9 * fs, y - 6 * fs);
                flap.setStroke(Color.BLACK);
                flap.setStrokeWidth(1.2 * fs);
                Text label = text(msg, x + 12 * fs, y - 8 * fs, 12 * fs, true);
                label.setFill(Color.web("#6a2c55"));
                controlLayer.getChildren().addAll(env, flap, label);
                controlShown.add("message " + msg + " " + msgA + " " + msgB);
            }
        }
        for (String h : control.failedAt(i)) {
            Box hb = layout.hostBoxes().get(h);
            if (hb == null) {
                continue;
            }
            Rectangle r = new Rectangle(hb.x(), hb.y(), hb.w(), hb.h());
            r.setFill(Color.web("#D55E00", 0.16));
            r.setStroke(BGP_FAILED);
            r.setStrokeWidth(4 * fs);
            r.getStrokeDashArray().setAll(14.0 * fs, 6.0 * fs);
            r.setArcWidth(14 * fs);
            r.setArcHeight(14 * fs);
            r.setMouseTransparent(true);
            Text t = text("FAILED", hb.right() - 84 * fs, hb.y() + 22 * fs, 15 * fs, true);
            t.setFill(BGP_FAILED);
            controlLayer.getChildren().addAll(r, t);
            controlShown.add("failed " + h);
        }
        if ("bird".equals(cur.device()) && cur.decision() instanceof io.podnet.sim.trace.Decision.RouteMatch rm) {
            String host = topology.hostOf(cur.namespace());
            Box st = host == null ? null : layout.hostBoxes().get(host);
            if (st != null) {
                // Written just under the node's box, in the gutter above the underlay lane.
                boolean removes = cur.explanation().startsWith("BIRD removes");
                Text t = text((removes ? "− " : "+ ") + rm.text() + "   (BIRD)", st.x() + 8 * fs, st.bottom() + 13 * fs,
                        11 * fs, true);
                Bounds tb = t.getLayoutBounds();
                Rectangle bg = new Rectangle(tb.getMinX() - 3 * fs, tb.getMinY() - 2 * fs, tb.getWidth() + 6 * fs,
                        tb.getHeight() + 4 * fs);
                bg.setFill(Color.web(removes ? "#f6c7a8" : "#F0E442"));
                bg.setStroke(Color.BLACK);
                bg.setStrokeWidth(fs);
                controlLayer.getChildren().addAll(bg, t);
                controlShown.add((removes ? "route removed " : "route installed ") + cur.namespace() + " " + rm.text());
            }
        }
    }

    /**
     * Where a session's arc runs, never through a host: between hosts of one row from their tops,
     * arching above; of one column from their right sides, bulging into the gap; otherwise from the
     * lower host's top to the upper host's bottom, through the gutter between the rows.
     */
    private Pt[] sessionArc(Box a, Box b) {
        double rowTol = 1;
        if (Math.abs(a.y() - b.y()) < rowTol) {
            Pt pa = new Pt(a.centre().x() + (a.x() < b.x() ? a.w() * 0.2 : -a.w() * 0.2), a.y());
            Pt pb = new Pt(b.centre().x() + (b.x() < a.x() ? b.w() * 0.2 : -b.w() * 0.2), b.y());
            double lift = 26 * fs + Math.abs(pa.x() - pb.x()) * 0.08;
            return new Pt[] {pa, new Pt((pa.x() + pb.x()) / 2, Math.min(pa.y(), pb.y()) - lift), pb};
        }
        if (Math.abs(a.x() - b.x()) < rowTol) {
            Pt pa = new Pt(a.right(), a.centre().y());
            Pt pb = new Pt(b.right(), b.centre().y());
            double bulge = 22 * fs;
            return new Pt[] {pa, new Pt(a.right() + bulge, (pa.y() + pb.y()) / 2), pb};
        }
        Box upper = a.y() < b.y() ? a : b;
        Box lower = upper == a ? b : a;
        Pt pu = new Pt(upper.centre().x() + (upper.x() < lower.x() ? upper.w() * 0.3 : -upper.w() * 0.3), upper.bottom());
        Pt pl = new Pt(lower.centre().x() + (lower.x() < upper.x() ? lower.w() * 0.3 : -lower.w() * 0.3), lower.y());
        Pt mid = new Pt((pu.x() + pl.x()) / 2, (upper.bottom() + lower.y()) / 2);
        return upper == a ? new Pt[] {pu, mid, pl} : new Pt[] {pl, mid, pu};
    }

    private String nodeOfAddress(String ip) {
        for (Host h : topology.hosts()) {
            for (Device d : h.nics()) {
                if (d.address() != null && d.address().split("/")[0].equals(ip)) {
                    return h.name();
                }
            }
        }
        return null;
    }

    /** Where a packet resting after the event at {@code i} is drawn: beside its place, never on a label. */
    Pt rest(int i) {
        int k = i;
        while (k >= 0) {
            TraceEvent e = trace.event(k);
            Pt p = layout.markerPoint(e.namespace(), e.device());
            if (p != null) {
                return p;
            }
            k = trace.previousOfPacket(k);
        }
        return null;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    /** Where the event at position {@code i} is drawn; segment events fall back to the packet's previous place. */
    Pt locate(int i) {
        TraceEvent e = trace.event(i);
        Pt p = layout.point(e.namespace(), e.device());
        int k = i;
        while (p == null && k >= 0) {
            k = trace.previousOfPacket(k);
            if (k >= 0) {
                TraceEvent pe = trace.event(k);
                p = layout.point(pe.namespace(), pe.device());
            }
        }
        return p;
    }

    private Endpoint drawnEndpoint(int i) {
        int k = i;
        while (k >= 0) {
            TraceEvent e = trace.event(k);
            if (layout.point(e.namespace(), e.device()) != null) {
                return new Endpoint(e.namespace(), e.device());
            }
            k = trace.previousOfPacket(k);
        }
        return null;
    }

    List<Pt> routeBetween(int fromEvent, int toEvent) {
        Endpoint a = drawnEndpoint(fromEvent);
        Endpoint b = drawnEndpoint(toEvent);
        if (a == null || b == null) {
            return List.of();
        }
        return layout.route(a, b);
    }

    static Pt along(List<Pt> route, double t) {
        if (route.isEmpty()) {
            return new Pt(0, 0);
        }
        if (route.size() == 1) {
            return route.get(0);
        }
        double total = 0;
        for (int k = 1; k < route.size(); k++) {
            total += route.get(k - 1).distance(route.get(k));
        }
        double want = total * Math.max(0, Math.min(1, t));
        for (int k = 1; k < route.size(); k++) {
            double d = route.get(k - 1).distance(route.get(k));
            if (want <= d || k == route.size() - 1) {
                return route.get(k - 1).lerp(route.get(k), d == 0 ? 1 : Math.min(1, want / d));
            }
            want -= d;
        }
        return route.get(route.size() - 1);
    }

    private void place(long id, String flow, Pt p, double opacity, boolean selected) {
        Node m = markers.get(id);
        int fi = trace.flowIndex(flow);
        if (m == null) {
            m = marker(fi);
            m.setManaged(false);
            markers.put(id, m);
            packetLayer.getChildren().add(m);
        }
        m.setLayoutX(p.x());
        m.setLayoutY(p.y());
        m.setOpacity(opacity);
        double sc = fs * (selected ? TopologyLayout.SELECTED_MARKER : 1.0);
        m.setScaleX(sc);
        m.setScaleY(sc);
        if (selected) {
            m.toFront();
        }
    }

    /** A packet marker: the flow's colour and shape, with a black outline. */
    static Shape marker(int flowIndex) {
        Color c = Color.web(FlowPalette.colour(flowIndex));
        Shape s;
        switch (FlowPalette.shape(flowIndex)) {
            case SQUARE:
                s = new Rectangle(-7, -7, 14, 14);
                break;
            case DIAMOND:
                s = new Polygon(0, -8, 8, 0, 0, 8, -8, 0);
                break;
            case TRIANGLE:
                s = new Polygon(0, -8, 8, 6, -8, 6);
                break;
            default:
                s = new Circle(7.5);
                break;
        }
        s.setFill(c);
        s.setStroke(Color.BLACK);
        // Outline inside the radius: the whole marker stays within TopologyLayout.MARKER_RADIUS.
        s.setStrokeWidth(2);
        s.setStrokeType(javafx.scene.shape.StrokeType.INSIDE);
        s.setMouseTransparent(true);
        return s;
    }

    private void drawPath(TraceEvent cur, int step) {
        pathLayer.getChildren().clear();
        pathPacket = cur.packetId();
        pathStep = step;
        if (cur.packetId() < 0) {
            return;
        }
        int[] evs = trace.eventsOfPacket(cur.packetId());
        Color c = Color.web(FlowPalette.colour(trace.flowIndex(cur.flow())));
        List<Double> past = new ArrayList<>();
        List<Double> future = new ArrayList<>();
        Pt last = null;
        for (int k = 1; k < evs.length; k++) {
            List<Pt> r = routeBetween(evs[k - 1], evs[k]);
            List<Double> into = evs[k] <= step ? past : future;
            if (evs[k] > step && future.isEmpty() && last != null) {
                future.add(last.x());
                future.add(last.y());
            }
            for (Pt p : r) {
                into.add(p.x());
                into.add(p.y());
                if (into == past) {
                    last = p;
                }
            }
        }
        if (!future.isEmpty()) {
            Polyline f = new Polyline();
            f.getPoints().setAll(future);
            f.setStroke(c);
            f.setStrokeWidth(3 * fs);
            f.setOpacity(0.6);
            f.getStrokeDashArray().setAll(2.0 * fs, 7.0 * fs);
            f.setStrokeLineCap(StrokeLineCap.ROUND);
            f.setMouseTransparent(true);
            pathLayer.getChildren().add(f);
        }
        if (!past.isEmpty()) {
            Polyline p = new Polyline();
            p.getPoints().setAll(past);
            p.setStroke(c);
            p.setStrokeWidth(7 * fs);
            p.setOpacity(0.55);
            p.setStrokeLineCap(StrokeLineCap.ROUND);
            p.setMouseTransparent(true);
            pathLayer.getChildren().add(p);
        }
    }

    private void drawFocus(TraceEvent cur) {
        focusLayer.getChildren().clear();
        Box b = null;
        if (cur.device() != null) {
            b = layout.deviceBox(new Endpoint(cur.namespace(), cur.device()));
        }
        if (b == null) {
            b = layout.podBoxes().get(cur.namespace());
        }
        if (b == null) {
            b = layout.stackBoxes().get(cur.namespace());
        }
        if (b == null) {
            return;
        }
        boolean drop = cur.kind() == EventKind.DROP;
        Rectangle r = new Rectangle(b.x() - 5 * fs, b.y() - 5 * fs, b.w() + 10 * fs, b.h() + 10 * fs);
        r.setFill(Color.web(drop ? FlowPalette.DROP : FlowPalette.HIGHLIGHT, 0.35));
        r.setStroke(Color.BLACK);
        r.setStrokeWidth(3 * fs);
        r.getStrokeDashArray().setAll(9.0 * fs, 5.0 * fs);
        r.setArcWidth(8 * fs);
        r.setArcHeight(8 * fs);
        r.setMouseTransparent(true);
        focusLayer.getChildren().add(r);
    }

    /** The world group (tests read bounds and children counts). */
    Group world() {
        return world;
    }
}
