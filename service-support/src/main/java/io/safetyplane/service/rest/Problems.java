package io.safetyplane.service.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details. {@code type} is a URN with a stable slug, e.g. {@code urn:safety-plane:problem:unknown-bank}. */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:safety-plane:problem:";

    private Problems() {
    }

    public static Response response(int status, String slug, String title, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + slug);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        body.putAll(extensions);
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }

    public static Response response(int status, String slug, String title, String detail) {
        return response(status, slug, title, detail, Map.of());
    }
}
