package io.podnet.topology.kubeproxy.nftables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * kube-proxy nftables chain names: {@code PREFIX + base32(sha256(name))[:8] + "-" + name},
 * truncated to 240 characters with {@code ...} (upstream's {@code hashAndTruncate}).
 */
public final class NftChainNames {
    static final int BASE_LENGTH_MAX = 240;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private NftChainNames() {}

    /** {@code HASH-ns/svc/proto/port} for a service port ({@code portName} may be empty). */
    public static String serviceBase(String namespace, String service, String protocol, String portName) {
        return hashAndTruncate(namespace + "/" + service + "/" + protocol + "/" + portName);
    }

    /** {@code HASH-ns/svc/proto/port__ip/port} for an endpoint of a service port. */
    public static String endpointBase(String namespace, String service, String protocol, String portName,
                                      String ip, int port) {
        return hashAndTruncate(namespace + "/" + service + "/" + protocol + "/" + portName + "__"
                + ip.replace(':', '.') + "/" + port);
    }

    static String hashAndTruncate(String name) {
        String out = base32(sha256(name)).substring(0, 8) + "-" + name;
        if (out.length() > BASE_LENGTH_MAX) {
            out = out.substring(0, BASE_LENGTH_MAX - 3) + "...";
        }
        return out;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** RFC 4648 base32 (Go's StdEncoding) of the first bytes; enough characters for the prefix. */
    private static String base32(byte[] data) {
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }
}
