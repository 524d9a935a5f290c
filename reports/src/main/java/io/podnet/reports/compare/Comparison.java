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
 */
public record Comparison(String scenario, String file, long seed, List<String> workload, List<DesignResult> designs) {
    public Comparison {
        workload = List.copyOf(workload);
        designs = List.copyOf(designs);
    }

    /** True when every design that podnet supports ran. */
    public boolean allRan() {
        return designs.stream().noneMatch(d -> d.status() == DesignResult.Status.FAILED);
    }
}
