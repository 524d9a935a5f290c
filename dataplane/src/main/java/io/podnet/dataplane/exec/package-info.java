/**
 * Running external tools safely: {@link io.podnet.dataplane.exec.CommandRunner} runs argument lists
 * (never a shell) with a timeout on every call, and tracks background processes so teardown can end
 * them; {@link io.podnet.dataplane.exec.Environment} says whether this machine can verify (root, the
 * tools and the Debian packages that provide them).
 */
package io.podnet.dataplane.exec;
