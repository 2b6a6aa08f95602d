package io.safetyplane.cybertipline.fake;

/** A call the fake answers with a non-zero response code; {@code detail} says why, for the fake's inspection only. */
final class IspwsError extends Exception {
    private final int code;
    private final Long reportId;

    IspwsError(int code, Long reportId, String detail) {
        super(detail, null, false, false);
        this.code = code;
        this.reportId = reportId;
    }

    IspwsError(int code, String detail) {
        this(code, null, detail);
    }

    int code() {
        return code;
    }

    /** The report the call named, or null. */
    Long reportId() {
        return reportId;
    }
}
