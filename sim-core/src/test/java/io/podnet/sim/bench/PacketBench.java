package io.podnet.sim.bench;

import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.MacAddress;
import io.podnet.sim.wire.EthernetHeader;
import io.podnet.sim.wire.Ipv4Header;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import io.podnet.sim.wire.VxlanHeader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Packet#encode()} and {@link Packet#decodeEthernet} of a Flannel VXLAN frame (outer
 * Ethernet/IPv4/UDP 8472/VXLAN VNI 1, inner Ethernet/IPv4/TCP, 200 payload bytes: 304 bytes on the
 * wire). Baseline: copying the same number of bytes ({@code byte[].clone()}), the floor of
 * producing a frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketBench {
    static final Set<Integer> VXLAN_PORTS = Set.of(8472);

    Packet packet;
    byte[] frame;

    @Setup
    public void setup() {
        Ipv4Address node1 = Ipv4Address.parse("172.18.0.2");
        Ipv4Address node2 = Ipv4Address.parse("172.18.0.3");
        packet = Packet.of(new byte[200],
                new EthernetHeader(MacAddress.derived("node2/eth0"), MacAddress.derived("node1/eth0"),
                        EthernetHeader.TYPE_IPV4),
                Ipv4Header.of(node1, node2, Ipv4Header.PROTO_UDP, 64, 7),
                new UdpHeader(49152, 8472),
                new VxlanHeader(1),
                new EthernetHeader(MacAddress.derived("node2/flannel.1"), MacAddress.derived("node1/flannel.1"),
                        EthernetHeader.TYPE_IPV4),
                Ipv4Header.of(Ipv4Address.parse("10.244.1.2"), Ipv4Address.parse("10.244.2.8"),
                        Ipv4Header.PROTO_TCP, 63, 1),
                TcpHeader.of(40000, 8080, 1, 1, TcpHeader.ACK | TcpHeader.PSH, 502));
        frame = packet.encode();
    }

    @Benchmark
    public byte[] encode() {
        return packet.encode();
    }

    @Benchmark
    public Packet decode() {
        return Packet.decodeEthernet(frame, VXLAN_PORTS);
    }

    @Benchmark
    public byte[] baselineCopy() {
        return frame.clone();
    }
}
