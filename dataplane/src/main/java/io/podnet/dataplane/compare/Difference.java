package io.podnet.dataplane.compare;

/**
 * One way the kernel and the simulator disagree.
 *
 * @param aspect    outcome, servedBy, path, ttl, addresses, port, length, encapsulation, nat, mtu
 * @param where     the hop ({@code namespace/device}) or null when it is about the whole flow
 * @param simulated what the simulator predicted
 * @param kernel    what the kernel did
 */
public record Difference(String aspect, String where, String simulated, String kernel) {
    public String describe() {
        return aspect + (where == null ? "" : " at " + where) + ": simulator " + simulated + ", kernel " + kernel;
    }
}
