package io.safetyplane.enforcement.ladder;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the violating content came in. {@link #UNSPECIFIED} (for example a hash match that does not say) is covered only
 * by rules that apply to every stage.
 */
public enum Stage {
    UNSPECIFIED, PROMPT, UPLOAD, OUTPUT;

    /** Id as written in configuration: {@code prompt}, {@code upload}, {@code output}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Stage> find(String id) {
        return Arrays.stream(values()).filter(s -> s != UNSPECIFIED && s.id().equals(id)).findFirst();
    }

    static String ids() {
        return Arrays.stream(values()).filter(s -> s != UNSPECIFIED).map(Stage::id).toList().toString();
    }
}
