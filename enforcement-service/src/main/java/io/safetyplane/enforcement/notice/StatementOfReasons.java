package io.safetyplane.enforcement.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A written statement of reasons under Art. 17 of Regulation (EU) 2022/2065 (DSA). Its fields are those of the DSA
 * Transparency Database (TDB) API, plus the redress information that the user notice must carry.
 *
 * <p>This record is the one decision record of {@code shared/reference/enforcement.md} §6 item 1. The user notice
 * ({@link Notice}) and the TDB payload ({@link #toTdbJson()}) are both views of it. It holds no personal data: who was
 * affected stays with the enforcement decision, not here (Art. 24(5)).
 *
 * <p>Each component has the TDB field of the same name in snake case, for example {@code endDateAccountRestriction}
 * and {@code end_date_account_restriction}. Enumerated values are the TDB API values, for example {@code
 * DECISION_ACCOUNT_SUSPENDED}. {@code automatedDetection} is sent as {@code "Yes"}/{@code "No"}. {@code redress} is
 * not sent. Blank strings count as absent and become {@code null}. A {@code null} list becomes an empty list.
 *
 * <p><b>Validation.</b> The constructor checks every rule below against {@link DsaVocabulary#standard()}, so a
 * statement that exists is valid. A broken rule throws {@link StatementFieldException}, which names the TDB field.
 * The rules follow the TDB request validation ({@code GroupedSubmissionsService::multi_rules} and the API
 * documentation). Rules marked <i>(ours)</i> are stricter than the TDB: where the TDB silently drops a field that
 * does not belong, this record refuses it, so that what the user is told and what the TDB stores cannot differ.
 * <ol>
 *   <li>{@code puid}: required, at most 500 characters, only {@code [A-Za-z0-9_-]}.</li>
 *   <li>At least one of {@code decision_visibility}, {@code decision_monetary}, {@code decision_provision} and
 *       {@code decision_account}. Each value must be in the vocabulary, and list values must not repeat.</li>
 *   <li>{@code decision_visibility_other} is required when, and only when, {@code decision_visibility} contains
 *       {@code DECISION_VISIBILITY_OTHER} (at most 500 characters). {@code decision_monetary_other} follows the same
 *       rule for {@code DECISION_MONETARY_OTHER}.</li>
 *   <li>End dates are allowed only with a temporary restriction of their kind <i>(ours; the TDB treats a missing
 *       end date as indefinite)</i>:
 *       {@code end_date_account_restriction} only with {@code DECISION_ACCOUNT_SUSPENDED};
 *       {@code end_date_service_restriction} only with a {@code DECISION_PROVISION_*_SUSPENSION};
 *       {@code end_date_monetary_restriction} only with {@code DECISION_MONETARY_SUSPENSION} or {@code _OTHER};
 *       {@code end_date_visibility_restriction} only with a visibility restriction other than removal. Every end
 *       date must fall between {@code application_date} and 2038-01-01.</li>
 *   <li>{@code decision_ground} is required. {@code DECISION_GROUND_ILLEGAL_CONTENT} requires
 *       {@code illegal_content_legal_ground} (at most 500 characters) and {@code illegal_content_explanation} (at most
 *       2000). {@code DECISION_GROUND_INCOMPATIBLE_CONTENT} requires {@code incompatible_content_ground} (at most 500)
 *       and {@code incompatible_content_explanation} (at most 2000). The other ground's fields must be absent, and
 *       {@code incompatible_content_illegal} (Yes/No) is allowed only with the incompatible ground.</li>
 *   <li>{@code decision_ground_reference_url}: optional, an absolute http(s) URL of at most 500 characters.</li>
 *   <li>{@code content_type}: at least one. {@code content_type_other} is required when, and only when, the list
 *       contains {@code CONTENT_TYPE_OTHER}.</li>
 *   <li>{@code category} is required. {@code category_addition} and {@code category_specification} are optional.
 *       {@code category_addition} must not repeat {@code category} <i>(ours)</i>. {@code category_specification_other}
 *       is allowed only when {@code category_specification} contains {@code KEYWORD_OTHER} <i>(ours)</i>.</li>
 *   <li>{@code content_language}: optional, an upper-case ISO 639-1 code.</li>
 *   <li>{@code content_date} is required, from 2000-01-01 to 2038-01-01. {@code application_date} is required, from
 *       2020-01-01 to 2038-01-01. {@code content_date} must not be after {@code application_date} <i>(ours)</i>.</li>
 *   <li>{@code decision_facts} is required, at most 5000 characters.</li>
 *   <li>{@code source_type} is required. {@code source_identity} has at most 500 characters and is refused with
 *       {@code SOURCE_VOLUNTARY} <i>(ours; the TDB ignores it)</i>.</li>
 *   <li>{@code automated_detection} and {@code automated_decision} are required.</li>
 *   <li>{@code territorial_scope}: EU/EEA country codes ({@link DsaVocabulary#EU_EEA_COUNTRIES}) that do not
 *       repeat.</li>
 *   <li>{@code redress} is required <i>(ours, Art. 17(3)(f))</i>. Its deadline must be at least six months after
 *       {@code application_date} (Art. 20(1)).</li>
 * </ol>
 * Lengths count Unicode code points, as the TDB does ({@code mb_strlen}).
 */
public record StatementOfReasons(
        List<String> decisionVisibility,
        String decisionVisibilityOther,
        LocalDate endDateVisibilityRestriction,
        String decisionMonetary,
        String decisionMonetaryOther,
        LocalDate endDateMonetaryRestriction,
        String decisionProvision,
        LocalDate endDateServiceRestriction,
        String decisionAccount,
        LocalDate endDateAccountRestriction,
        String accountType,
        String decisionGround,
        String decisionGroundReferenceUrl,
        String illegalContentLegalGround,
        String illegalContentExplanation,
        String incompatibleContentGround,
        String incompatibleContentExplanation,
        String incompatibleContentIllegal,
        String category,
        List<String> categoryAddition,
        List<String> categorySpecification,
        String categorySpecificationOther,
        List<String> contentType,
        String contentTypeOther,
        String contentLanguage,
        LocalDate contentDate,
        LocalDate applicationDate,
        String sourceType,
        String sourceIdentity,
        boolean automatedDetection,
        String automatedDecision,
        String decisionFacts,
        List<String> territorialScope,
        String puid,
        Redress redress) {

    public static final String GROUND_ILLEGAL = "DECISION_GROUND_ILLEGAL_CONTENT";
    public static final String GROUND_INCOMPATIBLE = "DECISION_GROUND_INCOMPATIBLE_CONTENT";
    public static final String SOURCE_VOLUNTARY = "SOURCE_VOLUNTARY";

    private static final Pattern PUID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final LocalDate MAX_DATE = LocalDate.of(2038, 1, 1);
    private static final LocalDate MIN_CONTENT_DATE = LocalDate.of(2000, 1, 1);
    private static final LocalDate MIN_APPLICATION_DATE = LocalDate.of(2020, 1, 1);
    private static final Set<String> ISO_639_1 = new HashSet<>(Arrays.asList(Locale.getISOLanguages()));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Normalises (blank strings become {@code null}, lists are copied) and validates against the bundled vocabulary. */
    public StatementOfReasons {
        decisionVisibility = list(decisionVisibility, "decision_visibility");
        decisionVisibilityOther = blankToNull(decisionVisibilityOther);
        decisionMonetary = blankToNull(decisionMonetary);
        decisionMonetaryOther = blankToNull(decisionMonetaryOther);
        decisionProvision = blankToNull(decisionProvision);
        decisionAccount = blankToNull(decisionAccount);
        accountType = blankToNull(accountType);
        decisionGround = blankToNull(decisionGround);
        decisionGroundReferenceUrl = blankToNull(decisionGroundReferenceUrl);
        illegalContentLegalGround = blankToNull(illegalContentLegalGround);
        illegalContentExplanation = blankToNull(illegalContentExplanation);
        incompatibleContentGround = blankToNull(incompatibleContentGround);
        incompatibleContentExplanation = blankToNull(incompatibleContentExplanation);
        incompatibleContentIllegal = blankToNull(incompatibleContentIllegal);
        category = blankToNull(category);
        categoryAddition = list(categoryAddition, "category_addition");
        categorySpecification = list(categorySpecification, "category_specification");
        categorySpecificationOther = blankToNull(categorySpecificationOther);
        contentType = list(contentType, "content_type");
        contentTypeOther = blankToNull(contentTypeOther);
        contentLanguage = blankToNull(contentLanguage);
        sourceType = blankToNull(sourceType);
        sourceIdentity = blankToNull(sourceIdentity);
        automatedDecision = blankToNull(automatedDecision);
        decisionFacts = blankToNull(decisionFacts);
        territorialScope = list(territorialScope, "territorial_scope");
        puid = blankToNull(puid);
        validate(DsaVocabulary.standard(), decisionVisibility, decisionVisibilityOther, endDateVisibilityRestriction,
                decisionMonetary, decisionMonetaryOther, endDateMonetaryRestriction, decisionProvision,
                endDateServiceRestriction, decisionAccount, endDateAccountRestriction, accountType, decisionGround,
                decisionGroundReferenceUrl, illegalContentLegalGround, illegalContentExplanation,
                incompatibleContentGround, incompatibleContentExplanation, incompatibleContentIllegal, category,
                categoryAddition, categorySpecification, categorySpecificationOther, contentType, contentTypeOther,
                contentLanguage, contentDate, applicationDate, sourceType, sourceIdentity, automatedDetection,
                automatedDecision, decisionFacts, territorialScope, puid, redress);
    }

    /**
     * Checks this statement against another vocabulary, for example a newer copy of the TDB values. The bundled one
     * was already checked when the statement was built.
     *
     * @throws StatementFieldException naming the first field that breaks a rule
     */
    public void validateAgainst(DsaVocabulary vocabulary) {
        validate(vocabulary, decisionVisibility, decisionVisibilityOther, endDateVisibilityRestriction,
                decisionMonetary, decisionMonetaryOther, endDateMonetaryRestriction, decisionProvision,
                endDateServiceRestriction, decisionAccount, endDateAccountRestriction, accountType, decisionGround,
                decisionGroundReferenceUrl, illegalContentLegalGround, illegalContentExplanation,
                incompatibleContentGround, incompatibleContentExplanation, incompatibleContentIllegal, category,
                categoryAddition, categorySpecification, categorySpecificationOther, contentType, contentTypeOther,
                contentLanguage, contentDate, applicationDate, sourceType, sourceIdentity, automatedDetection,
                automatedDecision, decisionFacts, territorialScope, puid, redress);
    }

    /** {@code automated_detection} as the TDB wants it: {@code "Yes"} or {@code "No"}. */
    public String tdbAutomatedDetection() {
        return automatedDetection ? "Yes" : "No";
    }

    /** Whether the decision was taken on the ground of illegal content, not on the terms and conditions. */
    public boolean illegalContent() {
        return GROUND_ILLEGAL.equals(decisionGround);
    }

    /**
     * The TDB submission as an ordered map with the exact API field names. The order follows the API documentation.
     * Absent optional fields and empty lists are left out. Dates are {@code YYYY-MM-DD}. {@code redress} is not
     * included.
     */
    public Map<String, Object> toTdbMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "decision_visibility", decisionVisibility);
        put(m, "decision_visibility_other", decisionVisibilityOther);
        put(m, "end_date_visibility_restriction", endDateVisibilityRestriction);
        put(m, "decision_monetary", decisionMonetary);
        put(m, "decision_monetary_other", decisionMonetaryOther);
        put(m, "end_date_monetary_restriction", endDateMonetaryRestriction);
        put(m, "decision_provision", decisionProvision);
        put(m, "end_date_service_restriction", endDateServiceRestriction);
        put(m, "decision_account", decisionAccount);
        put(m, "end_date_account_restriction", endDateAccountRestriction);
        put(m, "account_type", accountType);
        put(m, "decision_ground", decisionGround);
        put(m, "decision_ground_reference_url", decisionGroundReferenceUrl);
        put(m, "illegal_content_legal_ground", illegalContentLegalGround);
        put(m, "illegal_content_explanation", illegalContentExplanation);
        put(m, "incompatible_content_ground", incompatibleContentGround);
        put(m, "incompatible_content_explanation", incompatibleContentExplanation);
        put(m, "incompatible_content_illegal", incompatibleContentIllegal);
        put(m, "category", category);
        put(m, "category_addition", categoryAddition);
        put(m, "category_specification", categorySpecification);
        put(m, "category_specification_other", categorySpecificationOther);
        put(m, "content_type", contentType);
        put(m, "content_type_other", contentTypeOther);
        put(m, "content_language", contentLanguage);
        put(m, "content_date", contentDate);
        put(m, "application_date", applicationDate);
        put(m, "decision_facts", decisionFacts);
        put(m, "source_type", sourceType);
        put(m, "source_identity", sourceIdentity);
        put(m, "automated_detection", tdbAutomatedDetection());
        put(m, "automated_decision", automatedDecision);
        put(m, "territorial_scope", territorialScope);
        put(m, "puid", puid);
        return m;
    }

    /** {@link #toTdbMap()} as JSON: the body of {@code POST /api/v1/statement}. */
    public String toTdbJson() {
        try {
            return JSON.writeValueAsString(toTdbMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise statement " + puid, e);
        }
    }

    private static void put(Map<String, Object> m, String name, Object value) {
        if (value == null || (value instanceof List<?> l && l.isEmpty())) {
            return;
        }
        m.put(name, value instanceof LocalDate d ? d.toString() : value);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this statement's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder()
                .decisionVisibility(decisionVisibility).decisionVisibilityOther(decisionVisibilityOther)
                .endDateVisibilityRestriction(endDateVisibilityRestriction)
                .decisionMonetary(decisionMonetary).decisionMonetaryOther(decisionMonetaryOther)
                .endDateMonetaryRestriction(endDateMonetaryRestriction)
                .decisionProvision(decisionProvision).endDateServiceRestriction(endDateServiceRestriction)
                .decisionAccount(decisionAccount).endDateAccountRestriction(endDateAccountRestriction)
                .accountType(accountType)
                .decisionGround(decisionGround).decisionGroundReferenceUrl(decisionGroundReferenceUrl)
                .illegalContentLegalGround(illegalContentLegalGround)
                .illegalContentExplanation(illegalContentExplanation)
                .incompatibleContentGround(incompatibleContentGround)
                .incompatibleContentExplanation(incompatibleContentExplanation)
                .incompatibleContentIllegal(incompatibleContentIllegal)
                .category(category).categoryAddition(categoryAddition)
                .categorySpecification(categorySpecification).categorySpecificationOther(categorySpecificationOther)
                .contentType(contentType).contentTypeOther(contentTypeOther).contentLanguage(contentLanguage)
                .contentDate(contentDate).applicationDate(applicationDate)
                .sourceType(sourceType).sourceIdentity(sourceIdentity)
                .automatedDetection(automatedDetection).automatedDecision(automatedDecision)
                .decisionFacts(decisionFacts).territorialScope(territorialScope).puid(puid).redress(redress);
    }

    // ------------------------------------------------------------------------------------------------ validation

    private static void validate(DsaVocabulary v,
            List<String> decisionVisibility, String decisionVisibilityOther, LocalDate endDateVisibility,
            String decisionMonetary, String decisionMonetaryOther, LocalDate endDateMonetary,
            String decisionProvision, LocalDate endDateService,
            String decisionAccount, LocalDate endDateAccount, String accountType,
            String decisionGround, String referenceUrl,
            String illegalGround, String illegalExplanation,
            String incompatibleGround, String incompatibleExplanation, String incompatibleIllegal,
            String category, List<String> categoryAddition, List<String> categorySpecification,
            String categorySpecificationOther, List<String> contentType, String contentTypeOther,
            String contentLanguage, LocalDate contentDate, LocalDate applicationDate,
            String sourceType, String sourceIdentity, boolean automatedDetection, String automatedDecision,
            String decisionFacts, List<String> territorialScope, String puid, Redress redress) {

        // puid
        required("puid", puid);
        maxLength(v, "puid", puid);
        if (!PUID.matcher(puid).matches()) {
            throw new StatementFieldException("puid", "only letters, digits, '-' and '_' are allowed");
        }

        // the restriction
        if (decisionVisibility.isEmpty() && decisionMonetary == null && decisionProvision == null
                && decisionAccount == null) {
            throw new StatementFieldException("decision_visibility", "at least one of decision_visibility, "
                    + "decision_monetary, decision_provision and decision_account is required");
        }
        allIn(v, DsaVocabulary.DECISION_VISIBILITY, decisionVisibility);
        otherText(v, "decision_visibility_other", decisionVisibilityOther,
                decisionVisibility.contains("DECISION_VISIBILITY_OTHER"), "decision_visibility",
                "DECISION_VISIBILITY_OTHER");
        optionalIn(v, DsaVocabulary.DECISION_MONETARY, decisionMonetary);
        otherText(v, "decision_monetary_other", decisionMonetaryOther,
                "DECISION_MONETARY_OTHER".equals(decisionMonetary), "decision_monetary", "DECISION_MONETARY_OTHER");
        optionalIn(v, DsaVocabulary.DECISION_PROVISION, decisionProvision);
        optionalIn(v, DsaVocabulary.DECISION_ACCOUNT, decisionAccount);
        optionalIn(v, DsaVocabulary.ACCOUNT_TYPE, accountType);

        // dates
        requiredDate("content_date", contentDate, MIN_CONTENT_DATE);
        requiredDate("application_date", applicationDate, MIN_APPLICATION_DATE);
        if (contentDate.isAfter(applicationDate)) {
            throw new StatementFieldException("content_date", "must not be after application_date");
        }
        endDate("end_date_visibility_restriction", endDateVisibility, applicationDate,
                decisionVisibility.stream().anyMatch(d -> !"DECISION_VISIBILITY_CONTENT_REMOVED".equals(d)),
                "a visibility restriction other than DECISION_VISIBILITY_CONTENT_REMOVED");
        endDate("end_date_monetary_restriction", endDateMonetary, applicationDate,
                "DECISION_MONETARY_SUSPENSION".equals(decisionMonetary)
                        || "DECISION_MONETARY_OTHER".equals(decisionMonetary),
                "DECISION_MONETARY_SUSPENSION or DECISION_MONETARY_OTHER");
        endDate("end_date_service_restriction", endDateService, applicationDate,
                decisionProvision != null && decisionProvision.endsWith("_SUSPENSION"),
                "a DECISION_PROVISION_*_SUSPENSION");
        endDate("end_date_account_restriction", endDateAccount, applicationDate,
                "DECISION_ACCOUNT_SUSPENDED".equals(decisionAccount), "DECISION_ACCOUNT_SUSPENDED");

        // the ground
        v.require(DsaVocabulary.DECISION_GROUND, decisionGround);
        boolean illegal = GROUND_ILLEGAL.equals(decisionGround);
        boolean incompatible = GROUND_INCOMPATIBLE.equals(decisionGround);
        groundField(v, "illegal_content_legal_ground", illegalGround, illegal);
        groundField(v, "illegal_content_explanation", illegalExplanation, illegal);
        groundField(v, "incompatible_content_ground", incompatibleGround, incompatible);
        groundField(v, "incompatible_content_explanation", incompatibleExplanation, incompatible);
        if (incompatibleIllegal != null) {
            if (!incompatible) {
                throw new StatementFieldException("incompatible_content_illegal",
                        "allowed only with decision_ground " + GROUND_INCOMPATIBLE);
            }
            v.require(DsaVocabulary.INCOMPATIBLE_CONTENT_ILLEGAL, incompatibleIllegal);
        }
        if (referenceUrl != null) {
            maxLength(v, "decision_ground_reference_url", referenceUrl);
            httpUrl("decision_ground_reference_url", referenceUrl);
        }

        // what the content was
        if (contentType.isEmpty()) {
            throw new StatementFieldException("content_type", "at least one value is required");
        }
        allIn(v, DsaVocabulary.CONTENT_TYPE, contentType);
        otherText(v, "content_type_other", contentTypeOther, contentType.contains("CONTENT_TYPE_OTHER"),
                "content_type", "CONTENT_TYPE_OTHER");
        v.require(DsaVocabulary.CATEGORY, category);
        allIn(v, "category_addition", DsaVocabulary.CATEGORY, categoryAddition);
        if (categoryAddition.contains(category)) {
            throw new StatementFieldException("category_addition", "repeats category " + category);
        }
        allIn(v, DsaVocabulary.CATEGORY_SPECIFICATION, categorySpecification);
        if (categorySpecificationOther != null) {
            if (!categorySpecification.contains("KEYWORD_OTHER")) {
                throw new StatementFieldException("category_specification_other",
                        "allowed only when category_specification contains KEYWORD_OTHER");
            }
            maxLength(v, "category_specification_other", categorySpecificationOther);
        }
        if (contentLanguage != null && (!contentLanguage.matches("[A-Z]{2}")
                || !ISO_639_1.contains(contentLanguage.toLowerCase(Locale.ROOT)))) {
            throw new StatementFieldException("content_language", "must be an upper-case ISO 639-1 code");
        }

        // facts, source, automation
        required("decision_facts", decisionFacts);
        maxLength(v, "decision_facts", decisionFacts);
        v.require(DsaVocabulary.SOURCE_TYPE, sourceType);
        if (sourceIdentity != null) {
            if (SOURCE_VOLUNTARY.equals(sourceType)) {
                throw new StatementFieldException("source_identity", "not allowed with source_type " + SOURCE_VOLUNTARY);
            }
            maxLength(v, "source_identity", sourceIdentity);
        }
        v.require(DsaVocabulary.AUTOMATED_DETECTION, automatedDetection ? "Yes" : "No");
        v.require(DsaVocabulary.AUTOMATED_DECISION, automatedDecision);

        // territorial scope
        Set<String> seen = new HashSet<>();
        for (String country : territorialScope) {
            if (!DsaVocabulary.EU_EEA_COUNTRIES.contains(country)) {
                throw new StatementFieldException("territorial_scope", "'" + country + "' is not an EU/EEA country code");
            }
            if (!seen.add(country)) {
                throw new StatementFieldException("territorial_scope", "'" + country + "' is repeated");
            }
        }

        // redress (Art. 17(3)(f), Art. 20(1))
        if (redress == null) {
            throw new StatementFieldException("redress", "required: the notice must say how to appeal (Art. 17(3)(f))");
        }
        if (redress.appealDeadline().isBefore(applicationDate.plusMonths(6))) {
            throw new StatementFieldException("redress.appeal_deadline",
                    "must be at least six months after application_date (Art. 20(1) DSA)");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static List<String> list(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (String s : values) {
            if (s == null || s.isBlank()) {
                throw new StatementFieldException(field, "must not contain empty values");
            }
        }
        return List.copyOf(values);
    }

    private static void required(String field, String value) {
        if (value == null) {
            throw new StatementFieldException(field, "required");
        }
    }

    private static void maxLength(DsaVocabulary v, String field, String value) {
        int max = v.maxLength(field);
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw new StatementFieldException(field, "at most " + max + " characters, got " + length);
        }
    }

    private static void optionalIn(DsaVocabulary v, String field, String value) {
        if (value != null) {
            v.require(field, value);
        }
    }

    private static void allIn(DsaVocabulary v, String field, List<String> values) {
        allIn(v, field, field, values);
    }

    private static void allIn(DsaVocabulary v, String field, String vocabularyField, List<String> values) {
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            if (!v.allows(vocabularyField, value)) {
                throw new StatementFieldException(field,
                        "'" + value + "' is not a value the DSA Transparency Database accepts");
            }
            if (!seen.add(value)) {
                throw new StatementFieldException(field, "'" + value + "' is repeated");
            }
        }
    }

    /** An {@code *_other} text: required when the OTHER value is chosen, refused otherwise. */
    private static void otherText(DsaVocabulary v, String field, String text, boolean otherChosen, String parent,
            String otherValue) {
        if (otherChosen && text == null) {
            throw new StatementFieldException(field, "required when " + parent + " is " + otherValue);
        }
        if (!otherChosen && text != null) {
            throw new StatementFieldException(field, "allowed only when " + parent + " is " + otherValue);
        }
        if (text != null) {
            maxLength(v, field, text);
        }
    }

    private static void requiredDate(String field, LocalDate date, LocalDate min) {
        if (date == null) {
            throw new StatementFieldException(field, "required");
        }
        if (date.isBefore(min) || date.isAfter(MAX_DATE)) {
            throw new StatementFieldException(field, "must be between " + min + " and " + MAX_DATE);
        }
    }

    private static void endDate(String field, LocalDate end, LocalDate applicationDate, boolean temporaryAllowed,
            String requirement) {
        if (end == null) {
            return;
        }
        if (!temporaryAllowed) {
            throw new StatementFieldException(field, "allowed only with " + requirement);
        }
        if (end.isBefore(applicationDate) || end.isAfter(MAX_DATE)) {
            throw new StatementFieldException(field, "must be between application_date and " + MAX_DATE);
        }
    }

    /** A ground text: required (with its length limit) for its own ground, refused for the other one. */
    private static void groundField(DsaVocabulary v, String field, String value, boolean thisGround) {
        if (thisGround) {
            required(field, value);
            maxLength(v, field, value);
        } else if (value != null) {
            throw new StatementFieldException(field, "not allowed with this decision_ground");
        }
    }

    private static void httpUrl(String field, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                throw new StatementFieldException(field, "must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new StatementFieldException(field, "must be an absolute http(s) URL");
        }
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Collects the fields. {@link #build()} validates them. */
    public static final class Builder {
        private List<String> decisionVisibility;
        private String decisionVisibilityOther;
        private LocalDate endDateVisibilityRestriction;
        private String decisionMonetary;
        private String decisionMonetaryOther;
        private LocalDate endDateMonetaryRestriction;
        private String decisionProvision;
        private LocalDate endDateServiceRestriction;
        private String decisionAccount;
        private LocalDate endDateAccountRestriction;
        private String accountType;
        private String decisionGround;
        private String decisionGroundReferenceUrl;
        private String illegalContentLegalGround;
        private String illegalContentExplanation;
        private String incompatibleContentGround;
        private String incompatibleContentExplanation;
        private String incompatibleContentIllegal;
        private String category;
        private List<String> categoryAddition;
        private List<String> categorySpecification;
        private String categorySpecificationOther;
        private List<String> contentType;
        private String contentTypeOther;
        private String contentLanguage;
        private LocalDate contentDate;
        private LocalDate applicationDate;
        private String sourceType;
        private String sourceIdentity;
        private boolean automatedDetection;
        private String automatedDecision;
        private String decisionFacts;
        private List<String> territorialScope;
        private String puid;
        private Redress redress;

        private Builder() {
        }

        public Builder decisionVisibility(List<String> v) { this.decisionVisibility = v; return this; }
        public Builder decisionVisibility(String... v) { return decisionVisibility(Arrays.asList(v)); }
        public Builder decisionVisibilityOther(String v) { this.decisionVisibilityOther = v; return this; }
        public Builder endDateVisibilityRestriction(LocalDate v) { this.endDateVisibilityRestriction = v; return this; }
        public Builder decisionMonetary(String v) { this.decisionMonetary = v; return this; }
        public Builder decisionMonetaryOther(String v) { this.decisionMonetaryOther = v; return this; }
        public Builder endDateMonetaryRestriction(LocalDate v) { this.endDateMonetaryRestriction = v; return this; }
        public Builder decisionProvision(String v) { this.decisionProvision = v; return this; }
        public Builder endDateServiceRestriction(LocalDate v) { this.endDateServiceRestriction = v; return this; }
        public Builder decisionAccount(String v) { this.decisionAccount = v; return this; }
        public Builder endDateAccountRestriction(LocalDate v) { this.endDateAccountRestriction = v; return this; }
        public Builder accountType(String v) { this.accountType = v; return this; }
        public Builder decisionGround(String v) { this.decisionGround = v; return this; }
        public Builder decisionGroundReferenceUrl(String v) { this.decisionGroundReferenceUrl = v; return this; }
        public Builder illegalContentLegalGround(String v) { this.illegalContentLegalGround = v; return this; }
        public Builder illegalContentExplanation(String v) { this.illegalContentExplanation = v; return this; }
        public Builder incompatibleContentGround(String v) { this.incompatibleContentGround = v; return this; }
        public Builder incompatibleContentExplanation(String v) { this.incompatibleContentExplanation = v; return this; }
        public Builder incompatibleContentIllegal(String v) { this.incompatibleContentIllegal = v; return this; }
        public Builder category(String v) { this.category = v; return this; }
        public Builder categoryAddition(List<String> v) { this.categoryAddition = v; return this; }
        public Builder categoryAddition(String... v) { return categoryAddition(Arrays.asList(v)); }
        public Builder categorySpecification(List<String> v) { this.categorySpecification = v; return this; }
        public Builder categorySpecification(String... v) { return categorySpecification(Arrays.asList(v)); }
        public Builder categorySpecificationOther(String v) { this.categorySpecificationOther = v; return this; }
        public Builder contentType(List<String> v) { this.contentType = v; return this; }
        public Builder contentType(String... v) { return contentType(Arrays.asList(v)); }
        public Builder contentTypeOther(String v) { this.contentTypeOther = v; return this; }
        public Builder contentLanguage(String v) { this.contentLanguage = v; return this; }
        public Builder contentDate(LocalDate v) { this.contentDate = v; return this; }
        public Builder applicationDate(LocalDate v) { this.applicationDate = v; return this; }
        public Builder sourceType(String v) { this.sourceType = v; return this; }
        public Builder sourceIdentity(String v) { this.sourceIdentity = v; return this; }
        public Builder automatedDetection(boolean v) { this.automatedDetection = v; return this; }
        public Builder automatedDecision(String v) { this.automatedDecision = v; return this; }
        public Builder decisionFacts(String v) { this.decisionFacts = v; return this; }
        public Builder territorialScope(List<String> v) { this.territorialScope = v; return this; }
        public Builder territorialScope(String... v) { return territorialScope(Arrays.asList(v)); }
        public Builder puid(String v) { this.puid = v; return this; }
        public Builder redress(Redress v) { this.redress = v; return this; }

        /**
         * @throws StatementFieldException naming the first field that breaks a rule
         */
        public StatementOfReasons build() {
            return new StatementOfReasons(decisionVisibility, decisionVisibilityOther, endDateVisibilityRestriction,
                    decisionMonetary, decisionMonetaryOther, endDateMonetaryRestriction, decisionProvision,
                    endDateServiceRestriction, decisionAccount, endDateAccountRestriction, accountType,
                    decisionGround, decisionGroundReferenceUrl, illegalContentLegalGround, illegalContentExplanation,
                    incompatibleContentGround, incompatibleContentExplanation, incompatibleContentIllegal, category,
                    categoryAddition, categorySpecification, categorySpecificationOther, contentType,
                    contentTypeOther, contentLanguage, contentDate, applicationDate, sourceType, sourceIdentity,
                    automatedDetection, automatedDecision, decisionFacts, territorialScope, puid, redress);
        }
    }
}
