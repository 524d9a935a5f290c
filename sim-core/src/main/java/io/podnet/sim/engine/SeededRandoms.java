package io.podnet.sim.engine;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One named random stream per component, each derived from the run's seed and the stream's name,
 * so adding a component never shifts the numbers another one draws.
 */
public final class SeededRandoms {
    private final long seed;

    public SeededRandoms(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** A generator for the named stream; the same name always yields the same sequence. */
    public SplittableRandom stream(String name) {
        long h = 0xcbf29ce484222325L; // FNV-1a 64
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(mix(seed ^ h));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
