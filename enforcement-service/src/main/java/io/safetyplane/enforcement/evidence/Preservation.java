package io.safetyplane.enforcement.evidence;

import io.safetyplane.enforcement.evidence.PreservationException.Reason;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The preservation state of one evidence record, as an immutable value; every transition returns a new value or
 * throws {@link PreservationException}.
 *
 * <p>The rules (18 U.S.C. §2258A(h) as amended by the REPORT Act, §2258B(c)):
 * <ul>
 * <li>From detection until the CyberTipline report is filed the evidence is held ({@link Status#AWAITING_REPORT}):
 *     the statute's clock has not started, so nothing may be purged.</li>
 * <li>A filed report starts the clock: preserved until one year after the filing ({@link #preservedUntil()}).</li>
 * <li>Legal holds extend preservation, until lifted or to a date; several may be in force.</li>
 * <li>A law-enforcement request destroys the bytes ({@link #destroy}); the {@link Destruction} record stays.
 *     Refused while a legal hold is in force: a person resolves the conflict and lifts it first.</li>
 * <li>Evidence that will not be reported is {@link #dismiss dismissed}; without a hold it may be purged at once.</li>
 * <li>{@link #expired(Instant)}: eligible for purge, never before the end of preservation or while held.</li>
 * </ul>
 *
 * @param detectedAt    when the evidence was preserved (the hash match or the confirmed decision)
 * @param reportFiledAt when the report was filed (finished), {@code null} before
 * @param dismissal     {@code null} unless it will not be reported
 * @param holds         legal holds, lifted ones included, in the order placed
 * @param destruction   {@code null} unless destroyed on request
 * @param purgedAt      {@code null} unless purged after expiry
 */
public record Preservation(Instant detectedAt, Instant reportFiledAt, Dismissal dismissal, List<LegalHold> holds,
        Destruction destruction, Instant purgedAt) {

    /** What a reviewer or the purge job sees at a given moment. */
    public enum Status {
        /** Detected, report not filed yet: held from detection. */
        AWAITING_REPORT,
        /** Within the year after the report was filed. */
        PRESERVED,
        /** A legal hold is in force. */
        HELD,
        /** Eligible for purge. */
        EXPIRED,
        /** Destroyed on a law-enforcement request. */
        DESTROYED,
        /** Purged after expiry. */
        PURGED
    }

    public Preservation {
        Objects.requireNonNull(detectedAt, "detectedAt");
        holds = List.copyOf(Objects.requireNonNull(holds, "holds"));
        if (reportFiledAt != null && dismissal != null) {
            throw new IllegalArgumentException("evidence cannot be both reported and dismissed");
        }
        if (destruction != null && purgedAt != null) {
            throw new IllegalArgumentException("evidence cannot be both destroyed and purged");
        }
        notBeforeDetection(detectedAt, reportFiledAt, "report filed");
        notBeforeDetection(detectedAt, dismissal == null ? null : dismissal.at(), "dismissed");
        notBeforeDetection(detectedAt, destruction == null ? null : destruction.destroyedAt(), "destroyed");
        notBeforeDetection(detectedAt, purgedAt, "purged");
        List<String> references = new ArrayList<>();
        for (LegalHold h : holds) {
            notBeforeDetection(detectedAt, h.placedAt(), "legal hold " + h.reference() + " placed");
            if (references.contains(h.reference())) {
                throw new IllegalArgumentException("legal hold " + h.reference() + " appears twice");
            }
            references.add(h.reference());
        }
    }

    /** Evidence just preserved, held until its report is filed. */
    public static Preservation detected(Instant at) {
        return new Preservation(at, null, null, List.of(), null, null);
    }

    /**
     * The report was filed (the CyberTipline's /finish succeeded) at {@code at}: the one-year clock starts. Repeating
     * it with the same instant returns this value unchanged, so a replayed step is harmless.
     */
    public Preservation reportFiled(Instant at) {
        Objects.requireNonNull(at, "at");
        requireBytes("record a filed report for");
        if (reportFiledAt != null) {
            if (reportFiledAt.equals(at)) {
                return this;
            }
            throw notAllowed("the report was already filed at " + reportFiledAt);
        }
        if (dismissal != null) {
            throw notAllowed("the evidence was dismissed at " + dismissal.at() + " (" + dismissal.reason() + ")");
        }
        return new Preservation(detectedAt, at, null, holds, null, null);
    }

    /** The evidence will not be reported; the hold from detection ends. */
    public Preservation dismiss(Dismissal d) {
        Objects.requireNonNull(d, "dismissal");
        requireBytes("dismiss");
        if (reportFiledAt != null) {
            throw notAllowed("the report was filed at " + reportFiledAt + "; reported evidence is preserved");
        }
        if (dismissal != null) {
            throw notAllowed("the evidence was already dismissed at " + dismissal.at());
        }
        return new Preservation(detectedAt, null, d, holds, null, null);
    }

    /** Places a legal hold; possible at any time before the bytes are gone, after expiry included. */
    public Preservation placeHold(LegalHold hold) {
        Objects.requireNonNull(hold, "hold");
        requireBytes("place a legal hold on");
        if (hold.liftedAt() != null) {
            throw new IllegalArgumentException("legal hold " + hold.reference() + " is placed unlifted");
        }
        if (hold(hold.reference()).isPresent()) {
            throw notAllowed("legal hold " + hold.reference() + " already exists; a new hold needs a new reference");
        }
        List<LegalHold> next = new ArrayList<>(holds);
        next.add(hold);
        return new Preservation(detectedAt, reportFiledAt, dismissal, next, destruction, purgedAt);
    }

    /** Lifts the legal hold {@code reference}. */
    public Preservation liftHold(String reference, String by, Instant at) {
        LegalHold hold = hold(reference).orElseThrow(() -> notAllowed("there is no legal hold " + reference));
        if (hold.liftedAt() != null) {
            throw notAllowed("legal hold " + reference + " was already lifted at " + hold.liftedAt());
        }
        List<LegalHold> next = new ArrayList<>(holds);
        next.set(holds.indexOf(hold), hold.lift(by, at));
        return new Preservation(detectedAt, reportFiledAt, dismissal, next, destruction, purgedAt);
    }

    /** Destroys the bytes on a law-enforcement request; refused while a legal hold is in force. */
    public Preservation destroy(Destruction d) {
        Objects.requireNonNull(d, "destruction");
        requireBytes("destroy");
        activeHold(d.destroyedAt()).ifPresent(h -> {
            throw notAllowed("legal hold " + h.reference() + " is in force; lift it before destroying the evidence");
        });
        return new Preservation(detectedAt, reportFiledAt, dismissal, holds, d, null);
    }

    /** Purges expired evidence at {@code now}. */
    public Preservation purge(Instant now) {
        Objects.requireNonNull(now, "now");
        requireBytes("purge");
        if (!expired(now)) {
            throw notAllowed(whyNotExpired(now));
        }
        return new Preservation(detectedAt, reportFiledAt, dismissal, holds, null, now);
    }

    /** Whether the bytes still exist (neither destroyed nor purged). */
    public boolean readable() {
        return destruction == null && purgedAt == null;
    }

    /** @throws PreservationException GONE when the bytes were destroyed or purged */
    public void requireReadable() {
        requireBytes("read");
    }

    /** One year after the report was filed; empty before. */
    public Optional<Instant> preservedUntil() {
        return Optional.ofNullable(reportFiledAt).map(Preservation::oneYearAfter);
    }

    /**
     * The earliest moment the evidence may be purged given what is known now: the end of the year after the report
     * (or the dismissal), extended to the end of every legal hold. Empty while the report is outstanding, while an
     * open-ended hold is unlifted, or when the bytes are already gone.
     */
    public Optional<Instant> earliestPurge() {
        if (!readable()) {
            return Optional.empty();
        }
        Instant end = reportFiledAt != null ? oneYearAfter(reportFiledAt) : dismissal != null ? dismissal.at() : null;
        if (end == null) {
            return Optional.empty();
        }
        for (LegalHold h : holds) {
            if (h.end() == null) {
                return Optional.empty();
            }
            if (h.end().isAfter(end)) {
                end = h.end();
            }
        }
        return Optional.of(end);
    }

    /** Eligible for purge at {@code now}. */
    public boolean expired(Instant now) {
        return earliestPurge().map(t -> !now.isBefore(t)).orElse(false);
    }

    /** The legal hold in force at {@code now}, the first placed when several are. */
    public Optional<LegalHold> activeHold(Instant now) {
        return holds.stream().filter(h -> h.activeAt(now)).findFirst();
    }

    public Status status(Instant now) {
        if (destruction != null) {
            return Status.DESTROYED;
        }
        if (purgedAt != null) {
            return Status.PURGED;
        }
        if (activeHold(now).isPresent()) {
            return Status.HELD;
        }
        if (reportFiledAt == null && dismissal == null) {
            return Status.AWAITING_REPORT;
        }
        return expired(now) ? Status.EXPIRED : Status.PRESERVED;
    }

    /**
     * The calendar anniversary in UTC; a filing on 29 February is preserved until 1 March of the next year, so the
     * period is never shorter than a year.
     */
    static Instant oneYearAfter(Instant t) {
        OffsetDateTime filed = t.atOffset(ZoneOffset.UTC);
        OffsetDateTime end = filed.plusYears(1);
        return (end.getDayOfMonth() == filed.getDayOfMonth() ? end : end.plusDays(1)).toInstant();
    }

    private String whyNotExpired(Instant now) {
        if (reportFiledAt == null && dismissal == null) {
            return "the report has not been filed; evidence is held from detection until then";
        }
        Optional<LegalHold> held = activeHold(now);
        if (held.isPresent()) {
            return "legal hold " + held.get().reference() + " is in force"
                    + (held.get().until() == null ? " until lifted" : " until " + held.get().until());
        }
        return earliestPurge().map(t -> "preserved until " + t).orElse("a legal hold is in force until lifted");
    }

    private Optional<LegalHold> hold(String reference) {
        return holds.stream().filter(h -> h.reference().equals(reference)).findFirst();
    }

    private void requireBytes(String action) {
        if (destruction != null) {
            throw new PreservationException(Reason.GONE, "cannot " + action + " evidence destroyed at "
                    + destruction.destroyedAt() + " on the request of " + destruction.requestedBy() + " ("
                    + destruction.reference() + ")");
        }
        if (purgedAt != null) {
            throw new PreservationException(Reason.GONE, "cannot " + action + " evidence purged at " + purgedAt);
        }
    }

    private static PreservationException notAllowed(String message) {
        return new PreservationException(Reason.NOT_ALLOWED, message);
    }

    private static void notBeforeDetection(Instant detectedAt, Instant t, String what) {
        if (t != null && t.isBefore(detectedAt)) {
            throw new IllegalArgumentException(what + " at " + t + ", before detection at " + detectedAt);
        }
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
