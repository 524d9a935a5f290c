package io.podnet.reports.junit;

import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.model.Expectation;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.sim.engine.Durations;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes JUnit XML (the Ant/Surefire schema that Jenkins and GitLab read):
 * <pre>
 * &lt;testsuites name="podnet" tests="1" failures="0" errors="0"&gt;
 *   &lt;testsuite name="frontend-to-backend" tests="1" failures="0" errors="0" skipped="0" time="0.000307"&gt;
 *     &lt;properties&gt;&lt;property name="file" value="..."/&gt;&lt;property name="seed" value="42"/&gt;&lt;/properties&gt;
 *     &lt;testcase classname="podnet.frontend-to-backend" name="expect[1] frontend-calls-my-app: outcome delivered, ..."
 *               file="..." line="33" time="0.000307"/&gt;
 *     &lt;system-out&gt;one line per flow&lt;/system-out&gt;
 *   &lt;/testsuite&gt;
 * &lt;/testsuites&gt;
 * </pre>
 * A testcase's time is the slowest simulated latency of its traffic item's attempts.
 */
public final class JunitXml {
    private JunitXml() {}

    /** The run's expectations as testcases; {@code failures} are those {@code Podnet.check} returned. */
    public static String of(RunResult r, List<ExpectationFailure> failures, String file) {
        List<Expectation> expectations = r.scenario().expectations();
        long failed = expectations.stream().filter(x -> failures.stream()
                .anyMatch(f -> f.expectation().index() == x.index())).count();
        String suite = r.scenarioName();
        try {
            StringWriter sw = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(sw);
            w.writeStartDocument("UTF-8", "1.0");
            nl(w, 0);
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "podnet");
            w.writeAttribute("tests", String.valueOf(expectations.size()));
            w.writeAttribute("failures", String.valueOf(failed));
            w.writeAttribute("errors", "0");
            w.writeAttribute("time", seconds(totalTime(r)));
            nl(w, 1);
            w.writeStartElement("testsuite");
            w.writeAttribute("name", suite);
            w.writeAttribute("tests", String.valueOf(expectations.size()));
            w.writeAttribute("failures", String.valueOf(failed));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", "0");
            w.writeAttribute("time", seconds(totalTime(r)));
            properties(w, file, r.seed());
            for (Expectation x : expectations) {
                List<ExpectationFailure> mine = failures.stream().filter(f -> f.expectation().index() == x.index())
                        .toList();
                nl(w, 2);
                boolean empty = mine.isEmpty();
                if (empty) {
                    w.writeEmptyElement("testcase");
                } else {
                    w.writeStartElement("testcase");
                }
                w.writeAttribute("classname", "podnet." + suite);
                w.writeAttribute("name", name(x));
                w.writeAttribute("file", x.location().file());
                w.writeAttribute("line", String.valueOf(x.location().line()));
                w.writeAttribute("time", seconds(slowest(r, x.traffic())));
                if (!empty) {
                    for (ExpectationFailure f : mine) {
                        nl(w, 3);
                        w.writeStartElement("failure");
                        w.writeAttribute("message", f.field() + (f.flow().equals(x.traffic()) ? "" : " for " + f.flow())
                                + ": expected " + f.expected() + ", actual " + f.actual());
                        w.writeAttribute("type", f.field());
                        w.writeCharacters(f.render());
                        w.writeEndElement();
                    }
                    nl(w, 2);
                    w.writeEndElement();
                }
            }
            nl(w, 2);
            w.writeStartElement("system-out");
            w.writeCharacters(flowLines(r));
            w.writeEndElement();
            nl(w, 1);
            w.writeEndElement();
            nl(w, 0);
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
            return sw.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
    }

