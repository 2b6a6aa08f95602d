package io.safetyplane.cybertipline.job;

import java.util.List;
import java.util.Objects;

import io.safetyplane.cybertipline.SchemaError;

/**
 * Why a report waits for a person.
 *
 * @param reason what went wrong, with NCMEC's response code and {@code Request-ID} when it answered
 * @param schemaErrors the XSD errors when the report or a file's details failed validation here (nothing was sent)
 * @param alert true when an operator must act (credentials, an unknown answer, retries exhausted), false when the
 *        payload must be fixed
 */
public record Hold(String reason, List<SchemaError> schemaErrors, boolean alert) {
    public Hold {
        Objects.requireNonNull(reason, "reason");
        schemaErrors = List.copyOf(schemaErrors);
    }
}
