/**
 * Calico's own resources (projectcalico.org/v3 {@code IPPool}, {@code BGPConfiguration},
 * {@code BGPPeer}, {@code Node}, {@code IPAMConfiguration}) as typed, validated records, Calico's
 * selector language, and {@link io.podnet.topology.spec.calico.CalicoResourceReader}, which converts
 * the generic objects the scenario parser passes through. Defaults are Calico's resource defaults.
 */
package io.podnet.topology.spec.calico;
