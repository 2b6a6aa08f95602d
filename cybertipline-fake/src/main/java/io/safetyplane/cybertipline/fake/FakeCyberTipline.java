package io.safetyplane.cybertipline.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.w3c.dom.Element;

/**
 * A fake of NCMEC's CyberTipline Reporting API ({@code /ispws}) for tests and the local demo. It checks HTTP Basic auth
 * on every call, validates {@code <report>} and {@code <fileDetails>} against NCMEC's XSD (element order included),
 * keeps the report lifecycle with its expiry, answers in the shape of the response fixtures, and plays injected faults.
 * Never point a real client's production configuration at it: it files nothing.
 */
public final class FakeCyberTipline implements AutoCloseable {
    /** The path prefix of every endpoint, as on {@code report.cybertip.org}. */
    public static final String BASE_PATH = "/ispws";
    /** The test-only fault endpoint, served only when the builder enables it. */
    public static final String ADMIN_FAULTS_PATH = "/_admin/faults";
    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
    public static final long DEFAULT_FIRST_REPORT_ID = 4564654;

    private static final String XML = "text/xml; charset=UTF-8";
    private static final String TEXT = "text/plain; charset=UTF-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Credentials credentials;
    private final ReportSchema schema;
    private final ResponseBodies bodies;
    private final ReportBook book;
    private final long maxBodyBytes;
    private final boolean admin;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<Endpoint, AtomicInteger> calls = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Deque<Fault>> faults = new EnumMap<>(Endpoint.class);
    private final List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());

    private FakeCyberTipline(Builder b) throws IOException {
        this.credentials = Objects.requireNonNull(b.credentials, "credentials");
        this.schema = new ReportSchema(Objects.requireNonNull(b.xsd, "xsd"));
        this.bodies = new ResponseBodies(Objects.requireNonNull(b.responses, "responses"));
        this.book = new ReportBook(b.clock, b.firstReportId);
        this.maxBodyBytes = b.maxBodyBytes;
        this.admin = b.adminEndpoint;
        for (Endpoint e : Endpoint.values()) {
            calls.put(e, new AtomicInteger());
            faults.put(e, new ArrayDeque<>());
        }
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cybertipline-fake-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a fake on the loopback interface; {@code port} 0 picks a free port. */
    public static FakeCyberTipline start(int port, Path xsd, Path responsesDir, Credentials credentials)
            throws IOException {
        return builder().port(port).xsd(xsd).responses(responsesDir).credentials(credentials).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL a client is configured with, such as {@code http://127.0.0.1:41234/ispws}. */
    public URI baseUri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + BASE_PATH);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- failure injection ----

    /** The next {@code times} authenticated calls to {@code endpoint} play {@code fault}, after any queued before. */
    public void failNext(Endpoint endpoint, int times, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, not " + times);
        }
        Deque<Fault> queue = faults.get(endpoint);
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(fault);
            }
        }
    }

    /** Deletes every unfinished report now, as NCMEC does when its deadline passes; later calls on them get 5001. */
    public void expireOpenReports() {
        book.expireOpen();
    }

    /** Forgets all reports, queued faults, counts and rejections. */
    public void reset() {
        book.clear();
        faults.values().forEach(q -> {
            synchronized (q) {
                q.clear();
            }
        });
        calls.values().forEach(c -> c.set(0));
        rejections.clear();
    }

    // ---- inspection ----

    /** Reports filed with {@code /finish}, the oldest first. */
    public List<FinishedReport> finishedReports() {
        return book.finished();
    }

    public Set<Long> openReportIds() {
        return book.ids(ReportBook.State.OPEN);
    }

    public Set<Long> retractedReportIds() {
        return book.ids(ReportBook.State.RETRACTED);
    }

    /** Reports deleted unfinished: their deadline passed or {@link #expireOpenReports()} ran. */
    public Set<Long> expiredReportIds() {
        return book.ids(ReportBook.State.EXPIRED);
    }

    /** Calls received by {@code endpoint}, whatever the answer (unauthenticated, rejected and faulted included). */
    public int calls(Endpoint endpoint) {
        return calls.get(endpoint).get();
    }

    public Map<Endpoint, Integer> callCounts() {
        Map<Endpoint, Integer> counts = new EnumMap<>(Endpoint.class);
        calls.forEach((e, c) -> counts.put(e, c.get()));
        return counts;
    }

    /** Calls the fake refused by itself (bad XML, unknown report, ...), with the reason; injected faults excluded. */
    public List<Rejection> rejections() {
        synchronized (rejections) {
            return List.copyOf(rejections);
        }
    }

    /** Stops at once; answers held back by a {@link Fault#delay} are released first. */
    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ----

    private record Answer(int status, String contentType, byte[] body) {
        static Answer xml(byte[] body) {
            return new Answer(200, XML, body);
        }

        static Answer text(int status, String text) {
            return new Answer(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class BodyTooLarge extends Exception {
        BodyTooLarge() {
            super(null, null, false, false);
        }
    }

    private void handle(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Request-ID", UUID.randomUUID().toString());
        try {
            dispatch(exchange);
        } catch (IOException e) {
            // the client went away; nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            answerFailure(exchange, e);
        } finally {
            exchange.close(); // before any answer was sent (a dropped connection), this closes the connection
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getPath();
        if (admin && ADMIN_FAULTS_PATH.equals(path)) {
            send(exchange, admin(exchange));
            return;
        }
        Endpoint endpoint = path.startsWith(BASE_PATH + "/")
                ? Endpoint.byPath(path.substring(BASE_PATH.length())).orElse(null) : null;
        if (endpoint == null) {
            send(exchange, Answer.text(404, "no such endpoint: " + path));
            return;
        }
        calls.get(endpoint).incrementAndGet();
        Answer refused = refuse(exchange, endpoint.method());
        if (refused != null) {
            send(exchange, refused);
            return;
        }
        byte[] body;
        try {
            body = readBody(exchange);
        } catch (BodyTooLarge e) {
            rejections.add(new Rejection(endpoint, ResponseCodes.INVALID_REQUEST,
                    "body over the limit of " + maxBodyBytes + " bytes"));
            send(exchange, new Answer(413, XML, bodies.error(ResponseCodes.INVALID_REQUEST, null)));
            return;
        }
        Fault fault = nextFault(endpoint);
        if (fault instanceof Fault.DropConnection) {
            return;
        }
        if (fault instanceof Fault.HttpStatus s) {
            send(exchange, Answer.text(s.status(), "fault injected: HTTP " + s.status()));
            return;
        }
        if (fault instanceof Fault.ResponseCode c) {
            send(exchange, Answer.xml(bodies.error(c.code(), null)));
            return;
        }
        Answer answer = answer(endpoint, exchange.getRequestHeaders().getFirst("Content-Type"), body);
        if (fault instanceof Fault.Delay d) {
            closing.await(d.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
        send(exchange, answer);
    }

    /** A bug or a broken fixture: HTTP 500 with the reason, unless the answer had already begun. */
    private static void answerFailure(HttpExchange exchange, RuntimeException e) {
        if (exchange.getResponseCode() != -1) {
            return;
        }
        try {
            send(exchange, Answer.text(500, "cybertipline-fake failed: " + e));
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** 405 for a wrong method, 401 with code 2000 for missing or wrong credentials, otherwise null. */
    private Answer refuse(HttpExchange exchange, String method) {
        if (!method.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", method);
            return Answer.text(405, "use " + method);
        }
        if (!credentials.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"ispws\"");
            return new Answer(401, XML, bodies.error(ResponseCodes.AUTHENTICATION_REQUIRED, null));
        }
        return null;
    }

    private Answer answer(Endpoint endpoint, String contentType, byte[] body) {
        try {
            return switch (endpoint) {
                case STATUS -> Answer.xml(bodies.status());
                case XSD -> Answer.xml(schema.bytes());
                case SUBMIT -> {
                    schema.validate(body, "report");
                    yield Answer.xml(bodies.success(endpoint, book.open(body)));
                }
                case UPLOAD -> {
                    Map<String, FormData.Part> form = FormData.parse(contentType, body);
                    long reportId = reportId(form);
                    FormData.Part file = form.get("file");
                    if (file == null || file.filename() == null) {
                        throw new IspwsError(ResponseCodes.INVALID_REQUEST, reportId, "no file part named 'file'");
                    }
                    FiledFile filed = book.upload(reportId, file.filename(), file.content());
                    yield Answer.xml(bodies.upload(reportId, filed.fileId(), filed.md5()));
                }
                case FILEINFO -> {
                    Element details = schema.validate(body, "fileDetails");
                    long reportId = Long.parseLong(childText(details, "reportId"));
                    book.describe(reportId, childText(details, "fileId"), body);
                    yield Answer.xml(bodies.success(endpoint, reportId));
                }
                case FINISH -> {
                    long reportId = reportId(FormData.parse(contentType, body));
                    yield Answer.xml(bodies.done(reportId, book.finish(reportId)));
                }
                case RETRACT -> {
                    long reportId = reportId(FormData.parse(contentType, body));
                    book.retract(reportId);
                    yield Answer.xml(bodies.success(endpoint, reportId));
                }
            };
        } catch (IspwsError e) {
            rejections.add(new Rejection(endpoint, e.code(), e.getMessage()));
            return Answer.xml(bodies.error(e.code(), e.reportId()));
        }
    }

    private static long reportId(Map<String, FormData.Part> form) throws IspwsError {
        FormData.Part id = form.get("id");
        if (id == null) {
            throw new IspwsError(ResponseCodes.INVALID_REQUEST, "no form field 'id'");
        }
        try {
            return Long.parseLong(id.text());
        } catch (NumberFormatException e) {
            throw new IspwsError(ResponseCodes.INVALID_REQUEST, "the form field 'id' is not a report id: " + id.text());
        }
    }

    private static String childText(Element parent, String name) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e.getTextContent().trim();
            }
        }
        throw new IllegalStateException("<" + parent.getTagName() + "> passed the XSD without <" + name + ">");
    }

    private Fault nextFault(Endpoint endpoint) {
        Deque<Fault> queue = faults.get(endpoint);
        synchronized (queue) {
            return queue.poll();
        }
    }

    private byte[] readBody(HttpExchange exchange) throws IOException, BodyTooLarge {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                // drain the rest (up to a bound) so that the client reads the 413 rather than a broken pipe
                in.transferTo(new BoundedSink(DRAIN_LIMIT));
                throw new BodyTooLarge();
            }
            return body;
        } catch (BoundedSink.Full e) {
            throw new BodyTooLarge();
        }
    }

    /** The most of an over-long body that is read and discarded before the 413 is sent. */
    private static final long DRAIN_LIMIT = 64L << 20;

    /** Discards what is written, up to a bound. */
    private static final class BoundedSink extends java.io.OutputStream {
        private long room;

        BoundedSink(long room) {
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            room -= len;
            if (room < 0) {
                throw new Full();
            }
        }

        static final class Full extends IOException {
            Full() {
                super("body over the drain limit");
            }
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    // ---- admin (test-only) ----

    private Answer admin(HttpExchange exchange) throws IOException {
        Answer refused = refuse(exchange, "POST");
        if (refused != null) {
            return refused;
        }
        try {
            Map<String, FormData.Part> form = FormData.parse(exchange.getRequestHeaders().getFirst("Content-Type"),
                    readBody(exchange));
            return Answer.text(200, AdminCommand.parse(form).applyTo(this));
        } catch (IspwsError | IllegalArgumentException e) {
            return Answer.text(400, e.getMessage());
        } catch (BodyTooLarge e) {
            return Answer.text(413, "body over the limit of " + maxBodyBytes + " bytes");
        }
    }

    /** Configures a fake; {@link #xsd}, {@link #responses} and {@link #credentials} are required. */
    public static final class Builder {
        private int port;
        private String host = "127.0.0.1";
        private Path xsd;
        private Path responses;
        private Credentials credentials;
        private Clock clock = Clock.systemUTC();
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long firstReportId = DEFAULT_FIRST_REPORT_ID;
        private boolean adminEndpoint;

        private Builder() {
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The interface to listen on; the loopback interface by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** NCMEC's {@code cyber_tipline.xsd}. */
        public Builder xsd(Path xsd) {
            this.xsd = xsd;
            return this;
        }

        /** The directory of response fixtures ({@code shared/cybertipline/responses}). */
        public Builder responses(Path responses) {
            this.responses = responses;
            return this;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** The clock report expiry reads; tests pass a {@link SettableClock}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder maxBodyBytes(long maxBodyBytes) {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive");
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder firstReportId(long firstReportId) {
            this.firstReportId = firstReportId;
            return this;
        }

        /** Serves the test-only {@code POST /_admin/faults} (same credentials); off by default. */
        public Builder adminEndpoint(boolean enabled) {
            this.adminEndpoint = enabled;
            return this;
        }

        public FakeCyberTipline start() throws IOException {
            return new FakeCyberTipline(this);
        }
    }
}
