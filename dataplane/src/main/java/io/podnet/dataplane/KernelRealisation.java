package io.podnet.dataplane;

import io.podnet.dataplane.bgp.BirdFleet;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.dataplane.realise.Cleanup;
import io.podnet.dataplane.realise.Realiser;
import io.podnet.dataplane.realise.Renderer;
import io.podnet.dataplane.realise.Rendering;
import io.podnet.dataplane.realise.RunLock;
import io.podnet.dataplane.realise.RunPrefix;
import io.podnet.sim.config.InterfaceConfig;
import io.podnet.sim.config.NamespaceConfig;
import io.podnet.sim.config.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The realisation part of a kernel run ({@code verify} and {@code calibrate}): a fresh
 * {@link RunPrefix} held by a {@link RunLock}, the {@link Rendering} of a {@link NetworkConfig}, and a
 * shutdown hook that ends every process of the run and removes its namespaces on Ctrl-C or SIGTERM.
 * {@link #close()} does the same on the normal path and removes the hook. Create with
 * {@link #open}, then {@link #realise()}.
 */
public final class KernelRealisation implements AutoCloseable {
    private final CommandRunner runner;
    private final RunPrefix prefix;
    private final RunLock lock;
    private final Rendering rendering;
    private final NetworkConfig config;
    private final Cleanup cleanup;
    private final AtomicReference<BirdFleet> fleet = new AtomicReference<>();
    /** The run's temporary files and directories, removed with everything else (also by the hook on SIGINT/SIGTERM). */
    private final List<java.nio.file.Path> files = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread hook;
    private final List<String> warnings = new ArrayList<>();
    private boolean closed;

    private KernelRealisation(CommandRunner runner, NetworkConfig config, String hookName) {
        this.runner = runner;
        this.config = config;
        this.prefix = RunPrefix.fresh(ProcessHandle.current().pid(), System.nanoTime());
        try {
            this.lock = RunLock.acquire(prefix);
        } catch (IllegalStateException e) {
            throw new VerifyException(VerifyException.ENVIRONMENT, e.getMessage());
        }
        this.rendering = Renderer.render(config, prefix);
        this.cleanup = new Cleanup(runner);
        this.hook = new Thread(this::removeEverything, hookName);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Takes a run prefix and lock, renders {@code config} and installs the cleanup hook; creates nothing yet. */
    public static KernelRealisation open(CommandRunner runner, NetworkConfig config, String hookName) {
        return new KernelRealisation(runner, config, hookName);
    }

    /**
     * Creates the namespaces, devices, routes and rules, and reads back the MTUs; throws
     * {@link io.podnet.dataplane.exec.CommandException} naming the command the kernel refused.
     */
    public void realise() {
        Realiser realiser = new Realiser(runner);
        realiser.realise(rendering);
        realiser.checkMtus(rendering, config);
        warnings.addAll(realiser.warnings());
    }

    public RunPrefix prefix() {
        return prefix;
    }

    public Rendering rendering() {
        return rendering;
    }

    /** The configuration realised (after {@link #unbindOversizeVxlan}, when the caller applied it). */
    public NetworkConfig config() {
        return config;
    }

    /** The real namespace of the configuration's namespace {@code name}. */
    public String real(String name) {
        return rendering.real(name);
    }

    /** Realisation warnings (a sysctl this kernel does not have per namespace, a clamped MTU). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Removes {@code p} (a temporary file or directory of the run) with the namespaces, also when interrupted. */
    public void track(java.nio.file.Path p) {
        if (p != null) {
            files.add(p);
        }
    }

    /** The BIRD fleet the hook must stop first (its daemons live in the run's namespaces). */
    public void attach(BirdFleet f) {
        fleet.set(f);
    }

    /** Ends the run's processes (BIRD by pid, then every tool the runner started), removes its namespaces. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        removeEverything();
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }

    private void removeEverything() {
        BirdFleet f = fleet.getAndSet(null);
        if (f != null) {
            f.close(); // BIRD ended by pid, its private directory removed
        }
        runner.stopAll();
        cleanup.removeRun(prefix);
        lock.close();
        files.forEach(io.podnet.dataplane.realise.RunFiles::delete);
    }

    /**
     * A VXLAN device bound to a NIC ({@code dev eth0}) cannot have an MTU above the NIC's minus 50: the
     * kernel clamps it. Such a device is created unbound (the outer packets still leave by the route
     * to the peer, through the same NIC), as an administrator forcing the MTU would do; noted in the
     * warnings.
     */
    static NetworkConfig unbindOversizeVxlan(NetworkConfig c, List<String> warnings) {
        List<NamespaceConfig> out = new ArrayList<>();
        boolean changed = false;
        for (NamespaceConfig ns : c.namespaces()) {
            List<InterfaceConfig> ifs = new ArrayList<>();
            for (InterfaceConfig i : ns.interfaces()) {
                InterfaceConfig lower = i instanceof InterfaceConfig.Vxlan x && x.device() != null ? ns.iface(x.device()) : null;
                if (lower != null && i.mtu() > lower.mtu() - 50) {
                    InterfaceConfig.Vxlan x = (InterfaceConfig.Vxlan) i;
                    ifs.add(new InterfaceConfig.Vxlan(x.name(), x.mac(), x.mtu(), x.addresses(), x.vni(), x.port(), x.local(), null,
                            x.learning(), x.dontFragment()));
                    String w = "VXLAN devices with MTU " + x.mtu() + " are created without 'dev " + x.device() + "': bound to a"
                            + " NIC the kernel caps them at the NIC's MTU minus 50 (" + (lower.mtu() - 50) + ")";
                    if (!warnings.contains(w)) {
                        warnings.add(w);
                    }
                    changed = true;
                } else {
                    ifs.add(i);
                }
            }
            out.add(new NamespaceConfig(ns.name(), ns.role(), ns.owner(), ifs, ns.routes(), ns.neighbours(), ns.fdb(),
                    ns.sysctls(), ns.iptables(), ns.nftables(), ns.ipvs()));
        }
        return changed ? new NetworkConfig(out, c.segments(), c.bgp()) : c;
    }
}
