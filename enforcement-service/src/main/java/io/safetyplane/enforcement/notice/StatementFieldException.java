package io.safetyplane.enforcement.notice;

/**
 * A statement of reasons breaks a rule of the DSA Transparency Database request. {@link #field()} is the TDB API
 * field name, for example {@code decision_visibility_other}, so an API layer can answer with a per-field error map
 * like the TDB's own 422 response. The message starts with the field name.
 */
public final class StatementFieldException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public StatementFieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The TDB API name of the offending field. */
    public String field() {
        return field;
    }
}
