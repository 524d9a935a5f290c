/**
 * The cluster podnet's scale measurements build ({@code scripts/bench scale}, {@code podnet bench}'s
 * scale part): one description of N nodes, their pods and Services under a choice of CNI, and how
 * its rendered network is realised (every node with its netfilter, pod namespaces lazily), so the
 * two measurements build the same thing.
 */
package io.podnet.topology.scale;
