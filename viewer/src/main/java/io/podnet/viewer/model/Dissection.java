package io.podnet.viewer.model;

import io.podnet.sim.wire.Header;
import io.podnet.sim.wire.HeaderField;
import io.podnet.sim.wire.Packet;
import io.podnet.sim.wire.TcpHeader;
import io.podnet.sim.wire.UdpHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A packet as Wireshark shows it: its exact wire bytes ({@link Packet#encode()}) and a tree of
 * layers, each with its fields, every node knowing the bytes it covers, so a field tree and a hex
 * pane can highlight the same bytes. Header fields come from the headers themselves
 * ({@link Header#fields()}, with bit offsets); the payload after the last header is decoded when it
 * is BGP (TCP port 179: OPEN, UPDATE, KEEPALIVE, NOTIFICATION, after RFC 4271 section 4), DNS (UDP
 * port 53, RFC 1035 section 4.1) or HTTP/1.x text; otherwise it is shown as bytes.
 */
public record Dissection(byte[] bytes, List<Node> layers) {
    /** One tree node: a label and the bytes {@code [offset, offset + length)} of the frame it covers. */
    public record Node(String label, int offset, int length, List<Node> children) {
        public Node {
            children = List.copyOf(children);
        }

        static Node leaf(String label, int offset, int length) {
            return new Node(label, offset, length, List.of());
        }

        /** The first node (depth first, this one included) whose label starts with {@code prefix}, or null. */
        public Node find(String prefix) {
            if (label.startsWith(prefix)) {
                return this;
            }
            for (Node c : children) {
                Node f = c.find(prefix);
                if (f != null) {
                    return f;
                }
            }
            return null;
        }
    }

    public Dissection {
        bytes = bytes.clone();
        layers = List.copyOf(layers);
    }

    /** The dissection of {@code p}, or an empty one for null. */
    public static Dissection of(Packet p) {
        if (p == null) {
            return new Dissection(new byte[0], List.of());
        }
        byte[] b = p.encode();
        List<String> titles = HeaderStack.titles(p.headers());
        List<Node> layers = new ArrayList<>();
        int off = 0;
        for (int i = 0; i < p.headers().size(); i++) {
            Header h = p.headers().get(i);
            int len = h.encodedLength();
            List<Node> fields = new ArrayList<>();
            for (HeaderField f : h.fields()) {
                int from = off + f.bitOffset() / 8;
                int to = off + (f.bitOffset() + f.bitLength() + 7) / 8;
                fields.add(Node.leaf(f.name() + ": " + f.value(), from, Math.max(1, to - from)));
            }
            layers.add(new Node(titles.get(i) + ", " + h.summary(), off, len, fields));
            off += len;
        }
        int pl = b.length - off;
        if (pl > 0) {
            Header last = p.headers().get(p.headers().size() - 1);
            Node decoded = null;
            try {
                decoded = decodePayload(last, b, off, pl);
            } catch (RuntimeException ignored) {
                decoded = null; // a payload that does not parse is shown as bytes
            }
            layers.add(decoded != null ? decoded : Node.leaf("Payload, " + pl + " bytes", off, pl));
        }
        return new Dissection(b, layers);
    }

    /** The first node (depth first) whose label starts with {@code prefix}, or null. */
    public Node find(String prefix) {
        for (Node l : layers) {
            Node f = l.find(prefix);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static Node decodePayload(Header last, byte[] b, int off, int len) {
        if (last instanceof TcpHeader t && (t.srcPort() == 179 || t.dstPort() == 179)) {
            return bgp(b, off, len);
        }
        if (last instanceof UdpHeader u && (u.srcPort() == 53 || u.dstPort() == 53)) {
            return dns(b, off, len);
        }
        if (last instanceof TcpHeader && looksHttp(b, off, len)) {
            return http(b, off, len);
        }
        return null;
    }

    // ---- BGP (RFC 4271 section 4) ----

    private static Node bgp(byte[] b, int off, int len) {
        List<Node> msgs = new ArrayList<>();
        int p = off;
        int end = off + len;
        while (p + 19 <= end) {
            int mlen = u16(b, p + 16);
            int type = b[p + 18] & 0xff;
            if (mlen < 19 || p + mlen > end) {
                break;
            }
            List<Node> f = new ArrayList<>();
            f.add(Node.leaf("Marker: 16 bytes of ff", p, 16));
            f.add(Node.leaf("Length: " + mlen, p + 16, 2));
            f.add(Node.leaf("Type: " + type + " (" + bgpType(type) + ")", p + 18, 1));
            int q = p + 19;
            if (type == 1 && mlen >= 29) {
                f.add(Node.leaf("Version: " + (b[q] & 0xff), q, 1));
                f.add(Node.leaf("My AS: " + u16(b, q + 1), q + 1, 2));
                f.add(Node.leaf("Hold time: " + u16(b, q + 3) + " s", q + 3, 2));
                f.add(Node.leaf("BGP identifier: " + ip(b, q + 5), q + 5, 4));
                f.add(Node.leaf("Optional parameters length: " + (b[q + 9] & 0xff), q + 9, 1));
            } else if (type == 2) {
                bgpUpdate(b, q, p + mlen, f);
            } else if (type == 3 && mlen >= 21) {
                f.add(Node.leaf("Error code: " + (b[q] & 0xff) + " (" + notification(b[q] & 0xff) + ")", q, 1));
                f.add(Node.leaf("Error subcode: " + (b[q + 1] & 0xff), q + 1, 1));
            }
            msgs.add(new Node("BGP " + bgpType(type) + " Message", p, mlen, f));
            p += mlen;
        }
        if (msgs.isEmpty()) {
            return null;
        }
        return new Node("Border Gateway Protocol, " + msgs.size() + " message" + (msgs.size() == 1 ? "" : "s"),
                off, len, msgs);
    }

    private static void bgpUpdate(byte[] b, int q, int end, List<Node> f) {
        int wlen = u16(b, q);
        f.add(Node.leaf("Withdrawn routes length: " + wlen, q, 2));
        List<Node> wd = prefixes(b, q + 2, q + 2 + wlen);
        if (!wd.isEmpty()) {
            f.add(new Node("Withdrawn routes", q + 2, wlen, wd));
        }
        int a = q + 2 + wlen;
        int alen = u16(b, a);
        f.add(Node.leaf("Total path attribute length: " + alen, a, 2));
        List<Node> attrs = new ArrayList<>();
        int r = a + 2;
        int aend = r + alen;
        while (r + 3 <= aend) {
            int flags = b[r] & 0xff;
            int type = b[r + 1] & 0xff;
            boolean ext = (flags & 0x10) != 0;
            int vlen = ext ? u16(b, r + 2) : b[r + 2] & 0xff;
            int v = r + (ext ? 4 : 3);
            attrs.add(Node.leaf(attrName(type) + ": " + attrValue(type, b, v, vlen), r, v + vlen - r));
            r = v + vlen;
        }
        if (!attrs.isEmpty()) {
            f.add(new Node("Path attributes", a + 2, alen, attrs));
        }
        List<Node> nlri = prefixes(b, aend, end);
        if (!nlri.isEmpty()) {
            f.add(new Node("Network layer reachability information", aend, end - aend, nlri));
        }
    }

    private static List<Node> prefixes(byte[] b, int from, int to) {
        List<Node> out = new ArrayList<>();
        int p = from;
        while (p < to) {
            int bits = b[p] & 0xff;
            int n = (bits + 7) / 8;
            byte[] a = new byte[4];
            System.arraycopy(b, p + 1, a, 0, Math.min(n, 4));
            out.add(Node.leaf((a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff) + "/" + bits,
                    p, 1 + n));
            p += 1 + n;
        }
        return out;
    }

    private static String bgpType(int t) {
        switch (t) {
            case 1: return "OPEN";
            case 2: return "UPDATE";
            case 3: return "NOTIFICATION";
            case 4: return "KEEPALIVE";
            default: return "type " + t;
        }
    }

    private static String notification(int code) {
        switch (code) {
            case 1: return "Message Header Error";
            case 2: return "OPEN Message Error";
            case 3: return "UPDATE Message Error";
            case 4: return "Hold Timer Expired";
            case 5: return "Finite State Machine Error";
            case 6: return "Cease";
            default: return "unknown";
        }
    }

    private static String attrName(int t) {
        switch (t) {
            case 1: return "ORIGIN";
            case 2: return "AS_PATH";
            case 3: return "NEXT_HOP";
            case 4: return "MULTI_EXIT_DISC";
            case 5: return "LOCAL_PREF";
            case 8: return "COMMUNITIES";
            default: return "attribute " + t;
        }
    }

    private static String attrValue(int t, byte[] b, int v, int len) {
        if (t == 1 && len == 1) {
            int o = b[v] & 0xff;
            return o == 0 ? "IGP" : o == 1 ? "EGP" : "INCOMPLETE";
        }
        if (t == 3 && len == 4) {
            return ip(b, v);
        }
        if ((t == 4 || t == 5) && len == 4) {
            return Long.toString(((long) u16(b, v) << 16) | u16(b, v + 2));
        }
        if (t == 2) {
            StringBuilder sb = new StringBuilder();
            int p = v;
            while (p + 2 <= v + len) {
                int n = b[p + 1] & 0xff;
                for (int k = 0; k < n && p + 2 + 2 * k + 1 < v + len; k++) {
                    sb.append(sb.length() == 0 ? "" : " ").append(u16(b, p + 2 + 2 * k));
                }
                p += 2 + 2 * n;
            }
            return sb.length() == 0 ? "(empty: an iBGP route from this AS)" : sb.toString();
        }
        return len + " bytes";
    }

    // ---- DNS (RFC 1035 section 4.1) ----

    private static Node dns(byte[] b, int off, int len) {
        if (len < 12) {
            return null;
        }
        List<Node> f = new ArrayList<>();
        int flags = u16(b, off + 2);
        boolean response = (flags & 0x8000) != 0;
        f.add(Node.leaf("Transaction ID: 0x" + String.format("%04x", u16(b, off)), off, 2));
        f.add(Node.leaf("Flags: 0x" + String.format("%04x", flags) + (response ? " (response, rcode " + (flags & 0xf) + ")"
                : " (query)"), off + 2, 2));
        int qd = u16(b, off + 4);
        int an = u16(b, off + 6);
        f.add(Node.leaf("Questions: " + qd, off + 4, 2));
        f.add(Node.leaf("Answer RRs: " + an, off + 6, 2));
        f.add(Node.leaf("Authority RRs: " + u16(b, off + 8), off + 8, 2));
        f.add(Node.leaf("Additional RRs: " + u16(b, off + 10), off + 10, 2));
        int p = off + 12;
        int end = off + len;
        List<Node> qs = new ArrayList<>();
        for (int i = 0; i < qd && p < end; i++) {
            StringBuilder name = new StringBuilder();
            int q = name(b, off, p, name);
            qs.add(Node.leaf(name + ": type " + rrType(u16(b, q)) + ", class " + u16(b, q + 2), p, q + 4 - p));
            p = q + 4;
        }
        if (!qs.isEmpty()) {
            f.add(new Node("Queries", qs.get(0).offset(), p - qs.get(0).offset(), qs));
        }
        List<Node> as = new ArrayList<>();
        int start = p;
        for (int i = 0; i < an && p + 10 < end; i++) {
            StringBuilder name = new StringBuilder();
            int q = name(b, off, p, name);
            int type = u16(b, q);
            long ttl = ((long) u16(b, q + 4) << 16) | u16(b, q + 6);
            int rdlen = u16(b, q + 8);
            String data = type == 1 && rdlen == 4 ? ip(b, q + 10) : rdlen + " bytes";
            as.add(Node.leaf(name + ": type " + rrType(type) + ", ttl " + ttl + ", " + data, p, q + 10 + rdlen - p));
            p = q + 10 + rdlen;
        }
        if (!as.isEmpty()) {
            f.add(new Node("Answers", start, p - start, as));
        }
        return new Node("Domain Name System (" + (response ? "response" : "query") + ")", off, len, f);
    }

    /** Reads a (possibly compressed) name at {@code p}; returns the position after it. */
    private static int name(byte[] b, int msg, int p, StringBuilder out) {
        int after = -1;
        int guard = 0;
        while (guard++ < 64) {
            int l = b[p] & 0xff;
            if (l == 0) {
                p++;
                break;
            }
            if ((l & 0xc0) == 0xc0) {
                if (after < 0) {
                    after = p + 2;
                }
                p = msg + (((l & 0x3f) << 8) | (b[p + 1] & 0xff));
                continue;
            }
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(new String(b, p + 1, l, StandardCharsets.US_ASCII));
            p += 1 + l;
        }
        if (out.length() == 0) {
            out.append("<root>");
        }
        return after >= 0 ? after : p;
    }

    private static String rrType(int t) {
        switch (t) {
            case 1: return "A";
            case 5: return "CNAME";
            case 28: return "AAAA";
            case 33: return "SRV";
            default: return Integer.toString(t);
        }
    }

    // ---- HTTP/1.x ----

    private static boolean looksHttp(byte[] b, int off, int len) {
        String head = new String(b, off, Math.min(len, 8), StandardCharsets.US_ASCII);
        for (String m : new String[] {"GET ", "POST ", "PUT ", "HEAD ", "DELETE ", "HTTP/1."}) {
            if (head.startsWith(m)) {
                return true;
            }
        }
        return false;
    }

    private static Node http(byte[] b, int off, int len) {
        List<Node> lines = new ArrayList<>();
        int p = off;
        int end = off + len;
        while (p < end) {
            int e = p;
            while (e < end && b[e] != '\n') {
                e++;
            }
            int stop = e > p && b[e - 1] == '\r' ? e - 1 : e;
            String line = new String(b, p, stop - p, StandardCharsets.ISO_8859_1);
            int n = Math.min(end, e + 1) - p;
            if (line.isEmpty()) {
                if (end - (p + n) > 0) {
                    lines.add(Node.leaf("Body: " + (end - p - n) + " bytes", p + n, end - p - n));
                }
                break;
            }
            lines.add(Node.leaf(line, p, n));
            p += n;
        }
        String first = lines.isEmpty() ? "" : lines.get(0).label();
        return new Node("Hypertext Transfer Protocol, " + first, off, len, lines);
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static String ip(byte[] b, int p) {
        return (b[p] & 0xff) + "." + (b[p + 1] & 0xff) + "." + (b[p + 2] & 0xff) + "." + (b[p + 3] & 0xff);
    }
}
