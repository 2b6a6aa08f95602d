package io.safetyplane.filter.engine;

import java.util.List;

/**
 * A source of findings about a prompt. The lexicon and its rules are one; a machine-learned text
 * classifier can be another, added without touching the rest of the pipeline.
 */
public interface PromptSignal {

    /** Short name, used as the prefix of the rule ids in its findings. */
    String name();

    /** Findings for a prompt that has passed validation; never null. */
    List<Finding> assess(PreparedPrompt prompt);
}
