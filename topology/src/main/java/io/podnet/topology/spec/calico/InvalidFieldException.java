package io.podnet.topology.spec.calico;

/**
 * A Calico resource value a record refuses, naming the field at fault ({@code spec.blockSize}) so
 * that the reader can report it as a {@link io.podnet.topology.TopologyException} about that field.
 */
final class InvalidFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field at fault, a dotted path from the resource's root. */
    String field() {
        return field;
    }
}
