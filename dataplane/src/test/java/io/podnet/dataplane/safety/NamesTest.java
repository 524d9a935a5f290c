package io.podnet.dataplane.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podnet.dataplane.VerifyException;
import io.podnet.dataplane.VerifyInput;
import io.podnet.dataplane.Verifier;
import io.podnet.dataplane.exec.CommandResult;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.fixture.FlannelCluster;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTest {
    /** A runner that fails the test if anything is run. */
    static final class Forbidden extends CommandRunner {
        final List<String> seen = new ArrayList<>();

        @Override
        public CommandResult run(List<String> argv, String stdin, Duration timeout) {
            seen.add(String.join(" ", argv));
            throw new AssertionError("ran a command before the names were checked: " + argv);
        }

        @Override
        public Background start(List<String> argv) {
            seen.add(String.join(" ", argv));
            throw new AssertionError("started a command before the names were checked: " + argv);
        }
    }

    @Test
    void theFixtureIsSafe() {
        assertEquals(List.of(), Names.problems(FlannelCluster.of(2, 2).config()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-n", "pod;rm -rf /", "pod$(id)", "../../etc", "Pod", "pod name", "pod\nx", "a`b`", "-",
        "pod|cat", "pod&", "x/y", ""})
    void hostileNamespaceNamesAreRefusedBeforeAnythingRuns(String name) {
        NetworkConfig c = renamePod(FlannelCluster.of(2, 1).config(), "pod-1-0", name);
        List<String> problems = Names.problems(c);
        assertFalse(problems.isEmpty(), "accepted " + name);
        Forbidden runner = new Forbidden();
        VerifyInput in = new VerifyInput("hostile", c, List.of(), List.of(), Map.of(), Map.of());
        VerifyException e = assertThrows(VerifyException.class,
                () -> new Verifier(runner, Verifier.Options.defaults(), null).verify(in));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("refusing to create anything"), e.getMessage());
        assertTrue(runner.seen.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tx", "averyverylongname", "-eth0", "eth 0", "eth0;reboot", "a/b", "..", "dev", "br", "lo"})
    void hostileInterfaceNamesAreRefused(String ifname) {
        NetworkConfig c = FlannelCluster.of(1, 1).config();
        List<NamespaceConfig> ns = new ArrayList<>(c.namespaces());
        NamespaceConfig node = ns.get(0);
        List<InterfaceConfig> ifs = new ArrayList<>(node.interfaces());
        InterfaceConfig.Bridge b = (InterfaceConfig.Bridge) ifs.get(1);
        ifs.set(1, new InterfaceConfig.Bridge(ifname, b.mac(), b.mtu(), b.addresses()));
        ns.set(0, new NamespaceConfig(node.name(), node.role(), node.owner(), ifs, node.routes(), node.neighbours(),
                node.fdb(), node.sysctls(), node.iptables()));
        List<String> problems = Names.problems(new NetworkConfig(ns, c.segments()));
        assertFalse(problems.isEmpty(), "accepted interface " + ifname);
    }

    @Test
    void messagesSayWhatIsWrongAndEscapeControlCharacters() {
        List<String> p = Names.problems(renamePod(FlannelCluster.of(1, 1).config(), "pod-1-0", "bad\u0007name"));
        assertTrue(p.get(0).contains("bad\\u0007name"), p.toString());
        assertTrue(p.get(0).contains("DNS-1123"), p.toString());
        List<String> q = Names.problems(renamePod(FlannelCluster.of(1, 1).config(), "pod-1-0", "x".repeat(300)));
        assertTrue(q.get(0).contains("at most 253"), q.toString());
    }

    @Test
    void danglingReferencesAreRefused() {
        NetworkConfig c = FlannelCluster.of(2, 1).config();
        List<NamespaceConfig> ns = new ArrayList<>(c.namespaces());
        ns.removeIf(n -> n.name().equals("pod-2-0"));
        List<String> p = Names.problems(new NetworkConfig(ns, c.segments()));
        assertTrue(p.stream().anyMatch(s -> s.contains("peer namespace 'pod-2-0' is not in the configuration")), p.toString());
    }

    static NetworkConfig renamePod(NetworkConfig c, String from, String to) {
        List<NamespaceConfig> out = new ArrayList<>();
        for (NamespaceConfig n : c.namespaces()) {
            List<InterfaceConfig> ifs = new ArrayList<>();
            for (InterfaceConfig i : n.interfaces()) {
                if (i instanceof InterfaceConfig.Veth v && v.peerNamespace().equals(from)) {
                    i = new InterfaceConfig.Veth(v.name(), v.mac(), v.mtu(), v.addresses(), to, v.peerName(), v.master(),
                            v.hairpin());
                }
                ifs.add(i);
            }
            String name = n.name().equals(from) ? to : n.name();
            out.add(new NamespaceConfig(name, n.role(), n.owner(), ifs, n.routes(), n.neighbours(), n.fdb(), n.sysctls(),
                    n.iptables()));
        }
        return new NetworkConfig(out, c.segments());
    }
}
