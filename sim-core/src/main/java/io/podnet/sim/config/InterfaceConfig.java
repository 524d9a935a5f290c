package io.podnet.sim.config;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import io.podnet.sim.net.MacAddress;
import java.util.List;

/** A network device in a namespace. Addresses are written as {@code ip addr add} takes them. */
public sealed interface InterfaceConfig {
    String name();

    MacAddress mac();

    int mtu();

    List<Ipv4Prefix> addresses();

    /** One end of a veth pair; the peer lives in {@code peerNamespace} as {@code peerName}. */
    record Veth(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses, String peerNamespace, String peerName,
                String master, boolean hairpin) implements InterfaceConfig {
        public Veth {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * A dummy device ({@code ip link add NAME type dummy}), as kube-proxy's IPVS mode creates
     * {@code kube-ipvs0} to hold every Service address: each address gets its local route, so the
     * node accepts packets for it; whatever is sent out of the device is discarded. kube-proxy never
     * sets it up (it stays DOWN); the kernel adds the local routes of a down device's addresses all
     * the same ({@code fib_add_ifaddr} adds the local route before it checks {@code IFF_UP}).
     */
    record Dummy(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses) implements InterfaceConfig {
        public Dummy {
            addresses = List.copyOf(addresses);
        }
    }

    /** A Linux bridge ({@code cni0}); ports name it as their master. */
    record Bridge(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses) implements InterfaceConfig {
        public Bridge {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * A VXLAN device as flanneld creates it ({@code flannel.1}). {@code dontFragment}: DF on the
     * outer packets ({@code ip link add ... type vxlan ... df set}); Linux's and Flannel's default is
     * {@code df unset}.
     */
    record Vxlan(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses, int vni, int port, Ipv4Address local,
                 String device, boolean learning, boolean dontFragment) implements InterfaceConfig {
        public Vxlan {
            addresses = List.copyOf(addresses);
        }

        /** A device with {@code df unset}. */
        public Vxlan(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses, int vni, int port, Ipv4Address local,
                     String device, boolean learning) {
            this(name, mac, mtu, addresses, vni, port, local, device, learning, false);
        }
    }

    /** A NIC attached to an underlay segment ({@code eth0} of a node). */
    record Nic(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses, String segment)
            implements InterfaceConfig {
        public Nic {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * An IP-in-IP tunnel device as Calico uses it ({@code tunl0}, the ipip fallback device): routes
     * {@code via NODE dev tunl0 onlink} send the packet wrapped in an outer IPv4 header (protocol 4)
     * to the next hop.
     */
    record Ipip(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses, String device) implements InterfaceConfig {
        public Ipip {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * A GENEVE device (UDP 6081). The remote tunnel endpoint is chosen per destination MAC by the
     * device's FDB entries, like the VXLAN device; {@code optionBytes} of TLV options are added.
     * {@code dontFragment}: DF on the outer packets ({@code df set}); default {@code df unset}.
     */
    record Geneve(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses, int vni, int port, Ipv4Address local,
                  String device, int optionBytes, boolean dontFragment) implements InterfaceConfig {
        public Geneve {
            addresses = List.copyOf(addresses);
        }

        /** A device with {@code df unset}. */
        public Geneve(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses, int vni, int port, Ipv4Address local,
                      String device, int optionBytes) {
            this(name, mac, mtu, addresses, vni, port, local, device, optionBytes, false);
        }
    }

    /**
     * A WireGuard device: an L3 tunnel over UDP. Each peer has an endpoint (its underlay address and
     * port) and the prefixes it may carry (cryptokey routing). No cryptography is simulated; the
     * wire overhead (32 bytes of WireGuard header and tag, plus padding to 16 bytes) is.
     */
    record Wireguard(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses, int listenPort,
                     List<WireguardPeer> peers) implements InterfaceConfig {
        public Wireguard {
            addresses = List.copyOf(addresses);
            peers = List.copyOf(peers);
        }
    }

    /** A WireGuard peer: where to send, and which inner destinations it owns. */
    record WireguardPeer(String name, Ipv4Address endpoint, int port, List<Ipv4Prefix> allowedIps) {
        public WireguardPeer {
            allowedIps = List.copyOf(allowedIps);
        }
    }
}
