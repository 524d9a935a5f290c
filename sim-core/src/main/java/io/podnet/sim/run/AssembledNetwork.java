package io.podnet.sim.run;

import io.podnet.sim.config.NetworkConfig;
import io.podnet.sim.engine.Engine;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.stack.NetNamespace;
import io.podnet.sim.stack.NetworkBuilder;
import io.podnet.sim.stack.SimNetwork;
import io.podnet.sim.stack.bgp.BgpRuntime;
import io.podnet.sim.trace.Tracer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link NetworkConfig} made runnable, in one call: the namespaces and devices
 * ({@link NetworkBuilder}), each namespace's netfilter evaluating its rendered iptables and
 * nftables text ({@link Netfilters}), and a socket layer per namespace delivering local traffic,
 * ready for the traffic applications of {@code io.podnet.sim.socket.app}.
 *
 * <p>Random streams (all from {@code randoms}): {@code sockets/NAMESPACE} per socket layer,
 * {@code netfilter/NAMESPACE} per netfilter, plus what the network builder and BGP draw under their
 * own names.
 */
public final class AssembledNetwork {
    private final SimNetwork network;
    private final Netfilters netfilters;
    private final Map<String, SocketLayer> sockets;
    private final SeededRandoms randoms;

    private AssembledNetwork(SimNetwork network, Netfilters netfilters, Map<String, SocketLayer> sockets,
                             SeededRandoms randoms) {
        this.network = network;
        this.netfilters = netfilters;
        this.sockets = sockets;
        this.randoms = randoms;
    }

    /** Builds {@code config} on {@code engine}, tracing to {@code tracer}. */
    public static AssembledNetwork assemble(NetworkConfig config, Engine engine, Tracer tracer, SeededRandoms randoms) {
        SimNetwork net = NetworkBuilder.build(config, engine, tracer, randoms, null);
        Netfilters netfilters = Netfilters.install(net, randoms);
        Map<String, SocketLayer> sockets = new LinkedHashMap<>();
        for (NetNamespace ns : net.namespaces()) {
            SocketLayer layer = new SocketLayer(ns, randoms.stream("sockets/" + ns.name()));
            ns.setLocalDelivery(layer);
            sockets.put(ns.name(), layer);
        }
        return new AssembledNetwork(net, netfilters, Collections.unmodifiableMap(sockets), randoms);
    }

    /**
     * Starts the BGP speakers the configuration names (Calico's BIRD), or returns null when it names
     * none. Their sessions come up as the engine runs.
     */
    public BgpRuntime startBgp() {
        if (network.config().bgp().isEmpty()) {
            return null;
        }
        return BgpRuntime.start(network, sockets::get, randoms, BgpRuntime.Options.DEFAULT);
    }

    public SimNetwork network() {
        return network;
    }

    public Netfilters netfilters() {
        return netfilters;
    }

    /** The socket layer of {@code namespace}, or null when there is no such namespace. */
    public SocketLayer sockets(String namespace) {
        return sockets.get(namespace);
    }

    /** Every namespace's socket layer, in the configuration's namespace order. */
    public Map<String, SocketLayer> sockets() {
        return sockets;
    }
}
