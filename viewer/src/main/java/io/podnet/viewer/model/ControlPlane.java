package io.podnet.viewer.model;

import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control plane as the trace tells it, for drawing: the BGP sessions between speakers (full
 * mesh, route reflectors, top-of-rack peers: whoever the speakers' session notes name) with their
 * state at any event, the BGP message a packet carries (OPEN, UPDATE, WITHDRAW, KEEPALIVE,
 * NOTIFICATION, from the message header of RFC 4271 section 4.1), and the nodes that have failed.
 *
 * <p>Each speaker writes its side's finite-state-machine changes as {@code NOTE} events on its
 * {@code bird} device ("BGP node1 <-> 172.18.0.3: OPEN_CONFIRM -> ESTABLISHED: ..."). A session's
 * drawn state combines both sides: established when every side that reported is ESTABLISHED,
 * failed when a side that was established went back (hold timer expired, peer lost), opening while
 * OPEN messages are exchanged, otherwise connecting.
 */
public final class ControlPlane {
    /** How a session is drawn. */
    public enum State { CONNECTING, OPENING, ESTABLISHED, FAILED }

    /** A session between two speakers (node names, or the peer's address when it is not a node), sorted. */
    public record Session(String a, String b, State state, String detail) {}

    static final Pattern FSM = Pattern.compile("^BGP (\\S+) <-> (\\S+): (\\S+) -> (\\S+)(?::\\s*(.*))?$");
    static final Pattern FAILS = Pattern.compile("^(?:node )?(\\S+) fails: .*");
    static final Pattern RESTORED = Pattern.compile("^node (\\S+) is restored.*");

    private final int[] changes;
    private final List<List<Session>> snapshots = new ArrayList<>();
    private final List<TreeSet<String>> failed = new ArrayList<>();

    private ControlPlane(int[] changes) {
        this.changes = changes;
    }

    /** Reads the sessions and failures of a run; peer addresses are mapped to nodes by their NICs. */
    public static ControlPlane of(List<TraceEvent> trace, Topology topo) {
        Map<String, String> nodeOfAddress = new LinkedHashMap<>();
        if (topo != null) {
            for (Topology.Host h : topo.hosts()) {
                for (Topology.Device d : h.nics()) {
                    String a = d.address();
                    if (a != null && !a.isEmpty()) {
                        nodeOfAddress.put(a.split("/")[0], h.name());
                    }
                }
            }
        }
        List<Integer> at = new ArrayList<>();
        Map<String, String> side = new TreeMap<>();
        Map<String, State> drawn = new TreeMap<>();
        Map<String, String> detail = new TreeMap<>();
        TreeSet<String> down = new TreeSet<>();
        List<List<Session>> snaps = new ArrayList<>();
        List<TreeSet<String>> fails = new ArrayList<>();
        Traces.scan(trace, (i, e) -> {
            if (e.kind() != EventKind.NOTE) {
                return;
            }
            boolean changed = false;
            Matcher m = FSM.matcher(e.explanation());
            if ("bird".equals(e.device()) && m.matches()) {
                String me = hostOf(topo, m.group(1));
                String peer = nodeOfAddress.getOrDefault(m.group(2), m.group(2));
                String key = me.compareTo(peer) <= 0 ? me + "|" + peer : peer + "|" + me;
                String was = side.put(me + ">" + peer, m.group(4));
                State before = drawn.get(key);
                String other = side.get(peer + ">" + me);
                drawn.put(key, combine(m.group(4), other, was, before));
                detail.put(key, me + ": " + m.group(3) + " → " + m.group(4) + (m.group(5) == null ? "" : " (" + m.group(5) + ")"));
                changed = true;
            } else if (e.device() == null) {
                Matcher f = FAILS.matcher(e.explanation());
                Matcher r = RESTORED.matcher(e.explanation());
                if (f.matches() && topo != null && topo.host(f.group(1)) != null) {
                    changed = down.add(f.group(1));
                } else if (r.matches()) {
                    changed = down.remove(r.group(1));
                }
            }
            if (changed) {
                at.add(i);
                List<Session> snap = new ArrayList<>();
                for (Map.Entry<String, State> en : drawn.entrySet()) {
                    String[] ab = en.getKey().split("\\|", 2);
                    snap.add(new Session(ab[0], ab[1], en.getValue(), detail.get(en.getKey())));
                }
                snaps.add(List.copyOf(snap));
                fails.add(new TreeSet<>(down));
            }
        });
        ControlPlane cp = new ControlPlane(at.stream().mapToInt(Integer::intValue).toArray());
        cp.snapshots.addAll(snaps);
        cp.failed.addAll(fails);
        return cp;
    }

    private static String hostOf(Topology topo, String ns) {
        String h = topo == null ? null : topo.hostOf(ns);
        return h == null ? ns : h;
    }

    private static State combine(String mine, String other, String myBefore, State before) {
        boolean est = "ESTABLISHED".equals(mine) && (other == null || "ESTABLISHED".equals(other));
        if (est) {
            return State.ESTABLISHED;
        }
        if ("ESTABLISHED".equals(myBefore) || before == State.ESTABLISHED || before == State.FAILED) {
            return State.FAILED;
        }
        if (mine.startsWith("OPEN") || (other != null && other.startsWith("OPEN")) || "ESTABLISHED".equals(mine)) {
            return State.OPENING;
        }
        return State.CONNECTING;
    }

    /** Whether the run has any BGP session or node failure to draw. */
    public boolean isEmpty() {
        return changes.length == 0;
    }

    private int snapshot(int event) {
        int pos = java.util.Arrays.binarySearch(changes, event);
        return pos >= 0 ? pos : -pos - 2;
    }

    /** The sessions as they are after event {@code event}. */
    public List<Session> sessionsAt(int event) {
        int k = snapshot(event);
        return k < 0 ? List.of() : snapshots.get(k);
    }

    /** The nodes that are down after event {@code event}. */
    public java.util.Set<String> failedAt(int event) {
        int k = snapshot(event);
        return k < 0 ? java.util.Set.of() : java.util.Collections.unmodifiableSet(failed.get(k));
    }

    /**
     * The BGP message a packet carries (TCP port 179, a payload starting with the 16-byte marker):
     * OPEN, UPDATE, WITHDRAW (an UPDATE that only withdraws routes), KEEPALIVE, NOTIFICATION; null
     * when it carries none.
     */
    public static String bgpMessage(Packet p) {
        if (p == null) {
            return null;
        }
        TcpHeader t = p.last(TcpHeader.class);
        if (t == null || (t.srcPort() != 179 && t.dstPort() != 179) || p.payloadLength() < 19) {
            return null;
        }
        byte[] b = p.payload();
        for (int i = 0; i < 16; i++) {
            if (b[i] != (byte) 0xff) {
                return null;
            }
        }
        switch (b[18]) {
            case 1:
                return "OPEN";
            case 2:
                if (b.length >= 23) {
                    int withdrawn = ((b[19] & 0xff) << 8) | (b[20] & 0xff);
                    int attrs = b.length >= 23 + withdrawn ? ((b[21 + withdrawn] & 0xff) << 8) | (b[22 + withdrawn] & 0xff) : 0;
                    if (withdrawn > 0 && attrs == 0) {
                        return "WITHDRAW";
                    }
                }
                return "UPDATE";
            case 3:
                return "NOTIFICATION";
            case 4:
                return "KEEPALIVE";
            default:
                return null;
        }
    }

    /** Whether an event belongs to the control plane: BGP packets, the speakers' notes and routes, node failures. */
    public static boolean isControl(TraceEvent e) {
        if ("bird".equals(e.device())) {
            return true;
        }
        if (e.kind() == EventKind.NOTE && e.device() == null
                && (FAILS.matcher(e.explanation()).matches() || RESTORED.matcher(e.explanation()).matches())) {
            return true;
        }
        return bgpMessage(e.packet()) != null;
    }
}
