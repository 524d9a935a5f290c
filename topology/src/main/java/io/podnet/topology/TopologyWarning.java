package io.podnet.topology;

/**
 * Something legal but probably unintended, such as a Service whose selector matches no pod (traffic
 * to it is refused, as kube-proxy would). Collected on the cluster model, never printed.
 *
 * @param subject the object concerned, as in {@link TopologyException#subject()}
 * @param message what was found and what it means for traffic
 */
public record TopologyWarning(String subject, String message) {}
