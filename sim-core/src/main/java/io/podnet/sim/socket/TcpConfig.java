package io.podnet.sim.socket;

import io.podnet.sim.engine.Durations;

/**
 * TCP tunables of a socket layer. {@link #LINUX} holds the Linux defaults the model follows.
 *
 * @param initialRtoNs        RTO before any RTT sample ({@code TCP_TIMEOUT_INIT}, 1 s)
 * @param minRtoNs            lower bound added to SRTT ({@code TCP_RTO_MIN}, 200 ms)
 * @param maxRtoNs            upper bound of the backed-off RTO ({@code TCP_RTO_MAX}, 120 s)
 * @param synRetries          SYN retransmissions before connect fails ({@code tcp_syn_retries}, 6)
 * @param synAckRetries       SYN-ACK retransmissions ({@code tcp_synack_retries}, 5)
 * @param retries2            data retransmissions before the connection is dropped ({@code tcp_retries2}, 15)
 * @param delayedAckNs        delayed-ACK timeout ({@code TCP_DELACK_MIN}, 40 ms)
 * @param quickAcks           segments acknowledged at once at the start of a connection ({@code TCP_MAX_QUICKACKS}, 16)
 * @param initialCwndSegments initial congestion window in segments ({@code TCP_INIT_CWND}, 10)
 * @param receiveBuffer       receive buffer in bytes; the advertised window is what is free of it
 * @param windowScale         window scale offered in the SYN (-1: none)
 * @param sackPermitted       offer SACK-permitted in the SYN (the model never sends SACK blocks)
 * @param timestamps          use the RFC 7323 timestamps option ({@code tcp_timestamps=1}): TSval is a
 *                            millisecond clock with a random per-connection offset; it costs 12 bytes
 *                            per segment, so the data per segment is MSS − 12 (1448 for MTU 1500)
 * @param timeWaitNs          how long TIME_WAIT holds the 4-tuple; Linux uses 60 s, the model
 *                            shortens it (default 1 s) so runs end soon after the last exchange
 * @param ttl                 IPv4 TTL of sent segments ({@code ip_default_ttl}, 64)
 */
public record TcpConfig(long initialRtoNs, long minRtoNs, long maxRtoNs, int synRetries, int synAckRetries,
                        int retries2, long delayedAckNs, int quickAcks, int initialCwndSegments, int receiveBuffer,
                        int windowScale, boolean sackPermitted, boolean timestamps, long timeWaitNs, int ttl) {
    public static final TcpConfig LINUX = new TcpConfig(Durations.S, 200 * Durations.MS, 120 * Durations.S, 6, 5, 15,
            40 * Durations.MS, 16, 10, 131_072, 7, true, true, Durations.S, 64);

    public TcpConfig {
        if (initialRtoNs <= 0 || minRtoNs <= 0 || maxRtoNs < minRtoNs) {
            throw new IllegalArgumentException("RTO bounds must be positive and ordered: initial=" + initialRtoNs
                    + " min=" + minRtoNs + " max=" + maxRtoNs);
        }
        if (synRetries < 0 || synAckRetries < 0 || retries2 < 0 || quickAcks < 0) {
            throw new IllegalArgumentException("retry counts must be >= 0");
        }
        if (initialCwndSegments < 1 || receiveBuffer < 1024) {
            throw new IllegalArgumentException("initial cwnd must be >= 1 segment and the receive buffer >= 1024 bytes, was "
                    + initialCwndSegments + " / " + receiveBuffer);
        }
        if (windowScale < -1 || windowScale > 14) {
            throw new IllegalArgumentException("window scale must be -1..14, was " + windowScale);
        }
        if (delayedAckNs < 0 || timeWaitNs < 0 || ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("delayed ACK / TIME_WAIT must be >= 0 and TTL 1..255");
        }
    }

    public TcpConfig withTimeWait(long nanos) {
        return new TcpConfig(initialRtoNs, minRtoNs, maxRtoNs, synRetries, synAckRetries, retries2, delayedAckNs,
                quickAcks, initialCwndSegments, receiveBuffer, windowScale, sackPermitted, timestamps, nanos, ttl);
    }

    public TcpConfig withReceiveBuffer(int bytes) {
        return new TcpConfig(initialRtoNs, minRtoNs, maxRtoNs, synRetries, synAckRetries, retries2, delayedAckNs,
                quickAcks, initialCwndSegments, bytes, windowScale, sackPermitted, timestamps, timeWaitNs, ttl);
    }

    public TcpConfig withTimestamps(boolean on) {
        return new TcpConfig(initialRtoNs, minRtoNs, maxRtoNs, synRetries, synAckRetries, retries2, delayedAckNs,
                quickAcks, initialCwndSegments, receiveBuffer, windowScale, sackPermitted, on, timeWaitNs, ttl);
    }

    public TcpConfig withSynRetries(int n) {
        return new TcpConfig(initialRtoNs, minRtoNs, maxRtoNs, n, synAckRetries, retries2, delayedAckNs,
                quickAcks, initialCwndSegments, receiveBuffer, windowScale, sackPermitted, timestamps, timeWaitNs, ttl);
    }
}
