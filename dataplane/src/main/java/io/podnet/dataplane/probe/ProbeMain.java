package io.podnet.dataplane.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The traffic helper that {@code podnet verify} launches inside a pod namespace with
 * {@code ip netns exec NS java -cp ... io.podnet.dataplane.probe.ProbeMain}. It depends on nothing
 * but the JDK so it starts fast.
 *
 * <pre>
 * serve [sizefile=PATH] tcp:PORT[/BODY=RESP...] udp:PORT ...
 *                                 listen on 0.0.0.0; prints "ready" when every socket is bound
 * call PROTO IP PORT REQ RESP COUNT INTERVAL_MS TIMEOUT_MS [HOST]
 *                                 PROTO is tcp, udp or http; prints one JSON line per attempt
 * connect IP PORT COUNT TIMEOUT_MS
 *                                 opens COUNT new TCP connections one after another, each closed
 *                                 with a reset at once (no TIME_WAIT); prints "connect NANOS" per
 *                                 connection: the time connect() took (SYN to SYN-ACK, as the
 *                                 client sees it), or "connect -1" when it failed
 * </pre>
 *
 * <p>HTTP is the simulator's HTTP/1.1, byte for byte: {@code GET / HTTP/1.1} (or {@code POST} with
 * {@code Content-Type: application/octet-stream} and {@code Content-Length: REQ} when REQ &gt; 0)
 * with {@code Host: HOST}, {@code User-Agent: podnet}, {@code Accept: *}{@code /*}, a body of the
 * repeating filler {@code podnet-}; the answer {@code HTTP/1.1 200 OK} with {@code Server: podnet},
 * the same content type and a body of RESP filler bytes. A TCP server tells HTTP from the probe's
 * own protocol by the first bytes; it answers with the body size written in {@code sizefile} when
 * given and readable, else by the request's Content-Length from its {@code /BODY=RESP} list (the
 * first entry when none matches). HTTP answers do not name the server:
 * {@code podnet verify} reads the endpoint from conntrack by the client's port.
 *
 * <p>Wire protocol: a request of exactly REQ bytes whose first 12 bytes (when REQ &ge; 12) are
 * {@code "PNv1"}, REQ and RESP as big-endian ints; the rest are zeros. The server answers with
 * exactly RESP bytes: {@code "PNv1"} and its own IPv4 address (the address the connection arrived
 * at, after any DNAT) when RESP &ge; 8. So the client learns which endpoint served it, and the byte
 * counts on the wire are the scenario's. A TCP request shorter than 12 bytes is ended by the
 * client's half-close and answered with RESP = 0.
 */
public final class ProbeMain {
    static final byte[] MAGIC = "PNv1".getBytes(StandardCharsets.US_ASCII);

    private static volatile java.nio.file.Path sizeFile;

    private ProbeMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length >= 1 && args[0].equals("serve")) {
            serve(args, out);
        } else if ((args.length == 9 || args.length == 10) && args[0].equals("call")) {
            call(args, out);
        } else if (args.length == 5 && args[0].equals("connect")) {
            connect(args, out);
        } else {
            System.err.println("usage: serve tcp:PORT|udp:PORT ... | call tcp|udp IP PORT REQ RESP COUNT INTERVAL_MS TIMEOUT_MS");
            System.exit(2);
        }
    }

    private static void connect(String[] args, PrintStream out) {
        InetSocketAddress to = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        int count = Integer.parseInt(args[3]);
        int timeout = Integer.parseInt(args[4]);
        for (int i = 0; i < count; i++) {
            try (Socket s = new Socket()) {
                s.setSoLinger(true, 0);
                long t0 = System.nanoTime();
                s.connect(to, timeout);
                out.println("connect " + (System.nanoTime() - t0));
            } catch (IOException e) {
                out.println("connect -1");
            }
        }
    }

    private static void serve(String[] args, PrintStream out) throws IOException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("sizefile=")) {
                sizeFile = java.nio.file.Path.of(args[i].substring(9));
                continue;
            }
            String[] pp = args[i].split(":");
            String[] pl = pp[1].split("/");
            int port = Integer.parseInt(pl[0]);
            if (pp[0].equals("tcp")) {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress("0.0.0.0", port), 128);
                long[][] sizes = new long[pl.length - 1][];
                for (int k = 1; k < pl.length; k++) {
                    String[] kv = pl[k].split("=");
                    sizes[k - 1] = new long[] {Long.parseLong(kv[0]), Long.parseLong(kv[1])};
                }
                threads.add(daemon(() -> acceptLoop(ss, sizes)));
            } else if (pp[0].equals("udp")) {
                DatagramSocket ds = new DatagramSocket(new InetSocketAddress("0.0.0.0", port));
                threads.add(daemon(() -> udpLoop(ds)));
            } else {
                throw new IllegalArgumentException("not tcp:PORT or udp:PORT: " + args[i]);
            }
        }
        threads.forEach(Thread::start);
        out.println("ready");
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(false);
        return t;
    }

    private static void acceptLoop(ServerSocket ss, long[][] httpSizes) {
        while (true) {
            try {
                Socket s = ss.accept();
                Thread t = new Thread(() -> serveOne(s, httpSizes));
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serveOne(Socket s, long[][] httpSizes) {
        try (s) {
            s.setSoTimeout(15000);
            InputStream in = s.getInputStream();
            byte[] head = new byte[12];
            int n = readFully(in, head, 4);
            if (n == 4 && (startsWith(head, "GET ") || startsWith(head, "POST"))) {
                serveHttp(s, in, head, httpSizes);
                return;
            }
            n += readFully(in, head, 4, 8);
            int resp = 0;
            if (n == 12 && startsWithMagic(head)) {
                int req = ByteBuffer.wrap(head, 4, 4).getInt();
                resp = ByteBuffer.wrap(head, 8, 4).getInt();
                skipFully(in, Math.max(0, req - 12));
            } else {
                while (in.read() >= 0) {
                    // short request: ended by the client's half-close
                }
            }
            OutputStream o = s.getOutputStream();
            o.write(response(resp, s.getLocalAddress()));
            o.flush();
            s.shutdownOutput();
            // wait for the client to close first so this side does not linger in TIME_WAIT noise
            while (in.read() >= 0) {
                // drain
            }
        } catch (IOException e) {
            // the client went away; nothing to report from the server side
        }
    }

    /** Reads one HTTP request (headers, then Content-Length bytes) and answers it. */
    private static void serveHttp(Socket s, InputStream in, byte[] first4, long[][] sizes) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        buf.write(first4, 0, 4);
        long need = -1;
        while (need < 0) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            buf.write(b);
            need = httpMessageLength(buf.toByteArray());
        }
        long body = need - headerLength(buf.toByteArray());
        skipFully(in, (int) Math.max(0, need - buf.size()));
        long resp = sizes.length == 0 ? 0 : sizes[0][1];
        for (long[] kv : sizes) {
            if (kv[0] == body) {
                resp = kv[1];
                break;
            }
        }
        java.nio.file.Path f = sizeFile;
        if (f != null) {
            try {
                resp = Long.parseLong(java.nio.file.Files.readString(f).strip());
            } catch (IOException | NumberFormatException e) {
                // keep the size from the list
            }
        }
        OutputStream o = s.getOutputStream();
        o.write(httpResponse(resp));
        o.flush();
        // the simulated client closes once it has the whole response; wait for that
        while (in.read() >= 0) {
            // drain
        }
    }

    /** {@code n} bytes of the simulator's filler: {@code podnet-} repeated. */
    static byte[] filler(long n) {
        byte[] b = new byte[(int) n];
        String pattern = "podnet-";
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) pattern.charAt(i % pattern.length());
        }
        return b;
    }

    /** The simulator's HTTP request: {@code GET /} without a body, {@code POST /} with one. */
    static byte[] httpRequest(String host, long bodyBytes) {
        String head = (bodyBytes == 0 ? "GET" : "POST") + " / HTTP/1.1\r\nHost: " + host
                + "\r\nUser-Agent: podnet\r\nAccept: */*\r\n"
                + (bodyBytes == 0 ? "" : "Content-Type: application/octet-stream\r\nContent-Length: " + bodyBytes
                + "\r\n") + "\r\n";
        return concat(head.getBytes(StandardCharsets.US_ASCII), filler(bodyBytes));
    }

    /** The simulator's HTTP response: {@code 200 OK} with a body of {@code bodyBytes}. */
    static byte[] httpResponse(long bodyBytes) {
        String head = "HTTP/1.1 200 OK\r\nServer: podnet\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + bodyBytes + "\r\n\r\n";
        return concat(head.getBytes(StandardCharsets.US_ASCII), filler(bodyBytes));
    }

    /** Length of the header block (through the blank line), or -1 while incomplete. */
    static int headerLength(byte[] d) {
        for (int i = 0; i + 3 < d.length; i++) {
            if (d[i] == '\r' && d[i + 1] == '\n' && d[i + 2] == '\r' && d[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** Headers plus Content-Length, or -1 while the headers are incomplete. */
    static long httpMessageLength(byte[] d) {
        int end = headerLength(d);
        if (end < 0) {
            return -1;
        }
        long body = 0;
        for (String line : new String(d, 0, end, StandardCharsets.US_ASCII).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    body = Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    body = 0;
                }
            }
        }
        return end + body;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean startsWith(byte[] b, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void udpLoop(DatagramSocket ds) {
        byte[] buf = new byte[65536];
        while (true) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                ds.receive(p);
                int resp = 0;
                if (p.getLength() >= 12 && startsWithMagic(buf)) {
                    resp = ByteBuffer.wrap(buf, 8, 4).getInt();
                }
                // The local address of an unconnected socket is 0.0.0.0: answer with the address the
                // datagram was sent to is not available in plain Java, so the server names itself by
                // the first non-loopback address of this namespace.
                byte[] r = response(resp, ownAddress());
                ds.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    static InetAddress ownAddress() throws SocketException {
        for (java.net.NetworkInterface ni : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return InetAddress.getLoopbackAddress();
    }

    static byte[] response(int size, InetAddress self) {
        byte[] r = new byte[Math.max(0, size)];
        if (size >= 8) {
            System.arraycopy(MAGIC, 0, r, 0, 4);
            System.arraycopy(self.getAddress(), 0, r, 4, 4);
        }
        return r;
    }

    static byte[] request(int req, int resp) {
        byte[] r = new byte[Math.max(0, req)];
        if (req >= 12) {
            ByteBuffer b = ByteBuffer.wrap(r);
            b.put(MAGIC).putInt(req).putInt(resp);
        }
        return r;
    }

    private static void call(String[] a, PrintStream out) throws InterruptedException {
        String proto = a[1];
        InetAddress ip;
        try {
            ip = InetAddress.getByName(a[2]);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad address " + a[2]);
        }
        int port = Integer.parseInt(a[3]);
        int req = Integer.parseInt(a[4]);
        int resp = Integer.parseInt(a[5]);
        int count = Integer.parseInt(a[6]);
        long interval = Long.parseLong(a[7]);
        int timeout = Integer.parseInt(a[8]);
        String host = a.length > 9 ? a[9] : a[2] + (port == 80 ? "" : ":" + port);
        int silent = 0;
        for (int i = 0; i < count; i++) {
            if (silent >= 3) {
                // three attempts in a row got no answer: the rest would too; do not spend their timeouts
                out.println(json(i, "not-run", null, ip, port, null, 0, 0, System.nanoTime(), "stopped after 3 timeouts in a row"));
                continue;
            }
            String line = proto.equals("udp") ? udpOnce(i, ip, port, req, resp, timeout)
                    : proto.equals("http") ? httpOnce(i, ip, port, host, req, resp, timeout)
                    : tcpOnce(i, ip, port, req, resp, timeout);
            silent = line.contains("\"outcome\":\"timeout\"") ? silent + 1 : 0;
            out.println(line);
            if (interval > 0 && i + 1 < count) {
                Thread.sleep(interval);
            }
        }
    }

    private static String tcpOnce(int attempt, InetAddress ip, int port, int req, int resp, int timeout) {
        long t0 = System.nanoTime();
        String local = null;
        int sent = 0;
        int got = 0;
        String server = null;
        try (Socket s = new Socket()) {
            s.setSoTimeout(timeout);
            s.bind(null); // an ephemeral port now, so a connect that fails still names its port
            local = hostPort(s.getLocalAddress(), s.getLocalPort());
            s.connect(new InetSocketAddress(ip, port), timeout);
            local = hostPort(s.getLocalAddress(), s.getLocalPort());
            OutputStream o = s.getOutputStream();
            o.write(request(req, resp));
            o.flush();
            sent = req;
            if (req < 12) {
                s.shutdownOutput();
            }
            byte[] r = new byte[Math.max(resp, 0)];
            InputStream in = s.getInputStream();
            got = readFully(in, r, r.length);
            server = serverOf(r, got);
            String outcome = got == resp ? "delivered" : "truncated";
            return json(attempt, outcome, local, ip, port, server, sent, got, t0, null);
        } catch (ConnectException e) {
            String m = String.valueOf(e.getMessage());
            String outcome = m.contains("refused") ? "refused" : m.contains("timed out") ? "timeout" : "dropped";
            return json(attempt, outcome, local, ip, port, server, sent, got, t0, m);
        } catch (NoRouteToHostException e) {
            return json(attempt, "dropped", local, ip, port, server, sent, got, t0, e.getMessage());
        } catch (SocketTimeoutException e) {
            return json(attempt, "timeout", local, ip, port, server, sent, got, t0, e.getMessage());
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            String outcome = m.contains("reset") ? "reset" : m.contains("unreachable") ? "dropped" : "error";
            return json(attempt, outcome, local, ip, port, server, sent, got, t0, m);
        }
    }

    static String httpOnce(int attempt, InetAddress ip, int port, String host, int body, int resp, int timeout) {
        long t0 = System.nanoTime();
        String local = null;
        int sent = 0;
        int got = 0;
        try (Socket s = new Socket()) {
            s.setSoTimeout(timeout);
            s.bind(null); // an ephemeral port now, so a connect that fails still names its port
            local = hostPort(s.getLocalAddress(), s.getLocalPort());
            s.connect(new InetSocketAddress(ip, port), timeout);
            local = hostPort(s.getLocalAddress(), s.getLocalPort());
            byte[] q = httpRequest(host, body);
            OutputStream o = s.getOutputStream();
            o.write(q);
            o.flush();
            sent = q.length;
            InputStream in = s.getInputStream();
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            byte[] b = new byte[16384];
            long need = -1;
            while (need < 0 || buf.size() < need) {
                int r = in.read(b);
                if (r < 0) {
                    break;
                }
                buf.write(b, 0, r);
                need = httpMessageLength(buf.toByteArray());
            }
            got = buf.size();
            byte[] all = buf.toByteArray();
            boolean ok = need >= 0 && got >= need && new String(all, 0, Math.min(12, all.length), StandardCharsets.US_ASCII)
                    .equals("HTTP/1.1 200") && need - headerLength(all) == resp;
            return json(attempt, ok ? "delivered" : "truncated", local, ip, port, null, sent, got, t0, null);
        } catch (ConnectException e) {
            String m = String.valueOf(e.getMessage());
            String outcome = m.contains("refused") ? "refused" : m.contains("timed out") ? "timeout" : "dropped";
            return json(attempt, outcome, local, ip, port, null, sent, got, t0, m);
        } catch (NoRouteToHostException e) {
            return json(attempt, "dropped", local, ip, port, null, sent, got, t0, e.getMessage());
        } catch (SocketTimeoutException e) {
            return json(attempt, "timeout", local, ip, port, null, sent, got, t0, e.getMessage());
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            String outcome = m.contains("reset") ? "reset" : m.contains("unreachable") ? "dropped" : "error";
            return json(attempt, outcome, local, ip, port, null, sent, got, t0, m);
        }
    }

    private static String udpOnce(int attempt, InetAddress ip, int port, int req, int resp, int timeout) {
        long t0 = System.nanoTime();
        String local = null;
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(timeout);
            s.connect(ip, port);
            local = hostPort(s.getLocalAddress(), s.getLocalPort());
            byte[] q = request(req, resp);
            s.send(new DatagramPacket(q, q.length));
            byte[] buf = new byte[65536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            String server = serverOf(buf, p.getLength());
            String outcome = p.getLength() == resp ? "delivered" : "truncated";
            return json(attempt, outcome, local, ip, port, server, req, p.getLength(), t0, null);
        } catch (PortUnreachableException e) {
            return json(attempt, "refused", local, ip, port, null, req, 0, t0, e.getMessage());
        } catch (SocketTimeoutException e) {
            return json(attempt, "timeout", local, ip, port, null, req, 0, t0, e.getMessage());
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            return json(attempt, m.contains("refused") ? "refused" : "dropped", local, ip, port, null, req, 0, t0, m);
        }
    }

    private static String serverOf(byte[] r, int n) {
        if (n >= 8 && startsWithMagic(r)) {
            return (r[4] & 0xff) + "." + (r[5] & 0xff) + "." + (r[6] & 0xff) + "." + (r[7] & 0xff);
        }
        return null;
    }

    private static boolean startsWithMagic(byte[] b) {
        return b[0] == MAGIC[0] && b[1] == MAGIC[1] && b[2] == MAGIC[2] && b[3] == MAGIC[3];
    }

    private static String hostPort(InetAddress a, int port) {
        return a.getHostAddress() + ":" + port;
    }

    private static int readFully(InputStream in, byte[] b, int len) throws IOException {
        return readFully(in, b, 0, len);
    }

    private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, off + n, len - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private static void skipFully(InputStream in, int len) throws IOException {
        byte[] b = new byte[8192];
        int left = len;
        while (left > 0) {
            int r = in.read(b, 0, Math.min(b.length, left));
            if (r < 0) {
                return;
            }
            left -= r;
        }
    }

    private static String json(int attempt, String outcome, String local, InetAddress ip, int port, String server,
                               int sent, int got, long t0, String error) {
        long micros = (System.nanoTime() - t0) / 1000;
        StringBuilder sb = new StringBuilder("{\"attempt\":").append(attempt).append(",\"outcome\":\"").append(outcome)
                .append("\",\"local\":").append(str(local)).append(",\"peer\":\"").append(ip.getHostAddress()).append(':')
                .append(port).append("\",\"server\":").append(str(server)).append(",\"sent\":").append(sent)
                .append(",\"received\":").append(got).append(",\"micros\":").append(micros).append(",\"error\":")
                .append(str(error)).append('}');
        return sb.toString();
    }

    private static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
