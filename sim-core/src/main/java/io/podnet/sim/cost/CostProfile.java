package io.podnet.sim.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What each kernel step costs in CPU time, and how many CPUs a kernel (a node with its pods) has.
 * Immutable; {@code with...} methods return changed copies. Read and written as YAML by
 * {@link CostProfiles}; the shipped default is {@link #defaults()}, and {@link #wireOnly()} turns
 * the CPU model off (every step free: simulated time is wire time only).
 *
 * @param name        the profile's name ({@code default}, {@code wire-only}, a calibration's name)
 * @param cpu         the CPU the figures were measured or fitted on ("" when unknown)
 * @param kernel      the kernel release they were measured on ("" when unknown)
 * @param description free text: where the figures come from
 * @param cpusPerNode CPUs of each kernel unless a node says otherwise ({@code cluster.nodes[].cpus})
 * @param costs       a cost for every {@link CostStep} (missing steps are free)
 * @param variation   how much each charge varies around its cost ({@link CostVariation#NONE}: not at all)
 */
public record CostProfile(String name, String cpu, String kernel, String description, int cpusPerNode,
                          Map<CostStep, StepCost> costs, CostVariation variation) {
    /** The classpath resource holding the shipped default profile. */
    public static final String DEFAULT_RESOURCE = "/io/podnet/sim/cost/default-profile.yaml";

    /** The name that selects {@link #wireOnly()} where a profile file is expected. */
    public static final String WIRE_ONLY = "wire-only";

    private static volatile CostProfile defaults;

    public CostProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a cost profile needs a name");
        }
        if (cpusPerNode < 1 || cpusPerNode > 4096) {
            throw new IllegalArgumentException("cpusPerNode must be 1..4096, was " + cpusPerNode);
        }
        cpu = cpu == null ? "" : cpu;
        kernel = kernel == null ? "" : kernel;
        description = description == null ? "" : description;
        EnumMap<CostStep, StepCost> all = new EnumMap<>(CostStep.class);
        for (CostStep s : CostStep.values()) {
            StepCost c = costs == null ? null : costs.get(s);
            all.put(s, c == null ? StepCost.ZERO : c);
        }
        costs = Collections.unmodifiableMap(all);
        variation = variation == null ? CostVariation.NONE : variation;
    }

    /** A profile without variation. */
    public CostProfile(String name, String cpu, String kernel, String description, int cpusPerNode,
                       Map<CostStep, StepCost> costs) {
        this(name, cpu, kernel, description, cpusPerNode, costs, CostVariation.NONE);
    }

    /** The shipped default profile (published figures; see docs/cost-model.md). */
    public static CostProfile defaults() {
        CostProfile d = defaults;
        if (d == null) {
            try (InputStream in = CostProfile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the default cost profile " + DEFAULT_RESOURCE + " is missing");
                }
                d = CostProfiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default-profile.yaml");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CostProfileException e) {
                throw new IllegalStateException("the shipped default cost profile is invalid: " + e.getMessage(), e);
            }
            defaults = d;
        }
        return d;
    }

    /** Every step free, one CPU: the simulator's behaviour without a CPU model (wire time only). */
    public static CostProfile wireOnly() {
        return new CostProfile(WIRE_ONLY, "", "", "every step free: simulated time is wire time only", 1,
                Map.of());
    }

    /** True when every step is free: runs under this profile behave as without a cost model. */
    public boolean isWireOnly() {
        for (StepCost c : costs.values()) {
            if (!c.isZero()) {
                return false;
            }
        }
        return true;
    }

    /** The cost of {@code step} (never null). */
    public StepCost cost(CostStep step) {
        return costs.get(step);
    }

    /** CPU nanoseconds of {@code count} executions of {@code step} over {@code bytes} bytes in total. */
    public long nanos(CostStep step, long count, long bytes) {
        return costs.get(step).nanos(count, bytes);
    }

    /** A copy with {@code step} costing {@code perPacketNanos + perByteNanos × length}, source fitted. */
    public CostProfile withCost(CostStep step, double perPacketNanos, double perByteNanos) {
        return withCost(step, new StepCost(perPacketNanos, perByteNanos, StepCost.Source.FITTED, ""));
    }

    /** A copy with {@code step} costing {@code cost}. */
    public CostProfile withCost(CostStep step, StepCost cost) {
        EnumMap<CostStep, StepCost> m = new EnumMap<>(costs);
        m.put(step, cost);
        return new CostProfile(name, cpu, kernel, description, cpusPerNode, m, variation);
    }

    public CostProfile withCpusPerNode(int cpus) {
        return new CostProfile(name, cpu, kernel, description, cpus, costs, variation);
    }

    /** A copy with other metadata (name, CPU, kernel, description). */
    public CostProfile withMetadata(String name, String cpu, String kernel, String description) {
        return new CostProfile(name, cpu, kernel, description, cpusPerNode, costs, variation);
    }

    /** A copy whose charges vary as {@code v} says. */
    public CostProfile withVariation(CostVariation v) {
        return new CostProfile(name, cpu, kernel, description, cpusPerNode, costs, v);
    }

    /** The profile as YAML that {@link CostProfiles#parse} reads back to an equal profile. */
    public String toYaml() {
        return CostProfiles.toYaml(this);
    }
}
