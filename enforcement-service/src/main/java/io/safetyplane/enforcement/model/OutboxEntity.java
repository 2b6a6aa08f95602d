package io.safetyplane.enforcement.model;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An event waiting to be relayed to Kafka; written in the transaction of the change it announces. */
@Entity
@Table(name = "outbox")
public class OutboxEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String topic;
    @Column(name = "record_key")
    public String recordKey;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "event_type")
    public String eventType;
    public byte[] payload;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "sent_at")
    public Instant sentAt;

    public static OutboxEntity of(String topic, String key, String eventId, String type, byte[] payload, Instant at) {
        OutboxEntity e = new OutboxEntity();
        e.topic = topic;
        e.recordKey = key;
        e.eventId = eventId;
        e.eventType = type;
        e.payload = payload;
        e.createdAt = at;
        return e;
    }
}
