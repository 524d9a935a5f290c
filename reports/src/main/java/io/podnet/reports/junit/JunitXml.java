package io.podnet.reports.junit;

import io.podnet.reports.run.RunReports;
import io.podnet.scenarios.expect.ExpectationFailure;
import io.podnet.scenarios.model.Expectation;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.sim.engine.Durations;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes JUnit XML as the Apache Ant JUnit schema defines it (the schema Jenkins, GitLab and most CI
 * servers read): one {@code <testsuite>} document element per run,
 * <pre>
 * &lt;testsuite name="frontend-to-backend" tests="1" failures="0" errors="0" skipped="0" time="0.412"
 *            timestamp="2026-12-07T11:14:49" hostname="ci-runner"&gt;
 *   &lt;properties&gt;file, seed, cni, kubeProxy&lt;/properties&gt;
 *   &lt;testcase classname="podnet.frontend-to-backend" name="expect[1] ... (file.yaml:72)" time="0"&gt;
 *     &lt;failure type="encapsulation,path" message="encapsulation: expected vxlan, actual none; path: ..."&gt;
 *       every failed field, expected and actual, at its file:line:column
 *     &lt;/failure&gt;
 *   &lt;/testcase&gt;
 *   &lt;system-out&gt;one line per flow&lt;/system-out&gt;
 *   &lt;system-err&gt;the scenario's warnings&lt;/system-err&gt;
 * &lt;/testsuite&gt;
 * </pre>
 * The schema allows no attributes but these: the expectation's file and line therefore travel in the
 * testcase name and the failure text. {@code time} is wall-clock seconds: the suite's is the whole
 * load-run-check; a testcase's is 0 because every expectation is checked against the one shared run.
 * A testcase has at most one {@code <failure>} (CI servers show only the first): the fields that did
 * not hold are merged into it.
 */
public final class JunitXml {
    private JunitXml() {}

    /** The run's expectations as testcases; {@code failures} are those {@code Podnet.check} returned. */
    public static String of(RunResult r, List<ExpectationFailure> failures, String file, JunitRun run,
                            List<String> warnings) {
        List<Expectation> expectations = r.scenario().expectations();
        Map<Integer, List<ExpectationFailure>> byExpectation = new LinkedHashMap<>();
        for (ExpectationFailure f : failures) {
            byExpectation.computeIfAbsent(f.expectation().index(), k -> new ArrayList<>()).add(f);
        }
        long failed = expectations.stream().filter(x -> byExpectation.containsKey(x.index())).count();
        try {
            StringWriter sw = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(sw);
            w.writeStartDocument("UTF-8", "1.0");
            nl(w, 0);
            suiteStart(w, r.scenarioName(), expectations.size(), failed, 0, run);
            Map<String, String> props = new LinkedHashMap<>();
            props.put("file", file);
            props.put("seed", String.valueOf(r.seed()));
            props.put("cni", RunReports.cniName(r.scenario().cluster().cni()));
            props.put("kubeProxy", r.scenario().cluster().kubeProxy().mode().text());
            properties(w, props);
            for (Expectation x : expectations) {
                List<ExpectationFailure> mine = byExpectation.getOrDefault(x.index(), List.of());
                nl(w, 1);
                if (mine.isEmpty()) {
                    w.writeEmptyElement("testcase");
                    testcaseAttributes(w, r.scenarioName(), x);
                    continue;
                }
                w.writeStartElement("testcase");
                testcaseAttributes(w, r.scenarioName(), x);
                nl(w, 2);
                w.writeStartElement("failure");
                w.writeAttribute("type", String.join(",", mine.stream().map(ExpectationFailure::field)
                        .distinct().toList()));
                w.writeAttribute("message", String.join("; ", mine.stream().map(JunitXml::summary).toList()));
                w.writeCharacters(String.join("\n", mine.stream().map(ExpectationFailure::render).toList()));
                w.writeEndElement();
                nl(w, 1);
                w.writeEndElement();
            }
            outputs(w, flowLines(r), String.join("\n", warnings));
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
    public static String ofError(String file, String suite, List<Diagnostic> diagnostics, JunitRun run) {
        try {
            StringWriter sw = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(sw);
            w.writeStartDocument("UTF-8", "1.0");
            nl(w, 0);
            suiteStart(w, suite, 1, 0, 1, run);
            properties(w, Map.of("file", file));
            nl(w, 1);
            w.writeStartElement("testcase");
            w.writeAttribute("name", "scenario");
            w.writeAttribute("classname", "podnet." + token(suite));
            w.writeAttribute("time", "0");
            nl(w, 2);
            w.writeStartElement("error");
            List<String> lines = new ArrayList<>();
            diagnostics.forEach(d -> lines.add(d.render()));
            w.writeAttribute("message", lines.isEmpty() ? "invalid scenario" : lines.get(0));
            w.writeAttribute("type", "ScenarioError");
            w.writeCharacters(String.join("\n", lines));
            w.writeEndElement();
            nl(w, 1);
            w.writeEndElement();
            outputs(w, "", "");
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

    private static void suiteStart(XMLStreamWriter w, String name, long tests, long failures, long errors, JunitRun run)
            throws XMLStreamException {
        w.writeStartElement("testsuite");
        w.writeAttribute("name", token(name));
        w.writeAttribute("tests", String.valueOf(tests));
        w.writeAttribute("failures", String.valueOf(failures));
        w.writeAttribute("errors", String.valueOf(errors));
        w.writeAttribute("skipped", "0");
        w.writeAttribute("time", seconds(run.wallNanos()));
        w.writeAttribute("timestamp", run.timestamp());
        w.writeAttribute("hostname", token(run.hostname()));
    }

    private static void testcaseAttributes(XMLStreamWriter w, String suite, Expectation x) throws XMLStreamException {
        w.writeAttribute("name", token(name(x) + " (" + x.location().file() + ":" + x.location().line() + ")"));
        w.writeAttribute("classname", "podnet." + token(suite));
        w.writeAttribute("time", "0");
    }

    private static void properties(XMLStreamWriter w, Map<String, String> props) throws XMLStreamException {
        nl(w, 1);
        w.writeStartElement("properties");
        for (Map.Entry<String, String> e : props.entrySet()) {
            nl(w, 2);
            w.writeEmptyElement("property");
            w.writeAttribute("name", e.getKey());
            w.writeAttribute("value", e.getValue());
        }
        nl(w, 1);
        w.writeEndElement();
    }

    private static void outputs(XMLStreamWriter w, String out, String err) throws XMLStreamException {
        nl(w, 1);
        w.writeStartElement("system-out");
        w.writeCharacters(out);
        w.writeEndElement();
        nl(w, 1);
        w.writeStartElement("system-err");
        w.writeCharacters(err);
        w.writeEndElement();
    }

    /** {@code encapsulation: expected vxlan, actual none} (with {@code for FLOW} when one attempt failed). */
    static String summary(ExpectationFailure f) {
        return f.field() + (f.flow().equals(f.expectation().traffic()) ? "" : " for " + f.flow())
                + ": expected " + f.expected() + ", actual " + f.actual();
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

    /** The schema's {@code xs:token}: no line breaks or tabs, no leading/trailing or doubled spaces. */
    static String token(String s) {
        String t = s.replaceAll("[\\r\\n\\t]", " ").replaceAll(" {2,}", " ").strip();
        return t.isEmpty() ? "unnamed" : t;
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

    /** Nanoseconds as decimal seconds, trailing zeros trimmed: {@code 0.000306531}, {@code 0}. */
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
