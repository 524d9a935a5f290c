package io.podnet.cli;

import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostProfileException;
import io.podnet.sim.cost.CostProfiles;
import java.io.IOException;

/**
 * {@code --profile FILE|default|wire-only}, shared by the commands that simulate ({@code run},
 * {@code compare}, {@code report}, {@code view}, {@code verify}): which cost profile gives each
 * kernel step its CPU time (docs/cost-model.md).
 */
public final class ProfileOption {
    /** The option's help text. */
    public static final String HELP = "Cost profile: a YAML file (e.g. from podnet calibrate), 'default' (the shipped"
            + " profile) or 'wire-only' (no CPU costs: wire time only). Default: default.";

    private ProfileOption() {}

    /**
     * The profile {@code arg} names (null: the default). A file that cannot be read or holds
     * mistakes is a {@link UserError} listing every problem as {@code file:line:column: ...}.
     */
    public static CostProfile resolve(String arg) {
        try {
            return CostProfiles.resolve(arg);
        } catch (CostProfileException e) {
            throw new UserError("--profile: " + e.problems().size() + " problem(s) in the cost profile:\n"
                    + e.getMessage());
        } catch (IOException e) {
            throw new UserError("--profile: cannot read " + arg + ": " + e.getMessage()
                    + "; expected a cost profile YAML file, 'default' or 'wire-only'");
        }
    }
}
