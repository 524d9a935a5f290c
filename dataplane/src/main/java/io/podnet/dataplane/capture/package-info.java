/**
 * Watching the real dataplane: tcpdump sessions per interface ({@link io.podnet.dataplane.capture.CaptureSet}),
 * a pcap reader, a checksum normaliser for offloaded checksums, decoding with the project's own
 * codecs ({@code Packet.decodeEthernet}), and a parser for {@code conntrack -L}.
 */
package io.podnet.dataplane.capture;
