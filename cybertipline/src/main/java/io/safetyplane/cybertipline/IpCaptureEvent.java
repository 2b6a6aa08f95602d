package io.safetyplane.cybertipline;

import java.time.Instant;

/**
 * {@code ipCaptureEvent}: an IP address seen for the reported user (for us, the client IP of the request). The IP is
 * required; the other fields are optional (null when unknown).
 */
public record IpCaptureEvent(String ipAddress, EventName eventName, Instant dateTime, Boolean possibleProxy, Integer port) {
    /** The XSD's {@code ipCaptureType}. */
    public enum EventName {
        LOGIN("Login"), REGISTRATION("Registration"), PURCHASE("Purchase"), UPLOAD("Upload"), OTHER("Other"), UNKNOWN("Unknown");

        private final String xml;

        EventName(String xml) {
            this.xml = xml;
        }

        public String xml() {
            return xml;
        }
    }

    public IpCaptureEvent {
        Require.text(ipAddress, "ipCaptureEvent/ipAddress");
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("ipCaptureEvent/port must be 0 to 65535, got " + port);
        }
    }

    /** The request IP at the time the API received the request: what the platform records for every call. */
    public static IpCaptureEvent upload(String ipAddress, Instant dateTime) {
        return new IpCaptureEvent(ipAddress, EventName.UPLOAD, dateTime, null, null);
    }
}
