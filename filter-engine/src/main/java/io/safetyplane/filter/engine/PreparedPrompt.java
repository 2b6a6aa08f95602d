package io.safetyplane.filter.engine;

import io.safetyplane.filter.text.Views;

/** A validated prompt with its normalised views, as every {@link PromptSignal} receives it. */
public record PreparedPrompt(String original, Views views) {

    /** The original range {@code [start, end)} with its code point offsets and text. */
    public Span span(int start, int end) {
        int cpStart = original.codePointCount(0, start);
        int cpEnd = cpStart + original.codePointCount(start, end);
        return new Span(start, end, cpStart, cpEnd, original.substring(start, end));
    }
}
