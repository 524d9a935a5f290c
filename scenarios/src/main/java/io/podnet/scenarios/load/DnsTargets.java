package io.podnet.scenarios.load;

/** Checks the name of a {@code dns/NAME:PORT} target. */
final class DnsTargets {
    private DnsTargets() {}

    /**
     * Null when {@code name} is a DNS name a pod could look up (labels of letters, digits and '-', at
     * most 63 characters each, 253 in all, an optional trailing dot); otherwise what is wrong.
     */
    static String nameProblem(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) {
            return "the DNS name is empty; expected e.g. dns/my-app:80 or dns/my-app.prod.svc.cluster.local:80";
        }
        if (n.length() > 253) {
            return "the DNS name is longer than 253 characters";
        }
        for (String label : n.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || !label.matches("[A-Za-z0-9]([-A-Za-z0-9_]*[A-Za-z0-9])?")) {
                return "'" + name + "' is not a DNS name (labels of letters, digits and '-', 1-63 characters,"
                        + " separated by dots); expected e.g. dns/my-app:80 or dns/my-app.prod:80";
            }
        }
        return null;
    }
}
