/**
 * NetworkPolicy conformance from upstream: a generator ({@link io.podnet.scenarios.netpol.NetpolModel})
 * that builds scenarios with the model of Kubernetes' {@code test/e2e/network/netpol} (namespaces x, y,
 * z labelled {@code ns: NAME}; pods a, b, c labelled {@code pod: NAME}; agnhost-like servers on the
 * case's ports and protocols with upstream's container port names {@code serve-PORT-PROTO}), spread
 * over two nodes so both same-node and cross-node pairs occur; the upstream cases transcribed with
 * their expected truth tables written from upstream's {@code Expect*} calls
 * ({@link io.podnet.scenarios.netpol.UpstreamCases}); and the test that runs each under Flannel VXLAN
 * (with Calico's policy agent: Canal) and Calico, asserting every cell
 * ({@link io.podnet.scenarios.netpol.UpstreamConformanceTest}).
 */
package io.podnet.scenarios.netpol;
