package io.safetyplane.enforcement.evidence;

import static io.safetyplane.enforcement.evidence.EvidenceTesting.column;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.match;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.png;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.safetyplane.contracts.enforcement.v1.PreserveResponse;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** The purge: reported evidence a year after the filing and not before, held evidence never, dismissed evidence at once. */
@QuarkusTest
class EvidencePurgeTest {
    static final AuditEntry.Actor OFFICER = AuditEntry.Actor.user("purge-test-officer", "tipline-officer");

    @TestHTTPResource
    URL url;
    @Inject
    EvidenceVault vault;

    private PreserveResponse preserve() {
        ManagedChannel channel = EvidenceTesting.channel(url);
        try {
            return EvidenceTesting.stub(channel).preserve(request(png(20, 20)).addMatches(match("block_and_report")).build());
        } finally {
            channel.shutdownNow();
        }
    }

    private static <T> T tx(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
    }

    /** Runs work that makes its own transactions on a Vert.x context. */
    private static <T> T run(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }

    private static Object field(String column, UUID id) {
        return column("select " + column + " from evidence where id = ?", id).get(0);
    }

    @Test
    void reportedEvidenceIsPurgedOnlyAYearAfterTheFiling() throws Throwable {
        PreserveResponse p = preserve();
        UUID id = UUID.fromString(p.getEvidenceId());
        UUID report = UUID.fromString(p.getTiplineReportId());
        assertEquals(0, run(() -> vault.purge(Instant.now().plus(3650, ChronoUnit.DAYS), List.of(id))),
                "held from detection while the report is outstanding");

        Instant filed = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        tx(() -> vault.reportFiled(report, filed));
        tx(() -> vault.reportFiled(report, filed)); // a replayed step changes nothing
        Instant year = Preservation.oneYearAfter(filed);
        assertEquals(Timestamp.from(year), field("purge_after", id));
        assertEquals(1, EvidenceTesting.audited("evidence.report_filed", id.toString(), "system:tipline"));

        assertEquals(0, run(() -> vault.purge(year.minusMillis(1), List.of(id))));
        assertNotNull(field("ciphertext", id));
        assertEquals(1, run(() -> vault.purge(year, List.of(id))));
        assertNull(field("ciphertext", id));
        assertNull(field("wrapped_key", id));
        assertNull(field("purge_after", id));
        assertEquals(Timestamp.from(year), field("purged_at", id));
        assertEquals(1, EvidenceTesting.audited("evidence.purged", id.toString(), "system:evidence-purge"));

        PreservationException gone = assertThrows(PreservationException.class,
                () -> tx(() -> vault.get(id).flatMap(e -> vault.open(e, OFFICER, "after the purge"))));
        assertEquals(PreservationException.Reason.GONE, gone.reason());
    }

    @Test
    void heldEvidenceIsNotPurged() throws Throwable {
        PreserveResponse p = preserve();
        UUID id = UUID.fromString(p.getEvidenceId());
        tx(() -> vault.placeHold(id, "grand-jury-12", null, OFFICER));
        tx(() -> vault.reportFiled(UUID.fromString(p.getTiplineReportId()), Instant.now()));
        assertNull(field("purge_after", id), "an open-ended hold: no purge date");

        assertEquals(0, run(() -> vault.purge(Instant.now().plus(20 * 366, ChronoUnit.DAYS), List.of(id))));
        assertNotNull(field("ciphertext", id));
        assertEquals(0, EvidenceTesting.audited("evidence.purged", id.toString(), "system:evidence-purge"));

        // lifted, the year after the filing still applies
        tx(() -> vault.liftHold(id, "grand-jury-12", OFFICER));
        Instant after = ((Timestamp) field("purge_after", id)).toInstant();
        assertEquals(0, run(() -> vault.purge(after.minusSeconds(1), List.of(id))));
        assertEquals(1, run(() -> vault.purge(after, List.of(id))));
    }

    @Test
    void aHoldWithADateExtendsThePreservation() throws Throwable {
        PreserveResponse p = preserve();
        UUID id = UUID.fromString(p.getEvidenceId());
        tx(() -> vault.reportFiled(UUID.fromString(p.getTiplineReportId()), Instant.now()));
        Instant until = Instant.now().plus(800, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        tx(() -> vault.placeHold(id, "voluntary-extension", until, OFFICER));
        assertEquals(Timestamp.from(until), field("purge_after", id));
        assertEquals(0, run(() -> vault.purge(until.minusMillis(1), List.of(id))));
        assertEquals(1, run(() -> vault.purge(until, List.of(id))));
    }

    @Test
    void dismissedEvidenceIsPurgedByTheNextRun() throws Throwable {
        PreserveResponse p = preserve();
        UUID id = UUID.fromString(p.getEvidenceId());
        String violation = (String) field("violation_event_id", id);
        tx(() -> vault.dismissViolation(violation, OFFICER, "the hash match was false"));
        tx(() -> vault.dismissViolation(violation, OFFICER, "again")); // already dismissed: left as it is
        assertEquals(1, EvidenceTesting.audited("evidence.dismissed", id.toString(), "purge-test-officer"));
        assertNotNull(field("purge_after", id));

        int purged = run(() -> vault.purgeDue(Instant.now().plusSeconds(1)));
        assertEquals(true, purged >= 1, "purged " + purged);
        assertNull(field("ciphertext", id));
        assertNotNull(field("purged_at", id));
    }
}
