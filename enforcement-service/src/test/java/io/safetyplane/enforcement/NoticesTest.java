package io.safetyplane.enforcement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.model.SanctionEntity;
import io.safetyplane.enforcement.sanction.Sanctions;
import io.safetyplane.testsupport.KafkaEvents;
import io.safetyplane.testsupport.TestTokens;
import jakarta.inject.Inject;

/**
 * A sanction of a business's end user becomes a notice for the business: readable by the right callers only, waiting
 * while the business has no webhook, retried while the webhook is down, and delivered once, signed, when it is up.
 */
@QuarkusTest
class NoticesTest {
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("a test key of 32 bytes, no more".getBytes(StandardCharsets.UTF_8));

    /** What the tenant's webhook received. */
    record Delivery(int status, String id, String timestamp, String signature, String body) {
    }

    static HttpServer webhook;
    static final List<Delivery> received = new CopyOnWriteArrayList<>();
    /** How many more requests the webhook answers 503 (it is down). */
    static final AtomicInteger down = new AtomicInteger();

    @Inject
    Sanctions sanctions;

    @BeforeAll
    static void startWebhook() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = down.getAndUpdate(n -> Math.max(n - 1, 0)) > 0 ? 503 : 200;
            var h = exchange.getRequestHeaders();
            received.add(new Delivery(status, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"), body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterAll
    static void stopWebhook() {
        webhook.stop(0);
    }

    static String admin() {
        return TestTokens.token("admin-1", "admin");
    }

    static String tenantToken(String tenant) {
        return TestTokens.token("svc-" + tenant, Map.of("tenant_id", tenant), "tenant");
    }

    static String userToken(String tenant, String account, String endUser) {
        return TestTokens.token("u-" + UUID.randomUUID(), endUser == null ? Map.of("tenant_id", tenant, "account_id", account)
                : Map.of("tenant_id", tenant, "account_id", account, "end_user_id", endUser), "user");
    }

    static JsonPath notices(String tenant, String token) {
        return given().auth().oauth2(token).get("/v1/tenants/" + tenant + "/notices").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anEndUsersNoticeGoesToTheBusinessWaitsWhileItsWebhookIsDownAndIsDeliveredOnceSigned() throws Throwable {
        String tenant = "biz-" + UUID.randomUUID();
        String account = "acct-1";
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("name", "Business", "kind", "business"))
                .put("/v1/tenants/" + tenant).then().statusCode(201).body("webhookUrl", nullValue());
        given().auth().oauth2(tenantToken(tenant)).put("/v1/tenants/" + tenant + "/accounts/" + account).then().statusCode(201);

        Violation v = ViolationIntakeTest.violation(tenant, account, "end-user-7", "sexual", Severity.SEVERITY_MEDIUM, Action.ACTION_BLOCK);
        ViolationIntakeTest.send(v);
        String tenantToken = tenantToken(tenant);
        KafkaEvents.await("the notice", () -> notices(tenant, tenantToken).getList("$").size() == 1);
        JsonPath n = notices(tenant, tenantToken).setRootPath("[0]");
        String id = n.getString("id");
        String sanctionId = n.getString("sanctionId");
        assertEquals("sanction", n.getString("kind"));
        assertEquals("end-user-7", n.getString("endUserId"), "the end user, by the business's own id");
        assertEquals("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", n.getString("statement.category"));
        assertEquals("DECISION_GROUND_INCOMPATIBLE_CONTENT", n.getString("statement.decision_ground"));
        assertEquals("Yes", n.getString("statement.automated_detection"));
        assertEquals("AUTOMATED_DECISION_FULLY", n.getString("statement.automated_decision"));
        assertEquals(sanctionId, n.getString("statement.puid"));
        assertTrue(n.getString("body").contains("\"end-user-7\""), n.getString("body"));
        assertTrue(!n.getString("statement").contains("end-user-7") && !n.getString("statement").contains(account),
                "the statement (for the DSA database) names nobody");
        assertTrue(n.getString("appealDeadline") != null);
        assertEquals(0, n.getInt("delivery.attempts"), "no webhook yet: the notice waits");

        // who may read it
        given().get("/v1/notices/" + id).then().statusCode(401);
        given().auth().oauth2(TestTokens.token("r-1", "reviewer")).get("/v1/notices/" + id).then().statusCode(200).body("id", is(id));
        given().auth().oauth2(tenantToken).get("/v1/notices/" + id).then().statusCode(200);
        given().auth().oauth2(userToken(tenant, account, "end-user-7")).get("/v1/notices/" + id).then().statusCode(200);
        given().auth().oauth2(tenantToken("other-tenant")).get("/v1/notices/" + id).then().statusCode(404);
        given().auth().oauth2(userToken(tenant, account, "end-user-8")).get("/v1/notices/" + id).then().statusCode(404);
        given().auth().oauth2(userToken(tenant, account, null)).get("/v1/notices/" + id).then().statusCode(404);
        given().auth().oauth2(TestTokens.token("nobody", "nobody")).get("/v1/notices/" + id).then().statusCode(403);
        given().auth().oauth2(tenantToken).get("/v1/notices/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(tenantToken("other-tenant")).get("/v1/tenants/" + tenant + "/notices").then().statusCode(403);
        given().auth().oauth2(userToken(tenant, account, "end-user-7")).get("/v1/tenants/" + tenant + "/notices").then()
                .statusCode(200).body("size()", is(1));
        given().auth().oauth2(userToken(tenant, account, "end-user-7")).queryParam("endUserId", "end-user-8")
                .get("/v1/tenants/" + tenant + "/notices").then().statusCode(403);
        given().auth().oauth2(tenantToken).queryParam("endUserId", "end-user-8").get("/v1/tenants/" + tenant + "/notices").then()
                .statusCode(200).body("size()", is(0));
        given().auth().oauth2(tenantToken).queryParam("after", id).get("/v1/tenants/" + tenant + "/notices").then()
                .statusCode(200).body("size()", is(0));
        given().auth().oauth2(tenantToken).queryParam("after", "x").get("/v1/tenants/" + tenant + "/notices").then().statusCode(400);
        given().auth().oauth2(tenantToken).queryParam("limit", 0).get("/v1/tenants/" + tenant + "/notices").then().statusCode(400);

        // the webhook is set while it is down: two attempts fail, the third delivers
        down.set(2);
        String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook/" + tenant;
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Business", "kind", "business", "webhookUrl", url, "webhookSecret", SECRET))
                .put("/v1/tenants/" + tenant).then().statusCode(200).body("webhookUrl", is(url)).body("webhookSecretSet", is(true))
                .body("webhookSecret", nullValue());
        KafkaEvents.await("the delivery recorded", () -> given().auth().oauth2(tenantToken).get("/v1/notices/" + id).then()
                .extract().jsonPath().getString("delivery.deliveredAt") != null);
        List<Delivery> attempts = received.stream().filter(d -> id.equals(d.id())).toList();
        assertEquals(List.of(503, 503, 200), attempts.stream().map(Delivery::status).toList(), "retried until delivered, once");
        given().auth().oauth2(tenantToken).get("/v1/notices/" + id).then().body("delivery.attempts", is(3))
                .body("delivery.lastError", nullValue());
        Delivery delivered = attempts.get(2);
        assertEquals(sign(delivered.id() + "." + delivered.timestamp() + "." + delivered.body()), delivered.signature());
        JsonPath event = JsonPath.from(delivered.body());
        assertEquals("notice.sanction", event.getString("type"));
        assertEquals(id, event.getString("data.id"));
        assertEquals("end-user-7", event.getString("data.endUserId"));
        assertEquals("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", event.getString("data.statement.category"));

        // the sanction is lifted (an overturned appeal): a 'lift' notice, delivered as well
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> SanctionEntity.<SanctionEntity>findById(UUID.fromString(sanctionId))
                .flatMap(s -> sanctions.lift(s, AuditEntry.Actor.user("senior-1", "senior-reviewer"), "appeal upheld: the image is not sexual"))));
        KafkaEvents.await("the lift notice delivered", () -> received.stream()
                .anyMatch(d -> d.status() == 200 && JsonPath.from(d.body()).getString("type").equals("notice.lift")
                        && JsonPath.from(d.body()).getString("data.sanctionId").equals(sanctionId)));
        JsonPath lift = notices(tenant, tenantToken).setRootPath("[1]");
        assertEquals("lift", lift.getString("kind"));
        assertEquals(sanctionId, lift.getString("statement.puid"), "it refers to the decision reversed");
        assertEquals(null, lift.getString("appealDeadline"));
        assertTrue(lift.getString("subject").contains("reversed"), lift.getString("subject"));
        assertTrue(lift.getString("body").contains("appeal upheld"), lift.getString("body"));
        // paging: after the first notice comes the lift
        given().auth().oauth2(tenantToken).queryParam("after", id).get("/v1/tenants/" + tenant + "/notices").then()
                .statusCode(200).body("size()", is(1)).body("[0].kind", is("lift"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("enforcement_notices_delivered_total") && metrics.contains("enforcement_notice_delivery_failures_total")
                && metrics.contains("enforcement_notices_waiting"), "the relay's metrics");
    }

    /** The Standard Webhooks signature, computed here independently of the service's code. */
    static String sign(String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
