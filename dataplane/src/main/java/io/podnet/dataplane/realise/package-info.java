/**
 * Realising a rendered node configuration in Linux network namespaces: {@link io.podnet.dataplane.realise.Renderer}
 * turns a {@code NetworkConfig} into exact tool input (pure), {@link io.podnet.dataplane.realise.Realiser}
 * runs it, {@link io.podnet.dataplane.realise.Cleanup} removes it. Every device is created inside a
 * namespace carrying the run's {@link io.podnet.dataplane.realise.RunPrefix}; the root namespace is never changed.
 */
package io.podnet.dataplane.realise;
