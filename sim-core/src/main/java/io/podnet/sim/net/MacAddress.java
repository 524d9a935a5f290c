package io.podnet.sim.net;

/** A 48-bit Ethernet address held in the low bits of a long. */
public record MacAddress(long bits) {
    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);
    public static final MacAddress ZERO = new MacAddress(0);

    public MacAddress {
        if ((bits & ~0xffff_ffff_ffffL) != 0) {
            throw new IllegalArgumentException("MAC address has more than 48 bits: " + Long.toHexString(bits));
        }
    }

    public static MacAddress parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "' (expected xx:xx:xx:xx:xx:xx)");
        }
        long bits = 0;
        for (String p : parts) {
            if (p.length() != 2) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
            try {
                bits = bits << 8 | Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
        }
        return new MacAddress(bits);
    }

    public static MacAddress fromBytes(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return new MacAddress(v);
    }

    /**
     * A locally administered unicast address derived from a stable name, as the kernel does for
     * devices created without an explicit address (random there; hashed here so runs repeat).
     */
    public static MacAddress derived(String name) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001b3L;
        }
        long v = h & 0xffff_ffff_ffffL;
        v = (v & ~(0x0100_0000_0000L)) | 0x0200_0000_0000L; // unicast, locally administered
        return new MacAddress(v);
    }

    public byte[] toBytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (bits >>> (40 - 8 * i));
        }
        return b;
    }

    public boolean isBroadcast() {
        return bits == BROADCAST.bits;
    }

    public boolean isMulticast() {
        return (bits & 0x0100_0000_0000L) != 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            int v = (int) (bits >>> (40 - 8 * i)) & 0xff;
            sb.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 0xf, 16));
        }
        return sb.toString();
    }
}
