package io.podnet.scenarios.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.podnet.scenarios.model.Resource;
import io.podnet.scenarios.source.Diagnostics;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;
import io.podnet.scenarios.source.YamlTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads {@code resources}: inline Kubernetes manifests and {@code {include: glob}} entries naming
 * multi-document files relative to the scenario. Each manifest is bound to its fabric8 type with
 * unknown fields rejected (fabric8's catch-all for unknown properties is switched off), and every
 * binding error is reported at the offending field's line and column.
 */
final class ResourceReader {
    /** apiVersion/kind pairs accepted, in the order messages list them. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("v1/Pod", Pod.class);
        KINDS.put("apps/v1/Deployment", Deployment.class);
        KINDS.put("v1/Service", Service.class);
        KINDS.put("v1/Namespace", Namespace.class);
        KINDS.put("discovery.k8s.io/v1/EndpointSlice", EndpointSlice.class);
        KINDS.put("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);
        KINDS.put("v1/Node", io.fabric8.kubernetes.api.model.Node.class); // the cluster's nodes (NodeObjects)
    }

    /** The Calico kinds passed to topology (projectcalico.org/v3, also crd.projectcalico.org/v1). */
    static final List<String> CALICO_KINDS = List.of("IPPool", "BGPConfiguration", "BGPPeer", "Node",
            "IPAMConfiguration", "FelixConfiguration");
    private static final ObjectMapper GENERIC = JsonMapper.builder().build();

    /**
     * For {@code status}: what the cluster reports, not what a user writes; a cluster newer than
     * fabric8's model may report fields it does not know, and they are ignored.
     */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // As the API server: replicas: '3' or 1.5 is not an integer (it refuses both).
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .addModule(new SimpleModule("podnet-strict").setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription desc,
                                                             BeanDeserializerBuilder builder) {
                    // fabric8 models collect unknown fields in additionalProperties; a typo must be an error.
                    // managedFields' fieldsV1 is free-form by definition (f:spec, k:{"name":"web"}, v:"...").
                    if (desc.getBeanClass() != io.fabric8.kubernetes.api.model.FieldsV1.class) {
                        builder.setAnySetter(null);
                    }
                    return builder;
                }
            }))
            .build();

    private final Path scenarioDir;
    private final Diagnostics diags;
    private final Limits limits;
    private int includedFiles;

    ResourceReader(Path scenarioDir, Diagnostics diags) {
        this(scenarioDir, diags, Limits.fromSystemProperties());
    }

    ResourceReader(Path scenarioDir, Diagnostics diags, Limits limits) {
        this.scenarioDir = scenarioDir;
        this.diags = diags;
        this.limits = limits;
    }

    /** The data.net-conf.json of the first v1 ConfigMap kube-flannel-cfg (kube-flannel.yml's), or null. */
    private YNode.YScalar flannelNetConf;
    private SourceLocation flannelConfigMap;

    /** net-conf.json of the kube-flannel-cfg ConfigMap among the resources, or null. */
    YNode.YScalar flannelNetConf() {
        return flannelNetConf;
    }

    /** Where the kube-flannel-cfg ConfigMap is, or null. */
    SourceLocation flannelConfigMap() {
        return flannelConfigMap;
    }

    /** Objects of kinds podnet does not model, by "apiVersion kind": where each is (for one note per kind). */
    private final Map<String, List<SourceLocation>> skipped = new java.util.TreeMap<>();

    List<Resource> read(List<YNode> items, String scenarioDisplayDir) {
        List<Resource> out = new ArrayList<>();
        for (YNode item : items) {
            if (item instanceof YNode.YMap m && m.has("include")) {
                include(m, scenarioDisplayDir, out);
            } else if (item instanceof YNode.YMap dm && "List".equals(text(dm, "kind"))
                    && dm.get("items") instanceof YNode.YList l) {
                l.items().forEach(i -> add(out, manifest(i)));
            } else {
                Resource r = manifest(item);
                if (r != null) {
                    out.add(r);
                }
            }
        }
        for (Map.Entry<String, List<SourceLocation>> e : skipped.entrySet()) {
            List<SourceLocation> at = e.getValue();
            diags.warning(at.get(0), "skipped " + at.size() + (at.size() == 1 ? " object" : " objects") + " of kind "
                    + e.getKey() + ", which podnet does not model" + (at.size() == 1 ? "" : " (the others at "
                    + at.subList(1, at.size()).stream().map(l -> l.file() + ":" + l.line()).collect(
                    java.util.stream.Collectors.joining(", ")) + ")") + "; modelled kinds: " + acceptedKinds());
        }
        return out;
    }

    private void include(YNode.YMap m, String displayDir, List<Resource> out) {
        Fields f = Fields.open(m, "a resources include", diags, List.of("include"));
        String glob = f.text("include");
        if (glob == null) {
            return;
        }
        List<Path> files = expand(glob, f.at("include"));
        if (files == null) {
            return;
        }
        if (files.isEmpty()) {
            diags.error(f.at("include"), "include '" + YNode.quoted(glob) + "' matches no file (relative to the"
                    + " scenario's directory " + scenarioDir + "); give a path or glob such as manifests/*.yaml");
            return;
        }
        for (Path p : files) {
            if (++includedFiles > limits.includeFiles()) {
                diags.error(f.at("include"), "includes name more than " + limits.includeFiles() + " files; "
                        + Limits.raise("includeFiles", limits.includeFiles()));
                return;
            }
            String rel = scenarioDir.relativize(p).toString().replace('\\', '/');
            String display = displayDir.isEmpty() ? rel : displayDir + "/" + rel;
            byte[] bytes = ScenarioLoader.readBounded(p, display, limits, "manifest file", diags);
            if (bytes == null) {
                continue;
            }
            for (YNode doc : YamlTrees.parse(bytes, display, diags)) {
                if (doc instanceof YNode.YScalar s && s.kind() == YNode.YScalar.Kind.NULL) {
                    continue; // an empty document between two '---'
                }
                if (doc instanceof YNode.YMap dm && "List".equals(text(dm, "kind"))) {
                    YNode itemsNode = dm.get("items");
                    if (itemsNode instanceof YNode.YList l) {
                        l.items().forEach(i -> add(out, manifest(i)));
                        continue;
                    }
                }
                add(out, manifest(doc));
            }
        }
    }

    private static void add(List<Resource> out, Resource r) {
        if (r != null) {
            out.add(r);
        }
    }

    /**
     * The files an include names, sorted; null after reporting a path or glob that cannot be
     * used. Files must lie in the scenario's directory tree (after following links) unless the
     * limits allow includes outside it ({@code --allow-include-outside}).
     */
    private List<Path> expand(String glob, SourceLocation at) {
        if (glob.indexOf('\0') >= 0 || glob.isBlank()) {
            diags.error(at, "include path " + (glob.isBlank() ? "is empty" : "contains a NUL character")
                    + "; give a path or glob such as manifests/*.yaml");
            return null;
        }
        boolean isGlob = glob.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
        try {
            Path base = scenarioDir.toRealPath();
            if (!isGlob) {
                Path p = scenarioDir.resolve(glob).normalize();
                if (!Files.exists(p)) {
                    return List.of();
                }
                if (!inside(p, base, at, glob)) {
                    return null;
                }
                return List.of(p);
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            List<Path> found = new ArrayList<>();
            try (Stream<Path> s = Files.walk(scenarioDir, 8)) {
                s.filter(p -> !Files.isDirectory(p))
                        .filter(p -> matcher.matches(scenarioDir.relativize(p)))
                        .sorted()
                        .forEach(found::add);
            }
            List<Path> out = new ArrayList<>();
            for (Path p : found) {
                if (!inside(p, base, at, glob)) {
                    return null;
                }
                out.add(p);
            }
            return out;
        } catch (java.util.regex.PatternSyntaxException e) {
            diags.error(at, "include '" + YNode.quoted(glob) + "' is not a valid glob: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "")
                    + "; use * ? [abc] {a,b} as in manifests/*.yaml");
            return null;
        } catch (java.nio.file.InvalidPathException e) {
            diags.error(at, "include '" + YNode.quoted(glob) + "' is not a valid path: " + e.getReason()
                    + "; give a path or glob such as manifests/*.yaml");
            return null;
        } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
            diags.error(at, "include '" + YNode.quoted(glob) + "' cannot be listed (" + e.getClass().getSimpleName()
                    + "); give a readable path or glob such as manifests/*.yaml");
            return null;
        }
    }

    /** Whether {@code p} (links followed) lies under {@code base}; reports it when not allowed. */
    private boolean inside(Path p, Path base, SourceLocation at, String glob) throws IOException {
        if (limits.includeOutside()) {
            return true;
        }
        Path real = Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
        if (real.startsWith(base)) {
            return true;
        }
        String rel = scenarioDir.relativize(p.toAbsolutePath().normalize()).toString();
        diags.error(at, "include '" + YNode.quoted(glob) + "' names " + (rel.equals(glob) ? "a file" : "'"
                + YNode.quoted(rel) + "', which is") + " outside the scenario's directory " + base
                + "; keep manifests in the scenario's directory tree, or allow this with --allow-include-outside"
                + " (or -Dpodnet.allowIncludeOutside=true)");
        return false;
    }

    private Resource manifest(YNode node) {
        if (!(node instanceof YNode.YMap m)) {
            diags.error(node.location(), "a resource must be a Kubernetes manifest (a mapping with apiVersion and"
                    + " kind) or {include: path/or/glob.yaml}, not " + (node instanceof YNode.YScalar sc
                    && sc.kind() == YNode.YScalar.Kind.STRING ? "a string" : node.describe())); // never quote a file
            return null;
        }
        String apiVersion = text(m, "apiVersion");
        String kind = text(m, "kind");
        if (apiVersion == null || kind == null) {
            diags.error(m.location(), "a manifest needs apiVersion and kind; accepted: " + acceptedKinds()
                    + " (or {include: path/or/glob.yaml})");
            return null;
        }
        SourceLocation kindAt = m.get("kind").location();
        if (apiVersion.startsWith("projectcalico.org/") || apiVersion.startsWith("crd.projectcalico.org/")) {
            return calico(m, apiVersion, kind, kindAt);
        }
        if (apiVersion.equals("v1") && kind.equals("ConfigMap") && m.get("metadata") instanceof YNode.YMap md
                && "kube-flannel-cfg".equals(text(md, "name")) && m.get("data") instanceof YNode.YMap data
                && data.get("net-conf.json") instanceof YNode.YScalar nc) {
            if (flannelNetConf == null) {
                flannelNetConf = nc;
                flannelConfigMap = kindAt;
                return null; // Flannel's configuration: the loader reads it as the CNI when cluster.cni is absent
            }
        }
        Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
        if (type == null) {
            String known = null;
            for (String k : KINDS.keySet()) {
                if (k.endsWith("/" + kind)) {
                    known = k.substring(0, k.length() - kind.length() - 1);
                }
            }
            if (known != null) {
                diags.error(m.get("apiVersion").location(), "kind " + kind + " needs apiVersion " + known + ", not "
                        + apiVersion);
            } else {
                List<String> kinds = KINDS.keySet().stream().map(k -> k.substring(k.lastIndexOf('/') + 1)).toList();
                String typo = Suggest.didYouMean(kind, kinds);
                if (apiVersion.startsWith("podnet/")) {
                    // podnet's own kinds (Scenario, Sweep) are never manifests: a scenario including itself
                    diags.error(kindAt, "a podnet/" + kind + " file is not a Kubernetes manifest; resources take"
                            + " manifests (did an include name the scenario file itself?); accepted: " + acceptedKinds());
                } else if (typo.isEmpty()) {
                    // a kind a real cluster or manifest carries (ServiceAccount, DaemonSet, ConfigMap, a CRD...)
                    skipped.computeIfAbsent(apiVersion + " " + kind, k -> new ArrayList<>()).add(kindAt);
                } else {
                    diags.error(kindAt, "unsupported resource kind " + apiVersion + " " + kind + typo + "; accepted: "
                            + acceptedKinds());
                }
            }
            return null;
        }
        HasMetadata obj;
        try {
            com.fasterxml.jackson.databind.JsonNode json = YamlTrees.toJson(m);
            if (json instanceof com.fasterxml.jackson.databind.node.ObjectNode on && on.has("status")) {
                // Everything but status strictly (a typo is an error), then status leniently.
                com.fasterxml.jackson.databind.node.ObjectNode withoutStatus = on.deepCopy();
                withoutStatus.remove("status");
                STRICT.treeToValue(withoutStatus, type);
                obj = LENIENT.treeToValue(json, type);
            } else {
                obj = STRICT.treeToValue(json, type);
            }
        } catch (JsonProcessingException e) {
            report(m, kind, e);
            obj = type == io.fabric8.kubernetes.api.model.Node.class ? lenient(m, type) : null;
            if (obj == null) {
                return null;
            }
            // a Node with a bad field still names a node, so that its pods are not reported as well
        } catch (IllegalArgumentException e) {
            diags.error(m.location(), kind + " cannot be read: " + oneLine(e.getMessage()));
            return null;
        }
        if (obj.getMetadata() == null || obj.getMetadata().getName() == null || obj.getMetadata().getName().isEmpty()) {
            diags.error(m.location(), kind + " needs metadata.name");
            return null;
        }
        String ns = obj.getMetadata().getNamespace();
        if (ns == null || ns.isEmpty()) {
            ns = "default";
        }
        return new Resource(apiVersion, kind, kind.equals("Namespace") || kind.equals("Node") ? "" : ns, obj.getMetadata().getName(), obj, m);
    }

    /** The object bound leniently (after its errors were reported), or null when even that fails. */
    private static HasMetadata lenient(YNode.YMap m, Class<? extends HasMetadata> type) {
        try {
            return LENIENT.treeToValue(YamlTrees.toJson(m), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A Calico resource, kept as a generic object for topology, which validates its fields (its
     * errors are mapped back to this resource's position when the cluster is built).
     */
    private Resource calico(YNode.YMap m, String apiVersion, String kind, SourceLocation kindAt) {
        if (!apiVersion.equals("projectcalico.org/v3") && !apiVersion.equals("crd.projectcalico.org/v1")) {
            diags.error(m.get("apiVersion").location(), "Calico apiVersion '" + apiVersion + "' is not supported;"
                    + " expected projectcalico.org/v3 (as calicoctl apply takes it)");
            return null;
        }
        if (!CALICO_KINDS.contains(kind)) {
            diags.error(kindAt, "Calico kind " + kind + " is not supported" + Suggest.didYouMean(kind, CALICO_KINDS)
                    + "; accepted: " + String.join(", ", CALICO_KINDS));
            return null;
        }
        Fields f = Fields.open(m, "Calico " + kind, diags, List.of("apiVersion", "kind", "metadata", "spec"));
        if (f == null) {
            return null;
        }
        GenericKubernetesResource obj;
        try {
            obj = GENERIC.treeToValue(YamlTrees.toJson(m), GenericKubernetesResource.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            diags.error(m.location(), kind + " cannot be read: " + oneLine(e.getMessage()));
            return null;
        }
        if (obj.getMetadata() == null || obj.getMetadata().getName() == null || obj.getMetadata().getName().isEmpty()) {
            diags.error(m.location(), "Calico " + kind + " needs metadata.name");
            return null;
        }
        if (f.has("spec") && !(f.node("spec") instanceof YNode.YMap)) {
            diags.error(f.at("spec"), "spec of Calico " + kind + " must be a mapping");
            return null;
        }
        return new Resource(apiVersion, kind, "", obj.getMetadata().getName(), obj, m);
    }

    /** Whether a resource is a Calico one (kept generic for topology). */
    static boolean isCalico(Resource r) {
        return r.object() instanceof GenericKubernetesResource;
    }

    private void report(YNode.YMap root, String kind, JsonProcessingException e) {
        List<JsonMappingException.Reference> path = e instanceof JsonMappingException jm ? jm.getPath() : List.of();
        YNode n = root;
        SourceLocation at = root.location();
        StringBuilder dotted = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            YNode next = null;
            if (r.getFieldName() != null && n instanceof YNode.YMap mm) {
                YNode.Entry entry = mm.entries().get(r.getFieldName());
                if (entry != null) {
                    next = entry.value();
                    at = entry.keyLocation();
                }
                dotted.append(dotted.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0 && n instanceof YNode.YList l && r.getIndex() < l.items().size()) {
                next = l.items().get(r.getIndex());
                at = next.location();
                dotted.append('[').append(r.getIndex()).append(']');
            }
            if (next == null) {
                break;
            }
            n = next;
        }
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            known.sort(String::compareTo);
            String parent = dotted.lastIndexOf(".") > 0 ? dotted.substring(0, dotted.lastIndexOf(".")) : "";
            diags.error(at, "unknown field '" + u.getPropertyName() + "' in " + kind
                    + (parent.isEmpty() ? "" : " " + parent) + Suggest.didYouMean(u.getPropertyName(), known)
                    + "; accepted fields: " + String.join(", ", known));
            return;
        }
        if (!(n instanceof YNode.YMap) && !(n instanceof YNode.YList)) {
            at = n.location();
        }
        diags.error(at, "invalid value for " + (dotted.length() == 0 ? kind : dotted) + " in " + kind + ": "
                + oneLine(e.getOriginalMessage()));
    }

    static String acceptedKinds() {
        List<String> out = new ArrayList<>();
        KINDS.keySet().forEach(k -> {
            int i = k.lastIndexOf('/');
            out.add(k.substring(0, i) + " " + k.substring(i + 1));
        });
        return String.join(", ", out) + ", and for Calico projectcalico.org/v3 " + String.join(", ", CALICO_KINDS);
    }

    private static String text(YNode.YMap m, String key) {
        YNode n = m.get(key);
        return n instanceof YNode.YScalar s && s.kind() != YNode.YScalar.Kind.NULL ? s.text() : null;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unreadable value";
        }
        String one = s.replaceAll("\\s+", " ").trim();
        int at = one.indexOf(" at [Source");
        one = at > 0 ? one.substring(0, at) : one;
        int paren = one.indexOf(" (through reference chain");
        return paren > 0 ? one.substring(0, paren) : one;
    }
}
