package io.safetyplane.enforcement.model;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A Kafka event whose effects were applied, by its event id: a redelivery finds it and does nothing. */
@Entity
@Table(name = "processed_events")
public class ProcessedEvent extends PanacheEntityBase {
    @Id
    @Column(name = "event_id")
    public String eventId;
    public String topic;
    @Column(name = "processed_at")
    public Instant processedAt;

    public static ProcessedEvent of(String eventId, String topic, Instant at) {
        ProcessedEvent e = new ProcessedEvent();
        e.eventId = eventId;
        e.topic = topic;
        e.processedAt = at;
        return e;
    }
}
