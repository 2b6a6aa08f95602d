package io.safetyplane.cybertipline;

/**
 * The classification of CyberTipline response codes and HTTP statuses (reference table 1.3). NCMEC calls its list
 * non-exhaustive; a code that is not in it is {@link Disposition#TERMINAL_ALERT}, never retried blindly.
 */
public final class ResponseCodes {
    public static final int SUCCESS = 0;

    private ResponseCodes() {
    }

    /** The disposition of a {@code responseCode} from a response body, whatever the call. */
    public static Disposition classify(int responseCode) {
        return switch (responseCode) {
            case 0 -> Disposition.SUCCESS;
            // server error, save failed, upload failed, file upload failed, update failed
            case 1000, 1100, 1110, 1111, 1300 -> Disposition.RETRY;
            // resource not found
            case 1210 -> Disposition.INVESTIGATE;
            // authentication required; not authorized (to submit, to update)
            case 2000, 3000, 3100, 3300 -> Disposition.TERMINAL_ALERT;
            // invalid request, validation failed, malformed XML, malformed file
            case 4000, 4100, 4110, 4200 -> Disposition.FIX_PAYLOAD;
            // report or file does not exist
            case 5001, 5002 -> Disposition.RESTART_FROM_SUBMIT;
            case 5101 -> Disposition.ALREADY_RETRACTED;
            case 5102 -> Disposition.ALREADY_FINISHED;
            default -> Disposition.TERMINAL_ALERT;
        };
    }

    /**
     * The disposition an HTTP status decides on its own, before the body is read: 401/403 are credentials (terminal),
     * 5xx, 408 and 429 are transient (retry). Null for every other status, whose body decides.
     */
    public static Disposition classifyHttpStatus(int status) {
        if (status == 401 || status == 403) {
            return Disposition.TERMINAL_ALERT;
        }
        if (status >= 500 || status == 408 || status == 429) {
            return Disposition.RETRY;
        }
        return null;
    }

    /** Whether {@code disposition} counts as success for {@code operation}: the idempotent cases of finish and retract. */
    public static boolean succeeded(Operation operation, Disposition disposition) {
        return switch (disposition) {
            case SUCCESS -> true;
            case ALREADY_FINISHED -> operation == Operation.FINISH || operation == Operation.RETRACT;
            case ALREADY_RETRACTED -> operation == Operation.RETRACT;
            default -> false;
        };
    }
}
