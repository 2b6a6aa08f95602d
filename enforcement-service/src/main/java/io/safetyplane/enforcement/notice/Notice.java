package io.safetyplane.enforcement.notice;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The written notice of a decision for the affected tenant, rendered from a {@link StatementOfReasons}. It says what
 * was decided and where it applies, why (facts, ground and category), whether automated means were used, how long
 * the measure lasts, and how to appeal and by when (Art. 17(3) DSA).
 *
 * <p>The text is Markdown that also reads as plain text. Its only personal data is the tenant's own identifier for
 * its end user, and only when the target is an end user. It contains no data of any other user.
 *
 * @param subject a one-line subject, for example for an e-mail or a webhook title
 * @param text the notice
 */
public record Notice(String subject, String text) {

    private static final int MAX_END_USER_ID = 200;

    /** Renders the notice with the labels of the bundled vocabulary. */
    public static Notice of(StatementOfReasons statement, NoticeFacts.Target target) {
        return of(statement, target, DsaVocabulary.standard());
    }

    /** Renders the notice with the labels of {@code vocabulary}. */
    public static Notice of(StatementOfReasons s, NoticeFacts.Target target, DsaVocabulary vocabulary) {
        if (s == null || target == null) {
            throw new IllegalArgumentException("statement and target are required");
        }
        DsaVocabulary v = vocabulary;
        StringBuilder t = new StringBuilder();
        t.append("# Statement of reasons for decision ").append(s.puid()).append("\n\n");
        t.append("Date of the decision: ").append(s.applicationDate()).append('\n');
        t.append("Concerns: ").append(concerns(target)).append("\n\n");

        t.append("## What we decided\n\n");
        for (String d : s.decisionVisibility()) {
            t.append("- ").append("DECISION_VISIBILITY_OTHER".equals(d)
                    ? s.decisionVisibilityOther()
                    : v.label(DsaVocabulary.DECISION_VISIBILITY, d));
            t.append(s.endDateVisibilityRestriction() == null ? "" : ending(s.endDateVisibilityRestriction(), false))
                    .append(".\n");
        }
        if (s.decisionMonetary() != null) {
            t.append("- ").append(s.decisionMonetaryOther() != null
                    ? s.decisionMonetaryOther()
                    : v.label(DsaVocabulary.DECISION_MONETARY, s.decisionMonetary()));
            t.append(ending(s.endDateMonetaryRestriction(), s.decisionMonetary().endsWith("_TERMINATION"))).append(".\n");
        }
        if (s.decisionProvision() != null) {
            t.append("- ").append(v.label(DsaVocabulary.DECISION_PROVISION, s.decisionProvision()))
                    .append(target.isEndUser() ? " for this end user" : "")
                    .append(ending(s.endDateServiceRestriction(), s.decisionProvision().endsWith("_TERMINATION")))
                    .append(".\n");
        }
        if (s.decisionAccount() != null) {
            t.append("- ").append(v.label(DsaVocabulary.DECISION_ACCOUNT, s.decisionAccount()))
                    .append(ending(s.endDateAccountRestriction(), s.decisionAccount().endsWith("_TERMINATED")))
                    .append(".\n");
        }
        if (s.decisionMonetary() == null && s.decisionProvision() == null && s.decisionAccount() == null) {
            t.append("- No restriction was placed on the account or on the use of the service. "
                    + "This notice is a written warning.\n");
        }
        if (!s.territorialScope().isEmpty()) {
            t.append("\nWhere it applies: ").append(scope(s.territorialScope())).append(".\n");
        }

        t.append("\n## Why\n\n");
        t.append("Facts and circumstances:\n\n").append(s.decisionFacts()).append("\n\n");
        if (s.illegalContent()) {
            t.append("Ground: ").append(v.label(DsaVocabulary.DECISION_GROUND, s.decisionGround())).append(".\n");
            t.append("Legal ground: ").append(s.illegalContentLegalGround()).append(".\n");
            t.append("Explanation: ").append(s.illegalContentExplanation()).append('\n');
        } else {
            t.append("Ground: ").append(v.label(DsaVocabulary.DECISION_GROUND, s.decisionGround())).append(".\n");
            t.append("Terms relied on: ").append(s.incompatibleContentGround()).append(".\n");
            t.append("Explanation: ").append(s.incompatibleContentExplanation()).append('\n');
        }
        if (s.decisionGroundReferenceUrl() != null) {
            t.append("Reference: ").append(s.decisionGroundReferenceUrl()).append('\n');
        }
        t.append("Category: ").append(v.label(DsaVocabulary.CATEGORY, s.category()));
        if (!s.categorySpecification().isEmpty()) {
            t.append(" (").append(s.categorySpecification().stream()
                    .map(k -> "KEYWORD_OTHER".equals(k) && s.categorySpecificationOther() != null
                            ? s.categorySpecificationOther()
                            : v.label(DsaVocabulary.CATEGORY_SPECIFICATION, k))
                    .collect(Collectors.joining("; "))).append(')');
        }
        t.append(".\n");
        t.append("How we learnt of it: ").append(v.label(DsaVocabulary.SOURCE_TYPE, s.sourceType())).append(".\n");

        t.append("\n## Use of automated means\n\n");
        t.append("- Detection: ").append(s.automatedDetection()
                ? "the content was detected by automated means."
                : "the content was not detected by automated means.").append('\n');
        t.append("- Decision: ").append(switch (s.automatedDecision()) {
            case "AUTOMATED_DECISION_FULLY" -> "this decision was taken fully by automated means, without review "
                    + "by a person.";
            case "AUTOMATED_DECISION_PARTIALLY" -> "this decision was taken partly by automated means and "
                    + "partly by a person.";
            default -> "this decision was taken by a person, not by automated means.";
        }).append('\n');

        Redress r = s.redress();
        t.append("\n## How to appeal\n\n");
        t.append("You can appeal this decision free of charge until ").append(r.appealDeadline())
                .append(" (inclusive, UTC) through ").append(r.appealChannel()).append(". Quote the decision id ")
                .append(s.puid()).append(" and explain why you think the decision is wrong. ")
                .append("Appeals are decided by qualified staff, not solely by automated means. If your appeal "
                        + "succeeds, the decision is reversed without undue delay.\n\n");
        t.append(r.otherRedress()).append('\n');

        return new Notice("Decision " + s.puid() + ": " + headline(s, v), t.toString());
    }

