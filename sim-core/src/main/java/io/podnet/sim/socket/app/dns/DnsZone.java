package io.podnet.sim.socket.app.dns;

import io.podnet.sim.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cluster DNS server knows, answered the way CoreDNS's {@code kubernetes} plugin answers
 * (kubeadm's Corefile: {@code kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure }},
 * TTL 5): A records for the names given (Services, headless Services' endpoints), names the
 * zone's {@link Synthesizer} answers on the fly (the orchestrator's, e.g. Kubernetes pod records
 * {@code a-b-c-d.NAMESPACE.pod.DOMAIN} with {@code pods insecure}), NOERROR with no
 * answer (NODATA) for names that exist without an A record or for other types, NXDOMAIN with the
 * zone's SOA for names in the zone that do not exist. Names outside the zone would be forwarded
 * upstream; the simulation has no upstream: a single label (no such top-level domain) gets NXDOMAIN,
 * other names SERVFAIL. Names are matched
 * case-insensitively; answers repeat the question's spelling.
 *
 * <p>Aliases are CNAME records, as the {@code kubernetes} plugin answers for an ExternalName Service
 * ({@code plugin/backend_lookup.go}): a CNAME query gets the CNAME; an A query gets the CNAME and,
 * when the target is inside the zone, the target's own answer after it (followed up to 8 links,
 * a direct loop left out) — if the target has no A records the whole answer is empty (NODATA with
 * the SOA), as CoreDNS adds the CNAME only together with what it found. A target outside the zone
 * would be looked up upstream; without an upstream the answer is the CNAME alone.
 */
public final class DnsZone {
    /** CoreDNS kubernetes plugin's default TTL. */
    public static final long TTL = 5;
    /** The SOA serial (CoreDNS uses the time of the last change; fixed here so runs repeat). */
    public static final long SERIAL = 1;

    private final String domain;
    private final TreeMap<String, List<Ipv4Address>> records = new TreeMap<>();
    private final TreeMap<String, String> aliases = new TreeMap<>();
    private final Synthesizer synthesizer;

    /** Answers names that are computed rather than listed (a lower-case name in the zone). */
    @FunctionalInterface
    public interface Synthesizer {
        /** The A records of {@code name}, or null when it has none. */
        List<Ipv4Address> addresses(String name);
    }

    /**
     * @param domain  the zone, e.g. {@code cluster.local}
     * @param records name (without trailing dot) to its A records, in answer order
     */
    public DnsZone(String domain, Map<String, List<Ipv4Address>> records) {
        this(domain, records, name -> null);
    }

    /**
     * @param domain      the zone, e.g. {@code cluster.local}
     * @param records     name (without trailing dot) to its A records, in answer order
     * @param synthesizer names answered on the fly when no record is given
     */
    public DnsZone(String domain, Map<String, List<Ipv4Address>> records, Synthesizer synthesizer) {
        this(domain, records, Map.of(), synthesizer);
    }

    /**
     * @param domain      the zone, e.g. {@code cluster.local}
     * @param records     name (without trailing dot) to its A records, in answer order
     * @param aliases     name to the canonical name its CNAME record gives (an ExternalName Service's
     *                    {@code externalName})
     * @param synthesizer names answered on the fly when no record is given
     */
    public DnsZone(String domain, Map<String, List<Ipv4Address>> records, Map<String, String> aliases,
                   Synthesizer synthesizer) {
        this.domain = DnsMessage.checkName(domain).toLowerCase(Locale.ROOT);
        records.forEach((k, v) -> this.records.put(DnsMessage.checkName(k).toLowerCase(Locale.ROOT), List.copyOf(v)));
        aliases.forEach((k, v) -> this.aliases.put(DnsMessage.checkName(k).toLowerCase(Locale.ROOT), DnsMessage.checkName(v)));
        this.synthesizer = java.util.Objects.requireNonNull(synthesizer, "synthesizer");
    }

    /** The names with CNAME records and their targets, sorted. */
    public Map<String, String> aliases() {
        return java.util.Collections.unmodifiableMap(aliases);
    }

    public String domain() {
        return domain;
    }

    /** The names with A records, sorted. */
    public Map<String, List<Ipv4Address>> records() {
        return java.util.Collections.unmodifiableMap(records);
    }

    /** The zone's SOA record, as CoreDNS puts it in negative answers. */
    public DnsMessage.Record soa() {
        return new DnsMessage.Record(domain, DnsMessage.TYPE_SOA, DnsMessage.CLASS_IN, TTL,
                new DnsMessage.Soa("ns.dns." + domain, "hostmaster." + domain, SERIAL, 7200, 1800, 86400, TTL));
    }

