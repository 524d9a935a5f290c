package io.podnet.reports.compare;

import java.util.List;

/**
 * One scenario compared under several designs.
 *
 * @param scenario  the scenario's name
 * @param file      the scenario file as the user named it
 * @param seed      the seed every run used
 * @param workload  one line per item compare added to the scenario's traffic (bulk, probes, node failure)
 * @param designs   one result per requested design, in the order requested
 * @param profile   the cost profile every run used
 * @param curve     new-connection latency against the number of Services, or null when not asked for
 */
public record Comparison(String scenario, String file, long seed, List<String> workload, List<DesignResult> designs,
                         String profile, NewConnectionCurve curve) {
    public Comparison {
        workload = List.copyOf(workload);
        designs = List.copyOf(designs);
    }

    public Comparison(String scenario, String file, long seed, List<String> workload, List<DesignResult> designs) {
        this(scenario, file, seed, workload, designs, "default", null);
    }

    /**
     * The first packet of a new connection (the client's SYN to the SYN-ACK's delivery, what
     * {@code connect()} waits for) to the Service kube-proxy writes last, on the two-node reference
     * topology ({@code io.podnet.scenarios.reference.ReferenceTopology}) under one design.
     *
     * @param mode   kube-proxy's mode
     * @param design the design the reference topology used
     * @param points one per Service count, in the order asked
     */
    public record NewConnectionCurve(String mode, String design, List<Point> points) {
        public NewConnectionCurve {
            points = List.copyOf(points);
        }
    }

    /**
     * @param services    Services in the cluster (0: the connection goes to the pod, no DNAT)
     * @param nanos       connect() time, or -1 when the connection did not complete
     * @param rules       iptables rules evaluated during that window (all nodes)
     */
    public record Point(int services, long nanos, long rules) {}

    /** True when every design that podnet supports ran. */
    public boolean allRan() {
        return designs.stream().noneMatch(d -> d.status() == DesignResult.Status.FAILED);
    }
}
