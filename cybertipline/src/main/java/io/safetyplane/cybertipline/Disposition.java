package io.safetyplane.cybertipline;

/** What the caller does with the outcome of a CyberTipline call (see {@link ResponseCodes}). */
public enum Disposition {
    /** Done. */
    SUCCESS,
    /** Transient: send the same call again after a back-off. */
    RETRY,
    /** Credentials, authorisation or an unknown answer: stop and alert an operator. */
    TERMINAL_ALERT,
    /** NCMEC rejected the content: fix the report or file and never send it unchanged. */
    FIX_PAYLOAD,
    /** The report or file no longer exists (for example expired unfinished): start again with {@code /submit}. */
    RESTART_FROM_SUBMIT,
    /** The report was already retracted: success for {@code /retract}; a new report is needed for anything else. */
    ALREADY_RETRACTED,
    /** The report was already filed: success for {@code /finish}, and proof of filing for {@code /retract}. */
    ALREADY_FINISHED,
    /** The resource was not found for a reason the table does not explain: a person looks at it. */
    INVESTIGATE
}
