package io.podnet.reports.run;

import io.podnet.scenarios.expect.ExpectationFailure;
import java.util.List;

/**
 * Everything a run report shows, gathered by {@link RunReports#of}.
 *
 * @param file        the scenario file as the user named it
 * @param cni         the CNI design the run used ({@code flannel-vxlan}...)
 * @param endNanos    simulated time when the run ended
 * @param traceEvents how many trace events the run produced
 */
public record RunReport(String scenario, String description, String file, long seed, String cni, String kubeProxy,
                        long endNanos, int traceEvents, List<NodeRow> nodes, List<PodRow> pods,
                        List<ServiceRow> services, List<FlowRow> flows, List<ExpectationRow> expectations) {
    public RunReport {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        services = List.copyOf(services);
        flows = List.copyOf(flows);
        expectations = List.copyOf(expectations);
    }

    /** Expectations that held. */
    public long expectationsHeld() {
        return expectations.stream().filter(ExpectationRow::held).count();
    }

    /** A node: its underlay address and pod subnet. */
    public record NodeRow(String name, String address, String podCidr, int pods) {}

    /** A pod: where it runs and its address. */
    public record PodRow(String namespace, String name, String node, String ip, boolean hostNetwork) {}

    /** A Service: its ClusterIP and, per port, {@code 80/TCP -> 10.244.2.8:8080, ...}. */
    public record ServiceRow(String namespace, String name, String type, String clusterIp, List<String> ports) {
        public ServiceRow {
            ports = List.copyOf(ports);
        }
    }

    /**
     * One attempt of a traffic item.
     *
     * @param tunnel        the first ENCAP of the flow ({@code vxlan vni 1 udp/8472 172.18.0.2 -> 172.18.0.3, +50 B}),
     *                      or empty
     * @param latencyNanos  -1 when not delivered
     * @param kubeProxyRules the kube-proxy rules (chains {@code KUBE-*} and the jumps into them) that fired for the
     *                      flow's packets, each once, in the order they first fired
     * @param ladder        every move of one of the flow's packets from one namespace to another (and every
     *                      drop), in trace order: the rows of a ladder diagram
     * @param hopTimes      the flow's first packet, per namespace it crossed: how long it stayed there
     *                      (until it reached the next one) and the CPU time the cost model charged there
     * @param netfilter     every netfilter rule that fired for the flow's packets, each once, in the order
     *                      they first fired (the whole iptables walk, jumps included)
     */
    public record FlowRow(String traffic, String flow, String from, String to, String protocol, String outcome,
                          String servedBy, String encapsulation, String tunnel, List<String> path, long latencyNanos,
                          long bytesSent, long bytesReceived, String detail, List<RuleRow> kubeProxyRules,
                          List<LadderHop> ladder, List<HopTime> hopTimes, List<RuleRow> netfilter) {
        public FlowRow {
            path = List.copyOf(path);
            kubeProxyRules = List.copyOf(kubeProxyRules);
            ladder = List.copyOf(ladder);
            hopTimes = List.copyOf(hopTimes);
            netfilter = List.copyOf(netfilter);
        }

        /** Delivered, as the run saw it (an expectation may still have failed). */
        public boolean delivered() {
            return "delivered".equals(outcome);
        }
    }

    /**
     * A packet moving from namespace {@code from} (which it left at {@code leftNanos}) to {@code to} (reached
     * at {@code arrivedNanos}); when {@code drop}, the packet was dropped in {@code from} (= {@code to}).
     *
     * @param packet what the packet is, from its SEND event ({@code TCP SYN}), or {@code packet N}
     */
    public record LadderHop(long packetId, String packet, String from, String to, long leftNanos, long arrivedNanos,
                            boolean drop) {}

    /** Time a packet spent in one namespace, and the CPU nanoseconds charged there (0 without a cost model). */
    public record HopTime(String namespace, long elapsedNanos, long cpuNanos) {}

    /** A netfilter rule that fired: where, which chain and position, the rule as iptables-save prints it. */
    public record RuleRow(String namespace, String table, String chain, int number, String rule, String verdict) {
        /**
         * Whether the rule changed something or decided the packet's fate (DNAT, SNAT, MASQUERADE, MARK,
         * DROP, REJECT, ACCEPT...), as opposed to only moving the walk along (JUMP, GOTO, RETURN) or
         * logging.
         */
        public boolean changedSomething() {
            return !(verdict.equals("JUMP") || verdict.equals("GOTO") || verdict.equals("RETURN")
                    || verdict.equals("LOG") || verdict.equals("CONTINUE") || verdict.isEmpty());
        }
    }

    /**
     * One expectation.
     *
     * @param location where it is written ({@code file:line:column})
     * @param checks   what it asks, one {@code field: value} per given field
     * @param failures what did not hold (empty when it held)
     */
    public record ExpectationRow(int index, String traffic, String location, List<String> checks,
                                 List<ExpectationFailure> failures) {
        public ExpectationRow {
            checks = List.copyOf(checks);
            failures = List.copyOf(failures);
        }

        public boolean held() {
            return failures.isEmpty();
        }

        /** {@code expect[1] frontend-calls-my-app}. */
        public String title() {
            return "expect[" + (index + 1) + "] " + traffic;
        }
    }
}
