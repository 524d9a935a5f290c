package io.podnet.sim.net;

/** An IPv4 prefix (CIDR block). The address is kept as written; {@link #network()} masks it. */
public record Ipv4Prefix(Ipv4Address address, int length) {
    public static final Ipv4Prefix DEFAULT = new Ipv4Prefix(Ipv4Address.ANY, 0);

    public Ipv4Prefix {
        if (address == null) {
            throw new IllegalArgumentException("prefix address is null");
        }
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length must be 0-32, was " + length);
        }
    }

    /** Parses {@code a.b.c.d/len} (or a bare address as /32). */
    public static Ipv4Prefix parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("CIDR is missing");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Ipv4Prefix(Ipv4Address.parse(text), 32);
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a CIDR: '" + text + "' (expected a.b.c.d/len with len 0-32)");
        }
        int l = Integer.parseInt(len);
        if (l > 32) {
            throw new IllegalArgumentException("not a CIDR: '" + text + "' (prefix length " + l + " is over 32)");
        }
        return new Ipv4Prefix(Ipv4Address.parse(text.substring(0, slash)), l);
    }

    public int mask() {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** The network address; the stored address itself when it has no host bits (no copy). */
    public Ipv4Address network() {
        int n = address.bits() & mask();
        return n == address.bits() ? address : new Ipv4Address(n);
    }

    public Ipv4Address broadcast() {
        return new Ipv4Address(address.bits() | ~mask());
    }

    /**
     * The network prefix (host bits cleared); this prefix itself when it is already canonical, so
     * configuration built from canonical prefixes (a route per remote node, on every node) shares
     * them instead of holding a copy per namespace.
     */
    public Ipv4Prefix canonical() {
        Ipv4Address n = network();
        return n == address ? this : new Ipv4Prefix(n, length);
    }

    public boolean contains(Ipv4Address a) {
        return ((a.bits() ^ address.bits()) & mask()) == 0;
    }

    public boolean contains(Ipv4Prefix p) {
        return p.length >= length && contains(p.address);
    }

    public boolean overlaps(Ipv4Prefix p) {
        return contains(p) || p.contains(this);
    }

    /** Number of addresses in the block. */
    public long size() {
        return 1L << (32 - length);
    }

    /** The {@code index}-th sub-block of length {@code subLength}. */
    public Ipv4Prefix subnet(int subLength, long index) {
        if (subLength < length || subLength > 32) {
            throw new IllegalArgumentException("cannot split /" + length + " into /" + subLength);
        }
        long count = 1L << (subLength - length);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("subnet index " + index + " out of range 0-" + (count - 1));
        }
        int base = network().bits();
        return new Ipv4Prefix(new Ipv4Address(base + (int) (index << (32 - subLength))), subLength);
    }

    /** The address at offset {@code n} from the network address. */
    public Ipv4Address host(long n) {
        return new Ipv4Address(network().bits() + (int) n);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
