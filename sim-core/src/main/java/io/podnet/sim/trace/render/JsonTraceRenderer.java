package io.podnet.sim.trace.render;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.TraceEvent;
import io.podnet.sim.trace.TraceListener;
import io.podnet.sim.wire.ArpPacket;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.GeneveHeader;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.IcmpHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import io.podnet.sim.wire.WireguardHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Renders trace events as JSON with a fixed key order, so the same events always give the same
 * bytes. One event:
 * <pre>
 * {"seq":3,"time_ns":1200,"packet":7,"flow":"web","namespace":"node1","device":"flannel.1",
 *  "kind":"ENCAP","explanation":"...",
 *  "decision":{"type":"tunnel","tunnel":"vxlan","vni":1,"outer_src":"192.168.1.10",...},
 *  "before":{"length":74,"payload_length":0,"layers":[{"layer":"ethernet",...},{"layer":"ipv4",...}]},
 *  "after":null,
 *  "cpu":{"node":"node1","cpu":0,"wait_ns":0,"cost_ns":1100,"steps":[{"step":"vxlan-encap","count":1,"bytes":66,"cost_ns":1100}]}}
 * </pre>
 * {@code cpu} is what the step charged under the run's cost profile (null when it charged nothing).
 * As a listener it writes JSON Lines (one compact object per line); {@link #render} gives a
 * pretty-printed document {@code {"format":"podnet-trace","version":1,"events":[...]}}.
 * Absent values are {@code null}, never omitted, so every event has the same keys.
 */
public final class JsonTraceRenderer implements TraceListener {
    public static final String FORMAT = "podnet-trace";
    public static final int VERSION = 1;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private final Writer out;

    /** A listener writing one JSON object per line to {@code out}. */
    public JsonTraceRenderer(Writer out) {
        if (out == null) {
            throw new IllegalArgumentException("JsonTraceRenderer needs somewhere to write");
        }
        this.out = out;
    }

    @Override
    public void onEvent(TraceEvent e) {
        try {
            out.write(MAPPER.writeValueAsString(toJson(e)));
            out.write('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the JSON trace", ex);
        }
    }

    /** The whole run as one pretty-printed JSON document ending in a newline. */
    public static String render(List<TraceEvent> events) {
        ObjectNode doc = F.objectNode();
        doc.put("format", FORMAT);
        doc.put("version", VERSION);
        ArrayNode arr = doc.putArray("events");
        for (TraceEvent e : events) {
            arr.add(toJson(e));
        }
        try {
            return PRETTY.writeValueAsString(doc) + "\n";
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot render the JSON trace", ex);
        }
    }

    /** One compact JSON line (no newline) for an event. */
    public static String line(TraceEvent e) {
        try {
            return MAPPER.writeValueAsString(toJson(e));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot render a trace event", ex);
        }
    }

    /** The event as a JSON tree with the documented key order. */
    public static ObjectNode toJson(TraceEvent e) {
        ObjectNode o = F.objectNode();
        o.put("seq", e.seq());
        o.put("time_ns", e.time());
        if (e.packetId() >= 0) {
            o.put("packet", e.packetId());
        } else {
            o.putNull("packet");
        }
        o.put("flow", e.flow());
        o.put("namespace", e.namespace());
        o.put("device", e.device());
        o.put("kind", e.kind().name());
        o.put("explanation", e.explanation());
        o.set("decision", decision(e.decision()));
        o.set("before", packet(e.before()));
        o.set("after", packet(e.after()));
        o.set("cpu", cpu(e.cpu()));
        return o;
    }

    static JsonNode cpu(io.podnet.sim.cost.CpuCost c) {
        if (c == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        o.put("node", c.node());
        o.put("cpu", c.cpu());
        o.put("wait_ns", c.waitNanos());
        o.put("cost_ns", c.nanos());
        com.fasterxml.jackson.databind.node.ArrayNode steps = o.putArray("steps");
        for (io.podnet.sim.cost.StepCharge s : c.charges()) {
            ObjectNode so = steps.addObject();
            so.put("step", s.step().key());
            so.put("count", s.count());
            so.put("bytes", s.bytes());
            so.put("cost_ns", s.nanos());
        }
        return o;
    }

    static JsonNode decision(Decision d) {
        if (d == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        o.put("type", DecisionText.type(d));
        if (d instanceof Decision.RouteMatch r) {
            o.put("table", r.table());
            o.put("route", r.text());
            o.put("next_hop", r.nextHop());
            o.put("out_device", r.outDevice());
        } else if (d instanceof Decision.RuleHit r) {
            o.put("table", r.table());
            o.put("chain", r.chain());
            o.put("rule_number", r.ruleNumber());
            o.put("rule", r.ruleText());
            o.put("verdict", r.verdict());
        } else if (d instanceof Decision.Nat n) {
            o.put("nat", n.kind());
            o.put("from", n.from());
            o.put("to", n.to());
            o.put("reply", n.reply());
        } else if (d instanceof Decision.Conntrack c) {
            o.put("state", c.state());
            o.put("original", c.original());
            o.put("reply", c.reply());
        } else if (d instanceof Decision.FdbEntry f) {
            o.put("mac", f.mac());
            o.put("device", f.device());
            o.put("destination", f.destination());
            o.put("entry", f.text());
        } else if (d instanceof Decision.Neighbour n) {
            o.put("ip", n.ip());
            o.put("mac", n.mac());
            o.put("device", n.device());
            o.put("state", n.state());
        } else if (d instanceof Decision.Tunnel t) {
            o.put("tunnel", t.type());
            o.put("vni", t.vni());
            o.put("outer_src", t.outerSrc());
            o.put("outer_dst", t.outerDst());
            o.put("port", t.port());
            o.put("overhead", t.overhead());
        } else if (d instanceof Decision.Drop dr) {
            o.put("reason", dr.reason() == null ? null : dr.reason().name());
            o.put("detail", dr.detail());
        } else if (d instanceof Decision.LinkHop l) {
            o.put("link", l.link());
            o.put("serialisation_ns", l.serialisationNs());
            o.put("propagation_ns", l.propagationNs());
            o.put("queue_ns", l.queueNs());
        } else if (d instanceof Decision.Socket s) {
            o.put("state", s.state());
            o.put("detail", s.detail());
        }
        o.put("text", DecisionText.of(d));
        return o;
    }

    /** A packet as {@code {"length":..,"payload_length":..,"layers":[...]}}, or null. */
    public static JsonNode packet(Packet p) {
        if (p == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        o.put("length", p.length());
        o.put("payload_length", p.payloadLength());
        ArrayNode layers = o.putArray("layers");
        for (Header h : p.headers()) {
            layers.add(layer(h));
        }
        return o;
    }

    /** One header as a flat object whose first key is {@code layer}. */
    public static ObjectNode layer(Header h) {
        ObjectNode o = F.objectNode();
        if (h instanceof EthernetHeader e) {
            o.put("layer", "ethernet");
            o.put("src", e.src().toString());
            o.put("dst", e.dst().toString());
            o.put("ethertype", String.format(Locale.ROOT, "0x%04x", e.etherType()));
        } else if (h instanceof ArpPacket a) {
            o.put("layer", "arp");
            o.put("op", a.operation() == ArpPacket.REQUEST ? "request" : "reply");
            o.put("sender_mac", a.senderMac().toString());
            o.put("sender_ip", a.senderIp().toString());
            o.put("target_mac", a.targetMac().toString());
            o.put("target_ip", a.targetIp().toString());
        } else if (h instanceof Ipv4Header ip) {
            o.put("layer", "ipv4");
            o.put("src", ip.src().toString());
            o.put("dst", ip.dst().toString());
            o.put("ttl", ip.ttl());
            o.put("protocol", Ipv4Header.protocolName(ip.protocol()));
            o.put("id", ip.identification());
            o.put("tos", ip.tos());
            o.put("df", ip.dontFragment());
            o.put("mf", ip.moreFragments());
            o.put("fragment_offset", ip.fragmentOffset() * 8);
        } else if (h instanceof IcmpHeader c) {
            o.put("layer", "icmp");
            o.put("type", c.type());
            o.put("code", c.code());
            o.put("summary", c.summary());
            if (c.isEcho()) {
                o.put("id", c.identifier());
                o.put("seq", c.sequence());
            } else if (c.type() == IcmpHeader.DEST_UNREACHABLE && c.code() == IcmpHeader.CODE_FRAG_NEEDED) {
                o.put("mtu", c.nextHopMtu());
            }
        } else if (h instanceof UdpHeader u) {
            o.put("layer", "udp");
            o.put("src_port", u.srcPort());
            o.put("dst_port", u.dstPort());
            o.put("checksummed", u.checksummed());
        } else if (h instanceof TcpHeader t) {
            o.put("layer", "tcp");
            o.put("src_port", t.srcPort());
            o.put("dst_port", t.dstPort());
            o.put("flags", TcpHeader.flagString(t.flags()));
            o.put("seq", t.seq());
            o.put("ack", t.ack());
            o.put("window", t.window());
            if (t.mss() > 0) {
                o.put("mss", t.mss());
            }
            if (t.windowScale() >= 0) {
                o.put("wscale", t.windowScale());
            }
            if (t.sackPermitted()) {
                o.put("sack_ok", true);
            }
            if (t.timestamps() != null) {
                o.put("ts_val", t.timestamps().value());
                o.put("ts_ecr", t.timestamps().echoReply());
            }
        } else if (h instanceof VxlanHeader v) {
            o.put("layer", "vxlan");
            o.put("vni", v.vni());
        } else if (h instanceof GeneveHeader g) {
            o.put("layer", "geneve");
            o.put("vni", g.vni());
            o.put("protocol_type", String.format(Locale.ROOT, "0x%04x", g.protocolType()));
            o.put("oam", g.oam());
            o.put("critical", g.critical());
            o.put("options_length", g.optionsLength());
            ArrayNode opts = o.putArray("options");
            for (GeneveHeader.Option opt : g.options()) {
                ObjectNode on = opts.addObject();
                on.put("class", String.format(Locale.ROOT, "0x%04x", opt.optionClass()));
                on.put("type", opt.type());
                on.put("critical", opt.critical());
                on.put("data", HexFormat.of().formatHex(opt.data()));
            }
        } else if (h instanceof WireguardHeader w) {
            o.put("layer", "wireguard");
            o.put("message_type", WireguardHeader.TYPE_TRANSPORT_DATA);
            o.put("receiver_index", w.receiverIndex());
            o.put("counter", new java.math.BigInteger(Long.toUnsignedString(w.counter())));
        } else {
            o.put("layer", h.getClass().getSimpleName());
            o.put("summary", h.summary());
        }
        return o;
    }
}
