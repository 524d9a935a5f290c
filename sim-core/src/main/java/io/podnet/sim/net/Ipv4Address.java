package io.podnet.sim.net;

/** An IPv4 address held as an int (network byte order in the int's bits: a.b.c.d = a&lt;&lt;24|...). */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {
    public static final Ipv4Address ANY = new Ipv4Address(0);
    public static final Ipv4Address BROADCAST = new Ipv4Address(-1);

    public static Ipv4Address of(int a, int b, int c, int d) {
        for (int x : new int[] {a, b, c, d}) {
            if (x < 0 || x > 255) {
                throw new IllegalArgumentException("octet out of range 0-255: " + x);
            }
        }
        return new Ipv4Address(a << 24 | b << 16 | c << 8 | d);
    }

    /** Parses dotted-quad text; throws {@link IllegalArgumentException} with the text on error. */
    public static Ipv4Address parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("IPv4 address is missing");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (expected a.b.c.d)");
        }
        int bits = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (expected a.b.c.d)");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (octet " + v + " > 255)");
            }
            bits = bits << 8 | v;
        }
        return new Ipv4Address(bits);
    }

    public static Ipv4Address fromBytes(byte[] b, int off) {
        return new Ipv4Address((b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff));
    }

    public byte[] toBytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    public Ipv4Address plus(int n) {
        return new Ipv4Address(bits + n);
    }

    public boolean isMulticast() {
        return (bits >>> 28) == 0xe;
    }

    public boolean isBroadcast() {
        return bits == -1;
    }

    @Override
    public int compareTo(Ipv4Address o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
