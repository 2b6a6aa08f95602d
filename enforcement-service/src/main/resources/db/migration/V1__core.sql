-- Accounts, sanctions, strikes, intake deduplication and the audit log.

create table tenants (
    id              text primary key,
    name            text not null,
    kind            text not null check (kind in ('business', 'individual')),
    webhook_url     text,
    created_at      timestamptz not null default now()
);

create table accounts (
    tenant_id       text not null references tenants (id),
    id              text not null,
    created_at      timestamptz not null default now(),
    -- acceptance of the acceptable use policy: which version, when, and the 18+ attestation
    aup_version     text,
    aup_accepted_at timestamptz,
    adult_attested  boolean not null default false,
    primary key (tenant_id, id)
);

-- What the enforcement ladder decided against an account or one of its end users.
create table sanctions (
    id                   uuid primary key,
    tenant_id            text not null,
    account_id           text not null,
    -- '' when the sanction targets the account itself
    end_user_id          text not null default '',
    action               text not null check (action in ('warn', 'restrict', 'suspend', 'disable')),
    starts_at            timestamptz not null,
    -- end of a suspension or restriction; a warning's period of effect; null for a disable
    ends_at              timestamptz,
    category             text not null,
    rule                 text not null,
    reason               text not null,
    violation_event_id   text,
    automated            boolean not null,
    -- a permanent disable waits for a second reviewer; until then the target is suspended
    pending_second_review boolean not null default false,
    lifted_at            timestamptz,
    lifted_reason        text,
    created_at           timestamptz not null default now()
);
create index sanctions_target on sanctions (tenant_id, account_id, end_user_id) where lifted_at is null;

create table strikes (
    id              uuid primary key,
    sanction_id     uuid not null references sanctions (id),
    tenant_id       text not null,
    account_id      text not null,
    end_user_id     text not null default '',
    category        text not null,
    weight          integer not null check (weight > 0),
    at              timestamptz not null,
    -- null: never expires (zero-tolerance categories)
    expires_at      timestamptz,
    removed_at      timestamptz
);
create index strikes_target on strikes (tenant_id, account_id, end_user_id, category) where removed_at is null;

-- Every Kafka event whose effects were applied, by its CloudEvents id: a redelivered event is a no-op.
create table processed_events (
    event_id        text primary key,
    topic           text not null,
    processed_at    timestamptz not null default now()
);

-- Append-only, tamper-evident: each entry's hash covers the previous entry's hash.
create table audit_log (
    seq             bigint primary key,
    at              timestamptz not null,
    actor_id        text not null,
    actor_role      text not null,
    action          text not null,
    subject_type    text not null,
    subject_id      text not null,
    reason          text not null,
    details         jsonb not null default '{}',
    prev_hash       text not null,
    hash            text not null
);
