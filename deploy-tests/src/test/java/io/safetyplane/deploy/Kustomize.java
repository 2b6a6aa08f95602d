package io.safetyplane.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The part of kustomize that {@code k8s/} uses, so that CI can render the overlays without a kustomize binary:
 * {@code resources} (files and directories), {@code namespace}, {@code labels} (with {@code includeTemplates}),
 * {@code images} and {@code patches} (inline or from a file; an RFC 6902 list with a {@code target} of kind and
 * name, or a strategic-merge patch, where lists of objects merge by {@code name}). Any other field is refused, so a
 * kustomization that outgrows this fails here rather than being rendered wrongly.
 */
final class Kustomize {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "images", "patches");

    private Kustomize() {
    }

    /** Renders the kustomization in this directory. */
    static Manifests build(Path dir) {
        List<ObjectNode> objects = render(dir);
        List<HasMetadata> parsed = new ArrayList<>();
        for (ObjectNode o : objects) {
            parsed.add(Manifests.SERIALIZATION.convertValue(o, HasMetadata.class));
        }
        return new Manifests(parsed);
    }

    private static List<ObjectNode> render(Path dir) {
        JsonNode k = readAll(dir.resolve("kustomization.yaml")).get(0);
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(dir + ": kustomization field " + field + " is not supported here");
            }
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(render(p));
            } else {
                readAll(p).forEach(n -> objects.add((ObjectNode) n));
            }
        }
        for (JsonNode patch : k.path("patches")) {
            apply(dir, patch, objects);
        }
        for (JsonNode image : k.path("images")) {
            objects.forEach(o -> containers(o).forEach(c -> retag(c, image)));
        }
        for (JsonNode label : k.path("labels")) {
            for (ObjectNode o : objects) {
                label.path("pairs").fields().forEachRemaining(e -> {
                    ((ObjectNode) o.with("metadata")).with("labels").set(e.getKey(), e.getValue());
                    if (label.path("includeTemplates").asBoolean() && o.at("/spec/template").isObject()) {
                        ((ObjectNode) o.at("/spec/template")).with("metadata").with("labels").set(e.getKey(), e.getValue());
                    }
                });
                if (label.path("includeSelectors").asBoolean()) {
                    throw new IllegalArgumentException("labels.includeSelectors is not supported here");
                }
            }
        }
        if (k.hasNonNull("namespace")) {
            objects.forEach(o -> o.with("metadata").put("namespace", k.get("namespace").asText()));
        }
        return objects;
    }

    private static void apply(Path dir, JsonNode entry, List<ObjectNode> objects) {
        List<JsonNode> patches = entry.has("path") ? readAll(dir.resolve(entry.get("path").asText())) : List.of(parse(entry.get("patch").asText()));
        for (JsonNode patch : patches) {
            if (patch.isArray()) {
                JsonNode target = entry.get("target");
                List<ObjectNode> targets = objects.stream().filter(o -> selects(target, o)).toList();
                if (targets.isEmpty()) {
                    throw new IllegalArgumentException(dir + ": a patch targets nothing: " + target);
                }
                targets.forEach(o -> patch.forEach(op -> jsonPatch(o, op)));
            } else {
                if (entry.has("target")) {
                    throw new IllegalArgumentException("a strategic-merge patch names its target itself");
                }
                ObjectNode target = objects.stream()
                        .filter(o -> o.path("kind").equals(patch.path("kind")) && o.at("/metadata/name").equals(patch.at("/metadata/name")))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException(dir + ": a patch targets nothing: "
                                + patch.path("kind").asText() + "/" + patch.at("/metadata/name").asText()));
                merge(target, patch);
            }
        }
    }

    private static boolean selects(JsonNode target, ObjectNode o) {
        for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("kind", "name").contains(field)) {
                throw new IllegalArgumentException("patch target field " + field + " is not supported here");
            }
        }
        return (!target.has("kind") || target.get("kind").equals(o.get("kind")))
                && (!target.has("name") || target.get("name").equals(o.at("/metadata/name")));
    }

    /** RFC 6902 add, replace and remove. */
    private static void jsonPatch(ObjectNode o, JsonNode op) {
        JsonPointer path = JsonPointer.compile(op.get("path").asText());
        JsonNode parent = o.at(path.head());
        String last = path.last().getMatchingProperty();
        String kind = op.get("op").asText();
        JsonNode value = op.has("value") ? op.get("value").deepCopy() : null; // each target gets its own copy
        if (parent.isObject()) {
            ObjectNode p = (ObjectNode) parent;
            if (kind.equals("replace") || kind.equals("remove")) {
                require(p.has(last), op);
            }
            if (kind.equals("remove")) {
                p.remove(last);
            } else if (Set.of("add", "replace").contains(kind)) {
                p.set(last, value);
            } else {
                throw new IllegalArgumentException("patch op " + kind + " is not supported here");
            }
        } else if (parent.isArray()) {
            ArrayNode a = (ArrayNode) parent;
            int index = last.equals("-") ? a.size() : Integer.parseInt(last);
            switch (kind) {
                case "add" -> a.insert(index, value);
                case "replace" -> {
                    require(index < a.size(), op);
                    a.set(index, value);
                }
                case "remove" -> {
                    require(index < a.size(), op);
                    a.remove(index);
                }
                default -> throw new IllegalArgumentException("patch op " + kind + " is not supported here");
            }
        } else {
            throw new IllegalArgumentException("patch path has no parent: " + op);
        }
    }

    private static void require(boolean present, JsonNode op) {
        if (!present) {
            throw new IllegalArgumentException("patch path does not exist: " + op);
        }
    }

    /** Strategic merge: objects merge, lists of named objects merge by name, other values and lists replace. */
    private static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode current = target.get(e.getKey());
            JsonNode value = e.getValue();
            if (current instanceof ObjectNode c && value.isObject()) {
                merge(c, value);
            } else if (current instanceof ArrayNode c && value.isArray() && named(c) && named(value)) {
                for (JsonNode item : value) {
                    JsonNode match = null;
                    for (JsonNode existing : c) {
                        if (existing.get("name").equals(item.get("name"))) {
                            match = existing;
                        }
                    }
                    if (match == null) {
                        c.add(item.deepCopy());
                    } else {
                        merge((ObjectNode) match, item);
                    }
                }
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        });
    }

    private static boolean named(JsonNode list) {
        for (JsonNode item : list) {
            if (!item.isObject() || !item.has("name")) {
                return false;
            }
        }
        return list.size() > 0;
    }

    private static List<ObjectNode> containers(ObjectNode o) {
        List<ObjectNode> all = new ArrayList<>();
        for (String path : List.of("/spec/template/spec/containers", "/spec/template/spec/initContainers")) {
            o.at(path).forEach(c -> all.add((ObjectNode) c));
        }
        return all;
    }

    private static void retag(ObjectNode container, JsonNode image) {
        String current = container.path("image").asText();
        int colon = current.lastIndexOf(':');
        String name = colon > current.lastIndexOf('/') ? current.substring(0, colon) : current;
        String tag = colon > current.lastIndexOf('/') ? current.substring(colon + 1) : "latest";
        if (!name.equals(image.get("name").asText())) {
            return;
        }
        container.set("image", TextNode.valueOf(image.path("newName").asText(name) + ":" + image.path("newTag").asText(tag)));
    }

    private static JsonNode parse(String yaml) {
        try {
            return Manifests.YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> readAll(Path file) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            Manifests.YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file)).forEachRemaining(n -> {
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
