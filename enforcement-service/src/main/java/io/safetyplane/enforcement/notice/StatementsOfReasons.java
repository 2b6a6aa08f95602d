package io.safetyplane.enforcement.notice;

import io.safetyplane.enforcement.notice.NoticeFacts.Action;
import io.safetyplane.enforcement.notice.NoticeFacts.Stage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the statement of reasons for a measure of the enforcement ladder.
 *
 * <h2>Policy category to DSA category and keywords</h2>
 * <table>
 *   <caption>Mapping of platform policy categories</caption>
 *   <tr><th>policy</th><th>{@code category}</th><th>{@code category_specification}</th><th>ground</th></tr>
 *   <tr><td>csam</td><td>STATEMENT_CATEGORY_PROTECTION_OF_MINORS</td>
 *       <td>KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL, plus KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE at the prompt
 *       and output stages (generation)</td>
 *       <td>illegal content: Directive 2011/93/EU, Art. 5</td></tr>
 *   <tr><td>ncii</td><td>STATEMENT_CATEGORY_CYBER_VIOLENCE</td>
 *       <td>KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE at the prompt and output stages,
 *       KEYWORD_NON_CONSENSUAL_IMAGE_SHARING for uploads</td>
 *       <td>illegal content: Directive (EU) 2024/1385, Art. 5</td></tr>
 *   <tr><td>sexual</td><td>STATEMENT_CATEGORY_OTHER_VIOLATION_TC</td><td>KEYWORD_ADULT_SEXUAL_MATERIAL</td>
 *       <td>terms</td></tr>
 *   <tr><td>violence</td><td>STATEMENT_CATEGORY_VIOLENCE</td>
 *       <td>KEYWORD_OTHER ("Graphic violence, gore or violent crime"). No TDB keyword of the category covers
 *       gore.</td><td>terms</td></tr>
 *   <tr><td>hate</td><td>STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH</td><td>KEYWORD_HATE_SPEECH</td>
 *       <td>terms</td></tr>
 *   <tr><td>self_harm</td><td>STATEMENT_CATEGORY_SELF_HARM</td>
 *       <td>none. The policy category spans suicide, self-mutilation and eating disorders, and the decision does
 *       not say which one applies.</td><td>terms</td></tr>
 *   <tr><td>illegal</td><td>STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS</td>
 *       <td>KEYWORD_PROHIBITED_PRODUCTS</td><td>terms</td></tr>
 *   <tr><td>custom</td><td>STATEMENT_CATEGORY_OTHER_VIOLATION_TC</td>
 *       <td>KEYWORD_OTHER ("Content the business customer does not allow on its service")</td><td>terms</td></tr>
 * </table>
 * The gender-specific variants ({@code *_AGAINST_WOMEN}) are never chosen, because the decision does not know who is
 * depicted. On the terms ground, {@code incompatible_content_ground} is the Acceptable Use Policy section from
 * {@link NoticePolicy#termsSection} and {@code decision_ground_reference_url} is {@link NoticePolicy#termsUrl()}. On
 * the illegal-content ground, the reference URL is the directive on EUR-Lex.
 *
 * <h2>Action to restriction</h2>
 * The content that triggered a measure is always blocked and never delivered, which gives {@code decision_visibility
 * = [DECISION_VISIBILITY_CONTENT_DISABLED]}. "Disabled" rather than "removed" is used because a copy may be kept as
 * evidence. The measure then adds:
 * <table>
 *   <caption>Mapping of ladder actions</caption>
 *   <tr><th>action</th><th>target: the tenant's account</th><th>target: one of the tenant's end users</th></tr>
 *   <tr><td>WARN</td><td colspan="2">nothing more; the notice is the written warning</td></tr>
 *   <tr><td>RESTRICT(until?)</td><td colspan="2">{@code decision_provision = DECISION_PROVISION_PARTIAL_SUSPENSION},
 *       {@code end_date_service_restriction = until} if given</td></tr>
 *   <tr><td>SUSPEND(until)</td><td>{@code decision_account = DECISION_ACCOUNT_SUSPENDED},
 *       {@code end_date_account_restriction = until}</td>
 *       <td>{@code decision_provision = DECISION_PROVISION_TOTAL_SUSPENSION},
 *       {@code end_date_service_restriction = until}</td></tr>
 *   <tr><td>DISABLE</td><td>{@code decision_account = DECISION_ACCOUNT_TERMINATED}</td>
 *       <td>{@code decision_provision = DECISION_PROVISION_TOTAL_TERMINATION}</td></tr>
 * </table>
 * An end user has no account with this provider. The tenant's account is not touched when one of its end users is
 * suspended, so the measure is a suspension of the service for that recipient.
 *
 * <h2>Other fields</h2>
 * {@code content_type}: a prompt is CONTENT_TYPE_TEXT. An upload is its medium. An output is its medium plus
 * CONTENT_TYPE_SYNTHETIC_MEDIA. {@code source_type}, {@code automated_detection} and {@code automated_decision} are
 * copied from the facts. Dates are UTC dates. {@code decision_facts} is the ladder's facts text, followed by what was
 * stopped, how it was detected and the measure. It never contains the target's ids. The appeal deadline is {@code
 * application_date + appealWindow}.
 */
