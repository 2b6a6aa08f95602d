package io.safetyplane.cybertipline.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A minimal test client of the Reporting API, as the real one calls it. */
final class IspwsCalls {
    private static final String BOUNDARY = "ispws-test-boundary-7d1f";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String authorization;
    private Duration timeout = Duration.ofSeconds(30);

    IspwsCalls(URI base, Credentials credentials) {
        this(base, credentials == null ? null : credentials.basicAuthorization());
    }

    private IspwsCalls(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    IspwsCalls withTimeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** The answer: HTTP status, Request-ID, body, and the body's root element when it is XML. */
    record Reply(int status, String requestId, String body) {
        Element root() {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setNamespaceAware(true);
                Document d = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                        body.getBytes(StandardCharsets.UTF_8)));
                return d.getDocumentElement();
            } catch (Exception e) {
                throw new AssertionError("not XML: " + body, e);
            }
        }

        String text(String child) {
            for (Node n = root().getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getLocalName().equals(child)) {
                    return e.getTextContent();
                }
            }
            throw new AssertionError("no <" + child + "> in " + body);
        }

        int code() {
            return Integer.parseInt(text("responseCode"));
        }

        long reportId() {
            return Long.parseLong(text("reportId"));
        }

        /** Asserts HTTP 200 and response code {@code code}. */
        Reply expect(int code) {
            assertEquals(200, status, body);
            assertEquals(code, code(), body);
            return this;
        }
    }

    Reply status() throws IOException, InterruptedException {
        return send(request("/status").GET());
    }

    Reply xsd() throws IOException, InterruptedException {
        return send(request("/xsd").GET());
    }

    Reply submit(String reportXml) throws IOException, InterruptedException {
        return postXml("/submit", reportXml);
    }

    Reply fileinfo(String fileDetailsXml) throws IOException, InterruptedException {
        return postXml("/fileinfo", fileDetailsXml);
    }

    Reply upload(String id, String fileName, byte[] bytes) throws IOException, InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n" + id + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/upload").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    Reply upload(long id, String fileName, byte[] bytes) throws IOException, InterruptedException {
        return upload(Long.toString(id), fileName, bytes);
    }

    Reply finish(long id) throws IOException, InterruptedException {
        return postForm("/finish", "id=" + id);
    }

    Reply retract(long id) throws IOException, InterruptedException {
        return postForm("/retract", "id=" + id);
    }

    Reply postForm(String path, String form) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    Reply postXml(String path, String xml) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(xml)));
    }

    /** A request to {@code path} below the base URL ({@code /ispws}); paths starting with {@code /_} go to the root. */
    HttpRequest.Builder request(String path) {
        URI uri = path.startsWith("/_") ? base.resolve(path) : URI.create(base + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        Optional.ofNullable(authorization).ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Request-ID").orElse(null), r.body());
    }
}
