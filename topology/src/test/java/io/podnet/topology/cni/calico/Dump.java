package io.podnet.topology.cni.calico;

import io.podnet.sim.config.BgpDaemonConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.RouteConfig;
import io.podnet.topology.render.RenderedCluster;

/** Prints a rendering (a development aid for writing the expected values of tests). */
final class Dump {
    private Dump() {}

    static String of(RenderedCluster r) {
        StringBuilder sb = new StringBuilder();
        for (NamespaceConfig ns : r.network().namespaces()) {
            sb.append("== ").append(ns.name()).append(" (").append(ns.role()).append(")\n");
            ns.interfaces().forEach(i -> sb.append("  if ").append(i).append('\n'));
            for (RouteConfig rc : ns.routes()) {
                sb.append("  rt ").append(rc.text()).append('\n');
            }
            ns.neighbours().forEach(n -> sb.append("  nb ").append(n).append('\n'));
            ns.fdb().forEach(n -> sb.append("  fdb ").append(n).append('\n'));
            sb.append("  sysctl ").append(ns.sysctls()).append('\n');
        }
        for (BgpDaemonConfig b : r.network().bgp()) {
            sb.append("bgp ").append(b).append('\n');
        }
        return sb.toString();
    }
}
