package io.podnet.topology.kubeproxy.iptables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * kube-proxy's per-Service and per-endpoint chain names: a prefix plus the first 16 characters of
 * the standard base32 encoding of SHA-256 over {@code servicePortName + protocol} (lower case), or
 * {@code servicePortName + protocol + "ip:port"} for endpoint chains.
 */
public final class ChainNames {
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private ChainNames() {}

    /** {@code KUBE-SVC-...}: the Cluster-policy chain of a service port. */
    public static String svc(String servicePortName, String protocol) {
        return "KUBE-SVC-" + hash(servicePortName + protocol);
    }

    /** {@code KUBE-SVL-...}: the Local-policy chain. */
    public static String svl(String servicePortName, String protocol) {
        return "KUBE-SVL-" + hash(servicePortName + protocol);
    }

    /** {@code KUBE-EXT-...}: the external-destinations chain. */
    public static String ext(String servicePortName, String protocol) {
        return "KUBE-EXT-" + hash(servicePortName + protocol);
    }

    /** {@code KUBE-FW-...}: the load-balancer source-ranges chain. */
    public static String fw(String servicePortName, String protocol) {
        return "KUBE-FW-" + hash(servicePortName + protocol);
    }

    /** {@code KUBE-SEP-...}: the chain of one endpoint ({@code ip:port}). */
    public static String sep(String servicePortName, String protocol, String endpoint) {
        return "KUBE-SEP-" + hash(servicePortName + protocol + endpoint);
    }

    static String hash(String text) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        // 16 base32 characters = 80 bits = the first 10 bytes.
        StringBuilder sb = new StringBuilder(16);
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = hi << 8 | (digest[i] & 0xff);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = lo << 8 | (digest[i] & 0xff);
        }
        for (int i = 7; i >= 0; i--) {
            sb.append(BASE32[(int) (hi >>> (5 * i)) & 31]);
        }
        for (int i = 7; i >= 0; i--) {
            sb.append(BASE32[(int) (lo >>> (5 * i)) & 31]);
        }
        return sb.toString();
    }
}
