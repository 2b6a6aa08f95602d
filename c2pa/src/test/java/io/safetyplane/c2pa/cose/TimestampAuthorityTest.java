package io.safetyplane.c2pa.cose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TimestampAuthorityTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static DevPki pki;
    private HttpServer server;

    @BeforeAll
    static void pki() {
        pki = DevPki.create("TSA Test", Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A loopback server; {@code handler} answers every request. */
    private URI serve(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/tsa", exchange -> {
            try (exchange) {
                handler.handle(exchange, exchange.getRequestBody().readAllBytes());
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    interface Handler {
        void handle(HttpExchange exchange, byte[] body) throws IOException;
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] imprint() throws Exception {
        return CoseSign1Test.sha256("stamped".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void localTokenIsAValidTimeStampToken() throws Exception {
        byte[] imprint = imprint();
        TimeStampToken token = TimestampTokens.parse(pki.timestampAuthority().timestamp(imprint));
        assertArrayEquals(imprint, token.getTimeStampInfo().getMessageImprintDigest());
        assertEquals(NOW, token.getTimeStampInfo().getGenTime().toInstant());
        assertEquals(LocalTimestampAuthority.TEST_POLICY_OID, token.getTimeStampInfo().getPolicy().getId());
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(pki.tsaCertificate()));
        assertEquals(2, token.getCertificates().getMatches(null).size(), "TSA certificate and intermediate");
    }

    @Test
    void localRespondRejectsGarbage() throws Exception {
        TimeStampResponse response = new TimeStampResponse(pki.timestampAuthority().respond(new byte[] {1, 2, 3}));
        assertEquals(PKIStatus.REJECTION, response.getStatus());
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        byte[] md5Query = generator.generate(TSPAlgorithms.MD5, new byte[16]).getEncoded();
        assertEquals(PKIStatus.REJECTION, new TimeStampResponse(pki.timestampAuthority().respond(md5Query)).getStatus());
    }

    @Test
    void localAuthorityNeedsATimeStampingCertificate() {
        assertThrows(IllegalArgumentException.class, () -> new LocalTimestampAuthority(pki.signingKey(),
                pki.chain(), Clock.systemUTC()));
    }

    @Test
    void httpAuthorityAgainstLoopbackServer() throws Exception {
        AtomicReference<String> contentType = new AtomicReference<>();
        URI url = serve((exchange, body) -> {
            contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            reply(exchange, 200, "application/timestamp-reply", pki.timestampAuthority().respond(body));
        });
        HttpTimestampAuthority tsa = new HttpTimestampAuthority(url, Duration.ofSeconds(5));
        byte[] imprint = imprint();
        TimeStampToken token = TimestampTokens.parse(tsa.timestamp(imprint));
        assertEquals("application/timestamp-query", contentType.get());
        assertArrayEquals(imprint, token.getTimeStampInfo().getMessageImprintDigest());
        assertNotNull(token.getTimeStampInfo().getNonce(), "the request carried a nonce");

        // and through CoseSign1 end to end
        byte[] claim = "claim".getBytes(StandardCharsets.UTF_8);
        byte[] cose = CoseSign1.sign(claim, pki.signer(), tsa, CoseSign1.reserveSize(pki.signer(), true));
        assertTrue(CoseSign1.verify(cose, claim, NOW).has(CoseVerification.TIMESTAMP_VALIDATED));
    }

    @Test
    void httpErrorStatus() throws Exception {
        URI url = serve((exchange, body) -> reply(exchange, 500, "text/plain", "boom".getBytes(StandardCharsets.UTF_8)));
        TimestampException e = assertThrows(TimestampException.class,
                () -> new HttpTimestampAuthority(url, Duration.ofSeconds(5)).timestamp(imprint()));
        assertTrue(e.getMessage().contains("500"), e.getMessage());
    }

    @Test
    void connectionRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HttpTimestampAuthority tsa = new HttpTimestampAuthority(URI.create("http://127.0.0.1:" + port + "/tsa"),
                Duration.ofSeconds(5));
        TimestampException e = assertThrows(TimestampException.class, () -> tsa.timestamp(imprint()));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }

    @Test
    void garbageReply() throws Exception {
        URI url = serve((exchange, body) -> reply(exchange, 200, "application/timestamp-reply",
                "not DER at all".getBytes(StandardCharsets.UTF_8)));
        TimestampException e = assertThrows(TimestampException.class,
                () -> new HttpTimestampAuthority(url, Duration.ofSeconds(5)).timestamp(imprint()));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    @Test
    void wrongContentType() throws Exception {
        URI url = serve((exchange, body) -> reply(exchange, 200, "text/html", pki.timestampAuthority().respond(body)));
        TimestampException e = assertThrows(TimestampException.class,
                () -> new HttpTimestampAuthority(url, Duration.ofSeconds(5)).timestamp(imprint()));
        assertTrue(e.getMessage().contains("Content-Type"), e.getMessage());
    }

    @Test
    void rejection() throws Exception {
        URI url = serve((exchange, body) -> reply(exchange, 200, "application/timestamp-reply",
                pki.timestampAuthority().respond(new byte[] {0x30, 0x00})));
        TimestampException e = assertThrows(TimestampException.class,
                () -> new HttpTimestampAuthority(url, Duration.ofSeconds(5)).timestamp(imprint()));
        assertTrue(e.getMessage().contains("rejected"), e.getMessage());
    }

    @Test
    void replyToAnotherRequestIsRefused() throws Exception {
        URI url = serve((exchange, body) -> {
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(true);
            byte[] other = generator.generate(TSPAlgorithms.SHA256, new byte[32],
                    java.math.BigInteger.valueOf(7)).getEncoded();
            reply(exchange, 200, "application/timestamp-reply", pki.timestampAuthority().respond(other));
        });
        TimestampException e = assertThrows(TimestampException.class,
                () -> new HttpTimestampAuthority(url, Duration.ofSeconds(5)).timestamp(imprint()));
        assertTrue(e.getMessage().contains("bad response"), e.getMessage());
    }

    @Test
    void timeout() throws Exception {
        URI url = serve((exchange, body) -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, 200, "application/timestamp-reply", pki.timestampAuthority().respond(body));
        });
        TimestampException e = assertThrows(TimestampException.class,
                () -> new HttpTimestampAuthority(url, Duration.ofMillis(300)).timestamp(imprint()));
        assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
    }
}
