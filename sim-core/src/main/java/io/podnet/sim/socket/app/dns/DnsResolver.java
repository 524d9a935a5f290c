package io.podnet.sim.socket.app.dns;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.EventHandle;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.socket.Endpoint;
import io.podnet.sim.socket.SocketError;
import io.podnet.sim.socket.SocketLayer;
import io.podnet.sim.socket.UdpHandler;
import io.podnet.sim.socket.UdpSocket;
import io.podnet.sim.trace.Decision;
import io.podnet.sim.trace.EventKind;
import io.podnet.sim.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A stub resolver in a pod, as glibc's {@code getaddrinfo} runs one lookup: the candidates of
 * {@link ResolvConf#candidates} in turn, one A query each over one UDP socket (an ephemeral port,
 * a random 16-bit ID per query) to the first nameserver; a query unanswered after the timeout is
 * sent again, up to {@code attempts} times. NXDOMAIN, NODATA or SERVFAIL moves on to the next
 * candidate; the first answer with addresses ends the lookup. A CNAME chain in the answer is
 * followed from the candidate (glibc reads the answer section so); an answer that holds only the
 * CNAME ends the lookup without an address, as it does for glibc. Only A queries are sent (the
 * simulated clusters are IPv4-only; glibc would also ask for AAAA). An answer whose ID or question
 * does not match is ignored, as glibc does.
 */
public final class DnsResolver {
    private final SocketLayer sockets;
    private final ResolvConf conf;
    private final SplittableRandom random;

    /**
     * The outcome of one lookup.
     *
     * @param name         the name asked for
     * @param addresses    the addresses found (empty on failure)
     * @param answeredName the candidate that answered, or null
     * @param tried        the candidates queried, with their answers ({@code NAME NXDOMAIN})
     * @param error        null on success; otherwise why the lookup failed
     */
    public record Result(String name, List<Ipv4Address> addresses, String answeredName, List<String> tried, String error) {
        public Result {
            addresses = List.copyOf(addresses);
            tried = List.copyOf(tried);
        }

        public boolean ok() {
            return error == null;
        }
    }

    public DnsResolver(SocketLayer sockets, ResolvConf conf, SplittableRandom random) {
        if (sockets == null || conf == null || random == null) {
            throw new IllegalArgumentException("a resolver needs a socket layer, a resolv.conf and a random stream");
        }
        this.sockets = sockets;
        this.conf = conf;
        this.random = random;
    }

    /** Starts a lookup; {@code done} is called once, from an engine event. */
    public void resolve(String name, String flow, Consumer<Result> done) {
        new Lookup(name, flow, done).start();
    }

    private final class Lookup implements UdpHandler {
        final String name;
        final String flow;
        final Consumer<Result> done;
        final List<String> candidates;
        final List<String> tried = new ArrayList<>();
        final Endpoint server;
        UdpSocket socket;
        int index = -1;
        int sent;
        DnsMessage query;
        EventHandle timer;
        boolean finished;

        Lookup(String name, String flow, Consumer<Result> done) {
            this.name = name;
            this.flow = flow;
            this.done = done;
            this.candidates = conf.candidates(name);
            this.server = new Endpoint(conf.nameservers().get(0), 53);
        }

        void start() {
            socket = sockets.udpOpen(this);
            next();
        }

        void next() {
            index++;
            if (index >= candidates.size()) {
                boolean allNx = tried.stream().allMatch(x -> x.endsWith(" NXDOMAIN"));
                finish(null, (allNx ? "NXDOMAIN: " + name + " does not exist" : "no address for " + name)
                        + " (tried " + String.join(", ", tried) + ")");
                return;
            }
            query = DnsMessage.query(random.nextInt(0x10000), candidates.get(index), DnsMessage.TYPE_A);
            sent = 0;
            send();
        }

        void send() {
            sent++;
            note("resolver :" + socket.local().port() + " > " + server + ": " + query.summary()
                    + (sent > 1 ? " (attempt " + sent + ")" : ""));
            socket.sendTo(server, query.encode(), flow);
            timer = sockets.engine().schedule(conf.timeoutNanos(), this::timeout);
        }

        void timeout() {
            if (finished) {
                return;
            }
            if (sent < conf.attempts()) {
                send();
                return;
            }
            tried.add(candidates.get(index) + " timed out");
            finish(null, "DNS query for " + candidates.get(index) + " to " + server + " got no answer in "
                    + conf.attempts() + " attempts " + Durations.format(conf.timeoutNanos()) + " apart");
        }

        @Override
        public void onDatagram(UdpSocket s, Endpoint from, Ipv4Address to, byte[] data, String f) {
            if (finished) {
                return;
            }
            DnsMessage m;
            try {
                m = DnsMessage.decode(data);
            } catch (IllegalArgumentException e) {
                note("resolver ignores an unreadable answer from " + from + ": " + e.getMessage());
                return;
            }
            if (!m.response() || m.id() != query.id() || !from.equals(server) || !m.questions().equals(query.questions())) {
                note("resolver ignores an answer that does not match its query: " + m.summary());
                return;
            }
            sockets.engine().cancel(timer);
            String candidate = candidates.get(index);
            DnsMessage.Chase chase = m.chase(candidate);
            List<Ipv4Address> addrs = chase.addresses();
            String via = chase.aliases().isEmpty() ? "" : " (CNAME " + String.join(" -> ", chase.aliases()) + ")";
            if (m.rcode() == DnsMessage.NOERROR && !addrs.isEmpty()) {
                tried.add(candidate + via + " " + addrs);
                note("resolver: " + name + " is " + candidate + via + " " + addrs);
                finish(new Result(name, addrs, candidate, tried, null), null);
                return;
            }
            if (m.rcode() == DnsMessage.NOERROR && !chase.aliases().isEmpty()) {
                // An answer (a CNAME) ends the search as in glibc, but without an address for the target.
                String target = chase.canonical(candidate);
                tried.add(candidate + via + " no A record");
                finish(null, "no address for " + name + ": " + candidate + " is an alias for " + target
                        + ", and the answer holds no A record for it (a name outside the cluster: no upstream DNS"
                        + " is simulated)");
                return;
            }
            tried.add(candidate + " " + (m.rcode() == DnsMessage.NOERROR ? "NODATA" : DnsMessage.rcodeName(m.rcode())));
            next();
        }

        @Override
        public void onError(UdpSocket s, Endpoint remote, SocketError error) {
            if (finished) {
                return;
            }
            sockets.engine().cancel(timer);
            tried.add(candidates.get(index) + " " + error.describe());
            finish(null, "DNS query for " + candidates.get(index) + " to " + server + " failed: " + error.describe());
        }

        void finish(Result ok, String error) {
            finished = true;
            if (timer != null) {
                sockets.engine().cancel(timer);
            }
            socket.close();
            Result r = ok != null ? ok : new Result(name, List.of(), null, tried, error);
            if (ok == null) {
                note("resolver: " + error);
            }
            done.accept(r);
        }

        void note(String text) {
            Tracer t = sockets.ip().tracer();
            if (t.enabled()) {
                t.emit(-1, flow, sockets.namespace(), null, EventKind.NOTE, text, null, null, new Decision.Socket("DNS", text));
            }
        }
    }
}
