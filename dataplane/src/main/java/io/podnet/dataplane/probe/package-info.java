/**
 * The traffic helper run inside pod namespaces ({@link io.podnet.dataplane.probe.ProbeMain}): TCP and
 * UDP servers that name themselves in their answers, and clients that print one JSON line per attempt.
 * JDK only, so it starts quickly under {@code ip netns exec}.
 */
package io.podnet.dataplane.probe;
