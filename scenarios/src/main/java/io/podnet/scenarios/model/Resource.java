package io.podnet.scenarios.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podnet.scenarios.source.SourceLocation;
import io.podnet.scenarios.source.YNode;

/**
 * One Kubernetes object from {@code resources} (inline or included), bound to its fabric8 model
 * type, with the source tree kept so that later checks can point at any of its fields.
 */
public record Resource(String apiVersion, String kind, String namespace, String name, HasMetadata object,
                       YNode source) {
    public SourceLocation location() {
        return source.location();
    }

    /** "Kind namespace/name" for messages. */
    public String describe() {
        return kind + " " + namespace + "/" + name;
    }

    /** The location of the field at {@code path} (e.g. "spec", "nodeName"), or of its deepest existing parent. */
    public SourceLocation at(String... path) {
        YNode n = source;
        for (String p : path) {
            YNode next = null;
            if (n instanceof YNode.YMap m) {
                next = m.get(p);
            } else if (n instanceof YNode.YList l && p.chars().allMatch(Character::isDigit)) {
                int i = Integer.parseInt(p);
                next = i < l.items().size() ? l.items().get(i) : null;
            }
            if (next == null) {
                return n.location();
            }
            n = next;
        }
        return n.location();
    }
}
