package io.podnet.sim.netfilter;

import io.podnet.sim.netfilter.Tokens.Token;

/**
 * {@code -m nfacct --nfacct-name NAME} (the kernel's xt_nfacct): always matches, and adds the
 * packet to the namespace's accounting object {@code NAME} (kube-proxy 1.30+ counts
 * localhost NodePort traffic this way). The kernel refuses the rule while the object does not
 * exist ({@code nfacct add}); podnet creates it on first use.
 */
final class XtNfacct {
    private XtNfacct() {}

    /** NFACCT_NAME_MAX: the name with its terminating NUL. */
    static final int NAME_MAX = 32;

    record Nfacct(String name) implements Match {
        @Override
        public boolean matches(PacketView v) {
            v.accounting.count(name, v.packet.lengthFrom(v.ipIndex));
            return true;
        }
    }

    static ExtensionParser.ForMatch parser(RuleParser rule, Token at) {
        return new ExtensionParser.ForMatch("nfacct", rule, at) {
            private String name;

            @Override
            int arity(String o) {
                return o.equals("--nfacct-name") ? 1 : -1;
            }

            @Override
            boolean invertible(String o) {
                return false;
            }

            @Override
            void option(String o, Token opt, Token arg, boolean invert) {
                if (name != null) {
                    throw twice(opt);
                }
                if (arg.text().isEmpty() || arg.text().length() >= NAME_MAX) {
                    throw err(arg, "nfacct name must be 1-" + (NAME_MAX - 1) + " characters", "a short counter name");
                }
                name = arg.text();
            }

            @Override
            Match build() {
                if (name == null) {
                    throw err(at, "-m nfacct without --nfacct-name", "-m nfacct --nfacct-name NAME");
                }
                return new Nfacct(name);
            }
        };
    }
}
