package io.safetyplane.enforcement.ladder;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The enforcement ladder per category, and optionally per stage, read from flat configuration.
 *
 * <p>Keys are {@code <prefix>.<category>.<setting>}; {@code <prefix>.<category>.<stage>.<setting>} overrides one
 * stage ({@code prompt}, {@code upload}, {@code output}) and inherits every setting it does not set;
 * {@code <prefix>.warning-period} is global. Settings ({@link #SETTINGS}):
 * <ul>
 * <li>{@code steps}: {@code warn}, {@code restrict:<scope>[:<duration>]}, {@code suspend:<duration>}, {@code disable},
 *     comma-separated, mildest first; {@code disable} only last. Required unless zero-tolerance.</li>
 * <li>{@code weights}: strikes per violation by severity, e.g. {@code low:1,medium:1,high:2,critical:3}; unset
 *     severities weigh 1.</li>
 * <li>{@code window} (default 90d): strikes given longer ago do not count. {@code strike-expiry} (default 180d, or
 *     {@code never}): when a strike lapses for good.</li>
 * <li>{@code min-severity} (default low): below it, no sanction. {@code stages} (default all): stages that sanction.</li>
 * <li>{@code warn-first} (default true): the first step must be {@code warn} (DSA art. 23 prior warning), and a
 *     subject without counted strikes always gets that warning, whatever the weight.</li>
 * <li>{@code zero-tolerance} (default false): no ladder, the step is {@code disable}, taken automatically (without a
 *     second reviewer) when the severity is at least {@code zero-tolerance-min-severity} (default critical) and, when
 *     {@code zero-tolerance-detectors} is set, the detector is one of them; otherwise the disable waits for a second
 *     reviewer like any other.</li>
 * <li>{@code tipline-review} (default false): every sanction is queued for CyberTipline review.</li>
 * <li>{@code second-reviewer} (default true): a {@code disable} reached on the ladder waits for a second reviewer.</li>
 * <li>{@code notice} (default {@code standard}): notice template hint passed on with the sanction.</li>
 * </ul>
 * Durations are ISO-8601 ({@code PT24H}, {@code P90D}) or {@code 30m}, {@code 24h}, {@code 90d}, {@code 2w}. Keys outside
 * the prefix are ignored; anything wrong inside it is an IllegalArgumentException naming the key.
 */
public final class LadderPolicy {

    /** Prefix of the service's configuration. */
    public static final String DEFAULT_PREFIX = "enforcement.ladder";
    /** Classpath resource holding the default policy. */
    public static final String DEFAULT_RESOURCE = "ladder.properties";
    /** Settings a category or stage may set. */
    public static final List<String> SETTINGS = List.of("steps", "weights", "window", "strike-expiry", "min-severity",
            "stages", "warn-first", "zero-tolerance", "zero-tolerance-min-severity", "zero-tolerance-detectors",
            "tipline-review", "second-reviewer", "notice");
    private static final String WARNING_PERIOD = "warning-period";
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    /**
     * The ladder of one category, or of one stage of it.
     *
     * @param key                      configuration key of the rule, e.g. {@code enforcement.ladder.self_harm.prompt}
     * @param category                 the category
     * @param stage                    the stage this override applies to; null for the category's rule
     * @param steps                    the ladder, mildest first
     * @param weights                  strikes per violation, by severity (every severity; unset ones weigh 1)
     * @param window                   strikes given longer ago do not count
     * @param strikeExpiry             when a strike lapses; null for never
     * @param minSeverity              below it, no sanction
     * @param stages                   stages that sanction
     * @param warnFirst                the first sanction of a subject without counted strikes is the warning
     * @param zeroTolerance            disable at once, without a ladder
     * @param zeroToleranceMinSeverity the lowest severity disabled automatically
     * @param zeroToleranceDetectors   the detectors whose violations are disabled automatically; empty for any
     * @param tiplineReview            queue every sanction for CyberTipline review
     * @param secondReviewer           a ladder disable waits for a second reviewer
     * @param notice                   notice template hint
     */
    public record Rule(String key, Category category, Stage stage, List<Step> steps, Map<Severity, Integer> weights,
            Duration window, Duration strikeExpiry, Severity minSeverity, Set<Stage> stages, boolean warnFirst,
            boolean zeroTolerance, Severity zeroToleranceMinSeverity, Set<String> zeroToleranceDetectors,
            boolean tiplineReview, boolean secondReviewer, String notice) {

        public Rule {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(category, "category");
            steps = List.copyOf(steps);
            Map<Severity, Integer> all = new EnumMap<>(Severity.class);
            for (Severity s : Severity.values()) {
                if (s != Severity.UNSPECIFIED) {
                    all.put(s, weights.getOrDefault(s, 1));
                }
            }
            weights = Collections.unmodifiableMap(all);
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(minSeverity, "minSeverity");
            if (steps.isEmpty() || stages.isEmpty()) {
                throw new IllegalArgumentException(key + ": steps and stages must not be empty");
            }
            stages = Collections.unmodifiableSet(EnumSet.copyOf(stages));
            Objects.requireNonNull(zeroToleranceMinSeverity, "zeroToleranceMinSeverity");
            zeroToleranceDetectors = Set.copyOf(zeroToleranceDetectors);
            Objects.requireNonNull(notice, "notice");
        }

        /** Strikes a violation of this severity is worth. */
        public int weight(Severity severity) {
            return weights.getOrDefault(severity, 1);
        }

        /**
         * True when violations at this stage sanction; an unspecified stage only under a rule covering every stage.
         */
        public boolean appliesTo(Stage stage) {
            return stage == Stage.UNSPECIFIED ? stages.size() == 3 : stages.contains(stage);
        }

        /** True when this violation is disabled at once, without a second reviewer. */
        public boolean automaticDisable(ViolationFacts facts) {
            return zeroTolerance && facts.severity().atLeast(zeroToleranceMinSeverity)
                    && (zeroToleranceDetectors.isEmpty() || zeroToleranceDetectors.contains(facts.detector()));
        }
    }

    private final Map<Category, Rule> rules;
    private final Map<Category, Map<Stage, Rule>> stageRules;
    private final Duration warningPeriod;

    private LadderPolicy(Map<Category, Rule> rules, Map<Category, Map<Stage, Rule>> stageRules, Duration warningPeriod) {
        this.rules = Collections.unmodifiableMap(new EnumMap<>(rules));
        EnumMap<Category, Map<Stage, Rule>> copy = new EnumMap<>(Category.class);
        stageRules.forEach((c, m) -> copy.put(c, Collections.unmodifiableMap(new EnumMap<>(m))));
        this.stageRules = Collections.unmodifiableMap(copy);
        this.warningPeriod = warningPeriod;
    }

    /** The rule for a category at a stage: the stage's override if any, else the category's rule; empty if none. */
    public Optional<Rule> rule(Category category, Stage stage) {
        Rule r = stageRules.getOrDefault(category, Map.of()).get(stage);
        return Optional.ofNullable(r != null ? r : rules.get(category));
    }

    /** Every rule: each category's, then its stage overrides. */
    public List<Rule> rules() {
        List<Rule> all = new ArrayList<>();
        for (Rule r : rules.values()) {
            all.add(r);
            all.addAll(stageRules.getOrDefault(r.category(), Map.of()).values());
        }
        return Collections.unmodifiableList(all);
    }

    /** How long a warning keeps a subject {@link Standing.Level#WARNED}. */
    public Duration warningPeriod() {
        return warningPeriod;
    }

    /** The default policy, {@value #DEFAULT_RESOURCE} on the classpath, under {@value #DEFAULT_PREFIX}. */
    public static LadderPolicy defaults() {
        try (InputStream in = LadderPolicy.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is not on the classpath");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> map = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
            return fromProperties(map, DEFAULT_PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the policy under {@code prefix} (with or without a trailing dot) from flat configuration.
     *
     * @throws IllegalArgumentException naming the key, for an unknown category, stage or setting, a bad step, duration,
     *                                  severity, weight or boolean, missing or empty steps, or no keys at all
     */
    public static LadderPolicy fromProperties(Map<String, String> props, String prefix) {
        String p = prefix == null ? "" : prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String start = p.isEmpty() ? "" : p + ".";
        Map<Category, Draft> categories = new EnumMap<>(Category.class);
        Map<Category, Map<Stage, Draft>> overrides = new EnumMap<>(Category.class);
        Duration warningPeriod = Standing.DEFAULT_WARNING_PERIOD;
        for (Map.Entry<String, String> e : new TreeMap<>(props).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(start) || key.length() == start.length()) {
                continue;
            }
            String value = Objects.toString(e.getValue(), "").trim();
            String[] path = key.substring(start.length()).split("\\.", -1);
            if (path.length == 1) {
                if (!path[0].equals(WARNING_PERIOD)) {
                    throw new IllegalArgumentException(key + ": unknown " + (Category.find(path[0]).isPresent()
                            ? "key; a category needs a setting, e.g. " + key + ".steps"
                            : "category or setting '" + path[0] + "'; categories " + Category.ids() + ", global setting "
                                    + WARNING_PERIOD));
                }
                warningPeriod = duration(key, value);
                continue;
            }
            Category category = Category.find(path[0]).orElseThrow(() -> new IllegalArgumentException(
                    key + ": unknown category '" + path[0] + "'; one of " + Category.ids()));
            String ruleKey = start + category.id();
            if (path.length == 2) {
                categories.computeIfAbsent(category, c -> new Draft()).set(key, path[1], value, false);
            } else if (path.length == 3) {
                Stage stage = Stage.find(path[1]).orElseThrow(() -> new IllegalArgumentException(
                        key + ": unknown stage '" + path[1] + "'; one of " + Stage.ids()));
                overrides.computeIfAbsent(category, c -> new EnumMap<>(Stage.class))
                        .computeIfAbsent(stage, s -> new Draft()).set(key, path[2], value, true);
            } else {
                throw new IllegalArgumentException(key + ": expected " + ruleKey + ".<setting> or " + ruleKey
                        + ".<stage>.<setting>");
            }
        }
        if (categories.isEmpty() && overrides.isEmpty()) {
            throw new IllegalArgumentException("no " + start + "<category>.<setting> keys: the ladder needs at least one "
                    + "category");
        }
        Map<Category, Rule> rules = new EnumMap<>(Category.class);
        Map<Category, Map<Stage, Rule>> stageRules = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            Draft base = categories.get(c);
            Map<Stage, Draft> stages = overrides.getOrDefault(c, Map.of());
            if (base == null && stages.isEmpty()) {
                continue;
            }
            String ruleKey = start + c.id();
            if (base == null) {
                base = new Draft();
            }
            Rule rule = base.build(ruleKey, c, null);
            rules.put(c, rule);
            for (Map.Entry<Stage, Draft> o : stages.entrySet()) {
                Stage s = o.getKey();
                if (!rule.stages().contains(s)) {
                    throw new IllegalArgumentException(o.getValue().firstKey + ": stage '" + s.id() + "' is not in "
                            + ruleKey + ".stages=" + ids(rule.stages()));
                }
                stageRules.computeIfAbsent(c, x -> new EnumMap<>(Stage.class))
                        .put(s, base.with(o.getValue()).build(ruleKey + "." + s.id(), c, s));
            }
        }
        return new LadderPolicy(rules, stageRules, warningPeriod);
    }

    /** Settings of one rule as read so far; null means unset (inherited, or the default). */
    private static final class Draft {
        String firstKey;
        List<Step> steps;
        String stepsKey;
        Map<Severity, Integer> weights;
        Duration window;
        Duration strikeExpiry;
        boolean expiryNever;
        Severity minSeverity;
        Set<Stage> stages;
        Boolean warnFirst;
        Boolean zeroTolerance;
        Severity zeroToleranceMinSeverity;
        Set<String> zeroToleranceDetectors;
        Boolean tiplineReview;
        Boolean secondReviewer;
        String notice;

        void set(String key, String setting, String value, boolean stageOverride) {
            if (firstKey == null) {
                firstKey = key;
            }
            switch (setting) {
                case "steps" -> {
                    steps = steps(key, value);
                    stepsKey = key;
                }
                case "weights" -> weights = weights(key, value);
                case "window" -> window = duration(key, value);
                case "strike-expiry" -> {
                    expiryNever = value.equalsIgnoreCase("never");
                    strikeExpiry = expiryNever ? null : duration(key, value);
                }
                case "min-severity" -> minSeverity = severity(key, value);
                case "stages" -> {
                    if (stageOverride) {
                        throw new IllegalArgumentException(key + ": 'stages' is set per category, not per stage");
                    }
                    stages = stageSet(key, value);
                }
                case "warn-first" -> warnFirst = bool(key, value);
                case "zero-tolerance" -> zeroTolerance = bool(key, value);
                case "zero-tolerance-min-severity" -> zeroToleranceMinSeverity = severity(key, value);
                case "zero-tolerance-detectors" -> zeroToleranceDetectors = tokens(key, value);
                case "tipline-review" -> tiplineReview = bool(key, value);
                case "second-reviewer" -> secondReviewer = bool(key, value);
                case "notice" -> notice = token(key, value);
                default -> throw new IllegalArgumentException(key + ": unknown setting '" + setting + "'; one of "
                        + SETTINGS);
            }
        }

        /** This draft overlaid with the settings {@code o} sets. */
        Draft with(Draft o) {
            Draft d = new Draft();
            d.firstKey = o.firstKey;
            d.steps = o.steps != null ? o.steps : steps;
            d.stepsKey = o.steps != null ? o.stepsKey : stepsKey;
            d.weights = new EnumMap<>(Severity.class);
            if (weights != null) {
                d.weights.putAll(weights);
            }
            if (o.weights != null) {
                d.weights.putAll(o.weights);
            }
            d.window = o.window != null ? o.window : window;
            boolean overrideExpiry = o.strikeExpiry != null || o.expiryNever;
            d.strikeExpiry = overrideExpiry ? o.strikeExpiry : strikeExpiry;
            d.expiryNever = overrideExpiry ? o.expiryNever : expiryNever;
            d.minSeverity = o.minSeverity != null ? o.minSeverity : minSeverity;
            d.stages = stages;
            d.warnFirst = o.warnFirst != null ? o.warnFirst : warnFirst;
            d.zeroTolerance = o.zeroTolerance != null ? o.zeroTolerance : zeroTolerance;
            d.zeroToleranceMinSeverity = o.zeroToleranceMinSeverity != null ? o.zeroToleranceMinSeverity
                    : zeroToleranceMinSeverity;
            d.zeroToleranceDetectors = o.zeroToleranceDetectors != null ? o.zeroToleranceDetectors
                    : zeroToleranceDetectors;
            d.tiplineReview = o.tiplineReview != null ? o.tiplineReview : tiplineReview;
            d.secondReviewer = o.secondReviewer != null ? o.secondReviewer : secondReviewer;
            d.notice = o.notice != null ? o.notice : notice;
            return d;
        }

        Rule build(String ruleKey, Category category, Stage stage) {
            boolean zt = Boolean.TRUE.equals(zeroTolerance);
            boolean warn1 = !Boolean.FALSE.equals(warnFirst);
            List<Step> s = steps;
            String sk = stepsKey != null ? stepsKey : ruleKey + ".steps";
            if (zt) {
                if (s != null && !s.equals(List.of(Step.disable()))) {
                    throw new IllegalArgumentException(sk + ": a zero-tolerance category disables at once; leave steps "
                            + "unset or set it to 'disable'");
                }
                s = List.of(Step.disable());
            } else if (s == null) {
                throw new IllegalArgumentException(sk + ": missing; list the steps, e.g. warn,suspend:24h,suspend:7d,"
                        + "disable (or set " + ruleKey + ".zero-tolerance=true)");
            } else if (warn1 && s.get(0).action() != Action.WARN) {
                throw new IllegalArgumentException(sk + ": the first step must be 'warn' (DSA art. 23 prior warning); set "
                        + ruleKey + ".warn-first=false to skip the warning deliberately");
            }
            Duration w = window != null ? window : Duration.ofDays(90);
            Duration expiry = expiryNever ? null : strikeExpiry != null ? strikeExpiry : Duration.ofDays(180);
            return new Rule(ruleKey, category, stage, s, weights == null ? Map.of() : weights, w, expiry,
                    minSeverity != null ? minSeverity : Severity.LOW,
                    stages != null ? stages : EnumSet.of(Stage.PROMPT, Stage.UPLOAD, Stage.OUTPUT), warn1, zt,
                    zeroToleranceMinSeverity != null ? zeroToleranceMinSeverity : Severity.CRITICAL,
                    zeroToleranceDetectors != null ? zeroToleranceDetectors : Set.of(),
                    Boolean.TRUE.equals(tiplineReview), !Boolean.FALSE.equals(secondReviewer),
                    notice != null ? notice : "standard");
        }
    }

    private static List<String> items(String key, String value, String example) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + ": empty; expected a comma-separated list, e.g. " + example);
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String t = item.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException(key + ": empty item in '" + value + "'");
            }
            items.add(t);
        }
        return items;
    }

    private static List<Step> steps(String key, String value) {
        List<Step> steps = new ArrayList<>();
        for (String item : items(key, value, "warn,suspend:24h,suspend:7d,disable")) {
            try {
                steps.add(Step.parse(item));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < steps.size() - 1; i++) {
            if (steps.get(i).action() == Action.DISABLE) {
                throw new IllegalArgumentException(key + ": 'disable' can only be the last step: '" + value + "'");
            }
        }
        return steps;
    }

    private static Map<Severity, Integer> weights(String key, String value) {
        Map<Severity, Integer> weights = new EnumMap<>(Severity.class);
        for (String item : items(key, value, "low:1,medium:1,high:2,critical:3")) {
            String[] kv = item.split(":", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException(key + ": expected <severity>:<weight>, e.g. low:1,medium:1,high:2,"
                        + "critical:3; got '" + item + "'");
            }
            Severity s = severity(key, kv[0].trim());
            int w;
            try {
                w = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                w = -1;
            }
            if (w < 0 || w > 1000) {
                throw new IllegalArgumentException(key + ": weight of " + s.id() + " must be a whole number 0..1000, got '"
                        + kv[1].trim() + "'");
            }
            weights.put(s, w);
        }
        return weights;
    }

    private static Set<Stage> stageSet(String key, String value) {
        Set<Stage> stages = EnumSet.noneOf(Stage.class);
        for (String item : items(key, value, "prompt,upload,output")) {
            stages.add(Stage.find(item.toLowerCase(Locale.ROOT)).orElseThrow(() -> new IllegalArgumentException(
                    key + ": unknown stage '" + item + "'; one of " + Stage.ids())));
        }
        return stages;
    }

    private static Set<String> tokens(String key, String value) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String item : items(key, value, "hash-service")) {
            tokens.add(token(key, item));
        }
        return tokens;
    }

    private static String token(String key, String value) {
        String t = value.toLowerCase(Locale.ROOT);
        if (!TOKEN.matcher(t).matches()) {
            throw new IllegalArgumentException(key + ": expected a name of [a-z0-9_.-], got '" + value + "'");
        }
        return t;
    }

    private static Duration duration(String key, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static Severity severity(String key, String value) {
        return Severity.find(value.toLowerCase(Locale.ROOT)).orElseThrow(() -> new IllegalArgumentException(
                key + ": unknown severity '" + value + "'; one of " + Severity.ids()));
    }

    private static boolean bool(String key, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + ": expected true or false, got '" + value + "'");
    }

    private static String ids(Collection<Stage> stages) {
        return String.join(",", stages.stream().map(Stage::id).toList());
    }
}
