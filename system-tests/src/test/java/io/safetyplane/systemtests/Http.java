package io.safetyplane.systemtests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** A small HTTP client for the services' REST APIs: JSON in and out, raw bodies, multipart forms. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: its status and body, the body read as JSON where it is JSON. */
    record Response(String method, String uri, int status, String body) {
        JsonNode json() {
            try {
                return body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(this + " is not JSON", e);
            }
        }

        /** The JSON body, after asserting the status. */
        JsonNode json(int expectedStatus) {
            expect(expectedStatus);
            return json();
        }

        Response expect(int expectedStatus) {
            if (status != expectedStatus) {
                throw new AssertionError("expected " + expectedStatus + " from " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return method + " " + uri + " -> " + status + " " + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
        }
    }

    private Http() {
    }

    static Response get(String uri, String token) {
        return send(request(uri, token).GET().build());
    }

    static Response postJson(String uri, String token, Object body) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(request(uri, token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response putJson(String uri, String token, Object body) {
        try {
            return send(request(uri, token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POSTs {@code body} as is, with its content type and further headers. */
    static Response post(String uri, String token, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = request(uri, token).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    /** A multipart/form-data body, part by part. */
    static final class Multipart {
        private final String boundary = "----system-tests-" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart file(String name, String fileName, String contentType, byte[] content) {
            return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\nContent-Type: "
                    + contentType, content);
        }

        Multipart json(String name, Object value) {
            try {
                return part("Content-Disposition: form-data; name=\"" + name + "\"\r\nContent-Type: application/json",
                        JSON.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Multipart part(String headers, byte[] content) {
            out.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Response post(String uri, String token) {
            byte[] body = out.toByteArray();
            byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[body.length + end.length];
            System.arraycopy(body, 0, all, 0, body.length);
            System.arraycopy(end, 0, all, body.length, end.length);
            return Http.post(uri, token, "multipart/form-data; boundary=" + boundary, all, Map.of());
        }
    }

    private static HttpRequest.Builder request(String uri, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(request.method(), request.uri().toString(), r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
