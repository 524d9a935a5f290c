package io.podnet.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.scenarios.LoadedScenario;
import io.podnet.scenarios.Podnet;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NetworkConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code cluster.mtu} is part of what ran: {@link RunResult#network()} carries the overridden MTUs
 * and DF, under the file's CNI and under another one chosen with {@code --cni}. The defaults it
 * overrides come from upstream: Calico's IP-in-IP MTU is the underlay's minus the 20-byte outer
 * IPv4 header (1480 on a 1500 network, Calico's "Configure MTU" page), Calico's and Flannel's
 * VXLAN MTU minus 50 bytes (1450); Linux creates VXLAN devices with {@code df unset}.
 */
class MtuOverrideTest {
    private static final Path BLACKHOLE = Path.of("examples/mtu-blackhole.yaml"); // pod 1500, tunnel 1500, df set

    private static NetworkConfig network(String cni) throws Exception {
        LoadedScenario s = Podnet.load(BLACKHOLE);
        return Podnet.run(s, null, cni).network();
    }

    private static NetworkConfig withoutOverrides(String cni) throws Exception {
        LoadedScenario s = Podnet.load(BLACKHOLE);
        var c = s.scenario().cluster();
        var plain = new io.podnet.scenarios.model.ClusterSection(c.location(), c.nodes(), c.underlay(), c.serviceCidr(),
                c.serviceCidrLocation(), c.kubeProxy(), c.clusterDomain(), c.dns(), c.dnsAuto(), c.cni(), null,
                c.networkPolicy(), c.external());
        var sc = s.scenario();
        var bare = new io.podnet.scenarios.model.Scenario(sc.file(), sc.location(), sc.name(), sc.description(),
                sc.seed(), sc.seedGiven(), plain, sc.resources(), java.util.List.of(), sc.events(), java.util.List.of());
        return Podnet.run(new LoadedScenario(bare, s.warnings()), null, cni).network();
    }

    @Test
    void calicoIpipCarriesTheOverriddenPodAndTunnelMtu() throws Exception {
        NetworkConfig n = network("calico-ipip");
        assertEquals(1500, n.namespace("node1").iface("tunl0").mtu(), "tunl0 forced to the tunnel MTU");
        assertEquals(1500, n.namespace("node2").iface("tunl0").mtu());
        assertEquals(1500, n.namespace("client").iface("eth0").mtu(), "the pod's eth0 forced to the pod MTU");
        assertEquals(1500, n.namespace("server").iface("eth0").mtu());
        NetworkConfig d = withoutOverrides("calico-ipip");
        assertEquals(1480, d.namespace("node1").iface("tunl0").mtu(), "Calico's IP-in-IP MTU: 1500 - 20");
        assertEquals(1480, d.namespace("client").iface("eth0").mtu());
    }

    @Test
    void vxlanDevicesCarryTheOverriddenMtuAndDf() throws Exception {
        for (String cni : new String[] {"flannel-vxlan", "calico-vxlan"}) {
            String dev = cni.startsWith("flannel") ? "flannel.1" : "vxlan.calico";
            InterfaceConfig forced = network(cni).namespace("node1").iface(dev);
            assertEquals(1500, forced.mtu(), cni);
            assertTrue(forced instanceof InterfaceConfig.Vxlan v && v.dontFragment(), cni + ": df set");
            InterfaceConfig plain = withoutOverrides(cni).namespace("node1").iface(dev);
            assertEquals(1450, plain.mtu(), cni + ": 1500 - 50 bytes of VXLAN");
            assertTrue(plain instanceof InterfaceConfig.Vxlan v && !v.dontFragment(), cni + ": df unset by default");
        }
    }
}
