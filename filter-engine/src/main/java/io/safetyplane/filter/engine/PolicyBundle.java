package io.safetyplane.filter.engine;

import io.safetyplane.filter.lexicon.Lexicon;
import io.safetyplane.filter.lexicon.Term;
import io.safetyplane.filter.lexicon.TermMatcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The global policy: category settings and lexicons from {@code policy/policy.properties}. Its
 * version is the declared name plus a content hash, so any change to a list or setting changes it.
 */
final class PolicyBundle {

    private static final String RESOURCE = "policy/policy.properties";
    private static volatile PolicyBundle bundled;

    private final String version;
    private final Map<Category, CategorySetting> settings;
    private final List<String> languages;
    private final TermMatcher matcher;

    private PolicyBundle(String version, Map<Category, CategorySetting> settings, List<String> languages, TermMatcher matcher) {
        this.version = version;
        this.settings = settings;
        this.languages = languages;
        this.matcher = matcher;
    }

    /** The bundled policy, loaded once. */
    static PolicyBundle bundled() {
        PolicyBundle b = bundled;
        if (b == null) {
            synchronized (PolicyBundle.class) {
                if (bundled == null) {
                    bundled = load();
                }
                b = bundled;
            }
        }
        return b;
    }

    private static PolicyBundle load() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String properties = resource(RESOURCE);
            digest.update(properties.getBytes(StandardCharsets.UTF_8));
            Properties p = new Properties();
            p.load(new StringReader(properties));
            Map<Category, CategorySetting> settings = new EnumMap<>(Category.class);
            for (Category category : Category.values()) {
                String value = p.getProperty("category." + category.id());
                if (value == null) {
                    throw new IllegalStateException(RESOURCE + " has no setting for category " + category.id());
                }
                String[] parts = value.split(",");
                settings.put(category, new CategorySetting(Severity.valueOf(parts[0].strip().toUpperCase(Locale.ROOT)),
                        Action.fromId(parts[1].strip())));
            }
            List<String> lexicons = List.of(p.getProperty("lexicons").split("\\s*,\\s*"));
            List<Term> terms = new ArrayList<>();
            for (String id : lexicons) {
                String content = resource("lexicons/" + id + ".tsv");
                digest.update(content.getBytes(StandardCharsets.UTF_8));
                terms.addAll(Lexicon.parse(id, content));
            }
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
            List<String> languages = List.of(p.getProperty("languages").split("\\s*,\\s*"));
            return new PolicyBundle(p.getProperty("policy.version") + "+" + hash, Collections.unmodifiableMap(settings),
                    languages, new TermMatcher(terms));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PolicyBundle.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    String version() {
        return version;
    }

    Map<Category, CategorySetting> settings() {
        return settings;
    }

    List<String> languages() {
        return languages;
    }

    TermMatcher matcher() {
        return matcher;
    }
}
