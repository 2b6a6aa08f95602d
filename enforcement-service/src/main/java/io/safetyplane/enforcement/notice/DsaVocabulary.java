package io.safetyplane.enforcement.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values the DSA Transparency Database (TDB) accepts in each enumerated statement-of-reasons field, loaded from
 * {@value #RESOURCE}. That file is a copy of {@code shared/dsa-tdb/statement-enums.json}; its README next to it names
 * the source and the licence.
 *
 * <p>Object-valued fields in the file map each API value to its webform label. Array-valued fields ({@code
 * automated_detection}, {@code incompatible_content_illegal}) list the values, and each value is its own label.
 * Keys that start with {@code _} are metadata: {@code _source} becomes {@link #source()} and {@code _limits} becomes
 * {@link #maxLength(String)}.
 *
 * <p>Instances cannot be changed. {@link #standard()} is the bundled copy and is loaded once.
 */
public final class DsaVocabulary {

    /** Classpath location of the bundled vocabulary. */
    public static final String RESOURCE = "/dsa/statement-enums.json";

    public static final String DECISION_VISIBILITY = "decision_visibility";
    public static final String DECISION_MONETARY = "decision_monetary";
    public static final String DECISION_PROVISION = "decision_provision";
    public static final String DECISION_ACCOUNT = "decision_account";
    public static final String ACCOUNT_TYPE = "account_type";
    public static final String DECISION_GROUND = "decision_ground";
    public static final String INCOMPATIBLE_CONTENT_ILLEGAL = "incompatible_content_illegal";
    public static final String CONTENT_TYPE = "content_type";
    public static final String CATEGORY = "category";
    public static final String CATEGORY_SPECIFICATION = "category_specification";
    public static final String SOURCE_TYPE = "source_type";
    public static final String AUTOMATED_DETECTION = "automated_detection";
    public static final String AUTOMATED_DECISION = "automated_decision";

    /** Enumerated fields the file must define. Loading fails when one is missing or empty. */
    public static final List<String> REQUIRED_FIELDS = List.of(DECISION_VISIBILITY, DECISION_MONETARY,
            DECISION_PROVISION, DECISION_ACCOUNT, ACCOUNT_TYPE, DECISION_GROUND, INCOMPATIBLE_CONTENT_ILLEGAL,
            CONTENT_TYPE, CATEGORY, CATEGORY_SPECIFICATION, SOURCE_TYPE, AUTOMATED_DETECTION, AUTOMATED_DECISION);

    /**
     * The country codes {@code territorial_scope} accepts: the 27 EU member states plus Iceland, Liechtenstein and
     * Norway, with Greece as {@code GR}. They come from {@code EuropeanCountriesService::EUROPEAN_COUNTRY_CODES} in the
     * TDB repository and are not part of the JSON file.
     */
    public static final List<String> EU_EEA_COUNTRIES = List.of("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES",
            "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO",
            "SE", "SI", "SK");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final Map<String, Map<String, String>> fields;
    private final Map<String, Integer> limits;

    private DsaVocabulary(String source, Map<String, Map<String, String>> fields, Map<String, Integer> limits) {
        this.source = source;
        this.fields = fields;
        this.limits = limits;
    }

    /** The bundled vocabulary ({@value #RESOURCE}), loaded on first use. */
    public static DsaVocabulary standard() {
        return Bundled.INSTANCE;
    }

    private static final class Bundled {
        static final DsaVocabulary INSTANCE = load();

        private static DsaVocabulary load() {
            try (InputStream in = DsaVocabulary.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing classpath resource " + RESOURCE);
                }
                return parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    /**
     * Reads a vocabulary in the format of {@code statement-enums.json}.
     *
     * @throws IOException if the stream cannot be read or is not JSON
     * @throws IllegalArgumentException if a field of {@link #REQUIRED_FIELDS} is missing or empty, or an entry is
     *         not a string
     */
    public static DsaVocabulary parse(InputStream json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("vocabulary: top level must be a JSON object");
        }
        String source = root.path("_source").asText("");
        Map<String, Map<String, String>> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.startsWith("_")) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            JsonNode node = e.getValue();
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> v = node.fields();
                while (v.hasNext()) {
                    Map.Entry<String, JsonNode> value = v.next();
                    values.put(value.getKey(), text(name, value.getValue()));
                }
            } else if (node.isArray()) {
                for (JsonNode value : node) {
                    String s = text(name, value);
                    values.put(s, s);
                }
            } else {
                throw new IllegalArgumentException(name + ": must be an object or an array in the vocabulary");
            }
            fields.put(name, Collections.unmodifiableMap(values));
        }
        for (String required : REQUIRED_FIELDS) {
            if (!fields.containsKey(required) || fields.get(required).isEmpty()) {
                throw new IllegalArgumentException(required + ": missing or empty in the vocabulary");
            }
        }
        Map<String, Integer> limits = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> l = root.path("_limits").fields();
        while (l.hasNext()) {
            Map.Entry<String, JsonNode> e = l.next();
            Integer limit = leadingInt(e.getValue().asText(""));
            if (limit != null) {
                limits.put(e.getKey(), limit);
            }
        }
        return new DsaVocabulary(source, Collections.unmodifiableMap(fields), Collections.unmodifiableMap(limits));
    }

    private static String text(String field, JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + ": vocabulary entries must be strings");
        }
        return node.asText();
    }

    /** {@code "500, [A-Za-z0-9_-], ..."} and {@code 500} both give 500. */
    private static Integer leadingInt(String s) {
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? null : Integer.valueOf(s.substring(0, end));
    }

    /** The file's {@code _source} note: where the values were extracted from. */
    public String source() {
        return source;
    }

    /** Names of the enumerated fields, in file order. */
    public Set<String> fields() {
        return fields.keySet();
    }

    /**
     * The values the field accepts, in file order.
     *
     * @throws IllegalArgumentException naming the field if the vocabulary does not define it
     */
    public Set<String> allowed(String field) {
        return values(field).keySet();
    }

    /** Whether {@code value} is one of the values {@code field} accepts. False for an unknown field. */
    public boolean allows(String field, String value) {
        Map<String, String> values = fields.get(field);
        return values != null && value != null && values.containsKey(value);
    }

    /**
     * Returns {@code value} when the field accepts it.
     *
     * @throws StatementFieldException naming the field otherwise
     */
    public String require(String field, String value) {
        if (value == null) {
            throw new StatementFieldException(field, "required");
        }
        if (!allows(field, value)) {
            throw new StatementFieldException(field, "'" + value + "' is not a value the DSA Transparency Database accepts");
        }
        return value;
    }

    /**
     * The webform label of a value, for example "Suspension of the account" for {@code DECISION_ACCOUNT_SUSPENDED}.
     *
     * @throws StatementFieldException naming the field if the value is unknown
     */
    public String label(String field, String value) {
        return values(field).get(require(field, value));
    }

    /**
     * The TDB's length limit for a free-text field, in characters, for example 5000 for {@code decision_facts}.
     *
     * @throws IllegalArgumentException naming the field if the vocabulary gives no numeric limit for it
     */
    public int maxLength(String field) {
        Integer limit = limits.get(field);
        if (limit == null) {
            throw new IllegalArgumentException(field + ": no length limit in the vocabulary");
        }
        return limit;
    }

    /** Every field that has a numeric limit, with the limit. */
    public Map<String, Integer> limits() {
        return limits;
    }

    /** The EU/EEA country codes {@code territorial_scope} accepts ({@link #EU_EEA_COUNTRIES}). */
    public Set<String> territorialScopes() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(EU_EEA_COUNTRIES));
    }

    private Map<String, String> values(String field) {
        Map<String, String> values = fields.get(field);
        if (values == null) {
            throw new IllegalArgumentException(field + ": not an enumerated field of the vocabulary");
        }
        return values;
    }
}
