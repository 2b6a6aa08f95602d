package io.safetyplane.cybertipline;

/**
 * A call to the Reporting API that did not succeed: an error code in the body (even with HTTP 200), an HTTP error,
 * a timeout or a connection failure. Quote {@link #requestId()} when contacting NCMEC.
 */
public final class TiplineCallException extends TiplineException {
    /** {@link #httpStatus()} when no HTTP response arrived. */
    public static final int NO_RESPONSE = -1;

    private final Disposition disposition;
    private final int httpStatus;
    private final Integer responseCode;
    private final String requestId;

    TiplineCallException(Operation operation, Disposition disposition, int httpStatus, Integer responseCode, String description,
            String requestId, Throwable cause) {
        super(operation, "CyberTipline " + operation.path() + " failed (" + disposition + "): "
                + (httpStatus == NO_RESPONSE ? "no response" : "HTTP " + httpStatus)
                + (responseCode == null ? "" : ", responseCode " + responseCode)
                + (description == null ? "" : ", " + description)
                + (requestId == null ? "" : ", Request-ID " + requestId), cause);
        this.disposition = disposition;
        this.httpStatus = httpStatus;
        this.responseCode = responseCode;
        this.requestId = requestId;
    }

    @Override
    public Disposition disposition() {
        return disposition;
    }

    /** The HTTP status, or {@link #NO_RESPONSE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** NCMEC's {@code responseCode}, or null when the body carried none. */
    public Integer responseCode() {
        return responseCode;
    }

    /** The {@code Request-ID} response header, or null. */
    public String requestId() {
        return requestId;
    }
}
