package io.podnet.sim.socket;

import io.podnet.sim.net.Ipv4Address;

/** An IPv4 address and a port, printed as {@code 10.244.1.2:40312}. Port 0 is used for ICMP. */
public record Endpoint(Ipv4Address address, int port) implements Comparable<Endpoint> {
    public Endpoint {
        if (address == null) {
            throw new IllegalArgumentException("endpoint address is null");
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }

    public static Endpoint of(String address, int port) {
        return new Endpoint(Ipv4Address.parse(address), port);
    }

    @Override
    public int compareTo(Endpoint o) {
        int c = address.compareTo(o.address);
        return c != 0 ? c : Integer.compare(port, o.port);
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
