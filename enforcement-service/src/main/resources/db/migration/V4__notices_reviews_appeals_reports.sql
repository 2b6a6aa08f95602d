-- The human side of enforcement: notices and their delivery, the review queue, abuse reports, appeals, and the
-- counts of gate decisions for the transparency report.

-- The secret a tenant's webhook deliveries are signed with (HMAC-SHA256), set with the webhook.
alter table tenants add column webhook_secret text;

-- A written statement of reasons (DSA art. 17) for every sanction, and for every lift of one.
create table notices (
    id               uuid primary key,
    sanction_id      uuid not null references sanctions (id),
    tenant_id        text not null,
    account_id       text not null,
    end_user_id      text not null default '',
    -- 'sanction' for the measure, 'lift' when it ended early (an overturned appeal or review)
    kind             text not null check (kind in ('sanction', 'lift')),
    -- the statement of reasons with the DSA Transparency Database's field names
    statement        jsonb not null,
    subject          text not null,
    body             text not null,
    appeal_deadline  timestamptz,
    created_at       timestamptz not null
);
create index notices_target on notices (tenant_id, account_id, end_user_id);
create index notices_sanction on notices (sanction_id);

-- Notices waiting for, or delivered to, the tenant's webhook (outbox, retried with back-off).
create table notice_deliveries (
    notice_id        uuid primary key references notices (id),
    tenant_id        text not null,
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null,
    delivered_at     timestamptz,
    last_error       text
);
create index notice_deliveries_due on notice_deliveries (next_attempt_at) where delivered_at is null;

-- Abuse reports from anyone, without an account.
create table abuse_reports (
    id               uuid primary key,
    category         text not null,
    description      text not null,
    -- what is reported: a content id, a URL of generated media, or an account, as the reporter gave it
    content_ref      text not null default '',
    tenant_id        text not null default '',
    account_id       text not null default '',
    reporter_contact text not null default '',
    -- keyed hash of the reporter's address, for rate limits and abuse of the form, never the address itself
    reporter_key     text not null,
    received_at      timestamptz not null
);
create index abuse_reports_received on abuse_reports (received_at);

-- What people look at: flagged violations, a random sample of allowed decisions, abuse reports, disables
-- waiting for a second reviewer, and escalations.
create table review_items (
    id               uuid primary key,
    kind             text not null check (kind in ('violation', 'sampled-decision', 'abuse-report', 'second-review')),
    -- 'open' -> 'awaiting-second-review' (a permanent disable confirmed once) -> 'decided'
    state            text not null check (state in ('open', 'escalated', 'awaiting-second-review', 'decided')),
    -- the reviewers who may take it: 'reviewer' or 'senior-reviewer' (escalated items and second reviews)
    queue            text not null default 'reviewer',
    tenant_id        text not null default '',
    account_id       text not null default '',
    end_user_id      text not null default '',
    category         text not null default '',
    violation_event_id text references violations (event_id),
    decision_event_id text,
    abuse_report_id  uuid references abuse_reports (id),
    sanction_id      uuid references sanctions (id),
    -- what the automated system decided about it: 'block', 'allow', 'review', ...
    automated_verdict text not null default '',
    created_at       timestamptz not null,
    first_reviewer   text,
    first_outcome    text,
    first_reviewed_at timestamptz,
    -- the final outcome: 'confirmed' (the automated verdict was right), 'overturned' (it was wrong), 'escalated'
    outcome          text,
    decided_by       text,
    decided_at       timestamptz,
    note             text
);
create index review_items_open on review_items (queue, created_at) where state <> 'decided';

-- Counts of every gate decision by day, decider, stage and action (the figures need counts, not every decision).
create table decision_counts (
    day              date not null,
    decider          text not null,
    stage            text not null,
    action           text not null,
    count            bigint not null,
    primary key (day, decider, stage, action)
);

-- Appeals against a sanction, by the affected user or their tenant, decided by someone other than the first decider.
create table appeals (
    id               uuid primary key,
    sanction_id      uuid not null unique references sanctions (id),
    tenant_id        text not null,
    account_id       text not null,
    end_user_id      text not null default '',
    -- who filed it: the token's subject, and whether as the affected user or as their tenant
    filed_by         text not null,
    filed_as         text not null check (filed_as in ('user', 'tenant')),
    statement        text not null,
    filed_at         timestamptz not null,
    decide_by        timestamptz not null,
    state            text not null check (state in ('open', 'decided')),
    outcome          text check (outcome in ('upheld', 'overturned')),
    decided_by       text,
    decided_at       timestamptz,
    reason           text
);
create index appeals_open on appeals (decide_by) where state = 'open';
