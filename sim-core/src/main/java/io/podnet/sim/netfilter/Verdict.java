package io.podnet.sim.netfilter;

/**
 * The outcome of running a hook. The packet in the {@code PacketBuffer} may have been rewritten
 * (NAT); the stack re-routes when the destination changed.
 *
 * @param action     what the stack does next
 * @param rejectWith for {@link Action#REJECT}: the iptables {@code --reject-with} type
 *                   ({@code icmp-port-unreachable}, {@code icmp-host-unreachable}, {@code tcp-reset}...)
 * @param rule       the rule that decided, as iptables-save prints it, or null for a chain policy
 */
public record Verdict(Action action, String rejectWith, String rule) {
    public enum Action { ACCEPT, DROP, REJECT }

    public static final Verdict ACCEPT = new Verdict(Action.ACCEPT, null, null);

    public boolean accepted() {
        return action == Action.ACCEPT;
    }
}
