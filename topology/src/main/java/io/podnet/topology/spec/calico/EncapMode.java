package io.podnet.topology.spec.calico;

/** When an IPPool encapsulates ({@code ipipMode} / {@code vxlanMode}). */
public enum EncapMode {
    NEVER("Never"), ALWAYS("Always"), CROSS_SUBNET("CrossSubnet");

    private final String text;

    EncapMode(String text) {
        this.text = text;
    }

    /** As written in the resource. */
    public String text() {
        return text;
    }

    /** Parses the value as Calico spells it; null for an unknown value. */
    public static EncapMode parse(String text) {
        for (EncapMode m : values()) {
            if (m.text.equals(text)) {
                return m;
            }
        }
        return null;
    }
}