    /**
     * The notice that a measure ended before its term, for example because an appeal succeeded.
     *
     * @param decisionId the decision whose measure was lifted (its statement's {@code puid})
     * @param action the measure that was lifted
     * @param liftedOn the UTC date it ended
     * @param reason why it was lifted, in words
     */
    public static Notice lifted(String decisionId, NoticeFacts.Action action, NoticeFacts.Target target, LocalDate liftedOn,
            String reason) {
        if (decisionId == null || action == null || target == null || liftedOn == null || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("decision id, action, target, date and reason are required");
        }
        String measure = switch (action) {
            case WARN -> "written warning";
            case RESTRICT -> "restriction of the service";
            case SUSPEND -> "suspension";
            case DISABLE -> "termination";
        };
        String text = "# Decision " + decisionId + " reversed\n\n"
                + "Date: " + liftedOn + "\n"
                + "Concerns: " + concerns(target) + "\n\n"
                + "The " + measure + " decided in decision " + decisionId + " was lifted on " + liftedOn
                + " (UTC), before its term. The strike it caused was removed, and it no longer counts towards any "
                + "further measure.\n\n"
                + "Reason: " + reason.strip() + "\n";
        return new Notice("Decision " + decisionId + " reversed: " + measure + " lifted", text);
    }

    private static String concerns(NoticeFacts.Target target) {
        if (!target.isEndUser()) {
            return "your account.";
        }
        return "your end user \"" + clean(target.endUserId()) + "\" (your own identifier for this user).";
    }

    /** Removes control characters and caps the length: the id is tenant-supplied and is printed verbatim. */
    private static String clean(String id) {
        String s = id.replaceAll("\\p{Cntrl}", " ").replace('"', '\'').strip();
        return s.length() > MAX_END_USER_ID ? s.substring(0, MAX_END_USER_ID) + "..." : s;
    }

    /** How long a restriction lasts: its end date, permanent (a termination) or open-ended. */
    private static String ending(LocalDate end, boolean permanent) {
        if (end != null) {
            return ", until " + end + " (UTC)";
        }
        return permanent ? ". This is permanent" : ", until further notice";
    }

    private static String scope(List<String> countries) {
        if (new HashSet<>(countries).containsAll(DsaVocabulary.EU_EEA_COUNTRIES)) {
            return "all EU and EEA countries";
        }
        return String.join(", ", countries);
    }

    private static String headline(StatementOfReasons s, DsaVocabulary v) {
        if (s.decisionAccount() != null) {
            return v.label(DsaVocabulary.DECISION_ACCOUNT, s.decisionAccount())
                    + (s.endDateAccountRestriction() == null ? "" : ending(s.endDateAccountRestriction(), false));
        }
        if (s.decisionProvision() != null) {
            return v.label(DsaVocabulary.DECISION_PROVISION, s.decisionProvision())
                    + (s.endDateServiceRestriction() == null ? "" : ending(s.endDateServiceRestriction(), false));
        }
        if (s.decisionMonetary() != null) {
            return v.label(DsaVocabulary.DECISION_MONETARY, s.decisionMonetary());
        }
        return "content blocked, written warning";
    }
}