public final class StatementsOfReasons {

    static final String CSAM_LEGAL_GROUND = "Directive 2011/93/EU on combating the sexual abuse and sexual "
            + "exploitation of children and child pornography, Article 5 (offences concerning child pornography), "
            + "as transposed into the law of the Member States";
    static final String NCII_LEGAL_GROUND = "Directive (EU) 2024/1385 on combating violence against women and "
            + "domestic violence, Article 5 (non-consensual sharing of intimate or manipulated material), and the "
            + "national criminal law of the Member States";
    static final String CSAM_LAW_URL = "https://eur-lex.europa.eu/eli/dir/2011/93/oj";
    static final String NCII_LAW_URL = "https://eur-lex.europa.eu/eli/dir/2024/1385/oj";

    private StatementsOfReasons() {
    }

    /**
     * The statement of reasons for a measure. The result is valid, because {@link StatementOfReasons} validates on
     * construction.
     *
     * @throws IllegalArgumentException if the appeal window is shorter than six months ({@code appeal_window}), or if
     *         the facts contain the target's ids ({@code decision_facts}). A {@link StatementFieldException} names
     *         any TDB field that breaks a rule, for example facts over 5000 characters or an invalid decision id
     *         ({@code puid}).
     */
    public static StatementOfReasons forSanction(NoticeFacts facts, NoticePolicy policy) {
        LocalDate applicationDate = utcDate(facts.decidedAt());
        LocalDate deadline = applicationDate.plus(facts.appealWindow());
        if (deadline.isBefore(applicationDate.plusMonths(6))) {
            throw new StatementFieldException("appeal_window", "an appeal must be possible for at least six months "
                    + "(Art. 20(1) DSA); " + facts.appealWindow() + " from " + applicationDate + " ends " + deadline);
        }
        for (String id : new String[] {facts.target().accountId(), facts.target().endUserId()}) {
            if (mentions(facts.facts(), id) || mentions(facts.detector(), id)) {
                throw new StatementFieldException("decision_facts", "must not contain the target's identifiers "
                        + "(the statement is sent to the DSA Transparency Database, Art. 24(5))");
            }
        }

        PolicyCategory category = facts.category();
        StatementOfReasons.Builder b = StatementOfReasons.builder()
                .puid(facts.decisionId())
                .decisionVisibility("DECISION_VISIBILITY_CONTENT_DISABLED")
                .category(dsaCategory(category))
                .categorySpecification(keywords(category, facts.stage()))
                .categorySpecificationOther(keywordOther(category))
                .contentType(contentTypes(facts))
                .contentDate(utcDate(facts.contentAt()))
                .applicationDate(applicationDate)
                .sourceType(sourceType(facts.source()))
                .automatedDetection(facts.automatedDetection())
                .automatedDecision("AUTOMATED_DECISION_" + facts.automatedDecision().name())
                .decisionFacts(decisionFacts(facts))
                .territorialScope(policy.territorialScope())
                .redress(Redress.of(policy.appealChannel(), deadline));
        restriction(b, facts);

        String content = contentPhrase(facts);
        if (illegalGround(category)) {
            boolean csam = category == PolicyCategory.CSAM;
            b.decisionGround(StatementOfReasons.GROUND_ILLEGAL)
                    .illegalContentLegalGround(csam ? CSAM_LEGAL_GROUND : NCII_LEGAL_GROUND)
                    .illegalContentExplanation(csam
                            ? "The " + content + " was identified as child sexual abuse material: material that "
                                    + "depicts a child, or realistic images of a child, engaged in sexually explicit "
                                    + "conduct (Article 2(c) of Directive 2011/93/EU). Producing, distributing or "
                                    + "offering such material is a criminal offence."
                            : "The " + content + " was identified as intimate or sexually explicit material of a "
                                    + "real, identifiable person without that person's consent, including material "
                                    + "made or manipulated to make the person appear to engage in sexual activities.")
                    .decisionGroundReferenceUrl(csam ? CSAM_LAW_URL : NCII_LAW_URL);
        } else {
            b.decisionGround(StatementOfReasons.GROUND_INCOMPATIBLE)
                    .incompatibleContentGround(policy.termsSection(category))
                    .incompatibleContentExplanation("The " + content + " was identified as " + description(category)
                            + ", which " + (category == PolicyCategory.SEXUAL || category == PolicyCategory.CUSTOM
                                    ? "the content settings that apply to this service do not allow."
                                    : "the Acceptable Use Policy does not allow."))
                    .decisionGroundReferenceUrl(policy.termsUrl());
        }
        return b.build();
    }

