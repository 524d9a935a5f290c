package io.podnet.scenarios.load;

import io.podnet.scenarios.model.ClusterSection;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.topology.spec.CalicoSpec;
import io.podnet.topology.spec.CniSpec;
import io.podnet.topology.spec.FlannelSpec;
import io.podnet.topology.spec.GeneveSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * CNI designs by their plain names ({@code flannel-vxlan}, {@code calico-bgp}...), exactly as
 * {@code cluster.cni: NAME} reads them, for tools that run one scenario under another design
 * ({@code podnet compare}, {@code podnet report --cni}). Whether a name is known, and whether it runs
 * yet, is asked of {@link CniReader} itself, so this class follows what the reader accepts.
 */
public final class CniDesigns {
    /** The names tried: topology's design list ({@link CniSpec#DESIGNS}), in its order. */
    private static final List<String> CANDIDATES = CniSpec.DESIGNS;
    private static final SourceLocation PROBE = SourceLocation.ofFile("--cni");

    private CniDesigns() {}

    /** The names that run now. */
    public static List<String> supported() {
        List<String> out = new ArrayList<>();
        for (String n : CANDIDATES) {
            if (!reader(n).hasErrors()) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** Every name podnet recognises: those that run now and those recognised but not supported yet. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (String n : CANDIDATES) {
            Diagnostics d = reader(n);
            if (!d.hasErrors() || d.sorted().stream().anyMatch(x -> x.message().contains("not supported yet"))) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    private static Diagnostics reader(String name) {
        Diagnostics diags = new Diagnostics();
        new CniReader(diags).read(new YNode.YScalar(PROBE, name, YNode.YScalar.Kind.STRING));
        return diags;
    }

    /**
     * The design {@code name} with its defaults, keeping what {@code base} says about the pod network
     * where both are Flannel ({@code Network}, {@code SubnetLen}, VXLAN port and VNI), so pods keep
     * their addresses; from a Flannel or GENEVE base, GENEVE keeps the network and Calico takes it
     * as its default pool's CIDR.
     *
     * @throws ScenarioException when the name is unknown or not supported yet (the message says which)
     */
    public static CniSpec byName(String name, CniSpec base, SourceLocation at) throws ScenarioException {
        Diagnostics diags = new Diagnostics();
        CniSpec spec = new CniReader(diags).read(new YNode.YScalar(at, name == null ? "" : name,
                YNode.YScalar.Kind.STRING));
        if (spec == null || diags.hasErrors()) {
            List<Diagnostic> errors = diags.sorted();
            throw new ScenarioException(errors.isEmpty() ? List.of(Diagnostic.error(at, "unknown CNI '" + name + "'"))
                    : errors);
        }
        if (spec instanceof FlannelSpec f && base instanceof FlannelSpec b) {
            return b.withBackend(f.backend(), f.origin().with("network", b.origin().at("network"))
                    .with("subnetLen", b.origin().at("subnetLen")));
        }
        Ipv4Prefix podNetwork = podNetwork(base);
        if (spec instanceof CalicoSpec k && podNetwork != null) {
            return k.withDefaultPool(podNetwork);
        }
        if (spec instanceof GeneveSpec g && podNetwork != null) {
            return GeneveSpec.of(podNetwork, g.origin());
        }
        return spec;
    }

    /**
     * The pod network a scenario states for its CNI: Flannel's and GENEVE's network; null for
     * Calico, whose pools come from its IPPools or calico-node's default.
     */
    static Ipv4Prefix podNetwork(CniSpec cni) {
        if (cni instanceof FlannelSpec f) {
            return f.network();
        }
        if (cni instanceof GeneveSpec g) {
            return g.network();
        }
        return null;
    }

    /** A copy of {@code s} under the design {@code name} (see {@link #byName}). */
    public static Scenario withDesign(Scenario s, String name) throws ScenarioException {
        ClusterSection c = s.cluster();
        SourceLocation at = c.cni() == null ? null : SourceLocation.of(c.cni().origin());
        CniSpec cni = byName(name, c.cni(), at == null ? s.location() : at);
        ClusterSection other = c.withCni(cni);
        return new Scenario(s.file(), s.location(), s.name(), s.description(), s.seed(), s.seedGiven(), other,
                s.resources(), s.traffic(), s.events(), s.allExpectations());
    }
}
