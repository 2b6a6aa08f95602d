package io.safetyplane.cybertipline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Client of NCMEC's CyberTipline Reporting API: {@code /submit} → {@code /upload} per file → {@code /fileinfo} →
 * {@code /finish}, or {@code /retract}. Every call either returns its result or throws a {@link TiplineException}
 * whose {@link Disposition} says what to do next; an HTTP 200 with a non-zero {@code responseCode} is an error.
 * Reports and file details are validated against the XSD first and never sent when they fail. Thread-safe.
 */
public final class TiplineClient {
    private final TiplineConfig config;
    private final ReportSchema schema;
    private final HttpClient http;
    private final String authorization;

    public TiplineClient(TiplineConfig config, ReportSchema schema) {
        this.config = Require.present(config, "config");
        this.schema = Require.present(schema, "schema");
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code /status} answered 0. */
    public record Acknowledged(String description, String requestId) {
    }

    /** {@code /submit} opened report {@code reportId}; store it before anything else. */
    public record Submitted(long reportId, String requestId) {
    }

    /** {@code /upload} stored a file as {@code fileId}; {@code md5Matches} compares NCMEC's MD5 with the bytes sent. */
    public record Uploaded(long reportId, String fileId, String md5, boolean md5Matches, String requestId) {
    }

    /** {@code /finish} filed the report, now or (with {@code alreadyFinished}) earlier; {@code fileIds} is empty then. */
    public record Finished(long reportId, List<String> fileIds, boolean alreadyFinished, String requestId) {
        public Finished {
            fileIds = List.copyOf(fileIds);
        }
    }

    /** What {@code /retract} found: retracted now, retracted earlier, or already filed (so not retracted). */
    public record Retracted(long reportId, State state, String requestId) {
        public enum State {
            RETRACTED, ALREADY_RETRACTED, ALREADY_FINISHED
        }
    }

    /** Checks the connection and the credentials. */
    public Acknowledged status() {
        Reply reply = send(Operation.STATUS, HttpRequest.newBuilder().GET());
        return new Acknowledged(description(reply.response()), reply.requestId());
    }

    /**
     * Opens a report.
     *
     * @throws InvalidReportException when the report fails the XSD (nothing was sent)
     */
    public Submitted submit(Report report) {
        ReportSchema.Checked xml = schema.check(report);
        if (!xml.valid()) {
            throw new InvalidReportException(Operation.SUBMIT, xml.errors());
        }
        Reply reply = send(Operation.SUBMIT, xmlPost(xml.xml()));
        return new Submitted(reportId(reply, null), reply.requestId());
    }

