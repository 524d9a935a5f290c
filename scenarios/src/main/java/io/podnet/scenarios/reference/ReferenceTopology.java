package io.podnet.scenarios.reference;

import java.util.List;

/**
 * One reference topology: two nodes on a zero-latency 25 Gbit/s veth underlay, pod {@code client}
 * on the first and pod {@code server} on the second, under one CNI design, with {@code services}
 * ClusterIP Services (kube-proxy in {@code kubeProxyMode}) all selecting the server. The scenario's traffic
 * names the three measured paths: {@value #RR} (64 B each way on one connection), {@value #STREAM}
 * (one bulk TCP stream) and {@value #CONNECT} (a new connection to the Service whose
 * rule kube-proxy writes last; without Services, to the pod).
 *
 * @param design        a design name {@code podnet run --cni} accepts
 * @param services      how many Services
 * @param kubeProxyMode kube-proxy's mode ({@code iptables}; the others when the simulator has them)
 */
public record ReferenceTopology(String design, int services, String kubeProxyMode) {
    /** The request/response item. */
    public static final String RR = "rr";
    /** The bulk stream item. */
    public static final String STREAM = "stream";
    /** The new-connection item. */
    public static final String CONNECT = "connect";
    /** The port sockperf's server listens on in the server pod (the Services' targetPort). */
    public static final int RR_PORT = 11111;
    /** The port iperf3's server listens on. */
    public static final int STREAM_PORT = 5201;
    /** The repeated request/response item of {@link #rrSamplesYaml}: many round trips, for percentiles. */
    public static final String RR_SAMPLES = "rr-samples";
    /** Bytes of the simulated stream. */
    public static final long STREAM_BYTES = 1_000_000;

    public ReferenceTopology {
        if (!design.matches("[a-z][a-z0-9-]{0,40}") || services < 0 || services > 50_000
                || !kubeProxyMode.matches("[a-z]{1,20}")) {
            throw new IllegalArgumentException("bad reference topology: " + design + " with " + services + " services");
        }
    }

    public ReferenceTopology(String design, int services) {
        this(design, services, "iptables");
    }

    /** The topologies calibrate measures: host-gw and VXLAN, and host-gw with 0, 1,000 and 10,000 Services. */
    public static List<ReferenceTopology> standard(boolean quick) {
        return quick
                ? List.of(new ReferenceTopology("flannel-host-gw", 1), new ReferenceTopology("flannel-vxlan", 0),
                        new ReferenceTopology("flannel-host-gw", 100))
                : List.of(new ReferenceTopology("flannel-host-gw", 1), new ReferenceTopology("flannel-vxlan", 0),
                        new ReferenceTopology("flannel-host-gw", 1000), new ReferenceTopology("flannel-host-gw", 10_000));
    }

    /** A short label: {@code host-gw}, {@code vxlan}, {@code host-gw+1000svc}. */
    public String label() {
        String d = design.startsWith("flannel-") ? design.substring(8) : design;
        return services <= 1 ? d : d + "+" + services + "svc";
    }

    /** The name of Service {@code i} (zero-padded so that names sort as numbers). */
    public static String serviceName(int i) {
        return String.format("svc-%05d", i);
    }

    /**
     * The same cluster with one traffic item only: {@code count} request/response attempts of 64 B each
     * way ({@value #RR_SAMPLES}#i), 1 ms apart so that they never overlap: the simulated latency
     * distribution compared with sockperf's percentiles.
     */
    public String rrSamplesYaml(int count) {
        if (count < 1 || count > 10_000) {
            throw new IllegalArgumentException("1..10,000 round trips, was " + count);
        }
        String y = yaml();
        return y.substring(0, y.indexOf("traffic:\n") + 9) + "  - {name: " + RR_SAMPLES + ", from: pod/client, to: pod/server:"
                + RR_PORT + ", protocol: tcp, request: 64B, response: 64B, at: 0ms, repeat: {count: " + count
                + ", interval: 1ms}}\n";
    }

    /** The scenario, as YAML. */
    public String yaml() {
        StringBuilder b = new StringBuilder(256 + services * 160);
        b.append("apiVersion: podnet/v1\nkind: Scenario\nmetadata: {name: calibrate-").append(label().replace('+', '-'))
                .append("}\nseed: 1\ncluster:\n  nodes: [cal-node1, cal-node2]\n")
                .append("  underlay: {cidr: 172.31.250.0/24, mtu: 1500, link: {bandwidth: 25Gbit, latency: 0us}}\n")
                .append("  kubeProxy: {mode: ").append(kubeProxyMode).append("}\n  cni: ").append(design).append('\n')
                .append("resources:\n")
                .append("  - {apiVersion: v1, kind: Pod, metadata: {name: client, labels: {app: client}},"
                        + " spec: {nodeName: cal-node1, containers: [{name: c, image: sockperf}]}}\n")
                .append("  - {apiVersion: v1, kind: Pod, metadata: {name: server, labels: {app: server}},"
                        + " spec: {nodeName: cal-node2, containers: [{name: s, image: sockperf, ports: [{containerPort: ")
                .append(RR_PORT).append("}]}]}}\n");
        for (int i = 0; i < services; i++) {
            b.append("  - {apiVersion: v1, kind: Service, metadata: {name: ").append(serviceName(i))
                    .append("}, spec: {selector: {app: server}, ports: [{port: 80, targetPort: ").append(RR_PORT)
                    .append("}]}}\n");
        }
        b.append("traffic:\n")
                .append("  - {name: ").append(RR).append(", from: pod/client, to: pod/server:").append(RR_PORT)
                .append(", protocol: tcp, request: 64B, response: 64B, at: 0ms}\n")
                .append("  - {name: ").append(STREAM).append(", from: pod/client, to: pod/server:").append(STREAM_PORT)
                .append(", protocol: tcp, request: ").append(STREAM_BYTES).append("B, response: 0B, at: 5ms}\n");
        // the new connection: to the Service kube-proxy writes last, or straight to the pod without Services
        b.append("  - {name: ").append(CONNECT).append(", from: pod/client, to: ")
                .append(services > 0 ? "service/" + serviceName(services - 1) + ":80" : "pod/server:" + RR_PORT)
                .append(", protocol: tcp, request: 64B, response: 64B, at: 200ms}\n");
        return b.toString();
    }
}
