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

    /** A Linux bridge ({@code cni0}); ports name it as their master. */
    record Bridge(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses) implements InterfaceConfig {
        public Bridge {
            addresses = List.copyOf(addresses);
        }
    }

    /** A VXLAN device as flanneld creates it ({@code flannel.1}). */
    record Vxlan(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses, int vni, int port, Ipv4Address local,
                 String device, boolean learning) implements InterfaceConfig {
        public Vxlan {
            addresses = List.copyOf(addresses);
        }
    }

    /** A NIC attached to an underlay segment ({@code eth0} of a node). */
    record Nic(String name, MacAddress mac, int mtu, List<Ipv4Prefix> addresses, String segment)
            implements InterfaceConfig {
        public Nic {
            addresses = List.copyOf(addresses);
        }
    }
}
