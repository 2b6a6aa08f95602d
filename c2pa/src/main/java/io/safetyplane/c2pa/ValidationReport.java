package io.safetyplane.c2pa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the verifier found in one asset. {@code manifestPresent} false means no manifest store was found (and
 * nothing else is set); otherwise {@code state} is the verdict on the active manifest and the three status
 * lists say why, in the reference implementation's codes.
 */
public record ValidationReport(boolean manifestPresent, String format, ValidationState state, String activeManifest,
        int claimVersion, String claimGenerator, List<String> assertions, List<Action> actions, boolean aiGenerated,
        Optional<Signature> signature, List<ValidationStatus> success, List<ValidationStatus> informational,
        List<ValidationStatus> failure) {

    /** An action of the manifest's actions assertion. */
    public record Action(String action, String digitalSourceType, String softwareAgent) {
    }

    /** Who signed the claim and when, as far as the signature says. */
    public record Signature(String algorithm, String subject, String issuer, Instant notAfter, boolean trusted,
            Optional<Instant> timestamp, boolean timestampTrusted) {
    }

    static ValidationReport absent(String format) {
        return new ValidationReport(false, format, null, null, 0, null, List.of(), List.of(), false, Optional.empty(), List.of(),
                List.of(), List.of());
    }

    /** True when some failure code is {@code code}. */
    public boolean hasFailure(String code) {
        return failure.stream().anyMatch(s -> s.code().equals(code));
    }
}
