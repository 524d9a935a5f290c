package io.podnet.topology.cni.calico;

import io.podnet.topology.Fixtures;
import io.podnet.topology.render.ClusterRenderer;
import io.podnet.topology.spec.CalicoSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpMain {
    @Test
    void dump() {
        for (CalicoSpec.Design d : List.of(CalicoSpec.Design.IPIP, CalicoSpec.Design.VXLAN)) {
            System.err.println(Dump.of(ClusterRenderer.render(Fixtures.seed(CalicoSpec.of(d),
                    List.of(Fixtures.pool("pods", "10.244.0.0/16", d == CalicoSpec.Design.IPIP ? "ipipMode" : "vxlanMode", "Always"))), 42)));
        }
    }
}
