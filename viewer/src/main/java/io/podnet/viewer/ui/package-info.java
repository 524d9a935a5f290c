/**
 * The JavaFX user interface: {@link io.podnet.viewer.ui.ViewerWindow} assembles the topology
 * ({@link io.podnet.viewer.ui.TopologyView}), the header stack, the decision panel, the event list
 * and the playback controls driven by {@link io.podnet.viewer.ui.Player}. {@link
 * io.podnet.viewer.ui.FxRuntime} starts the toolkit (with Monocle headless when there is no
 * display) and {@link io.podnet.viewer.ui.Snapshots} writes PNGs.
 *
 * <p>Contract: every call happens on the FX application thread unless stated otherwise; the UI only
 * reads the view model.
 */
package io.podnet.viewer.ui;
