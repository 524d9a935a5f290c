package io.podnet.topology.model;

/**
 * A container port of a pod.
 *
 * @param name     the port's name ({@code targetPort} may refer to it), or empty
 * @param port     the container port number
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
 */
public record NamedPort(String name, int port, String protocol) {
    public NamedPort {
        name = name == null ? "" : name;
        protocol = protocol == null ? "TCP" : protocol;
    }
}
