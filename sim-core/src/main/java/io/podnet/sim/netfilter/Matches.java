package io.podnet.sim.netfilter;

import io.podnet.sim.net.Ipv4Address;

/** The match extensions podnet evaluates, each a small immutable record. */
final class Matches {
    private Matches() {}

    /** {@code -m comment --comment TEXT}: always matches; the text explains the rule. */
    record Comment(String text) implements Match {
        @Override
        public boolean matches(PacketView v) {
            return true;
        }
    }

    /** A port range test; min/max inclusive, as xt_tcpudp's {@code port_match}. */
    record PortRange(int min, int max, boolean invert) {
        static final PortRange ANY = new PortRange(0, 0xffff, false);

        boolean test(int port) {
            return (port >= min && port <= max) ^ invert;
        }
    }

    /**
     * {@code -m tcp}/{@code -m udp}: {@code --sport}, {@code --dport} and for TCP {@code --tcp-flags}
     * / {@code --syn}. Never matches a non-first fragment (the ports are not there).
     */
    record TcpUdp(int protocol, PortRange sport, PortRange dport, int flagMask, int flagCmp, boolean flagInvert)
            implements Match {
        @Override
        public boolean matches(PacketView v) {
            if (v.proto != protocol || v.sport < 0) {
                return false;
            }
            if (!sport.test(v.sport) || !dport.test(v.dport)) {
                return false;
            }
            if (flagMask != 0) {
                return ((v.tcpFlags & flagMask) == flagCmp) ^ flagInvert;
            }
            return true;
        }
    }

    /** {@code -m icmp --icmp-type T[/C]}; type 255 means any. */
    record Icmp(int type, int codeMin, int codeMax, boolean invert) implements Match {
        @Override
        public boolean matches(PacketView v) {
            if (v.proto != 1 || v.icmpType < 0) {
                return false;
            }
            boolean m = type == 0xff || (v.icmpType == type && v.icmpCode >= codeMin && v.icmpCode <= codeMax);
            return m ^ invert;
        }
    }

    /** {@code -m multiport --sports/--dports/--ports}. */
    record Multiport(int which, int[] mins, int[] maxs, boolean invert) implements Match {
        static final int SRC = 1;
        static final int DST = 2;
        static final int ANY = 3;

        @Override
        public boolean matches(PacketView v) {
            if (v.sport < 0) {
                return false;
            }
            for (int i = 0; i < mins.length; i++) {
                boolean s = (which & SRC) != 0 && v.sport >= mins[i] && v.sport <= maxs[i];
                boolean d = (which & DST) != 0 && v.dport >= mins[i] && v.dport <= maxs[i];
                if (s || d) {
                    return !invert;
                }
            }
            return invert;
        }
    }

    /** {@code -m mark --mark V[/M]}: {@code (mark & M) == V}. */
    record Mark(int value, int mask, boolean invert) implements Match {
        @Override
        public boolean matches(PacketView v) {
            return ((v.mark() & mask) == value) ^ invert;
        }
    }

    /**
     * {@code -m statistic --mode random --probability P}, drawn as the kernel does: a 31-bit random
     * value below {@code round(P * 2^31)}.
     */
    record Statistic(long threshold, boolean invert) implements Match {
        @Override
        public boolean matches(PacketView v) {
            return ((v.random.nextInt() & 0x7fffffffL) < threshold) ^ invert;
        }
    }

    /**
     * {@code -m conntrack --ctstate/--ctstatus} and {@code -m state --state}, as xt_conntrack: without a
     * connection only a state-only match can match; {@code --ctstatus NONE} contributes no bits.
     */
    record CtState(int stateMask, boolean stateSet, boolean stateInvert, int statusMask, boolean statusSet,
                   boolean statusInvert) implements Match {
        @Override
        public boolean matches(PacketView v) {
            if (stateSet && (((v.ctStateBits() & stateMask) != 0) == stateInvert)) {
                return false;
            }
            if (!statusSet) {
                return true;
            }
            if (v.ct == null || v.ct.entry() == null) {
                return false;
            }
            return ((v.ctStatusBits() & statusMask) != 0) != statusInvert;
        }
    }

    /** {@code -m addrtype --src-type/--dst-type}, answered by the namespace's {@link NetfilterContext}. */
    record AddrType(int srcTypes, boolean srcInvert, int dstTypes, boolean dstInvert) implements Match {
        static final int UNICAST = 1;
        static final int LOCAL = 2;
        static final int BROADCAST = 4;
        static final int MULTICAST = 8;

        @Override
        public boolean matches(PacketView v) {
            if (srcTypes != 0 && (((type(v, v.src) & srcTypes) != 0) == srcInvert)) {
                return false;
            }
            return dstTypes == 0 || (((type(v, v.dst) & dstTypes) != 0) != dstInvert);
        }

        private static int type(PacketView v, int bits) {
            Ipv4Address a = new Ipv4Address(bits);
            if (a.isBroadcast()) {
                return BROADCAST;
            }
            if (a.isMulticast()) {
                return MULTICAST;
            }
            if (v.context.isLocalAddress(a)) {
                return LOCAL;
            }
            return v.context.isBroadcastAddress(a) ? BROADCAST : UNICAST;
        }
    }
}
