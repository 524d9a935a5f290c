package io.podnet.dataplane.realise;

import io.podnet.dataplane.Root;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.fixture.FlannelCluster;
import io.podnet.sim.net.Ipv4Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void scratch() {
        Root.assumeRootAndTools();
        FlannelCluster c = FlannelCluster.of(2, 2);
        c.addService("backend", Ipv4Address.of(10, 96, 0, 10), 80, 8080, "tcp", "pod-1-1", "pod-2-0", "pod-2-1");
        RunPrefix p = new RunPrefix("pn00aa01");
        Rendering r = Renderer.render(c.config(), p);
        System.out.println(r.createNetns());
        System.out.println(r.createVeths());
        r.ipBatch().forEach((k, v) -> System.out.println("== " + k + "\n" + v));
        r.bridgeBatch().forEach((k, v) -> System.out.println("== " + k + "\n" + v));
        CommandRunner run = new CommandRunner(true);
        try {
            long t0 = System.nanoTime();
            new Realiser(run).realise(r);
            System.out.println("realised in " + (System.nanoTime() - t0) / 1e6 + " ms");
            if (Boolean.getBoolean("noping")) return;
            try { Thread.sleep(Long.getLong("settle", 0)); } catch (InterruptedException e) { }
            List<CommandRunner.Background> dumps = new java.util.ArrayList<>();
            for (String[] nd : new String[][] {{"node1","eth0"},{"node2","eth0"},{"node1","cni0"},{"node2","cni0"},{"pod-1-0","eth0"},{"pod-2-0","eth0"},{"node1","flannel.1"}}) {
                CommandRunner.Background b = run.start(List.of("ip", "netns", "exec", p.netns(nd[0]), "tcpdump", "--immediate-mode", "-n", "-e", "-tt", "-l", "-i", nd[1]));
                b.awaitOutput("listening", Duration.ofSeconds(5));
                dumps.add(b);
            }
            System.out.println(run.run(List.of("ip", "netns", "exec", p.netns("pod-1-0"), "ping", "-c", "1", "-W", "2", "10.244.2.2"), null, Duration.ofSeconds(5)).stdout());
            for (CommandRunner.Background b : dumps) { b.stop(Duration.ofSeconds(1)); System.out.println("### " + b.argv() + "\n" + b.stdout()); }
            System.out.println(run.run(List.of("ip", "netns", "exec", p.netns("pod-1-0"), "ping", "-c", "1", "-W", "2", "10.244.1.3"), null, Duration.ofSeconds(5)).stdout());
            System.out.println(run.run(List.of("ip", "netns", "exec", p.netns("node1"), "ip", "neigh"), null, Duration.ofSeconds(5)).stdout());
            System.out.println(run.run(List.of("ip", "netns", "exec", p.netns("node1"), "ip", "route"), null, Duration.ofSeconds(5)).stdout());
            System.out.println(run.run(List.of("ip", "netns", "exec", p.netns("node1"), "iptables-save"), null, Duration.ofSeconds(5)).stdout());
        } finally {
            if (!Boolean.getBoolean("keep")) System.out.println(new Cleanup(run).removeRun(p));
        }
    }
}
