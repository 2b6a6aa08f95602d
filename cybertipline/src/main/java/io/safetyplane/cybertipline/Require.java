package io.safetyplane.cybertipline;

import java.util.List;
import java.util.Objects;

/** Constructor checks of the report model, with messages that name the CyberTipline element. */
final class Require {
    private Require() {
    }

    static <T> T present(T value, String element) {
        return Objects.requireNonNull(value, () -> element + " is required");
    }

    static String text(String value, String element) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(element + " is required and must not be blank");
        }
        return value;
    }

    /** An optional text: absent (null) is fine, blank is not, so that no empty element is ever written. */
    static String optionalText(String value, String element) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(element + " must be absent (null) or not blank");
        }
        return value;
    }

    static <T> List<T> list(List<T> values, String element) {
        present(values, element);
        for (T v : values) {
            present(v, element + " entry");
        }
        return List.copyOf(values);
    }
}
