package io.podnet.topology.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.podnet.sim.engine.SeededRandoms;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.topology.TopologyException;
import io.podnet.topology.model.NamedPort;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Turns Pod manifests and Deployments into {@link PodDraft}s.
 *
 * <p>Deployment replicas are named as the ReplicaSet controller names them,
 * {@code <deployment>-<pod-template-hash>-<5 chars>}, with the alphabet Kubernetes uses
 * ({@code bcdfghjklmnpqrstvwxz2456789}). The template hash is FNV-32a over the Deployment's
 * namespace, name and pod template (as JSON with sorted keys), written as a 10-digit decimal and
 * mapped onto the alphabet, so it changes exactly when the template does. The 5-character suffixes
 * come from the seeded stream {@code deployment/<namespace>/<name>}, so the same seed gives the same
 * names. Replicas carry the template labels plus {@code pod-template-hash}.
 */
final class PodSources {
    static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PodSources() {}

    static PodDraft fromPod(Pod pod) {
        String ns = Names.namespaceOf(pod);
        String name = Names.nameOf(pod, false);
        String subject = "pod/" + ns + "/" + name;
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            throw new TopologyException(subject, "pod " + ns + "/" + name + " has no spec; give it at least one container");
        }
        Ipv4Address podIp = null;
        boolean ready = true;
        if (pod.getStatus() != null) {
            String ip = pod.getStatus().getPodIP();
            if (ip != null && !ip.isEmpty()) {
                try {
                    podIp = Ipv4Address.parse(ip);
                } catch (IllegalArgumentException e) {
                    throw new TopologyException(subject, "status.podIP", "pod " + ns + "/" + name + ": status.podIP " + e.getMessage());
                }
            }
            String phase = pod.getStatus().getPhase();
            if ("Pending".equals(phase) || "Failed".equals(phase) || "Succeeded".equals(phase)) {
                ready = false;
            }
            if (pod.getStatus().getConditions() != null) {
                for (PodCondition c : pod.getStatus().getConditions()) {
                    if ("Ready".equals(c.getType()) && "False".equals(c.getStatus())) {
                        ready = false;
                    }
                }
            }
        }
        Map<String, String> labels = Names.sorted(pod.getMetadata().getLabels());
        return new PodDraft(ns, name, labels, ports(spec, subject), emptyToNull(spec.getNodeName()), podIp,
                Boolean.TRUE.equals(spec.getHostNetwork()), ready, Names.sorted(spec.getNodeSelector()), "",
                spec.getTolerations());
    }

    /** The replicas of a Deployment, names unique against {@code taken} (which is updated). */
    static List<PodDraft> expand(Deployment d, long seed, Set<String> taken) {
        String ns = Names.namespaceOf(d);
        String name = Names.nameOf(d, true);
        String subject = "deployment/" + ns + "/" + name;
        if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
            throw new TopologyException(subject, "deployment " + ns + "/" + name + " has no spec.template.spec");
        }
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (replicas < 0) {
            throw new TopologyException(subject, "deployment " + ns + "/" + name + " has replicas " + replicas
                    + "; use 0 or more");
        }
        PodTemplateSpec template = d.getSpec().getTemplate();
        Map<String, String> templateLabels = template.getMetadata() == null
                ? Map.of() : Names.sorted(template.getMetadata().getLabels());
        LabelSelector selector = d.getSpec().getSelector();
        if (selector != null && selector.getMatchLabels() != null
                && !selector.getMatchLabels().isEmpty() && !Names.matches(selector.getMatchLabels(), templateLabels)) {
            throw new TopologyException(subject, "deployment " + ns + "/" + name + ": spec.selector ("
                    + Names.text(selector.getMatchLabels()) + ") does not match the template labels ("
                    + Names.text(templateLabels) + "); the API server would reject it");
        }
        String hash = templateHash(ns, name, template);
        Map<String, String> labels = new TreeMap<>(templateLabels);
        labels.put("pod-template-hash", hash);
        PodSpec spec = template.getSpec();
        List<NamedPort> ports = ports(spec, subject);
        SplittableRandom rnd = new SeededRandoms(seed).stream("deployment/" + ns + "/" + name);
        List<PodDraft> out = new ArrayList<>(replicas);
        for (int i = 0; i < replicas; i++) {
            String podName;
            do {
                StringBuilder sb = new StringBuilder(name).append('-').append(hash).append('-');
                for (int c = 0; c < 5; c++) {
                    sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                }
                podName = sb.toString();
            } while (!taken.add(ns + "/" + podName));
            out.add(new PodDraft(ns, podName, labels, ports, emptyToNull(spec.getNodeName()), null,
                    Boolean.TRUE.equals(spec.getHostNetwork()), true, Names.sorted(spec.getNodeSelector()),
                    "Deployment/" + name, spec.getTolerations()));
        }
        return out;
    }

    /** The 10-character pod-template-hash (see the class comment). */
    static String templateHash(String ns, String name, PodTemplateSpec template) {
        String json;
        try {
            json = JSON.writeValueAsString(template);
        } catch (JsonProcessingException e) {
            throw new TopologyException("deployment/" + ns + "/" + name, "deployment " + ns + "/" + name
                    + ": its pod template cannot be serialised: " + e.getOriginalMessage());
        }
        int h = 0x811c9dc5;
        for (byte b : (ns + "/" + name + "\n" + json).getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        String digits = String.format("%010d", Integer.toUnsignedLong(h));
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < digits.length(); i++) {
            sb.append(ALPHABET.charAt(digits.charAt(i) % ALPHABET.length()));
        }
        return sb.toString();
    }

    private static List<NamedPort> ports(PodSpec spec, String subject) {
        List<NamedPort> out = new ArrayList<>();
        if (spec.getContainers() == null) {
            return out;
        }
        for (Container c : spec.getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getContainerPort() == null || p.getContainerPort() < 1 || p.getContainerPort() > 65535) {
                    throw new TopologyException(subject, subject.substring(subject.indexOf('/') + 1) + ": container "
                            + c.getName() + " has containerPort " + p.getContainerPort() + "; use 1-65535");
                }
                out.add(new NamedPort(p.getName(), p.getContainerPort(), p.getProtocol()));
            }
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
