package io.podnet.sim.wire;

/**
 * Tunnel frames this kernel cannot capture (it has no ipip, geneve or wireguard device), built
 * around the inner frame of {@link LinuxCaptures#VXLAN_TCP_SYN} (a Linux TCP SYN 10.244.0.0:47530 >
 * 10.244.1.0:8080 between VTEP MACs 0a:aa:aa:00:00:01/02) and checked field by field with tshark
 * 4.0.17 ({@code -V} with IPv4, UDP and TCP checksum validation on): tshark decodes GENEVE on 6081
 * and WireGuard on 51820 on its own. Outer: 192.168.1.10 (02:00:00:00:0a:01) > 192.168.1.11
 * (02:00:00:00:0a:02). {@code TunnelTsharkTest} repeats the check when tshark is installed.
 */
final class TunnelFrames {
    private TunnelFrames() {}

    /**
     * GENEVE VNI 5 (UDP 52311 > 6081, checksummed, outer DF clear, id 0x1c2d) with one critical OVN
     * option (class 0x0102, type 0x80, data 00010002), so the C bit is set; inner Ethernet frame
     * (132 bytes: 58 of overhead + the 74-byte inner frame).
     */
    static final String GENEVE_OPTION_TCP_SYN =
            "020000000a02020000000a010800450000761c2d00004011dae4c0a8010ac0a8010bcc5717c100624fca024065580000" +
            "050001028001000100020aaaaa0000020aaaaa00000108004500003c29b340004006fa210af400000af40100b9aa1f90" +
            "8bb6585f00000000a002fd5cb45e0000020405820402080ae632dc08000000000103030a";

    /** The same inner frame in GENEVE VNI 5 without options (id 0x1c2e) (124 bytes: 50 of overhead). */
    static final String GENEVE_TCP_SYN =
            "020000000a02020000000a0108004500006e1c2e00004011daebc0a8010ac0a8010bcc5717c1005ad320000065580000" +
            "05000aaaaa0000020aaaaa00000108004500003c29b340004006fa210af400000af40100b9aa1f908bb6585f00000000" +
            "a002fd5cb45e0000020405820402080ae632dc08000000000103030a";

    /**
     * IPIP as Calico's tunl0 sends a forwarded pod packet: outer IPv4 protocol 4, TTL 63 and DF
     * inherited from the inner packet (id 0x3a01), inner IPv4 TTL 63 (94 bytes: 20 of overhead).
     */
    static final String IPIP_TCP_SYN =
            "020000000a02020000000a010800450000503a0140003f047e43c0a8010ac0a8010b4500003c29b340003f06fb210af4" +
            "00000af40100b9aa1f908bb6585f00000000a002fd5cb45e0000020405820402080ae632dc08000000000103030a";

    /**
     * WireGuard transport data, UDP 51820 > 51820 (outer DF clear, id 0x5b10), receiver 0x1a2b3c4d,
     * counter 7; the simulated encrypted packet is the 60-byte inner IPv4 SYN (TTL 63), 4 zero bytes
     * of padding to 64 and a 16-byte zero tag (138 bytes: 60 + 4 of overhead). Not encrypted.
     */
    static final String WIREGUARD_TCP_SYN =
            "020000000a02020000000a0108004500007c5b10000040119bfbc0a8010ac0a8010bca6cca6c00687a9e040000004d3c" +
            "2b1a07000000000000004500003c29b340003f06fb210af400000af40100b9aa1f908bb6585f00000000a002fd5cb45e" +
            "0000020405820402080ae632dc08000000000103030a0000000000000000000000000000000000000000";

    /** A WireGuard keepalive: transport data with an empty plaintext, counter 8 (74 bytes). */
    static final String WIREGUARD_KEEPALIVE =
            "020000000a02020000000a0108004500003c5b11000040119c3ac0a8010ac0a8010bca6cca6c00286308040000004d3c" +
            "2b1a080000000000000000000000000000000000000000000000";
}