    /**
     * A scenario that could not be loaded or built: one testcase named {@code scenario} with an
     * {@code <error>} listing the diagnostics.
     */
    public static String ofError(String file, String suite, List<Diagnostic> diagnostics) {
        try {
            StringWriter sw = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(sw);
            w.writeStartDocument("UTF-8", "1.0");
            nl(w, 0);
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "podnet");
            w.writeAttribute("tests", "1");
            w.writeAttribute("failures", "0");
            w.writeAttribute("errors", "1");
            w.writeAttribute("time", "0");
            nl(w, 1);
            w.writeStartElement("testsuite");
            w.writeAttribute("name", suite);
            w.writeAttribute("tests", "1");
            w.writeAttribute("failures", "0");
            w.writeAttribute("errors", "1");
            w.writeAttribute("skipped", "0");
            w.writeAttribute("time", "0");
            nl(w, 2);
            w.writeStartElement("testcase");
            w.writeAttribute("classname", "podnet." + suite);
            w.writeAttribute("name", "scenario");
            w.writeAttribute("file", file);
            w.writeAttribute("time", "0");
            nl(w, 3);
            w.writeStartElement("error");
            List<String> lines = new ArrayList<>();
            diagnostics.forEach(d -> lines.add(d.render()));
            w.writeAttribute("message", lines.isEmpty() ? "invalid scenario" : lines.get(0));
            w.writeAttribute("type", "ScenarioError");
            w.writeCharacters(String.join("\n", lines));
            w.writeEndElement();
            nl(w, 2);
            w.writeEndElement();
            nl(w, 1);
            w.writeEndElement();
            nl(w, 0);
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
            return sw.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
    }

    private static void properties(XMLStreamWriter w, String file, long seed) throws XMLStreamException {
        nl(w, 2);
        w.writeStartElement("properties");
        nl(w, 3);
        w.writeEmptyElement("property");
        w.writeAttribute("name", "file");
        w.writeAttribute("value", file);
        nl(w, 3);
        w.writeEmptyElement("property");
        w.writeAttribute("name", "seed");
        w.writeAttribute("value", String.valueOf(seed));
        nl(w, 2);
        w.writeEndElement();
    }

    /** {@code expect[1] frontend-calls-my-app: outcome delivered, servedBy pod/backend-*}. */
    static String name(Expectation x) {
        List<String> parts = new ArrayList<>();
        if (x.outcome() != null) {
            parts.add("outcome " + x.outcome().text());
        }
        if (x.servedBy() != null) {
            parts.add("servedBy " + x.servedBy());
        }
        if (x.encapsulation() != null) {
            parts.add("encapsulation " + x.encapsulation().text());
        }
        if (x.path() != null) {
            parts.add("path of " + x.path().size() + " hops");
        }
        if (x.maxLatencyNanos() != null) {
            parts.add("maxLatency " + Durations.format(x.maxLatencyNanos()));
        }
        if (x.droppedBy() != null) {
            parts.add("droppedBy " + x.droppedBy());
        }
        return "expect[" + (x.index() + 1) + "] " + x.traffic() + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    private static long slowest(RunResult r, String traffic) {
        long max = 0;
        for (FlowResult f : r.flowsOf(traffic)) {
            max = Math.max(max, f.latencyNanos());
        }
        return max;
    }

    private static long totalTime(RunResult r) {
        long max = 0;
        for (FlowResult f : r.flows()) {
            max = Math.max(max, f.latencyNanos());
        }
        return max;
    }

    private static String flowLines(RunResult r) {
        StringBuilder sb = new StringBuilder("\n");
        for (FlowResult f : r.flows()) {
            sb.append(f.flow()).append(": ").append(f.outcome().text());
            if (f.servedBy() != null) {
                sb.append(" by pod/").append(f.servedBy());
            }
            sb.append(", encapsulation ").append(f.encapsulation().text());
            if (f.latencyNanos() >= 0) {
                sb.append(", ").append(Durations.format(f.latencyNanos()));
            }
            if (f.detail() != null && !f.detail().isEmpty()) {
                sb.append(" (").append(f.detail()).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Simulated nanoseconds as seconds with nine decimals trimmed: {@code 0.000306531}. */
    static String seconds(long nanos) {
        if (nanos <= 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static void nl(XMLStreamWriter w, int depth) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
    }
}
