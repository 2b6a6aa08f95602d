package io.safetyplane.classifier.model;

import java.util.Locale;

/** What a classifier verdict asks the gate to do, mildest first. The classifier never reports: that takes a person. */
public enum Action {
    ALLOW, REVIEW, BLOCK;

    /** The id in REST bodies: {@code allow}, {@code review}, {@code block}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Action max(Action other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
