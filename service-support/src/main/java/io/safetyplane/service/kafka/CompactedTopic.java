package io.safetyplane.service.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/** A compacted topic that holds a service's replicated state, created by the service when absent. */
public record CompactedTopic(String name, String id, int partitions) {
    private static final Logger LOG = Logger.getLogger(CompactedTopic.class);

    /**
     * Creates the topic with {@code cleanup.policy=compact} unless it exists, and describes it.
     *
     * @param replicationFactor the broker's default when empty
     * @throws IllegalStateException when the topic can be neither created nor described
     */
    public static CompactedTopic ensure(Map<String, Object> kafkaConfig, String name, int partitions,
            Optional<Short> replicationFactor) {
        try (Admin admin = Admin.create(kafkaConfig)) {
            try {
                NewTopic topic = new NewTopic(name, Optional.of(partitions), replicationFactor)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                LOG.infof("created compacted topic %s with %d partitions", name, partitions);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
                }
            }
            TopicDescription d = admin.describeTopics(Set.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
            return new CompactedTopic(name, d.topicId().toString(), d.partitions().size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + name + ": " + e, e);
        }
    }
}
