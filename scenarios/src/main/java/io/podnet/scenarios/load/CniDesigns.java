package io.podnet.scenarios.load;

import io.podnet.scenarios.model.CniSpec;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.ScenarioException;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import java.util.ArrayList;
import java.util.List;

/**
 * CNI designs by their plain names ({@code flannel-vxlan}, {@code calico-bgp}...), as
 * {@code cluster.cni: NAME} accepts them, for tools that run one scenario under another design
 * ({@code podnet compare}). The names and their meaning are {@link CniReader}'s, so a design the
 * reader learns is available here too.
 */
public final class CniDesigns {
    private CniDesigns() {}

    /** The names that run now. */
    public static List<String> supported() {
        return CniReader.SUPPORTED_NAMES;
    }

    /** Every name podnet recognises: those that run now, then those recognised but not supported yet. */
    public static List<String> names() {
        List<String> all = new ArrayList<>(CniReader.SUPPORTED_NAMES);
        for (String n : CniReader.PLANNED_NAMES) {
            if (!all.contains(n)) {
                all.add(n);
            }
        }
        return List.copyOf(all);
    }

    /**
     * The design {@code name} with its defaults, keeping what {@code base} says about the pod
     * network where both designs have one (Flannel's {@code Network}, {@code SubnetLen}, VXLAN port and
     * VNI), so pods keep their addresses.
     *
     * @throws ScenarioException when the name is unknown or not supported yet (the message says which,
     *                           and lists the accepted names)
     */
    public static CniSpec byName(String name, CniSpec base, SourceLocation at) throws ScenarioException {
        Diagnostics diags = new Diagnostics();
        CniSpec spec = new CniReader(diags).read(new YNode.YScalar(at, name == null ? "" : name,
                YNode.YScalar.Kind.STRING));
        if (spec == null || diags.hasErrors()) {
            throw new ScenarioException(diags.sorted());
        }
        if (spec instanceof CniSpec.Flannel f && base instanceof CniSpec.Flannel b) {
            return new CniSpec.Flannel(f.form(), f.location(), b.network(), b.networkLocation(), b.subnetLen(),
                    b.subnetLenLocation(), f.backend(), f.backendLocation(), b.port(), b.vni(), b.isDefaultGateway(),
                    b.hairpinMode());
        }
        return spec;
    }
}
