package io.safetyplane.classifier.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.safetyplane.classifier.inference.Batcher;

/**
 * The models the service serves, each loaded into an ONNX Runtime session behind its own batcher.
 * A request names a model by its id, by {@code name@version}, or by a name only one model has; no
 * name means the default model.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    public static final String CLASSPATH = "classpath:";

    /** A loaded model. */
    public record Entry(ModelSpec spec, Batcher batcher, String sha256, long bytes, Optional<String> card) {
    }

    private final Map<String, Entry> byId;
    private final Entry defaultModel;

    public ModelRegistry(List<Entry> entries, String defaultId) {
        Map<String, Entry> m = new LinkedHashMap<>();
        entries.forEach(e -> m.put(e.spec().id(), e));
        this.byId = m;
        this.defaultModel = m.get(defaultId);
        if (defaultModel == null) {
            throw new IllegalStateException("default model " + defaultId + " is not loaded");
        }
    }

    /**
     * Loads every model.
     *
     * @param batcher makes the batcher (and its ONNX session) of one model from its spec and bytes
     */
    public static ModelRegistry load(List<ModelSpec> specs, String defaultId, Function<Loaded, Batcher> batcher) {
        List<Entry> entries = new ArrayList<>();
        try {
            for (ModelSpec s : specs) {
                long t0 = System.nanoTime();
                byte[] onnx = read(s.path(), "model " + s.id());
                String sha256 = sha256(onnx);
                Optional<String> card = s.card().map(c -> new String(read(c, "model card of " + s.id()), java.nio.charset.StandardCharsets.UTF_8));
                card.ifPresent(c -> checkCard(s, c, sha256));
                Batcher b = batcher.apply(new Loaded(s, onnx));
                entries.add(new Entry(s, b, sha256, onnx.length, card));
                LOG.infof("model %s (%s@%s) loaded from %s: %d bytes, sha256 %s, input %dx%d %s, labels %s, on %s, in %d ms",
                        s.id(), s.name(), s.version(), s.path(), onnx.length, sha256, s.width(), s.height(),
                        s.layout().name().toLowerCase(), s.labels(), b.model().provider(), (System.nanoTime() - t0) / 1_000_000);
            }
        } catch (RuntimeException e) {
            entries.forEach(en -> en.batcher().close());
            throw e;
        }
        return new ModelRegistry(entries, defaultId);
    }

    /** A model's spec and ONNX bytes, to build its session from. */
    public record Loaded(ModelSpec spec, byte[] onnx) {
    }

    /** A model card that names the ONNX file's SHA-256 must name this file's: the card describes another model otherwise. */
    static void checkCard(ModelSpec s, String card, String sha256) {
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(card);
        } catch (IOException e) {
            throw new IllegalStateException("model " + s.id() + ": the model card " + s.card().orElse("") + " is not JSON: " + e.getMessage());
        }
        String expected = json.path("onnx").path("sha256").asText("");
        if (!expected.isEmpty() && !expected.equalsIgnoreCase(sha256)) {
            throw new IllegalStateException("model " + s.id() + ": " + s.path() + " has sha256 " + sha256 + " but its model card "
                    + s.card().orElse("") + " describes " + expected + "; point card to the new model's card or remove it");
        }
    }

    /** Reads a file system path or a {@code classpath:} resource. */
    static byte[] read(String location, String what) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length()).replaceFirst("^/", "");
                ClassLoader cl = Thread.currentThread().getContextClassLoader();
                try (InputStream in = (cl != null ? cl : ModelRegistry.class.getClassLoader()).getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException(what + ": no classpath resource " + resource
                                + " (is the classifier-models jar on the classpath?)");
                    }
                    return in.readAllBytes();
                }
            }
            return Files.readAllBytes(Path.of(location));
        } catch (IOException e) {
            throw new IllegalStateException(what + ": cannot read " + location + ": " + e, e);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Entry defaultModel() {
        return defaultModel;
    }

    public Collection<Entry> models() {
        return byId.values();
    }

    /** The model a request names: its id, {@code name@version}, a name only one model has, or (blank) the default. */
    public Optional<Entry> find(String requested) {
        if (requested == null || requested.isBlank()) {
            return Optional.of(defaultModel);
        }
        String r = requested.strip();
        Entry e = byId.get(r);
        if (e != null) {
            return Optional.of(e);
        }
        List<Entry> byName = new ArrayList<>();
        for (Entry en : byId.values()) {
            if (r.equals(en.spec().name() + "@" + en.spec().version())) {
                return Optional.of(en);
            }
            if (r.equals(en.spec().name())) {
                byName.add(en);
            }
        }
        return byName.size() == 1 ? Optional.of(byName.get(0)) : Optional.empty();
    }

    /** Ids and name@version of every model, for error messages. */
    public List<String> names() {
        return byId.values().stream().map(e -> e.spec().id()).toList();
    }

    /** Refuses new items and finishes the queued ones of every model. */
    public void drain(Duration timeout) {
        byId.values().forEach(e -> e.batcher().drain(timeout));
    }

    @Override
    public void close() {
        byId.values().forEach(e -> e.batcher().close());
    }
}