    /** The DSA {@code category} for a policy category (see the class table). */
    public static String dsaCategory(PolicyCategory category) {
        return switch (category) {
            case CSAM -> "STATEMENT_CATEGORY_PROTECTION_OF_MINORS";
            case NCII -> "STATEMENT_CATEGORY_CYBER_VIOLENCE";
            case SEXUAL, CUSTOM -> "STATEMENT_CATEGORY_OTHER_VIOLATION_TC";
            case VIOLENCE -> "STATEMENT_CATEGORY_VIOLENCE";
            case HATE -> "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH";
            case SELF_HARM -> "STATEMENT_CATEGORY_SELF_HARM";
            case ILLEGAL -> "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS";
        };
    }

    /** The {@code category_specification} keywords for a policy category at a stage (see the class table). */
    public static List<String> keywords(PolicyCategory category, Stage stage) {
        boolean generation = stage != Stage.UPLOAD;
        return switch (category) {
            case CSAM -> generation
                    ? List.of("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL", "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE")
                    : List.of("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL");
            case NCII -> generation
                    ? List.of("KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE")
                    : List.of("KEYWORD_NON_CONSENSUAL_IMAGE_SHARING");
            case SEXUAL -> List.of("KEYWORD_ADULT_SEXUAL_MATERIAL");
            case VIOLENCE, CUSTOM -> List.of("KEYWORD_OTHER");
            case HATE -> List.of("KEYWORD_HATE_SPEECH");
            case SELF_HARM -> List.of();
            case ILLEGAL -> List.of("KEYWORD_PROHIBITED_PRODUCTS");
        };
    }

    /** Whether the policy category is decided on the illegal-content ground (csam, ncii) rather than the terms. */
    public static boolean illegalGround(PolicyCategory category) {
        return category == PolicyCategory.CSAM || category == PolicyCategory.NCII;
    }

    private static String keywordOther(PolicyCategory category) {
        return switch (category) {
            case VIOLENCE -> "Graphic violence, gore or violent crime";
            case CUSTOM -> "Content the business customer does not allow on its service";
            default -> null;
        };
    }

    private static String description(PolicyCategory category) {
        return switch (category) {
            case CSAM -> "sexualisation of minors";
            case NCII -> "sexual content of a real, identifiable person";
            case SEXUAL -> "adult sexual content or nudity";
            case VIOLENCE -> "graphic violence, gore or violent crime";
            case HATE -> "hateful content against a protected group";
            case SELF_HARM -> "content depicting or encouraging suicide, self-injury or eating disorders";
            case ILLEGAL -> "content about illegal goods or dangerous activities such as drugs, weapons or explosives";
            case CUSTOM -> "content the business customer does not allow on its service";
        };
    }

