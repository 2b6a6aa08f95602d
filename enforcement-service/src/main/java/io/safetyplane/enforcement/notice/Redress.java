package io.safetyplane.enforcement.notice;

import java.time.LocalDate;

/**
 * The redress information that Art. 17(3)(f) DSA requires in the user notice. It is not part of the Transparency
 * Database payload, because the TDB has no field for it.
 *
 * @param appealChannel how to file an internal complaint (Art. 20), for example a URL or an API route. It comes from
 *        configuration.
 * @param appealDeadline the last day, inclusive and in UTC, on which a complaint is accepted. Art. 20(1) requires at
 *        least six months from the notice. {@link StatementOfReasons} checks this against its {@code
 *        application_date}.
 * @param otherRedress the sentence on out-of-court dispute settlement (Art. 21) and judicial redress. See
 *        {@link #OUT_OF_COURT_AND_JUDICIAL}.
 */
public record Redress(String appealChannel, LocalDate appealDeadline, String otherRedress) {

    /** The default Art. 17(3)(f) sentence on redress outside the internal complaint system. */
    public static final String OUT_OF_COURT_AND_JUDICIAL = "You may also refer this decision to a certified "
            + "out-of-court dispute settlement body under Article 21 of Regulation (EU) 2022/2065 (Digital Services "
            + "Act), or challenge it before the competent courts. Filing an internal complaint does not affect "
            + "either of these rights.";

    public Redress {
        if (appealChannel == null || appealChannel.isBlank()) {
            throw new StatementFieldException("redress.appeal_channel", "required: say how to appeal");
        }
        if (appealDeadline == null) {
            throw new StatementFieldException("redress.appeal_deadline", "required");
        }
        if (otherRedress == null || otherRedress.isBlank()) {
            throw new StatementFieldException("redress.other_redress",
                    "required: Art. 17(3)(f) out-of-court and judicial redress");
        }
    }

    /** Redress with the default out-of-court and judicial sentence. */
    public static Redress of(String appealChannel, LocalDate appealDeadline) {
        return new Redress(appealChannel, appealDeadline, OUT_OF_COURT_AND_JUDICIAL);
    }
}
