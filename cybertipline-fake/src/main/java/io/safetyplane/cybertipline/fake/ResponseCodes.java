package io.safetyplane.cybertipline.fake;

import java.util.Map;

/**
 * The response codes the fake answers and their descriptions. NCMEC calls its list non-exhaustive; these follow the
 * open-source clients (shared/reference/enforcement.md, section 1.3). Descriptions in the fixture files take precedence.
 */
public final class ResponseCodes {
    public static final int SUCCESS = 0;
    public static final int SERVER_ERROR = 1000;
    public static final int AUTHENTICATION_REQUIRED = 2000;
    public static final int INVALID_REQUEST = 4000;
    public static final int VALIDATION_FAILED = 4100;
    public static final int MALFORMED_XML = 4110;
    public static final int REPORT_DOES_NOT_EXIST = 5001;
    public static final int FILE_DOES_NOT_EXIST = 5002;
    public static final int ALREADY_RETRACTED = 5101;
    public static final int ALREADY_FINISHED = 5102;

    private static final Map<Integer, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(SUCCESS, "Success"),
            Map.entry(SERVER_ERROR, "Server error"),
            Map.entry(1100, "Save failed"),
            Map.entry(1110, "Upload failed"),
            Map.entry(1111, "File upload failed"),
            Map.entry(1210, "Resource not found"),
            Map.entry(1300, "Update failed"),
            Map.entry(AUTHENTICATION_REQUIRED, "Authentication required"),
            Map.entry(3000, "Not authorized"),
            Map.entry(3100, "Not authorized to submit"),
            Map.entry(3300, "Not authorized to update"),
            Map.entry(INVALID_REQUEST, "Invalid request"),
            Map.entry(VALIDATION_FAILED, "Validation failed"),
            Map.entry(MALFORMED_XML, "Malformed XML"),
            Map.entry(4200, "Malformed file"),
            Map.entry(REPORT_DOES_NOT_EXIST, "Report does not exist"),
            Map.entry(FILE_DOES_NOT_EXIST, "File does not exist"),
            Map.entry(ALREADY_RETRACTED, "Report already retracted"),
            Map.entry(ALREADY_FINISHED, "Report already finished"));

    private ResponseCodes() {
    }

    static String describe(int code) {
        return DESCRIPTIONS.getOrDefault(code, "Error " + code);
    }
}
