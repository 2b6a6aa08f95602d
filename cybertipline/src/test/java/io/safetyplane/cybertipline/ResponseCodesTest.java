package io.safetyplane.cybertipline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every code of the reference's table 1.3, and the HTTP statuses. */
class ResponseCodesTest {
    private static final Map<Integer, Disposition> TABLE = Map.ofEntries(
            Map.entry(0, Disposition.SUCCESS),
            Map.entry(1000, Disposition.RETRY), Map.entry(1100, Disposition.RETRY), Map.entry(1110, Disposition.RETRY),
            Map.entry(1111, Disposition.RETRY), Map.entry(1300, Disposition.RETRY),
            Map.entry(1210, Disposition.INVESTIGATE),
            Map.entry(2000, Disposition.TERMINAL_ALERT),
            Map.entry(3000, Disposition.TERMINAL_ALERT), Map.entry(3100, Disposition.TERMINAL_ALERT), Map.entry(3300, Disposition.TERMINAL_ALERT),
            Map.entry(4000, Disposition.FIX_PAYLOAD), Map.entry(4100, Disposition.FIX_PAYLOAD), Map.entry(4110, Disposition.FIX_PAYLOAD),
            Map.entry(4200, Disposition.FIX_PAYLOAD),
            Map.entry(5001, Disposition.RESTART_FROM_SUBMIT), Map.entry(5002, Disposition.RESTART_FROM_SUBMIT),
            Map.entry(5101, Disposition.ALREADY_RETRACTED), Map.entry(5102, Disposition.ALREADY_FINISHED));

    @Test
    void everyCodeOfTheReference() {
        TABLE.forEach((code, expected) -> assertEquals(expected, ResponseCodes.classify(code), "code " + code));
    }

    @Test
    void unknownCodesAreTerminalWithAlert() {
        for (int code : new int[] { -1, 1, 999, 1200, 2100, 4300, 5000, 5103, 9999 }) {
            assertEquals(Disposition.TERMINAL_ALERT, ResponseCodes.classify(code), "code " + code);
        }
    }

    @Test
    void httpStatuses() {
        assertEquals(Disposition.TERMINAL_ALERT, ResponseCodes.classifyHttpStatus(401));
        assertEquals(Disposition.TERMINAL_ALERT, ResponseCodes.classifyHttpStatus(403));
        for (int status : new int[] { 500, 502, 503, 504, 408, 429 }) {
            assertEquals(Disposition.RETRY, ResponseCodes.classifyHttpStatus(status), "HTTP " + status);
        }
        for (int status : new int[] { 200, 400, 404 }) {
            assertNull(ResponseCodes.classifyHttpStatus(status), "HTTP " + status + " is decided by the body");
        }
    }

    @Test
    void alreadyRetractedAndAlreadyFinishedAreSuccessOnlyWhereIdempotent() {
        assertTrue(ResponseCodes.succeeded(Operation.FINISH, Disposition.ALREADY_FINISHED));
        assertTrue(ResponseCodes.succeeded(Operation.RETRACT, Disposition.ALREADY_RETRACTED));
        assertTrue(ResponseCodes.succeeded(Operation.RETRACT, Disposition.ALREADY_FINISHED));
        assertFalse(ResponseCodes.succeeded(Operation.FINISH, Disposition.ALREADY_RETRACTED));
        assertFalse(ResponseCodes.succeeded(Operation.UPLOAD, Disposition.ALREADY_FINISHED));
        assertFalse(ResponseCodes.succeeded(Operation.SUBMIT, Disposition.RETRY));
        for (Operation op : Operation.values()) {
            assertTrue(ResponseCodes.succeeded(op, Disposition.SUCCESS));
        }
    }
}
