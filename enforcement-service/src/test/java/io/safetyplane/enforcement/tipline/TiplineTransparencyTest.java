package io.safetyplane.enforcement.tipline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.safetyplane.testsupport.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The transparency report counts the CyberTipline reports filed (FINISHED) in its period, by when they were filed; a
 * pending, held or retracted report is not counted. Rows are dated 2014, a year no other test writes.
 */
@QuarkusTest
class TiplineTransparencyTest {
    private static final String YEAR = "/v1/transparency-report?from=2014-01-01&to=2015-01-01";
    private static final String AUDITOR = TestTokens.token("auditor-1", "auditor");

    @Inject
    TiplineQueue queue;
    @Inject
    FiledReports filed;
    @Inject
    Pool pool;

    @Test
    void aFinishedReportIsCountedInThePeriodItWasFiledIn() throws Throwable {
        Instant start = Instant.parse("2014-01-01T00:00:00Z");
        Instant end = Instant.parse("2015-01-01T00:00:00Z");
        long before = filed.filed(start, end).await().indefinitely();

        row("FINISHED", "2014-06-01T10:00:00Z", 9001L);
        row("FINISHED", "2015-01-01T00:00:00Z", 9002L); // the next period's first instant
        row("FINISHED", "2013-12-31T23:59:59Z", 9003L);
        row("PENDING", null, null);
        row("SUBMITTED", null, 9004L);
        row("HELD", null, null);
        row("RETRACTED", null, null);

        assertEquals(before + 1, filed.filed(start, end).await().indefinitely());
        given().auth().oauth2(AUDITOR).get(YEAR).then().statusCode(200)
                .body("sections.find { it.id == 'tipline' }.figures.find { it.name == 'reports_filed' }.value", is((int) (before + 1)));
    }

    /** A report in {@code state}, created and (when finished) filed in 2014, never due. */
    private void row(String state, String finishedAt, Long ncmecId) throws Throwable {
        UUID id = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> queue.queue(new TiplineQueue.ConfirmedIncident(
                TiplineReportEntity.HASH_MATCH, Target.of("tenant-tr", "acct-" + UUID.randomUUID(), ""), "viol-" + UUID.randomUUID(), null,
                "csam", Instant.parse("2014-05-01T00:00:00Z"), "", "", "", List.of(), "hash-service")).map(r -> r.id)));
        String hold = "HELD".equals(state) ? "{\"reason\": \"test\", \"alert\": false, \"errors\": []}" : null;
        pool.preparedQuery("update tipline_reports set state = $2, finished_at = $3, ncmec_report_id = $4, hold = $5::jsonb, version = 5, "
                + "next_attempt_at = '9999-01-01T00:00:00Z' where id = $1")
                .execute(Tuple.of(id, state, finishedAt == null ? null : OffsetDateTime.parse(finishedAt).withOffsetSameInstant(ZoneOffset.UTC),
                        ncmecId, hold))
                .await().indefinitely();
    }
}