    /** The response to a query. */
    public DnsMessage respond(DnsMessage query) {
        if (query.response() || query.opcode() != 0) {
            return query.answer(false, query.opcode() != 0 ? DnsMessage.NOTIMP : DnsMessage.FORMERR, List.of(), List.of());
        }
        if (query.questions().size() != 1) {
            return query.answer(false, DnsMessage.FORMERR, List.of(), List.of());
        }
        DnsMessage.Question q = query.questions().get(0);
        String name = q.name().toLowerCase(Locale.ROOT);
        if (!inZone(name)) {
            // The upstream resolver would answer: a single label is no top-level domain (NXDOMAIN);
            // anything else the simulation cannot know.
            boolean tld = !name.isEmpty() && name.indexOf('.') < 0;
            return query.answer(false, tld ? DnsMessage.NXDOMAIN : DnsMessage.SERVFAIL, List.of(), List.of());
        }
        String alias = aliases.get(name);
        if (alias != null) {
            return aliasAnswer(query, q, alias);
        }
        List<Ipv4Address> addresses = addresses(name);
        if (addresses == null) {
            return query.answer(true, exists(name) ? DnsMessage.NOERROR : DnsMessage.NXDOMAIN, List.of(), List.of(soa()));
        }
        if (q.type() != DnsMessage.TYPE_A || q.qclass() != DnsMessage.CLASS_IN) {
            return query.answer(true, DnsMessage.NOERROR, List.of(), List.of(soa()));
        }
        List<DnsMessage.Record> answers = new ArrayList<>();
        for (Ipv4Address a : addresses) {
            answers.add(DnsMessage.Record.a(q.name(), TTL, a));
        }
        return query.answer(true, DnsMessage.NOERROR, answers, List.of());
    }

    /** The answer for a name with a CNAME record (see the class comment). */
    private DnsMessage aliasAnswer(DnsMessage query, DnsMessage.Question q, String target) {
        DnsMessage.Record cname = DnsMessage.Record.cname(q.name(), TTL, target);
        if (q.qclass() != DnsMessage.CLASS_IN) {
            return query.answer(true, DnsMessage.NOERROR, List.of(), List.of(soa()));
        }
        if (q.type() == DnsMessage.TYPE_CNAME) {
            return query.answer(true, DnsMessage.NOERROR, List.of(cname), List.of());
        }
        if (!inZone(target.toLowerCase(Locale.ROOT))) {
            return query.answer(true, DnsMessage.NOERROR, List.of(cname), List.of()); // no upstream to ask
        }
        List<DnsMessage.Record> chain = new ArrayList<>();
        chain.add(cname);
        String next = target;
        while (chain.size() <= 8) {
            String key = next.toLowerCase(Locale.ROOT);
            String further = aliases.get(key);
            if (further != null) {
                if (!inZone(further.toLowerCase(Locale.ROOT)) || further.equalsIgnoreCase(next)) {
                    break; // CoreDNS would ask upstream (none here) or skip a direct loop
                }
                chain.add(DnsMessage.Record.cname(next, TTL, further));
                next = further;
                continue;
            }
            List<Ipv4Address> found = q.type() == DnsMessage.TYPE_A ? addresses(key) : null;
            if (found != null && !found.isEmpty()) {
                for (Ipv4Address a : found) {
                    chain.add(DnsMessage.Record.a(next, TTL, a));
                }
                return query.answer(true, DnsMessage.NOERROR, chain, List.of());
            }
            break;
        }
        return query.answer(true, DnsMessage.NOERROR, List.of(), List.of(soa()));
    }

    private boolean inZone(String name) {
        return name.equals(domain) || name.endsWith("." + domain);
    }

    /** The A records of a name: given ones, or synthesized; null when it has none. */
    private List<Ipv4Address> addresses(String name) {
        List<Ipv4Address> given = records.get(name);
        if (given != null) {
            return given;
        }
        return synthesizer.addresses(name);
    }

    /** Whether the name exists without A records (an empty non-terminal such as {@code svc.cluster.local}). */
    private boolean exists(String name) {
        if (name.equals(domain)) {
            return true;
        }
        for (String k : records.keySet()) {
            if (k.endsWith("." + name)) {
                return true;
            }
        }
        for (String k : aliases.keySet()) {
            if (k.endsWith("." + name)) {
                return true;
            }
        }
        return false;
    }
}
