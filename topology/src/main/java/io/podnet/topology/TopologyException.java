package io.podnet.topology;

import io.podnet.topology.spec.Origin;

/**
 * A cluster description that cannot be rendered: the message says what is wrong and what would be
 * accepted. It says exactly what it is about, so that a caller holding source positions can point
 * at the right line without reading the message:
 * <ul>
 * <li>{@link #origin()}: the {@link Origin} of the spec record (or its field) at fault, as the
 * record carried it ({@link Origin#NONE} when the error is about a Kubernetes object or a value
 * without an origin);</li>
 * <li>{@link #subject()}: the object at fault, {@code kind/namespace/name} ({@code pod/default/web},
 * {@code service/default/my-app}), {@code kind/name} for Calico resources and cluster nodes
 * ({@code ippool/pool-a}, {@code node/node3}), or a dotted path into the cluster spec
 * ({@code cluster.serviceCIDR});</li>
 * <li>{@link #field()}: the field of that object at fault as a dotted path from the object's root
 * ({@code status.podIP}, {@code spec.ipipMode}, {@code spec.bgp.asNumber}), or null for the object
 * as a whole.</li>
 * </ul>
 */
public final class TopologyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Origin origin;
    private final String subject;
    private final String field;

    /**
     * @param origin  where the spec record or field at fault was written (null: {@link Origin#NONE})
     * @param subject the object at fault
     * @param field   the field of the object at fault, or null
     */
    public TopologyException(Origin origin, String subject, String field, String message) {
        super(message);
        this.origin = origin == null ? Origin.NONE : origin;
        this.subject = subject;
        this.field = field;
    }

    /** About a spec record (or one of its fields) written at {@code origin}. */
    public TopologyException(Origin origin, String subject, String message) {
        this(origin, subject, null, message);
    }

    /** About the field {@code field} of the object {@code subject}. */
    public TopologyException(String subject, String field, String message) {
        this(Origin.NONE, subject, field, message);
    }

    /** About the object {@code subject} as a whole. */
    public TopologyException(String subject, String message) {
        this(Origin.NONE, subject, null, message);
    }

    /** Where the spec record at fault was written, or {@link Origin#NONE}. */
    public Origin origin() {
        return origin;
    }

    /** The object at fault, as {@code kind/namespace/name} or a dotted path into the cluster spec. */
    public String subject() {
        return subject;
    }

    /** The object's field at fault (a dotted path such as {@code status.podIP}), or null. */
    public String field() {
        return field;
    }
}
