package io.safetyplane.filter.service;

import java.util.Locale;
import java.util.Map;

import io.safetyplane.filter.engine.InvalidPromptException;
import io.safetyplane.service.Failure;
import io.safetyplane.service.Failure.Kind;

/** The filter-service's failures, with the problem types its API documents. */
public final class FilterFailures {

    private FilterFailures() {
    }

    /** A prompt the engine refuses to evaluate. */
    public static Failure prompt(InvalidPromptException e) {
        return switch (e.reason()) {
            case EMPTY -> new Failure(Kind.INVALID, "empty-prompt", "Empty prompt", e.getMessage());
            case TOO_LONG -> new Failure(Kind.TOO_LARGE, "prompt-too-long", "Prompt too long", e.getMessage());
            case INVALID_UTF8 -> new Failure(Kind.INVALID, "invalid-utf8", "Invalid UTF-8", e.getMessage());
            case LONE_SURROGATE, CONTROL_CHARACTER -> new Failure(Kind.INVALID, "invalid-prompt", "Invalid prompt text",
                    e.getMessage(), Map.of("reason", e.reason().name().toLowerCase(Locale.ROOT)));
        };
    }

    public static Failure missingPrompt() {
        return Failure.invalid("missing-prompt", "Missing prompt", "the request must carry a prompt");
    }

    public static Failure invalidContext(String detail) {
        return Failure.invalid("invalid-context", "Invalid request context", detail);
    }

    public static Failure unknownTenant(String tenantId) {
        return new Failure(Kind.NOT_FOUND, "unknown-tenant", "Unknown tenant",
                "tenant '" + tenantId + "' has no prompt policy; a policy admin must set one before it can check prompts");
    }

    public static Failure invalidTenantId(String tenantId) {
        return Failure.invalid("invalid-tenant-id", "Invalid tenant id",
                "'" + tenantId + "' is not a tenant id: lower-case letters, digits, '.', '_' and '-', at most 63, "
                        + "starting with a letter or digit");
    }

    public static Failure notReady() {
        return new Failure(Kind.UNAVAILABLE, "policy-not-ready", "Tenant policies not loaded",
                "this replica is still reading the tenant policies; try again shortly", Map.of(), 5);
    }
}
