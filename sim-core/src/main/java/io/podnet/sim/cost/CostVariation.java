package io.podnet.sim.cost;

import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.random.AbstractRandomGenerator;

/**
 * How much one CPU charge varies from its profile cost: each charge is multiplied by a factor drawn
 * from a distribution with mean 1 and coefficient of variation {@code cv} (standard deviation / mean),
 * so that the mean cost of a step stays the profile's figure while a run's latencies get the spread
 * the kernel's have (cache misses, interrupts, frequency changes, the scheduler). {@code cv = 0} is
 * {@link #NONE}: every charge is exactly its cost and nothing is drawn.
 *
 * @param distribution the factor's distribution
 * @param cv           its coefficient of variation, 0 to {@value #MAX_CV}
 * @param source       measured, fitted ({@code podnet calibrate}, from sockperf's percentiles) or published
 * @param note         where the figure comes from, or ""
 */
public record CostVariation(Distribution distribution, double cv, StepCost.Source source, String note) {
    /** The largest coefficient of variation a profile may give. */
    public static final double MAX_CV = 10;

    /** No variation: every charge costs exactly its profile figure. */
    public static final CostVariation NONE = new CostVariation(Distribution.LOGNORMAL, 0, StepCost.Source.PUBLISHED, "");

    /** The factor's distribution (both with mean 1). */
    public enum Distribution {
        /** Lognormal: {@code exp(N(μ, σ²))} with {@code σ² = ln(1 + cv²)}, {@code μ = −σ²/2}. */
        LOGNORMAL,
        /** Gamma with shape {@code 1/cv²} and scale {@code cv²}. */
        GAMMA;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Distribution ofKey(String key) {
            for (Distribution d : values()) {
                if (d.key().equals(key)) {
                    return d;
                }
            }
            return null;
        }
    }

    public CostVariation {
        if (distribution == null || source == null) {
            throw new IllegalArgumentException("a variation needs a distribution and a source");
        }
        if (!(cv >= 0) || cv > MAX_CV) {
            throw new IllegalArgumentException("the coefficient of variation must be 0.." + MAX_CV + ", was " + cv);
        }
        note = note == null ? "" : note;
    }

    /** True when charges vary. */
    public boolean active() {
        return cv > 0;
    }

    /** A sampler of factors drawing from {@code random} (one per kernel: {@code SeededRandoms#stream}). */
    public Sampler sampler(SplittableRandom random) {
        return new Sampler(this, random);
    }

    /** Draws factors with mean 1 from one random stream; deterministic for a given stream. */
    public static final class Sampler {
        private final RealDistribution dist;

        Sampler(CostVariation v, SplittableRandom random) {
            Source rng = new Source(random);
            double c2 = v.cv * v.cv;
            if (v.distribution == Distribution.GAMMA) {
                dist = new GammaDistribution(rng, 1 / c2, c2);
            } else {
                double s2 = Math.log1p(c2);
                dist = new LogNormalDistribution(rng, -s2 / 2, Math.sqrt(s2));
            }
        }

        /** The next factor (mean 1, never negative). */
        public double next() {
            return dist.sample();
        }
    }

    /** commons-math3's random source over a {@link SplittableRandom} from the run's seeded streams. */
    private static final class Source extends AbstractRandomGenerator {
        private final SplittableRandom random;

        Source(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public void setSeed(long seed) {
            throw new UnsupportedOperationException("the stream is seeded by the run (SeededRandoms)");
        }

        @Override
        public double nextDouble() {
            return random.nextDouble();
        }
    }
}
