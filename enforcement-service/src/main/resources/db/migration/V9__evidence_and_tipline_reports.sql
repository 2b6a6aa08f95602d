-- CyberTipline reports and the evidence vault.

-- One row per confirmed incident: the outbox entry written in the transaction that confirmed it (a match in a
-- reporting bank, or a reviewer's confirmation approved by a second reviewer), and the report job's journal
-- (io.safetyplane.cybertipline.job.ReportRecord) from then on.
create table tipline_reports (
    id                    uuid primary key,
    tenant_id             text not null,
    account_id            text not null,
    end_user_id           text not null default '',
    -- 'hash-match' or 'review'
    basis                 text not null check (basis in ('hash-match', 'review')),
    violation_event_id    text unique,
    review_item_id        uuid references review_items (id) deferrable initially deferred,
    category              text not null,
    -- when the platform received the content (or the prompt)
    incident_at           timestamptz not null,
    request_id            text not null default '',
    client_ip             text not null default '',
    model                 text not null default '',
    -- the bank matches that confirmed it: [{bank, entryId, externalId, signalType, distance, action}]
    matches               jsonb not null default '[]',
    -- who confirmed it: 'hash-service' or the two reviewers
    confirmed_by          text not null,
    -- the journal: state PENDING, SUBMITTED, FINISHED, HELD or RETRACTED
    state                 text not null check (state in ('PENDING', 'SUBMITTED', 'FINISHED', 'HELD', 'RETRACTED')),
    ncmec_report_id       bigint,
    -- [{fileName, fileId, state}] of the open report
    files                 jsonb not null default '[]',
    finished_at           timestamptz,
    -- {reason, alert, errors: [{line, column, message}]} while HELD
    hold                  jsonb,
    abandoned_report_ids  bigint[] not null default '{}',
    attempts              integer not null default 0,
    last_error            text,
    updated_at            timestamptz not null,
    version               bigint not null default 0,
    -- when the dispatcher runs it next, and until when a run holds it
    next_attempt_at       timestamptz not null,
    lease_until           timestamptz,
    created_at            timestamptz not null
);
create index tipline_reports_due on tipline_reports (next_attempt_at) where state in ('PENDING', 'SUBMITTED');
create index tipline_reports_finished on tipline_reports (finished_at) where state = 'FINISHED';
create index tipline_reports_target on tipline_reports (tenant_id, account_id, end_user_id);

-- The bytes that triggered a CSAM hash match or a confirmed CSAM decision, encrypted (AES-256-GCM under a per-record
-- data key wrapped by a key-encryption key), and their preservation.
create table evidence (
    id                    uuid primary key,
    tenant_id             text not null,
    account_id            text not null,
    end_user_id           text not null default '',
    request_id            text not null default '',
    content_id            text not null default '',
    violation_event_id    text not null,
    category              text not null default '',
    tipline_report_id     uuid references tipline_reports (id) deferrable initially deferred,
    -- the name the file is stored and reported under, and the one the user gave it
    file_name             text not null,
    original_file_name    text,
    content_type          text not null,
    size_bytes            bigint not null,
    md5                   text not null,
    sha256                text not null,
    pdq                   text,
    stage                 text not null,
    client_ip             text not null default '',
    model                 text not null default '',
    publicly_available    boolean not null default false,
    -- the bank matches that triggered it, as tipline_reports.matches
    matches               jsonb not null default '[]',
    received_at           timestamptz not null,
    -- the sealed bytes; null once destroyed or purged
    kek_id                text,
    wrapped_key           bytea,
    nonce                 bytea,
    ciphertext            bytea,
    -- preservation (io.safetyplane.enforcement.evidence.Preservation)
    detected_at           timestamptz not null,
    report_filed_at       timestamptz,
    dismissal             jsonb,
    holds                 jsonb not null default '[]',
    destruction           jsonb,
    purged_at             timestamptz,
    -- when the purge job may take it (Preservation.earliestPurge); null while it may not
    purge_after           timestamptz,
    created_at            timestamptz not null,
    unique (violation_event_id, sha256),
    check ((ciphertext is null) = (destruction is not null or purged_at is not null))
);
create index evidence_report on evidence (tipline_report_id);
create index evidence_violation on evidence (violation_event_id);
create index evidence_purge on evidence (purge_after) where purge_after is not null and purged_at is null and destruction is null;
