/**
 * Safety checks that run before {@code podnet verify} creates anything: {@link io.podnet.dataplane.safety.Names}
 * refuses any name that is not a Kubernetes name or a safe Linux interface name, or that could be
 * read as an option, a keyword or a shell/path fragment. Nothing here touches the system.
 */
package io.podnet.dataplane.safety;
