package io.safetyplane.hash.service;

import java.util.Locale;

import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.service.Failure;

/**
 * The stage a matched medium came in at: {@code upload} (an init image, the default) or {@code output} (a
 * generated output). Prompts are text and have no hashes, so the prompt stage is refused.
 */
public final class ContentStages {

    private ContentStages() {
    }

    /** A REST value, {@code upload} or {@code output} (any case); absent or blank means upload. */
    public static ContentStage parse(String value) {
        if (value == null || value.isBlank()) {
            return ContentStage.CONTENT_STAGE_UPLOAD;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "upload" -> ContentStage.CONTENT_STAGE_UPLOAD;
            case "output" -> ContentStage.CONTENT_STAGE_OUTPUT;
            default -> throw invalid("'" + value + "'");
        };
    }

    /** A gRPC value; unset means upload. */
    public static ContentStage check(ContentStage stage) {
        return switch (stage) {
            case CONTENT_STAGE_UNSPECIFIED, CONTENT_STAGE_UPLOAD -> ContentStage.CONTENT_STAGE_UPLOAD;
            case CONTENT_STAGE_OUTPUT -> ContentStage.CONTENT_STAGE_OUTPUT;
            default -> throw invalid(stage == ContentStage.UNRECOGNIZED ? "an unknown value" : stage.name());
        };
    }

    /** {@code upload} or {@code output}. */
    public static String wireName(ContentStage stage) {
        return stage == ContentStage.CONTENT_STAGE_OUTPUT ? "output" : "upload";
    }

    private static Failure invalid(String what) {
        return Failure.invalid("invalid-stage", "Invalid stage",
                "stage must be upload (an init image, the default) or output (a generated output), not " + what);
    }
}
