package io.safetyplane.filter;

import static io.safetyplane.filter.Api.await;
import static io.safetyplane.filter.Api.check;
import static io.safetyplane.filter.Api.putPolicy;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.safetyplane.contracts.filter.v1.DenyTerm;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.engine.Action;
import io.safetyplane.filter.engine.PromptFilter;
import io.safetyplane.filter.engine.TenantFilter;
import io.safetyplane.filter.policy.TenantPolicies;
import io.safetyplane.filter.replication.PolicyChangeLog;
import io.safetyplane.filter.replication.PolicyReplica;
import io.safetyplane.testsupport.KafkaBrokerResource;
import jakarta.inject.Inject;

/**
 * Replicas on one real broker: the service under test is one, and the test starts more over the
 * same topic with tenant stores of their own.
 */
@QuarkusTest
class ReplicationTest {
    @Inject
    TenantPolicies serviceStore;

    @Inject
    FilterServiceConfig config;

    @Test
    void aSecondReplicaAppliesEveryWriteAndAFreshOneCatchesUp() throws Exception {
        Replica b = new Replica();
        try {
            await("replica b caught up", b.replica::caughtUp);

            putPolicy("repl-a", Map.of("denyTerms", List.of(Map.of("term", "wombat parade", "category", "custom")))).statusCode(201);
            putPolicy("repl-b", Map.of("categoryActions", Map.of("sexual", "allow"))).statusCode(201);
            putPolicy("repl-a", Map.of("denyTerms", List.of(Map.of("term", "wombat parade", "category", "custom"),
                    Map.of("term", "koala choir", "category", "custom")))).statusCode(200);

            await("replica b converged", () -> contents(b.store).equals(contents(serviceStore)));
            TenantFilter a = b.store.find("repl-a").orElseThrow().filter();
            assertEquals(Action.BLOCK, a.check("tickets for the koala choir").decision());
            assertTrue(a.policyVersion().endsWith("/repl-a@2"), a.policyVersion());
            // compiled once per revision: re-reading the same record keeps the same filter
            assertSame(a, b.store.apply(b.store.find("repl-a").orElseThrow().record()).filter());

            Api.admin().delete("/v1/tenants/repl-b/policy").then().statusCode(204);
            await("replica b removed the tenant", () -> b.store.find("repl-b").isEmpty());
        } finally {
            b.replica.stop();
        }

        // a replica started now reads the compacted history and holds the same tenants
        Replica c = new Replica();
        try {
            await("replica c caught up", c.replica::caughtUp);
            assertEquals(contents(serviceStore), contents(c.store));
            assertEquals(2, c.store.find("repl-a").orElseThrow().revision());
        } finally {
            c.replica.stop();
        }
        Api.admin().delete("/v1/tenants/repl-a/policy").then().statusCode(204);
    }

    @Test
    void writersOnTwoReplicasFenceEachOtherAndEveryWriteLands() throws Exception {
        putPolicy("fence-t", Map.of()).statusCode(201);
        Replica b = new Replica();
        PolicyChangeLog writerB = new PolicyChangeLog(Map.of("bootstrap.servers", KafkaBrokerResource.bootstrapServers()), b.store,
                b.replica, config.policy().transactionalId(), Duration.ofSeconds(30), "/test-replica");
        try {
            await("replica b caught up", b.replica::caughtUp);
            // replica b's writer starts and so fences the service's
            PolicyChangeLog.Written w = writerB.write("fence-t", current -> current.orElseThrow().record().toBuilder()
                    .setRevision(current.get().revision() + 1)
                    .addDenyTerms(DenyTerm.newBuilder().setTerm("platypus gala").setCategory("custom")).build());
            assertEquals(2, w.value().getRevision());
            await("the service applied replica b's write", () -> serviceStore.find("fence-t").orElseThrow().revision() == 2);

            // the service's writer was fenced: it starts again, re-reads the log and writes revision 3
            Api.admin().contentType(ContentType.JSON).header("If-Match", "\"2\"")
                    .body(Map.of("denyTerms", List.of(Map.of("term", "platypus gala", "category", "custom"),
                            Map.of("term", "echidna disco", "category", "custom"))))
                    .put("/v1/tenants/fence-t/policy").then().statusCode(200).body("revision", is(3));
            await("replica b applied revision 3", () -> b.store.find("fence-t").orElseThrow().revision() == 3);
            check("fence-t", "fence-1", "the echidna disco tonight").statusCode(200).body("decision", is("block"));

            // and replica b's writer, fenced in turn, checks its revision against the whole log
            PolicyChangeLog.Written again = writerB.write("fence-t", current -> current.orElseThrow().record().toBuilder()
                    .setRevision(current.get().revision() + 1).build());
            assertEquals(4, again.value().getRevision());
        } finally {
            writerB.close();
            b.replica.stop();
        }
        Api.admin().delete("/v1/tenants/fence-t/policy").then().statusCode(204);
    }

    /** Every tenant of a store with its revision and record, as sorted text. */
    private static Map<String, String> contents(TenantPolicies store) {
        Map<String, String> out = new TreeMap<>();
        store.all().forEach(t -> out.put(t.tenantId(), t.revision() + " " + t.record()));
        return out;
    }

    /** A replica with its own store, on the test broker. */
    private final class Replica {
        final TenantPolicies store = new TenantPolicies(PromptFilter.standard(config.maxPromptChars()));
        final PolicyReplica replica;

        Replica() {
            FilterServiceConfig.Policy p = config.policy();
            replica = new PolicyReplica(store, new PolicyReplica.Settings(p.topic(), p.partitions(), p.replicationFactor()),
                    Map.of("bootstrap.servers", KafkaBrokerResource.bootstrapServers()), new SimpleMeterRegistry());
            replica.start();
        }
    }
}
