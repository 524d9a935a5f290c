package io.podnet.dataplane.compare;

import io.podnet.dataplane.capture.CapturedFrame;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel vs simulated latency of one flow's first attempt, observed at the same point on both
 * sides: the client's interface, from the first frame the client sends to the last frame carrying
 * response bytes back to it (for ICMP, the first echo reply), less the server's own time where the
 * capture shows it (at the server's interface, the request's last data frame in to the response's
 * first out): the real server is a user-space program (a JVM) whose think time is no part of the
 * network path. The kernel's figure comes from the
 * capture's timestamps, the simulator's from the trace's TX/RX events at that interface under the
 * run's cost profile. A report, never a verdict: timing does not make a flow agree or differ.
 *
 * @param at          the observation point ({@code namespace/device})
 * @param kernelNanos the kernel's latency, or -1 when the capture did not show both ends
 * @param simNanos    the simulator's, or -1
 */
public record FlowTiming(String at, long kernelNanos, long simNanos) {
    /** kernel / simulated, or NaN when either is missing. */
    public double ratio() {
        return kernelNanos > 0 && simNanos > 0 ? kernelNanos / (double) simNanos : Double.NaN;
    }

    /** A frame at the observation point: when, the packet, and whether the client sent it. */
    record Seen(long timeNanos, Packet packet) {}

    /** The timing of the first attempt of a flow from both sides. */
    public static FlowTiming of(String at, String clientIp, String serverAt, java.util.Map<String, List<CapturedFrame>> kernel,
                                List<TraceEvent> trace, String flow) {
        List<Seen> k = seen(kernel.get(at));
        List<Seen> s = simulated(trace, at, flow);
        long kl = latency(k, clientIp);
        long sl = latency(s, clientIp);
        if (serverAt != null && !serverAt.equals(at) && kl > 0 && sl > 0) {
            int port = clientPort(k, clientIp);
            long kt = serverTime(seen(kernel.get(serverAt)), clientIp, port);
            long st = serverTime(simulated(trace, serverAt, flow), clientIp, clientPort(s, clientIp));
            if (kt >= 0 && kt < kl) {
                kl -= kt; // the simulator's server answers at once: its time is 0 where the trace does not show one
            }
            if (st > 0 && st < sl) {
                sl -= st;
            }
        }
        return new FlowTiming(at, kl, sl);
    }

    private static List<Seen> seen(List<CapturedFrame> frames) {
        List<Seen> k = new ArrayList<>();
        if (frames != null) {
            for (CapturedFrame f : frames) {
                if (f.packet() != null) {
                    k.add(new Seen(f.timeNanos(), f.packet()));
                }
            }
        }
        return k;
    }

    private static List<Seen> simulated(List<TraceEvent> trace, String at, String flow) {
        List<Seen> s = new ArrayList<>();
        for (TraceEvent e : trace) {
            if ((e.kind() == EventKind.TX || e.kind() == EventKind.RX) && at.equals(e.location()) && ofFlow(e.flow(), flow)
                    && e.packet() != null) {
                s.add(new Seen(e.time(), e.packet()));
            }
        }
        return s;
    }

    private static int clientPort(List<Seen> frames, String clientIp) {
        for (Seen f : frames) {
            Ipv4Header ip = f.packet().first(Ipv4Header.class);
            TcpHeader tcp = f.packet().last(TcpHeader.class);
            if (ip != null && tcp != null && ip.src().toString().equals(clientIp)) {
                return tcp.srcPort();
            }
        }
        return -1;
    }

    /** At the server's interface: the request's last data frame in to the response's first data frame out (TCP). */
    static long serverTime(List<Seen> frames, String clientIp, int port) {
        long lastIn = -1;
        for (Seen f : frames) {
            Ipv4Header ip = f.packet().first(Ipv4Header.class);
            TcpHeader tcp = f.packet().last(TcpHeader.class);
            if (ip == null || tcp == null || f.packet().payloadLength() == 0) {
                continue;
            }
            if (ip.src().toString().equals(clientIp) && tcp.srcPort() == port) {
                lastIn = f.timeNanos();
            } else if (ip.dst().toString().equals(clientIp) && tcp.dstPort() == port && lastIn >= 0) {
                return f.timeNanos() - lastIn;
            }
        }
        return -1;
    }

    private static boolean ofFlow(String f, String name) {
        return f != null && (f.equals(name) || f.startsWith(name + "#") || f.startsWith(name + "/"));
    }

    /**
     * First frame from the client to the last response frame of the same connection (or the first
     * echo reply), less the client's own pause between its handshake and its first data (the real
     * client is a user-space program too).
     */
    static long latency(List<Seen> frames, String clientIp) {
        long t0 = -1;
        int port = -1;
        boolean icmp = false;
        long end = -1;
        long anyIn = -1;
        long firstIn = -1;
        long lastOutBeforeData = -1;
        long firstData = -1;
        for (Seen f : frames) {
            Ipv4Header ip = f.packet().first(Ipv4Header.class);
            if (ip == null) {
                continue;
            }
            boolean out = ip.src().toString().equals(clientIp);
            boolean in = ip.dst().toString().equals(clientIp);
            TcpHeader tcp = f.packet().last(TcpHeader.class);
            UdpHeader udp = tcp == null ? f.packet().last(UdpHeader.class) : null;
            IcmpHeader icmpH = f.packet().last(IcmpHeader.class);
            if (t0 < 0) {
                if (!out) {
                    continue;
                }
                t0 = f.timeNanos();
                port = tcp != null ? tcp.srcPort() : udp != null ? udp.srcPort() : -1;
                icmp = tcp == null && udp == null && icmpH != null;
                if (f.packet().payloadLength() > 0) {
                    firstData = t0;
                }
                continue;
            }
            if (tcp != null && out && tcp.srcPort() == port && firstData < 0) {
                if (f.packet().payloadLength() > 0) {
                    firstData = f.timeNanos();
                } else {
                    lastOutBeforeData = f.timeNanos();
                }
            }
            if (!in || f.timeNanos() < t0) {
                continue;
            }
            if (icmp) {
                if (icmpH != null && icmpH.type() == 0) {
                    return f.timeNanos() - t0;
                }
                continue;
            }
            int dport = tcp != null ? tcp.dstPort() : udp != null ? udp.dstPort() : -2;
            if (dport != port) {
                continue;
            }
            anyIn = f.timeNanos();
            if (firstIn < 0) {
                firstIn = f.timeNanos();
            }
            if (f.packet().payloadLength() > 0) {
                end = f.timeNanos();
            }
        }
        long last = end >= 0 ? end : anyIn;
        if (t0 < 0 || last < 0) {
            return -1;
        }
        long pause = firstData > 0 && lastOutBeforeData > 0 && firstData > lastOutBeforeData ? firstData - lastOutBeforeData : 0;
        return last - t0 - pause;
    }
}
