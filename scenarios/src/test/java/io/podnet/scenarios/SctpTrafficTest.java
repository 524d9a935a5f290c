package io.podnet.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.run.FlowResult;
import io.podnet.scenarios.run.RunResult;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.wire.SctpChunk;
import io.podnet.sim.wire.SctpHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code protocol: sctp} traffic in scenarios (examples/sctp.yaml), expectations from RFC 9260 and Linux's answers. */
class SctpTrafficTest {
    @Test
    void podToPodSctpIsDeliveredAndAClosedPortIsAborted() throws Exception {
        RunResult r = Podnet.run(Podnet.load(Path.of("examples/sctp.yaml")), null);
        FlowResult ok = r.flowsOf("sctp-request").get(0);
        assertEquals(Outcome.DELIVERED, ok.outcome(), ok.toString());
        FlowResult closed = r.flowsOf("sctp-closed-port").get(0);
        assertEquals(Outcome.REFUSED, closed.outcome(), closed.toString());
        // node2 answers the INIT with an ABORT carrying the INIT's initiate tag, T bit clear (RFC 9260 §8.4).
        SctpHeader init = r.trace().stream().filter(e -> e.kind() == EventKind.SEND && "sctp-closed-port".equals(e.flow()))
                .map(e -> e.packet().first(SctpHeader.class)).filter(h -> h != null && h.has(SctpChunk.INIT)).findFirst()
                .orElseThrow();
        SctpHeader abort = r.trace().stream().filter(e -> e.kind() == EventKind.SEND && e.namespace().equals("node2")
                && "sctp-closed-port".equals(e.flow())).map(e -> e.packet().first(SctpHeader.class))
                .filter(h -> h != null && h.has(SctpChunk.ABORT)).findFirst().orElseThrow();
        assertEquals(init.chunk(SctpChunk.Init.class).initiateTag(), abort.verificationTag());
        assertEquals(List.of(), Podnet.check(r));
        // Conntrack follows the association by ports: NEW with the INIT, ESTABLISHED with the INIT-ACK.
        assertTrue(r.trace().stream().anyMatch(e -> e.kind() == EventKind.CONNTRACK && e.namespace().equals("node1")
                && "sctp-request".equals(e.flow()) && e.explanation().matches(
                        "conntrack: new connection sctp 10\\.244\\.1\\.2:[0-9]+ -> 10\\.244\\.2\\.2:7777")));
        assertTrue(r.trace().stream().anyMatch(e -> e.kind() == EventKind.CONNTRACK && e.namespace().equals("node1")
                && "sctp-request".equals(e.flow()) && e.explanation().startsWith("conntrack: first reply seen, sctp ")
                && e.explanation().endsWith("-> 10.244.2.2:7777 is ESTABLISHED")));
    }

    @Test
    void anSctpRequestOfZeroBytesIsRefusedAtLoadTime(@TempDir Path dir) throws Exception {
        String text = Files.readString(Path.of("examples/sctp.yaml")).replace("request: 200B\n    response: 4KiB\n    at: 0ms",
                "request: 0B\n    response: 4KiB\n    at: 0ms");
        Path file = dir.resolve("zero.yaml");
        Files.writeString(file, text);
        io.podnet.scenarios.source.ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.podnet.scenarios.source.ScenarioException.class, () -> Podnet.load(file));
        assertTrue(e.getMessage().contains("an SCTP message has at least 1 byte"), e.getMessage());
        assertTrue(e.getMessage().contains("zero.yaml:"), e.getMessage());
    }

    /**
     * A ClusterIP Service with an SCTP port (and a TCP one): kube-proxy's {@code -p sctp -m sctp} rules
     * DNAT the INIT to the endpoint, and conntrack un-DNATs the INIT-ACK, so the client's association
     * sees the ClusterIP answer (RFC 9260's association is keyed by addresses and ports; without the
     * reverse NAT the INIT-ACK would match no association and be aborted).
     */
    @Test
    void sctpThroughAClusterIpServiceIsDnatedAndTheReplyUnNated(@TempDir Path dir) throws Exception {
        String text = Files.readString(Path.of("examples/sctp.yaml"));
        text = text.replace("traffic:\n", """
                  - apiVersion: v1
                    kind: Service
                    metadata:
                      name: sctp-svc
                    spec:
                      selector: {app: server}
                      clusterIP: 10.96.0.20
                      ports:
                        - {name: sctp, port: 7777, targetPort: 7777, protocol: SCTP}
                        - {name: web, port: 80, targetPort: 8080, protocol: TCP}
                traffic:
                  - name: sctp-service
                    from: pod/client
                    to: service/sctp-svc:7777
                    protocol: sctp
                    request: 300B
                    response: 2KiB
                    at: 30ms
                  - name: tcp-service
                    from: pod/client
                    to: service/sctp-svc:80
                    protocol: tcp
                    at: 40ms
                """);
        Path file = dir.resolve("service.yaml");
        Files.writeString(file, text);
        RunResult r = Podnet.run(Podnet.load(file), null);
        FlowResult f = r.flowsOf("sctp-service").get(0);
        assertEquals(Outcome.DELIVERED, f.outcome(), f.toString());
        assertEquals("server", f.servedBy());
        assertEquals(Outcome.DELIVERED, r.flowsOf("tcp-service").get(0).outcome());
        // The INIT-ACK reaches the client from the ClusterIP: conntrack reversed the DNAT.
        assertTrue(r.trace().stream().anyMatch(e -> e.kind() == EventKind.DELIVER && e.namespace().equals("client")
                && "sctp-service".equals(e.flow()) && e.explanation().startsWith("SCTP INIT-ACK from 10.96.0.20:7777")),
                "INIT-ACK from the ClusterIP");
        assertTrue(r.trace().stream().anyMatch(e -> e.kind() == EventKind.CONNTRACK && "sctp-service".equals(e.flow())
                && e.explanation().contains("sctp 10.244.1.2:") && e.explanation().contains("10.96.0.20:7777")));
    }
}
