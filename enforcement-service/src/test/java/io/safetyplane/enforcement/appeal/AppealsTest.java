package io.safetyplane.enforcement.appeal;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.AccountAction;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.testsupport.KafkaBrokerResource;
import io.safetyplane.testsupport.KafkaEvents;
import io.safetyplane.testsupport.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Appeals against sanctions: filed by the affected user or their tenant, decided by someone else, overturned ones lifted. */
@QuarkusTest
class AppealsTest {
    private static final String REVIEWER = TestTokens.token("reviewer-1", "reviewer");
    private static KafkaProducer<String, byte[]> producer;

    @Inject
    Pool pool;

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    @Test
    void anOverturnedAppealLiftsTheSanctionAndTheLadderStartsAgain() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        send(violation(account));
        awaitStanding(account, "warned");
        String sanctionId = standing(account).extract().jsonPath().getString("sanctionIds[0]");

        // the affected user appeals
        String user = user("self-serve", account, "");
        var filed = given().auth().oauth2(user).contentType(ContentType.JSON).body(Map.of("statement", "  The image was a museum piece.  "))
                .post("/v1/sanctions/" + sanctionId + "/appeals").then().statusCode(201)
                .body("state", is("open")).body("filedAs", is("user")).body("statement", is("The image was a museum piece."))
                .extract().jsonPath();
        String appealId = filed.getString("id");
        assertEquals(Duration.ofDays(14), Duration.between(Instant.parse(filed.getString("filedAt")), Instant.parse(filed.getString("decideBy"))));
        given().auth().oauth2(user).get("/v1/appeals/" + appealId).then().statusCode(200).body("sanctionId", is(sanctionId));
        given().auth().oauth2(REVIEWER).get("/v1/appeals").then().statusCode(200).body("id", hasItem(appealId));

