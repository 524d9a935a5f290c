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
 * serve tcp:PORT udp:PORT ...     listen on 0.0.0.0; prints "ready" when every socket is bound
 * call PROTO IP PORT REQ RESP COUNT INTERVAL_MS TIMEOUT_MS
 *                                 PROTO is tcp or udp; prints one JSON line per attempt
 * </pre>
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

    private ProbeMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length >= 1 && args[0].equals("serve")) {
            serve(args, out);
        } else if (args.length == 9 && args[0].equals("call")) {
            call(args, out);
        } else {
            System.err.println("usage: serve tcp:PORT|udp:PORT ... | call tcp|udp IP PORT REQ RESP COUNT INTERVAL_MS TIMEOUT_MS");
            System.exit(2);
        }
    }

    private static void serve(String[] args, PrintStream out) throws IOException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] pp = args[i].split(":");
            int port = Integer.parseInt(pp[1]);
            if (pp[0].equals("tcp")) {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress("0.0.0.0", port), 128);
                threads.add(daemon(() -> acceptLoop(ss)));
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

    private static void acceptLoop(ServerSocket ss) {
        while (true) {
            try {
                Socket s = ss.accept();
                Thread t = new Thread(() -> serveOne(s));
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serveOne(Socket s) {
        try (s) {
            s.setSoTimeout(15000);
            InputStream in = s.getInputStream();
            byte[] head = new byte[12];
            int n = readFully(in, head, 12);
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
        int silent = 0;
        for (int i = 0; i < count; i++) {
            if (silent >= 3) {
                // three attempts in a row got no answer: the rest would too; do not spend their timeouts
                out.println(json(i, "not-run", null, ip, port, null, 0, 0, System.nanoTime(), "stopped after 3 timeouts in a row"));
                continue;
            }
            String line = proto.equals("udp") ? udpOnce(i, ip, port, req, resp, timeout) : tcpOnce(i, ip, port, req, resp, timeout);
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
        int n = 0;
        while (n < len) {
            int r = in.read(b, n, len - n);
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
