package io.safetyplane.enforcement;

import static io.restassured.RestAssured.given;
import static io.safetyplane.enforcement.ReviewTesting.REVIEWER;
import static io.safetyplane.enforcement.ReviewTesting.awaitItem;
import static io.safetyplane.enforcement.ReviewTesting.decide;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.safetyplane.enforcement.model.AbuseReportEntity;

/** The public abuse-report form: anyone may report, within limits; each report is queued for review. */
@QuarkusTest
class AbuseReportTest {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** A request from a client address of its own (the tests' proxy settings trust X-Forwarded-For). */
    static RequestSpecification from(String address) {
        return given().header("X-Forwarded-For", address);
    }

    static String newClient() {
        int n = CLIENTS.incrementAndGet();
        return "198.51.100." + n;
    }

    static Map<String, Object> report(String category, String description) {
        return Map.of("category", category, "description", description, "contentRef", "https://media.example/outputs/42.png",
                "tenantId", "acme", "contact", "reporter@example.org");
    }

    @Test
    void anyoneMayReportAndTheReportIsQueuedForReview() throws Throwable {
        String address = newClient();
        String id = from(address).contentType(ContentType.JSON).body(report("sexual", "a generated image of a real person, undressed"))
                .post("/v1/abuse-reports").then().statusCode(202).body("id", notNullValue()).extract().path("id");
        Map<String, Object> item = awaitItem("the report queued", REVIEWER, i -> id.equals(i.get("abuseReportId")));
        assertEquals("abuse-report", item.get("kind"));
        given().auth().oauth2(REVIEWER).get("/v1/review-items/" + item.get("id")).then().statusCode(200)
                .body("abuseReport.description", is("a generated image of a real person, undressed")).body("tenantId", is("acme"));
        // the reporter is known by a keyed hash of the address, never the address
        AbuseReportEntity stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> AbuseReportEntity.<AbuseReportEntity>findById(java.util.UUID.fromString(id))));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("test-reporter-key-not-secret-0123456789".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals(HexFormat.of().formatHex(mac.doFinal(address.getBytes(StandardCharsets.UTF_8))), stored.reporterKey);
        assertNotEquals(address, stored.reporterKey);
        // founded: nothing is imposed on a reporter's word
        decide(REVIEWER, item.get("id"), "confirm").statusCode(200).body("outcome", is("confirmed")).body("sanctionId", is((Object) null));
    }

    @Test
    void badReportsAreRefused() {
        from(newClient()).contentType(ContentType.JSON).body(report("spam", "x")).post("/v1/abuse-reports").then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:unknown-category"));
        from(newClient()).contentType(ContentType.JSON).body(Map.of("category", "other", "contentRef", "c-1")).post("/v1/abuse-reports")
                .then().statusCode(400).body("type", is("urn:safety-plane:problem:invalid-request"));
        from(newClient()).contentType(ContentType.JSON).body(report("other", "x".repeat(5001))).post("/v1/abuse-reports").then()
                .statusCode(400).body("type", is("urn:safety-plane:problem:description-too-long"));
        from(newClient()).contentType(ContentType.JSON).body(report("other", "x".repeat(17 * 1024))).post("/v1/abuse-reports").then()
                .statusCode(413).body("type", is("urn:safety-plane:problem:request-too-large"));
        from(newClient()).contentType(ContentType.TEXT).body("a report").post("/v1/abuse-reports").then().statusCode(415);
        from(newClient()).contentType(ContentType.JSON).body("{\"category\":").post("/v1/abuse-reports").then().statusCode(400);
    }

    @Test
    void aClientIsRateLimitedAfterItsBurst() {
        String address = newClient();
        for (int i = 0; i < 3; i++) { // the tests' burst
            from(address).contentType(ContentType.JSON).body(report("other", "report " + i)).post("/v1/abuse-reports").then().statusCode(202);
        }
        String retryAfter = from(address).contentType(ContentType.JSON).body(report("other", "one too many")).post("/v1/abuse-reports")
                .then().statusCode(429).body("type", is("urn:safety-plane:problem:too-many-reports")).extract().header("Retry-After");
        assertEquals(true, Integer.parseInt(retryAfter) >= 1, "Retry-After " + retryAfter);
        from(newClient()).contentType(ContentType.JSON).body(report("other", "another client")).post("/v1/abuse-reports").then()
                .statusCode(202);
    }
}
