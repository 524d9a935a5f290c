package io.podnet.scenarios.load;

import io.podnet.scenarios.model.ClusterSection;
import io.podnet.scenarios.model.CniSpec;
import io.podnet.scenarios.model.Scenario;
import io.podnet.scenarios.source.Diagnostic;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import java.util.ArrayList;
import java.util.List;

/**
 * CNI designs by their plain names ({@code flannel-vxlan}, {@code calico-bgp}...), exactly as
 * {@code cluster.cni: NAME} reads them, for tools that run one scenario under another design
 * ({@code podnet compare}, {@code podnet report --cni}). Whether a name is known, and whether it runs
 * yet, is asked of {@link CniReader} itself, so this class follows what the reader accepts.
 */
public final class CniDesigns {
    /** The names tried, in the order tools list them. */
    private static final List<String> CANDIDATES = List.of("flannel-vxlan", "flannel-host-gw", "calico-bgp",
            "calico-ipip", "calico-vxlan", "geneve", "flannel-wireguard", "calico", "calico-ipip-crosssubnet",
            "calico-vxlan-crosssubnet");
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
        if (spec instanceof CniSpec.Flannel f && base instanceof CniSpec.Flannel b) {
            return new CniSpec.Flannel(f.form(), f.location(), b.network(), b.networkLocation(), b.subnetLen(),
                    b.subnetLenLocation(), f.backend(), f.backendLocation(), b.port(), b.vni(), b.isDefaultGateway(),
                    b.hairpinMode());
        }
        if (spec instanceof CniSpec.Calico k && base != null && !(base instanceof CniSpec.Calico)
                && base.podNetwork() != null) {
            return new CniSpec.Calico(k.form(), k.location(), k.design(), k.mtu(), k.mtuLocation(), base.podNetwork());
        }
        if (spec instanceof CniSpec.Geneve g && base != null && !(base instanceof CniSpec.Calico)
                && base.podNetwork() != null) {
            return new CniSpec.Geneve(g.form(), g.location(), base.podNetwork());
        }
        return spec;
    }

    /** A copy of {@code s} under the design {@code name} (see {@link #byName}). */
    public static Scenario withDesign(Scenario s, String name) throws ScenarioException {
        ClusterSection c = s.cluster();
        CniSpec cni = byName(name, c.cni(), c.cni() == null ? s.location() : c.cni().location());
        ClusterSection other = c.withCni(cni);
        return new Scenario(s.file(), s.location(), s.name(), s.description(), s.seed(), s.seedGiven(), other,
                s.resources(), s.traffic(), s.events(), s.allExpectations());
    }
}
