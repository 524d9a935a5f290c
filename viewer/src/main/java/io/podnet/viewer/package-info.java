/**
 * The {@code podnet view} command ({@link io.podnet.viewer.ViewCommand}), its CLI plug-in
 * ({@link io.podnet.viewer.ViewCommandProvider}, a {@code io.podnet.cli.spi.CommandProvider}) and a
 * plain launcher ({@link io.podnet.viewer.ViewerLauncher}). The command loads a scenario through a
 * {@link io.podnet.viewer.load.ScenarioLoader}, then opens the window or writes a PNG.
 */
package io.podnet.viewer;
