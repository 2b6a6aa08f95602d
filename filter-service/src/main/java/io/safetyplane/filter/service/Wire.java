package io.safetyplane.filter.service;

import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.Severity;

/** The engine's enums in the plane's event vocabulary ({@code safety.events.v1}). */
public final class Wire {

    private Wire() {
    }

    public static Action action(io.safetyplane.filter.engine.Action a) {
        return switch (a) {
            case ALLOW -> Action.ACTION_ALLOW;
            case REVIEW -> Action.ACTION_REVIEW;
            case BLOCK -> Action.ACTION_BLOCK;
            case BLOCK_AND_REPORT -> Action.ACTION_BLOCK_AND_REPORT;
        };
    }

    public static Severity severity(io.safetyplane.filter.engine.Severity s) {
        return switch (s) {
            case LOW -> Severity.SEVERITY_LOW;
            case MEDIUM -> Severity.SEVERITY_MEDIUM;
            case HIGH -> Severity.SEVERITY_HIGH;
            case CRITICAL -> Severity.SEVERITY_CRITICAL;
        };
    }
}
