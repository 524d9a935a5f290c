/**
 * How the viewer turns a scenario file into a {@link io.podnet.viewer.model.ViewModel}: a
 * {@link io.podnet.viewer.load.ScenarioLoader} runs the scenario through the scenarios module's
 * runner and hands back the rendered network and the trace. Bad input becomes a
 * {@link io.podnet.viewer.load.ScenarioLoadException} whose message is shown as is.
 */
package io.podnet.viewer.load;