    /** Uploads one file to an open report as multipart form fields {@code id} and {@code file}. */
    public Uploaded upload(long reportId, String fileName, byte[] bytes) {
        checkReportId(reportId);
        checkFileName(fileName);
        Require.present(bytes, "file bytes");
        String boundary = "----safetyplane-" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream(bytes.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n" + reportId + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Reply reply = send(Operation.UPLOAD, HttpRequest.newBuilder()
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        TiplineResponse.ReportResponse r = reportResponse(reply);
        if (r.fileId() == null) {
            throw unexpected(reply, "upload succeeded without a fileId");
        }
        String md5 = md5(bytes);
        return new Uploaded(reportId(reply, reportId), r.fileId(), r.hash(), md5.equalsIgnoreCase(String.valueOf(r.hash())), reply.requestId());
    }

    /**
     * Sends the details of one uploaded file.
     *
     * @throws InvalidReportException when the details fail the XSD (nothing was sent)
     */
    public Acknowledged fileInfo(FileDetails details) {
        ReportSchema.Checked xml = schema.check(details);
        if (!xml.valid()) {
            throw new InvalidReportException(Operation.FILE_INFO, xml.errors());
        }
        Reply reply = send(Operation.FILE_INFO, xmlPost(xml.xml()));
        return new Acknowledged(description(reply.response()), reply.requestId());
    }

    /** Files the report (irreversible). 5102 (already finished) is success, with {@code alreadyFinished} set. */
    public Finished finish(long reportId) {
        checkReportId(reportId);
        Reply reply = send(Operation.FINISH, formPost(reportId));
        List<String> files = reply.response() instanceof TiplineResponse.ReportDoneResponse done ? done.fileIds() : List.of();
        return new Finished(reportId(reply, reportId), files, reply.disposition() == Disposition.ALREADY_FINISHED, reply.requestId());
    }

    /** Cancels an unfinished report. 5101 (already retracted) and 5102 (already finished) are answers, not errors. */
    public Retracted retract(long reportId) {
        checkReportId(reportId);
        Reply reply = send(Operation.RETRACT, formPost(reportId));
        Retracted.State state = switch (reply.disposition()) {
            case ALREADY_RETRACTED -> Retracted.State.ALREADY_RETRACTED;
            case ALREADY_FINISHED -> Retracted.State.ALREADY_FINISHED;
            default -> Retracted.State.RETRACTED;
        };
        return new Retracted(reportId, state, reply.requestId());
    }

    private record Reply(Operation operation, TiplineResponse response, Disposition disposition, int httpStatus, String requestId) {
    }

    private Reply send(Operation op, HttpRequest.Builder request) {
        HttpRequest built = request.uri(URI.create(config.baseUrl() + op.path()))
                .timeout(config.callTimeout())
                .header("Authorization", authorization)
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TiplineCallException(op, Disposition.RETRY, TiplineCallException.NO_RESPONSE, null, "timed out", null, e);
        } catch (IOException e) {
            throw new TiplineCallException(op, Disposition.RETRY, TiplineCallException.NO_RESPONSE, null, "connection failed: " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TiplineCallException(op, Disposition.RETRY, TiplineCallException.NO_RESPONSE, null, "interrupted", null, e);
        }
        int status = response.statusCode();
        String requestId = response.headers().firstValue("Request-ID").orElse(null);
        TiplineResponse parsed = null;
        String parseError = null;
        try {
            parsed = TiplineResponse.parse(response.body());
        } catch (IllegalArgumentException e) {
            parseError = e.getMessage();
        }
        Integer code = parsed == null ? null : parsed.responseCode();
        String description = parsed == null ? parseError : description(parsed);
        Disposition byStatus = ResponseCodes.classifyHttpStatus(status);
        if (byStatus != null) {
            throw new TiplineCallException(op, byStatus, status, code, description, requestId, null);
        }
        if (parsed == null) {
            throw new TiplineCallException(op, Disposition.TERMINAL_ALERT, status, null, description, requestId, null);
        }
        Disposition disposition = ResponseCodes.classify(parsed.responseCode());
        boolean httpOk = status >= 200 && status < 300;
        if (!ResponseCodes.succeeded(op, disposition) || (disposition == Disposition.SUCCESS && !httpOk)) {
            Disposition d = disposition == Disposition.SUCCESS ? Disposition.TERMINAL_ALERT : disposition;
            throw new TiplineCallException(op, d, status, code, description, requestId, null);
        }
        return new Reply(op, parsed, disposition, status, requestId);
    }

    private static String description(TiplineResponse r) {
        return r instanceof TiplineResponse.ReportResponse rr ? rr.responseDescription() : null;
    }

    private TiplineResponse.ReportResponse reportResponse(Reply reply) {
        if (reply.response() instanceof TiplineResponse.ReportResponse r) {
            return r;
        }
        throw unexpected(reply, "expected <reportResponse>");
    }

    /** The report id of the response; {@code expected} (when known) must match it. */
    private long reportId(Reply reply, Long expected) {
        Long id = reply.response().reportId();
        if (id == null) {
            if (expected != null) {
                return expected;
            }
            throw unexpected(reply, "success without a reportId");
        }
        if (expected != null && id.longValue() != expected) {
            throw unexpected(reply, "answer for report " + id + ", asked about " + expected);
        }
        return id;
    }

    private static TiplineCallException unexpected(Reply reply, String what) {
        return new TiplineCallException(reply.operation(), Disposition.TERMINAL_ALERT, reply.httpStatus(),
                reply.response().responseCode(), what, reply.requestId(), null);
    }

    private static HttpRequest.Builder xmlPost(byte[] xml) {
        return HttpRequest.newBuilder().header("Content-Type", "text/xml; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofByteArray(xml));
    }

    private static HttpRequest.Builder formPost(long reportId) {
        return HttpRequest.newBuilder().header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("id=" + URLEncoder.encode(Long.toString(reportId), StandardCharsets.UTF_8)));
    }

    private static void checkReportId(long reportId) {
        if (reportId <= 0) {
            throw new IllegalArgumentException("reportId must be a positive report id, got " + reportId);
        }
    }

    /** The name goes into a multipart header: no quotes, backslashes or control characters. */
    private static void checkFileName(String fileName) {
        Require.text(fileName, "fileName");
        if (fileName.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '"' || c == '\\')) {
            throw new IllegalArgumentException("fileName must not contain quotes, backslashes or control characters");
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from the JDK", e);
        }
    }
}
