/**
 * JMH benchmarks of whole scenario replays (test scope, run by {@code scripts/bench} from the
 * repository root): load + run of the example scenarios through {@link io.podnet.scenarios.Podnet}.
 * Nothing here asserts; the golden-trace tests hold correctness.
 */
package io.podnet.scenarios.bench;
