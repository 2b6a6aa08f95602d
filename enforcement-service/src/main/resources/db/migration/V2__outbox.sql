-- Events written in the transaction that causes them and relayed to Kafka after commit (transactional outbox).
create table outbox (
    id              bigserial primary key,
    topic           text not null,
    record_key      text not null,
    event_id        text not null unique,
    event_type      text not null,
    payload         bytea not null,
    created_at      timestamptz not null default now(),
    sent_at         timestamptz
);
create index outbox_unsent on outbox (id) where sent_at is null;
