package io.safetyplane.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: the protobuf payload is the record
 * value and the event attributes travel as {@code ce_*} headers.
 */
public final class CloudEvents {
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/protobuf";

    public static final String VIOLATION_TYPE = "io.safetyplane.violation.v1";
    public static final String DECISION_TYPE = "io.safetyplane.decision.v1";
    public static final String BANK_CHANGE_TYPE = "io.safetyplane.hash.bank-change.v1";
    public static final String POLICY_CHANGE_TYPE = "io.safetyplane.filter.policy-change.v1";
    public static final String ACTION_TYPE = "io.safetyplane.enforcement.action.v1";

    public static final String H_ID = "ce_id";
    public static final String H_SPEC_VERSION = "ce_specversion";
    public static final String H_TYPE = "ce_type";
    public static final String H_SOURCE = "ce_source";
    public static final String H_TIME = "ce_time";
    public static final String H_CONTENT_TYPE = "content-type";

    private CloudEvents() {
    }

    /** The headers for one event, in a stable order. {@code source} is a URI reference such as {@code /hash-service}. */
    public static Map<String, byte[]> headers(String id, String type, String source, Instant time) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(H_SPEC_VERSION, bytes(SPEC_VERSION));
        headers.put(H_ID, bytes(id));
        headers.put(H_TYPE, bytes(type));
        headers.put(H_SOURCE, bytes(source));
        headers.put(H_TIME, bytes(time.toString()));
        headers.put(H_CONTENT_TYPE, bytes(CONTENT_TYPE));
        return headers;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