        // a reviewer overturns it: the sanction is lifted, its strike removed, the lift announced and the standing restored
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON)
                .body(Map.of("outcome", "overturned", "reason", "Artistic nudity is allowed in this context."))
                .post("/v1/appeals/" + appealId + "/decision").then().statusCode(200)
                .body("state", is("decided")).body("outcome", is("overturned")).body("decidedBy", is("reviewer-1"));
        standing(account).body("standing", is("active"));
        Row sanction = one("select lifted_by, (select count(*) from strikes where sanction_id = s.id and removed_at is null) as strikes "
                + "from sanctions s where id = $1", UUID.fromString(sanctionId));
        assertEquals("reviewer-1", sanction.getString("lifted_by"));
        assertEquals(0L, sanction.getLong("strikes"));
        // the filer sees the decision and its reasons, not the reviewer's identity
        given().auth().oauth2(user).get("/v1/appeals/" + appealId).then().statusCode(200).body("outcome", is("overturned"))
                .body("reason", is("Artistic nudity is allowed in this context.")).body("decidedBy", nullValue());
        given().auth().oauth2(REVIEWER).queryParam("state", "decided").get("/v1/appeals").then().statusCode(200).body("id", hasItem(appealId));

        // decided once; appealed once
        given().auth().oauth2(TestTokens.token("reviewer-2", "senior-reviewer")).contentType(ContentType.JSON)
                .body(Map.of("outcome", "upheld", "reason", "second thoughts")).post("/v1/appeals/" + appealId + "/decision").then()
                .statusCode(409).body("type", is("urn:safety-plane:problem:appeal-decided"));
        given().auth().oauth2(user).contentType(ContentType.JSON).body(Map.of("statement", "again"))
                .post("/v1/sanctions/" + sanctionId + "/appeals").then().statusCode(409).body("type", is("urn:safety-plane:problem:appeal-exists"));

        // the next violation starts again at the ladder's first step: a warning, not a suspension
        send(violation(account));
        KafkaEvents.await("the next sanction", () -> one("select count(*) from sanctions where account_id = $1", account).getLong(0) == 2);
        assertEquals("warn", one("select action from sanctions where account_id = $1 and lifted_at is null", account).getString(0));
        standing(account).body("standing", is("warned"));

        // warn, lift, warn on enforcement.actions.v1
        List<String> actions = new ArrayList<>();
        for (var r : KafkaEvents.records(Topics.ENFORCEMENT_ACTIONS, 3, r -> ("self-serve/" + account).equals(r.key()))) {
            actions.add(AccountAction.parseFrom(r.value()).getAction());
        }
        assertEquals(List.of("warn", "lift", "warn"), actions);

        // every step is in the audit log
        List<String> audited = new ArrayList<>();
        for (Row r : pool.preparedQuery("select action from audit_log where subject_id in ($1, $2) order by seq")
                .execute(Tuple.of(appealId, sanctionId)).await().indefinitely()) {
            audited.add(r.getString(0));
        }
        assertEquals(List.of("sanction.applied", "appeal.filed", "sanction.lifted", "appeal.decided"), audited);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("enforcement_appeals_decided_total{outcome=\"overturned\"}"), "decisions are counted by outcome");
        assertTrue(metrics.contains("enforcement_appeal_decision_time_seconds_count"), "the time to decision is measured");
    }

    @Test
    void anUpheldAppealLeavesTheSanctionInForce() {
        String account = "biz-" + UUID.randomUUID();
        UUID sanction = sanction("acme", account, "acme-user-1", "suspend", Instant.now(), "system:ladder");
        // the business files for its end user
        String appealId = file(TestTokens.token("acme-api", Map.of("tenant_id", "acme"), "tenant"), sanction, "Our user was testing a filter.")
                .statusCode(201).body("filedAs", is("tenant")).body("endUserId", is("acme-user-1")).extract().jsonPath().getString("id");
        given().auth().oauth2(TestTokens.token("senior-1", "senior-reviewer")).contentType(ContentType.JSON)
                .body(Map.of("outcome", "upheld", "reason", "The prompt asked for sexual content of a real person."))
                .post("/v1/appeals/" + appealId + "/decision").then().statusCode(200).body("outcome", is("upheld"));
        assertNull(one("select lifted_at from sanctions where id = $1", sanction).getValue(0));
        given().auth().oauth2(REVIEWER).queryParam("endUserId", "acme-user-1").get("/v1/tenants/acme/accounts/" + account + "/standing")
                .then().statusCode(200).body("standing", is("suspended"));
        // the end user reads it too, the business's other end users do not
        given().auth().oauth2(user("acme", account, "acme-user-1")).get("/v1/appeals/" + appealId).then().statusCode(200);
        given().auth().oauth2(user("acme", account, "acme-user-2")).get("/v1/appeals/" + appealId).then().statusCode(403);
    }

    @Test
    void aSanctionIsAppealedOnceEvenWhenTwoFilingsRace() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        UUID sanction = sanction("self-serve", account, "", "warn", Instant.now(), "system:ladder");
        String user = user("self-serve", account, "");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> filings = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            filings.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return file(user, sanction, "not me").extract().statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var f : filings) {
            statuses.add(f.get(60, TimeUnit.SECONDS));
        }
        statuses.sort(null);
        assertEquals(List.of(201, 409), statuses);
        assertEquals(1L, one("select count(*) from appeals where sanction_id = $1", sanction).getLong(0));
    }

    @Test
    void appealsAreAcceptedForTheWindowOnly() {
        String account = "acct-" + UUID.randomUUID();
        String user = user("self-serve", account, "");
        Instant now = Instant.now();
        UUID old = sanction("self-serve", account, "", "warn", now.atOffset(ZoneOffset.UTC).minusMonths(6).minusDays(1).toInstant(), "system:ladder");
        file(user, old, "too late?").statusCode(422).body("type", is("urn:safety-plane:problem:appeal-window-closed"))
                .body("windowClosedAt", org.hamcrest.Matchers.notNullValue());
        UUID recent = sanction("self-serve", account, "", "warn", now.atOffset(ZoneOffset.UTC).minusMonths(5).toInstant(), "system:ladder");
        file(user, recent, "in time").statusCode(201);
    }

    @Test
    void onlyAnotherReviewerDecides() {
        String account = "acct-" + UUID.randomUUID();
        UUID sanction = sanction("self-serve", account, "", "disable", Instant.now(), "reviewer-7");
        String appealId = file(user("self-serve", account, ""), sanction, "I did not upload that.").statusCode(201).extract().jsonPath()
                .getString("id");
        Map<String, String> decision = Map.of("outcome", "overturned", "reason", "The upload came from a compromised key.");
        given().auth().oauth2(TestTokens.token("reviewer-7", "reviewer")).contentType(ContentType.JSON).body(decision)
                .post("/v1/appeals/" + appealId + "/decision").then().statusCode(409).body("type", is("urn:safety-plane:problem:same-reviewer"));
        given().auth().oauth2(TestTokens.token("admin-1", "admin")).contentType(ContentType.JSON).body(decision)
                .post("/v1/appeals/" + appealId + "/decision").then().statusCode(200).body("decidedBy", is("admin-1"));
        assertEquals("admin-1", one("select lifted_by from sanctions where id = $1", sanction).getString(0));
    }

    @Test
    void wrongCallersAndBadRequestsAreRefused() {
        String account = "acct-" + UUID.randomUUID();
        UUID sanction = sanction("acme", account, "acme-user-1", "warn", Instant.now(), "system:ladder");
        String endUser = user("acme", account, "acme-user-1");
        Map<String, String> body = Map.of("statement", "please");
        // who may file: not anonymous, not staff, not another tenant, not the account for its end user, not another end user
        given().contentType(ContentType.JSON).body(body).post("/v1/sanctions/" + sanction + "/appeals").then().statusCode(401);
        file(REVIEWER, sanction, "please").statusCode(403);
        file(TestTokens.token("admin-1", "admin"), sanction, "please").statusCode(403);
        file(TestTokens.token("other-api", Map.of("tenant_id", "other"), "tenant"), sanction, "please").statusCode(403);
        file(user("acme", account, ""), sanction, "please").statusCode(403);
        file(user("acme", account, "acme-user-2"), sanction, "please").statusCode(403);
        file(TestTokens.token("no-claims", "user"), sanction, "please").statusCode(403);
        // what may be filed
        file(endUser, UUID.randomUUID(), "please").statusCode(404).body("type", is("urn:safety-plane:problem:unknown-sanction"));
        file(endUser, sanction, " ").statusCode(400);
        file(endUser, sanction, "x".repeat(Appeals.MAX_STATEMENT + 1)).statusCode(400);
        given().auth().oauth2(endUser).contentType(ContentType.JSON).post("/v1/sanctions/" + sanction + "/appeals").then().statusCode(400);
        given().auth().oauth2(endUser).contentType(ContentType.JSON).body("{\"statement\":").post("/v1/sanctions/" + sanction + "/appeals")
                .then().statusCode(400);
        UUID lifted = sanction("acme", account, "acme-user-1", "warn", Instant.now(), "system:ladder");
        exec("update sanctions set lifted_at = now(), lifted_by = 'reviewer-1', lifted_reason = 'test' where id = $1", lifted);
        file(endUser, lifted, "please").statusCode(409).body("type", is("urn:safety-plane:problem:sanction-lifted"));

        String appealId = file(endUser, sanction, "please").statusCode(201).extract().jsonPath().getString("id");
        // who may read and decide
        given().auth().oauth2(TestTokens.token("other-api", Map.of("tenant_id", "other"), "tenant")).get("/v1/appeals/" + appealId).then()
                .statusCode(403);
        given().auth().oauth2(TestTokens.token("acme-api", Map.of("tenant_id", "acme"), "tenant")).get("/v1/appeals/" + appealId).then()
                .statusCode(200);
        given().auth().oauth2(TestTokens.token("auditor-1", "auditor")).get("/v1/appeals/" + appealId).then().statusCode(403);
        given().auth().oauth2(endUser).get("/v1/appeals").then().statusCode(403);
        given().get("/v1/appeals").then().statusCode(401);
        Map<String, String> decision = Map.of("outcome", "overturned", "reason", "ok");
        given().auth().oauth2(endUser).contentType(ContentType.JSON).body(decision).post("/v1/appeals/" + appealId + "/decision").then()
                .statusCode(403);
        given().auth().oauth2(TestTokens.token("acme-api", Map.of("tenant_id", "acme"), "tenant")).contentType(ContentType.JSON).body(decision)
                .post("/v1/appeals/" + appealId + "/decision").then().statusCode(403);
        // what a decision and a listing must say
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON).body(Map.of("outcome", "maybe", "reason", "ok"))
                .post("/v1/appeals/" + appealId + "/decision").then().statusCode(400);
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON).body(Map.of("outcome", "upheld", "reason", ""))
                .post("/v1/appeals/" + appealId + "/decision").then().statusCode(400);
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON).body(Map.of("outcome", "upheld", "reason", "r".repeat(Appeals.MAX_REASON + 1)))
                .post("/v1/appeals/" + appealId + "/decision").then().statusCode(400);
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON).body(decision).post("/v1/appeals/" + UUID.randomUUID() + "/decision")
                .then().statusCode(404).body("type", is("urn:safety-plane:problem:unknown-appeal"));
        given().auth().oauth2(REVIEWER).get("/v1/appeals/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(REVIEWER).queryParam("state", "pending").get("/v1/appeals").then().statusCode(400);
        given().auth().oauth2(REVIEWER).queryParam("limit", 0).get("/v1/appeals").then().statusCode(400);
        given().auth().oauth2(REVIEWER).queryParam("limit", 1001).get("/v1/appeals").then().statusCode(400);
        assertNotNull(one("select id from appeals where id = $1 and state = 'open'", UUID.fromString(appealId)));
    }

    @Test
    void anAppealPastItsDecisionDeadlineIsOverdue() throws InterruptedException {
        String account = "acct-" + UUID.randomUUID();
        UUID sanction = sanction("self-serve", account, "", "warn", Instant.now().minus(Duration.ofDays(20)), "system:ladder");
        String appealId = file(user("self-serve", account, ""), sanction, "please").statusCode(201).extract().jsonPath().getString("id");
        exec("update appeals set filed_at = filed_at - interval '15 days', decide_by = decide_by - interval '15 days' where id = $1",
                UUID.fromString(appealId));
        KafkaEvents.await("the overdue appeal in the gauge", () -> gauge("enforcement_appeals_overdue") >= 1);
        assertTrue(gauge("enforcement_appeals_open") >= gauge("enforcement_appeals_overdue"));
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static double gauge(String name) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1))).findFirst().orElse(-1);
    }

    private static ValidatableResponse file(String token, UUID sanction, String statement) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("statement", statement))
                .post("/v1/sanctions/" + sanction + "/appeals").then();
    }

    /** The affected user's token, as the platform API mints it. */
    private static String user(String tenant, String account, String endUser) {
        return TestTokens.token("user-" + account + endUser, Map.of("tenant_id", tenant, "account_id", account, "end_user_id", endUser), "user");
    }

    private static ValidatableResponse standing(String account) {
        return given().auth().oauth2(REVIEWER).get("/v1/tenants/self-serve/accounts/" + account + "/standing").then().statusCode(200);
    }

    private static void awaitStanding(String account, String standing) throws InterruptedException {
        KafkaEvents.await("standing " + standing, () -> standing.equals(standing(account).extract().jsonPath().getString("standing")));
    }

    /** A sanction as the ladder or a reviewer would have imposed it, started at {@code start}. */
    private UUID sanction(String tenant, String account, String endUser, String action, Instant start, String decidedBy) {
        UUID id = UUID.randomUUID();
        OffsetDateTime at = start.atOffset(ZoneOffset.UTC);
        exec("insert into sanctions (id, tenant_id, account_id, end_user_id, action, starts_at, ends_at, category, rule, reason, automated, "
                + "decided_by) values ($1, $2, $3, $4, $5, $6, $7, 'sexual', 'sexual.upload', 'test', $8, $9)",
                id, tenant, account, endUser, action, at, "disable".equals(action) ? null : at.plusDays(7), decidedBy.startsWith("system:"), decidedBy);
        return id;
    }

    private void exec(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    private Row one(String sql, Object... params) {
        RowSet<Row> rows = pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }

    private static Violation violation(String account) {
        return Violation.newBuilder().setEventId(UUID.randomUUID().toString())
                .setContext(RequestContext.newBuilder().setRequestId("r-" + UUID.randomUUID()).setTenantId("self-serve").setAccountId(account))
                .setOccurredAtMillis(System.currentTimeMillis()).setDetector("classifier-service").setCategory("sexual")
                .setSeverity(Severity.SEVERITY_MEDIUM).setAction(Action.ACTION_BLOCK).setStage(ContentStage.CONTENT_STAGE_UPLOAD).build();
    }

    private static void send(Violation v) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        producer.send(new ProducerRecord<>(Topics.VIOLATIONS, "self-serve/" + v.getContext().getAccountId(), v.toByteArray()))
                .get(10, TimeUnit.SECONDS);
    }
}
