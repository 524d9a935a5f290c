package io.podnet.cli;

import io.podnet.scenarios.Podnet;
import io.podnet.scenarios.load.Suggest;
import java.util.Collection;

/** Checks of option values that name one of a fixed set, with a "did you mean" for near misses. */
public final class CliValues {
    private CliValues() {}

    /**
     * {@code value} when it is one of {@code accepted}; otherwise a {@link UserError} such as
     * {@code --cni: unknown CNI design 'flanel-vxlan' (did you mean 'flannel-vxlan'?); accepted: ...}.
     */
    public static String oneOf(String option, String what, String value, Collection<String> accepted) {
        if (accepted.contains(value)) {
            return value;
        }
        throw new UserError(option + ": unknown " + what + " '" + value + "'" + Suggest.didYouMean(value, accepted)
                + "; accepted: " + String.join(", ", accepted));
    }

    /** A kube-proxy mode given on the command line ({@code --kube-proxy}). */
    public static String kubeProxy(String option, String value) {
        return value == null ? null : oneOf(option, "kube-proxy mode", value, Podnet.kubeProxyModes());
    }

    /** A CNI design name given on the command line ({@code --cni}). */
    public static String design(String option, String value) {
        return value == null ? null : oneOf(option, "CNI design", value, Podnet.designs());
    }
}
