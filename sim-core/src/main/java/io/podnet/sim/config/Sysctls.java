package io.podnet.sim.config;

import java.util.List;

/**
 * The sysctls that change forwarding.
 *
 * @param ipForward              {@code net.ipv4.ip_forward}
 * @param proxyArpDevices        devices with {@code net.ipv4.conf.DEV.proxy_arp=1}
 * @param bridgeNfCallIptables   {@code net.bridge.bridge-nf-call-iptables}
 * @param rpFilter               {@code net.ipv4.conf.all.rp_filter} (0 off, 1 strict, 2 loose)
 */
public record Sysctls(boolean ipForward, List<String> proxyArpDevices, boolean bridgeNfCallIptables, int rpFilter) {
    public static final Sysctls HOST = new Sysctls(false, List.of(), false, 0);

    public Sysctls {
        proxyArpDevices = List.copyOf(proxyArpDevices);
    }
}
