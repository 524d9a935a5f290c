package io.podnet.scenarios.model;

/** Which tunnel carried a flow's packets, from the trace's ENCAP events. */
public enum Encapsulation {
    VXLAN, IPIP, GENEVE, WIREGUARD, NONE;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
