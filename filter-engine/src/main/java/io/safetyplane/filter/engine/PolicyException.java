package io.safetyplane.filter.engine;

import java.util.List;

/** A tenant policy that cannot be applied; lists every problem found, not just the first. */
public final class PolicyException extends IllegalArgumentException {
    private final List<String> problems;

    public PolicyException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
