package io.podnet.dataplane.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code conntrack -L} output into entries with their original and reply tuples. */
public final class Conntrack {
    /** One tracked connection. Ports are -1 for ICMP. */
    public record Entry(String protocol, String origSrc, String origDst, int origSport, int origDport, String replySrc,
                        String replyDst, int replySport, int replyDport) {
        /** "DNAT 10.96.0.10:80 -> 10.244.2.2:8080" when the destination was translated, else null. */
        public String dnat() {
            if (replySrc.equals(origDst) && replySport == origDport) {
                return null;
            }
            return "DNAT " + hp(origDst, origDport) + " -> " + hp(replySrc, replySport);
        }

        /** "SNAT 10.244.1.2 -> 172.18.0.11" when the source was translated, else null. */
        public String snat() {
            if (replyDst.equals(origSrc)) {
                return null;
            }
            return "SNAT " + origSrc + " -> " + replyDst;
        }

        private static String hp(String ip, int port) {
            return port < 0 ? ip : ip + ":" + port;
        }
    }

    private Conntrack() {}

    public static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !(f[0].equals("tcp") || f[0].equals("udp") || f[0].equals("icmp"))) {
                continue;
            }
            List<Map<String, String>> tuples = new ArrayList<>();
            Map<String, String> cur = null;
            for (String w : f) {
                int eq = w.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String k = w.substring(0, eq);
                String v = w.substring(eq + 1);
                if (k.equals("src")) {
                    cur = new LinkedHashMap<>();
                    tuples.add(cur);
                }
                if (cur != null) {
                    cur.putIfAbsent(k, v);
                }
            }
            if (tuples.size() < 2) {
                continue;
            }
            Map<String, String> o = tuples.get(0);
            Map<String, String> r = tuples.get(1);
            out.add(new Entry(f[0], o.get("src"), o.get("dst"), port(o.get("sport")), port(o.get("dport")), r.get("src"),
                    r.get("dst"), port(r.get("sport")), port(r.get("dport"))));
        }
        return out;
    }

    private static int port(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
