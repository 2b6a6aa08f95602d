package io.safetyplane.cybertipline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The client against an in-test HTTP server that answers with the shared response fixtures. */
class TiplineClientTest {
    private static final String USER = "esp-user";
    private static final String PASSWORD = "s3cret-pa55";

    private record Received(String method, String path, String contentType, String authorization, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** What the server answers on one path. */
    private interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    private HttpServer server;
    private ExecutorService executor;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/ispws", exchange -> {
            String path = exchange.getRequestURI().getPath().substring("/ispws".length());
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestBody().readAllBytes()));
            Answer answer = answers.get(path);
            if (answer == null) {
                respond(exchange, 404, new byte[0]);
            } else {
                answer.answer(exchange);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    private TiplineClient client(Duration callTimeout) {
        URI base = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/ispws");
        return new TiplineClient(new TiplineConfig(base, USER, PASSWORD, callTimeout, Duration.ofSeconds(10)), SharedTipline.schema());
    }

    private TiplineClient client() {
        return client(Duration.ofSeconds(30));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Request-ID", "req-" + exchange.getRequestURI().getPath().replace("/ispws/", ""));
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void answer(String path, int status, String fixture) {
        byte[] body = SharedTipline.read("responses/" + fixture);
        answers.put(path, exchange -> respond(exchange, status, body));
    }

    @Test
    void theWholeFlowSubmitUploadFileinfoFinish() {
        answer("/submit", 200, "submit-ok.xml");
        answer("/upload", 200, "upload-ok.xml");
        answer("/fileinfo", 200, "fileinfo-ok.xml");
        answer("/finish", 200, "finish-ok.xml");
        TiplineClient client = client();
        byte[] file = "image bytes".getBytes(StandardCharsets.UTF_8);

        TiplineClient.Submitted submitted = client.submit(Reports.example());
        assertEquals(new TiplineClient.Submitted(Reports.REPORT_ID, "req-submit"), submitted);
        TiplineClient.Uploaded uploaded = client.upload(submitted.reportId(), "upload-9f2c.png", file);
        assertEquals(Reports.FILE_ID, uploaded.fileId());
        assertEquals("fafa5efeaf3cbe3b23b2748d13e629a1", uploaded.md5());
        assertFalse(uploaded.md5Matches(), "the fixture's MD5 is not that of these bytes");
        assertEquals("req-upload", uploaded.requestId());
        assertEquals("req-fileinfo", client.fileInfo(Reports.upload()).requestId());
        TiplineClient.Finished finished = client.finish(submitted.reportId());
        assertEquals(new TiplineClient.Finished(Reports.REPORT_ID, List.of(Reports.FILE_ID), false, "req-finish"), finished);

        assertEquals(List.of("/submit", "/upload", "/fileinfo", "/finish"), received.stream().map(Received::path).toList());
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (Received r : received) {
            assertEquals("POST", r.method(), r.path());
            assertEquals(basic, r.authorization(), r.path());
        }
        Received submit = received.get(0);
        assertTrue(submit.contentType().startsWith("text/xml"), submit.contentType());
        assertArrayEquals(ReportXml.write(Reports.example()), submit.body());
        Received fileinfo = received.get(2);
        assertArrayEquals(ReportXml.write(Reports.upload()), fileinfo.body());
        Received finish = received.get(3);
        assertEquals("application/x-www-form-urlencoded", finish.contentType());
        assertEquals("id=" + Reports.REPORT_ID, finish.text());
    }

    @Test
    void uploadIsMultipartWithFieldsIdAndFile() {
        answer("/upload", 200, "upload-ok.xml");
        byte[] file = new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0, (byte) 0xff };
        client().upload(Reports.REPORT_ID, "upload-9f2c.png", file);

        Received upload = received.get(0);
        assertTrue(upload.contentType().startsWith("multipart/form-data; boundary="), upload.contentType());
        String boundary = upload.contentType().substring("multipart/form-data; boundary=".length());
        String[] parts = upload.text().split("--" + boundary, -1);
        assertEquals(4, parts.length, "preamble, id, file, epilogue");
        assertEquals("", parts[0]);
        assertEquals("\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n" + Reports.REPORT_ID + "\r\n", parts[1]);
        String fileHead = "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload-9f2c.png\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        assertTrue(parts[2].startsWith(fileHead), parts[2]);
        byte[] sent = parts[2].substring(fileHead.length(), parts[2].length() - 2).getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(file, sent);
        assertEquals("--\r\n", parts[3]);
    }

    @Test
    void uploadReportsWhetherNcmecsMd5IsThatOfTheBytes() {
        byte[] file = "abc".getBytes(StandardCharsets.UTF_8);
        byte[] body = new String(SharedTipline.read("responses/upload-ok.xml"), StandardCharsets.UTF_8)
                .replace("fafa5efeaf3cbe3b23b2748d13e629a1", "900150983cd24fb0d6963f7d28e17f72").getBytes(StandardCharsets.UTF_8);
        answers.put("/upload", exchange -> respond(exchange, 200, body));
        assertTrue(client().upload(Reports.REPORT_ID, "a.png", file).md5Matches());
    }

    @Test
    void http200WithErrorCode4100IsFixThePayload() {
        answer("/submit", 200, "error-4100-validation.xml");
        TiplineCallException e = assertThrows(TiplineCallException.class, () -> client().submit(Reports.example()));
        assertEquals(Disposition.FIX_PAYLOAD, e.disposition());
        assertEquals(Operation.SUBMIT, e.operation());
        assertEquals(200, e.httpStatus());
        assertEquals(4100, e.responseCode());
        assertEquals("req-submit", e.requestId());
        assertTrue(e.getMessage().contains("Validation failed") && e.getMessage().contains("req-submit"), e.getMessage());
    }

    @Test
    void finishAnswered5102IsAlreadyFinished() {
        answer("/finish", 200, "error-5102-already-finished.xml");
        TiplineClient.Finished finished = client().finish(Reports.REPORT_ID);
        assertTrue(finished.alreadyFinished());
        assertEquals(Reports.REPORT_ID, finished.reportId());
        assertEquals(List.of(), finished.fileIds());
        assertEquals("req-finish", finished.requestId());
    }

    @Test
    void retractAnswers() {
        answer("/retract", 200, "retract-ok.xml");
        assertEquals(TiplineClient.Retracted.State.RETRACTED, client().retract(Reports.REPORT_ID).state());
        answer("/retract", 200, "error-5102-already-finished.xml");
        assertEquals(TiplineClient.Retracted.State.ALREADY_FINISHED, client().retract(Reports.REPORT_ID).state());
        assertEquals("id=" + Reports.REPORT_ID, received.get(0).text());
    }

    @Test
    void http503IsRetry() {
        answers.put("/submit", exchange -> respond(exchange, 503, "<html>unavailable</html>".getBytes(StandardCharsets.UTF_8)));
        TiplineCallException e = assertThrows(TiplineCallException.class, () -> client().submit(Reports.example()));
        assertEquals(Disposition.RETRY, e.disposition());
        assertEquals(503, e.httpStatus());
        assertNull(e.responseCode());
        assertEquals("req-submit", e.requestId());
    }

    @Test
    void aTimeoutIsRetry() {
        answers.put("/finish", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, SharedTipline.read("responses/finish-ok.xml"));
        });
        TiplineCallException e = assertThrows(TiplineCallException.class, () -> client(Duration.ofMillis(300)).finish(Reports.REPORT_ID));
        assertEquals(Disposition.RETRY, e.disposition());
        assertEquals(TiplineCallException.NO_RESPONSE, e.httpStatus());
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    }

    @Test
    void aConnectionFailureIsRetry() {
        TiplineClient client = client();
        server.stop(0);
        TiplineCallException e = assertThrows(TiplineCallException.class, client::status);
        assertEquals(Disposition.RETRY, e.disposition());
    }

    @Test
    void authenticationErrorsAreTerminal() {
        answer("/status", 200, "error-2000-auth.xml");
        assertEquals(Disposition.TERMINAL_ALERT, assertThrows(TiplineCallException.class, () -> client().status()).disposition());
        answer("/status", 401, "error-2000-auth.xml");
        TiplineCallException e = assertThrows(TiplineCallException.class, () -> client().status());
        assertEquals(Disposition.TERMINAL_ALERT, e.disposition());
        assertEquals(2000, e.responseCode());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        answers.put("/status", exchange -> respond(exchange, 200, "<html>login</html>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Disposition.TERMINAL_ALERT, assertThrows(TiplineCallException.class, () -> client().status()).disposition());
    }

    @Test
    void statusAnswered0() {
        answer("/status", 200, "fileinfo-ok.xml");
        TiplineClient.Acknowledged ok = client().status();
        assertEquals("Success", ok.description());
        assertEquals("GET", received.get(0).method());
    }

    @Test
    void aReportThatFailsTheXsdIsNeverSent() {
        Report bad = new Report(IncidentType.CHILD_PORNOGRAPHY, Reports.INCIDENT, null, null, null, Reports.reporter(), List.of(), "bell \u0007");
        InvalidReportException e = assertThrows(InvalidReportException.class, () -> client().submit(bad));
        assertEquals(Disposition.FIX_PAYLOAD, e.disposition());
        assertFalse(e.errors().isEmpty());
        assertEquals(List.of(), received);
    }

    @Test
    void badArgumentsAreClearErrors() {
        TiplineClient client = client();
        assertThrows(IllegalArgumentException.class, () -> client.upload(0, "a.png", new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> client.upload(1, "a\".png", new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> client.finish(-1));
        assertEquals(List.of(), received);
    }

    @Test
    void configurationNeverShowsThePassword() {
        TiplineConfig config = new TiplineConfig(TiplineConfig.TEST, USER, PASSWORD, Duration.ofSeconds(30), Duration.ofSeconds(5));
        assertFalse(config.toString().contains(PASSWORD), config.toString());
        assertTrue(config.toString().contains("exttest.cybertip.org"));
        assertThrows(IllegalArgumentException.class, () -> new TiplineConfig(URI.create("ftp://x/ispws"), USER, PASSWORD, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new TiplineConfig(TiplineConfig.PRODUCTION, USER, "", Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new TiplineConfig(TiplineConfig.PRODUCTION, USER, PASSWORD, Duration.ZERO, Duration.ofSeconds(1)));
        assertTrue(Arrays.asList(TiplineConfig.TEST, TiplineConfig.PRODUCTION).stream().allMatch(u -> u.getPath().equals("/ispws")));
    }
}
