package io.safetyplane.hash;

import static io.safetyplane.hash.BankAdminApiTest.admin;
import static io.safetyplane.hash.BankAdminApiTest.createBank;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.safetyplane.hash.bank.BankEntry;
import io.safetyplane.hash.bank.BankState;
import io.safetyplane.hash.bank.BankStore;
import io.safetyplane.hash.config.HashServiceConfig;
import io.safetyplane.hash.replication.BankReplica;
import io.safetyplane.hash.signal.SignalTypes;
import io.safetyplane.testsupport.KafkaBrokerResource;
import jakarta.inject.Inject;

/**
 * Replicas on one real broker: the service under test is one, and the test starts more over the
 * same topic with stores of their own.
 */
@QuarkusTest
class ReplicationTest {
    @Inject
    BankStore serviceStore;

    @Inject
    HashServiceConfig serviceConfig;

    @Test
    void replicasConvergeAfterAddsAndRemovesAndRestartFromTheirSnapshot() throws Exception {
        Path dir = Files.createTempDirectory("replica-b");
        Replica b = new Replica(dir);
        await("replica b caught up", () -> b.replica.caughtUp());

        createBank("repl", "block");
        Random random = new Random(3);
        List<Map<String, String>> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(Map.of("signalType", "md5", "hash", hex(random, 32)));
            entries.add(Map.of("signalType", "pdq", "hash", hex(random, 64)));
        }
        admin().contentType(ContentType.JSON).body(Map.of("entries", entries))
                .post("/v1/banks/repl/entries").then().statusCode(200).body("added", org.hamcrest.Matchers.is(600));
        admin().contentType(ContentType.JSON).body(Map.of("entries", entries.subList(0, 100)))
                .post("/v1/banks/repl/entries:remove").then().statusCode(200).body("removed", org.hamcrest.Matchers.is(100));
        admin().contentType(ContentType.JSON).body(Map.of("pdqThreshold", 20)).patch("/v1/banks/repl").then().statusCode(200);

        await("replica b converged", () -> contents(b.store).equals(contents(serviceStore)));
        assertEquals(500, contents(b.store).stream().filter(s -> s.startsWith("repl/")).count());
        assertEquals(20, b.store.find("repl").orElseThrow().bank().pdqThreshold());

        b.replica.stop(); // writes its snapshot
        assertTrue(Files.exists(dir.resolve("bank-snapshot.bin")));

        // changes while b is down
        admin().contentType(ContentType.JSON).body(Map.of("entries", entries.subList(100, 150)))
                .post("/v1/banks/repl/entries:remove").then().statusCode(200);
        createBank("repl-2", "review");

        Replica c = new Replica(dir);
        await("replica c caught up", () -> c.replica.caughtUp());
        assertTrue(c.replica.restoredFromSnapshot());
        await("replica c converged", () -> contents(c.store).equals(contents(serviceStore)));
        assertEquals(450, contents(c.store).stream().filter(s -> s.startsWith("repl/")).count());

        // a corrupt snapshot is ignored and the replica replays the topic instead
        c.replica.stop();
        byte[] bytes = Files.readAllBytes(dir.resolve("bank-snapshot.bin"));
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(dir.resolve("bank-snapshot.bin"), bytes);
        Replica d = new Replica(dir);
        await("replica d caught up", () -> d.replica.caughtUp());
        assertFalse(d.replica.restoredFromSnapshot());
        await("replica d converged", () -> contents(d.store).equals(contents(serviceStore)));
        d.replica.stop();

        admin().delete("/v1/banks/repl").then().statusCode(204);
        admin().delete("/v1/banks/repl-2").then().statusCode(204);
    }

    /** Every bank and entry of a store as sorted text. */
    private static TreeSet<String> contents(BankStore store) {
        TreeSet<String> out = new TreeSet<>();
        for (BankState s : store.banks()) {
            out.add(s.bank().toString());
            for (BankEntry e : store.entries(s)) {
                out.add(s.bank().name() + "/" + e.id() + "/" + e.externalId());
            }
        }
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String hex(Random random, int digits) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    /** A replica with its own store, config and snapshot directory, on the test broker. */
    private final class Replica {
        final BankStore store = new BankStore(SignalTypes.standard());
        final BankReplica replica;

        Replica(Path snapshotDir) throws IOException {
            HashServiceConfig.Replication r = serviceConfig.replication();
            BankReplica.Settings settings = new BankReplica.Settings(r.topic(), r.partitions(), r.replicationFactor(),
                    Optional.of(snapshotDir), Duration.ofHours(1));
            replica = new BankReplica(store, settings,
                    Map.of("bootstrap.servers", KafkaBrokerResource.bootstrapServers()), new SimpleMeterRegistry());
            replica.start();
        }
    }
}