    private static void restriction(StatementOfReasons.Builder b, NoticeFacts facts) {
        LocalDate until = facts.until() == null ? null : utcDate(facts.until());
        boolean endUser = facts.target().isEndUser();
        switch (facts.action()) {
            case WARN -> { }
            case RESTRICT -> b.decisionProvision("DECISION_PROVISION_PARTIAL_SUSPENSION").endDateServiceRestriction(until);
            case SUSPEND -> {
                if (endUser) {
                    b.decisionProvision("DECISION_PROVISION_TOTAL_SUSPENSION").endDateServiceRestriction(until);
                } else {
                    b.decisionAccount("DECISION_ACCOUNT_SUSPENDED").endDateAccountRestriction(until);
                }
            }
            case DISABLE -> {
                if (endUser) {
                    b.decisionProvision("DECISION_PROVISION_TOTAL_TERMINATION");
                } else {
                    b.decisionAccount("DECISION_ACCOUNT_TERMINATED");
                }
            }
        }
    }

    private static List<String> contentTypes(NoticeFacts facts) {
        if (facts.stage() == Stage.PROMPT) {
            return List.of("CONTENT_TYPE_TEXT");
        }
        List<String> types = new ArrayList<>();
        types.add("CONTENT_TYPE_" + facts.medium().name());
        if (facts.stage() == Stage.OUTPUT) {
            types.add("CONTENT_TYPE_SYNTHETIC_MEDIA");
        }
        return types;
    }

    private static String sourceType(NoticeFacts.Source source) {
        return switch (source) {
            case ARTICLE_16_NOTICE -> "SOURCE_ARTICLE_16";
            case TRUSTED_FLAGGER -> "SOURCE_TRUSTED_FLAGGER";
            case OTHER_NOTIFICATION -> "SOURCE_TYPE_OTHER_NOTIFICATION";
            case OWN_INITIATIVE -> StatementOfReasons.SOURCE_VOLUNTARY;
        };
    }

    private static String contentPhrase(NoticeFacts facts) {
        String medium = facts.medium().name().toLowerCase(Locale.ROOT);
        return switch (facts.stage()) {
            case PROMPT -> "prompt submitted for generation";
            case UPLOAD -> "uploaded " + medium;
            case OUTPUT -> "generated " + medium;
        };
    }

    private static String decisionFacts(NoticeFacts facts) {
        StringBuilder s = new StringBuilder(facts.facts().strip());
        s.append("\nContent: the ").append(contentPhrase(facts)).append(" was blocked and not delivered.");
        s.append("\nDetection: ").append(facts.automatedDetection()
                ? "by automated means (" + facts.detector().strip() + ")."
                : "not by automated means.");
        s.append("\nMeasure: ").append(measure(facts)).append('.');
        return s.toString();
    }

    private static String measure(NoticeFacts facts) {
        String who = facts.target().isEndUser() ? "the end user's use of the service" : "the account";
        String until = facts.until() == null ? "until further notice" : "until " + utcDate(facts.until());
        Action action = facts.action();
        return switch (action) {
            case WARN -> "written warning; the account and the service are not restricted";
            case RESTRICT -> "part of the service is withdrawn " + until;
            case SUSPEND -> who + " is suspended " + until;
            case DISABLE -> who + " is terminated";
        };
    }

    /**
     * Whether {@code text} contains {@code id} as a whole token. Ids shorter than four characters are not checked,
     * because they would match ordinary numbers and words.
     */
    private static boolean mentions(String text, String id) {
        if (text == null || id == null || id.strip().length() < 4) {
            return false;
        }
        String word = id.strip();
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            int end = at + word.length();
            if ((at == 0 || !idChar(text.charAt(at - 1))) && (end == text.length() || !idChar(text.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    /** A character that continues an identifier: {@code [A-Za-z0-9_-]}. */
    private static boolean idChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static LocalDate utcDate(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
