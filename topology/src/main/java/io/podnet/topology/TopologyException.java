package io.podnet.topology;

/**
 * A cluster description that cannot be rendered: the message says what is wrong and what would be
 * accepted. {@link #subject()} names the object at fault ({@code node/node3}, {@code pod/default/web},
 * {@code service/default/my-app}, {@code cluster.cni.network}...) so that a caller holding source
 * positions can point at the right line.
 */
public final class TopologyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String subject;

    public TopologyException(String subject, String message) {
        super(message);
        this.subject = subject;
    }

    /** The object at fault, as {@code kind/namespace/name} or a dotted path into the cluster spec. */
    public String subject() {
        return subject;
    }
}
