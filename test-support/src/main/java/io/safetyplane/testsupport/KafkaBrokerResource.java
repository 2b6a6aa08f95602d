package io.safetyplane.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node KRaft Kafka broker inside the test JVM, on a random loopback port.
 * Register once per module with {@code @QuarkusTestResource(value = KafkaBrokerResource.class,
 * restrictToAnnotatedClass = false)}. When {@code KAFKA_BOOTSTRAP_SERVERS} is set, that external
 * broker is used instead and nothing is started.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedKafkaBroker broker;
    private static String bootstrapServers;

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    /** Bootstrap servers of the shared broker, starting it on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (external != null && !external.isBlank()) {
                bootstrapServers = external;
            } else {
                broker = new EmbeddedKafkaBroker().withDeleteLogDirsOnClose(true).start();
                bootstrapServers = broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
            }
        }
        return bootstrapServers;
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
            bootstrapServers = null;
        }
    }
}
