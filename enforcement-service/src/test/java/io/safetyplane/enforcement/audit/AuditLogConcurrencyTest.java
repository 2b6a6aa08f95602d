package io.safetyplane.enforcement.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Two transactions append to the audit log at once: the second waits for the first to commit and follows the entry it
 * committed, so neither fails and the chain does not fork.
 */
@QuarkusTest
class AuditLogConcurrencyTest {
    @Inject
    AuditLog audit;

    @Test
    void anAppendWhileAnotherTransactionHoldsTheLogFollowsItsEntry() throws Throwable {
        CountDownLatch firstAppended = new CountDownLatch(1);
        CompletableFuture<AuditEntry> first = CompletableFuture.supplyAsync(() -> {
            try {
                return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> append("first")
                        .invoke(firstAppended::countDown)
                        // still in the transaction: the second append starts now
                        .call(e -> Panache.getSession().flatMap(s -> s.createNativeQuery("select count(*) from pg_sleep(0.5)").getSingleResult()))));
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(firstAppended.await(30, TimeUnit.SECONDS), "the first transaction appended");

        AuditEntry second = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> append("second")));
        AuditEntry committed = first.get(30, TimeUnit.SECONDS);
        assertTrue(second.sequence() > committed.sequence(), "the second entry follows the first");
        // whatever else was appended meanwhile, each entry from the first to the second chains onto its predecessor
        List<AuditEntry> between = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> audit.read(committed.sequence(), (int) (second.sequence() - committed.sequence()))));
        String previous = committed.hash();
        for (AuditEntry e : between) {
            assertEquals(previous, e.previousHash(), "entry " + e.sequence());
            previous = e.hash();
        }
        assertEquals(second.hash(), between.get(between.size() - 1).hash());
    }

    private Uni<AuditEntry> append(String which) {
        return audit.append(AuditEntry.Actor.system("concurrency-test"), "test.appended", new AuditEntry.Subject("test", which),
                "the " + which + " of two concurrent appends", Map.of());
    }
}
