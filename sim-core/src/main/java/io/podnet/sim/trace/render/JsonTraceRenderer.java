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
import io.podnet.sim.wire.Attributes;
import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.Packet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.util.List;

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

    /**
     * The same bytes as {@link #render}, written to {@code out} one event at a time: neither the
     * whole document as a string nor a JSON tree of every event is held.
     */
    public static void write(Iterable<TraceEvent> events, Writer out) throws IOException {
        try (com.fasterxml.jackson.core.JsonGenerator g = PRETTY.createGenerator(out)) {
            g.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("events");
            for (TraceEvent e : events) {
                g.writeTree(toJson(e));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    /**
     * A listener writing the same bytes as {@link #write} while the run goes: the document's head
     * at once, each event as it arrives, the end on {@link Document#close()} (which leaves
     * {@code out} open). Nothing of the trace is kept.
     */
    public static Document document(Writer out) throws IOException {
        return new Document(out);
    }

    /** The streaming form of {@link #write}; see {@link #document}. */
    public static final class Document implements TraceListener, java.io.Closeable {
        private final Writer out;
        private final com.fasterxml.jackson.core.JsonGenerator g;
        private boolean closed;

        private Document(Writer out) throws IOException {
            if (out == null) {
                throw new IllegalArgumentException("a JSON trace document needs somewhere to write");
            }
            this.out = out;
            this.g = PRETTY.createGenerator(out);
            g.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("events");
        }

        @Override
        public void onEvent(TraceEvent e) {
            try {
                g.writeTree(toJson(e));
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot write the JSON trace", ex);
            }
        }

        /** Ends the document (and its line); {@code out} stays open. */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            g.writeEndArray();
            g.writeEndObject();
            g.close();
            out.write('\n');
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

    /** One header as a flat object whose first key is {@code layer}; the header writes the rest. */
    public static ObjectNode layer(Header h) {
        ObjectNode o = F.objectNode();
        o.put("layer", h.layer());
        h.describe(new JsonAttributes(o));
        return o;
    }

    /** {@link Attributes} written into a Jackson object, keys in the order the header writes them. */
    private record JsonAttributes(ObjectNode node) implements Attributes {
        @Override
        public Attributes put(String key, int value) {
            node.put(key, value);
            return this;
        }

        @Override
        public Attributes put(String key, long value) {
            node.put(key, value);
            return this;
        }

        @Override
        public Attributes put(String key, String value) {
            node.put(key, value);
            return this;
        }

        @Override
        public Attributes put(String key, boolean value) {
            node.put(key, value);
            return this;
        }

        @Override
        public Attributes putUnsigned(String key, long value) {
            node.put(key, new BigInteger(Long.toUnsignedString(value)));
            return this;
        }

        @Override
        public ObjectList list(String key) {
            ArrayNode array = node.putArray(key);
            return () -> new JsonAttributes(array.addObject());
        }
    }
}
