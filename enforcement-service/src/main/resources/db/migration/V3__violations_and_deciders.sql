-- Who decided a sanction (system:ladder or a reviewer's id) and who lifted it: appeals and second reviews need
-- a different person from the one who decided first.
alter table sanctions add column decided_by text not null default 'system:ladder';
alter table sanctions add column lifted_by text;
-- the sanction a reviewer's decision replaced (a confirmed disable replaces its pending suspension)
alter table sanctions add column replaces uuid references sanctions (id);

-- Every violation as received, with what the ladder made of it: the review queue, the notices and the
-- transparency report read it. Never holds content, only hashes' owners and the detector's verdict.
create table violations (
    event_id        text primary key,
    tenant_id       text not null,
    account_id      text not null,
    end_user_id     text not null default '',
    detector        text not null,
    category        text not null,
    severity        text not null,
    verdict         text not null,
    stage           text not null,
    reportable      boolean not null,
    content_id      text not null default '',
    policy_version  text not null default '',
    occurred_at     timestamptz not null,
    received_at     timestamptz not null,
    -- the ladder's reason (Decision constants) and the sanction it led to, if any
    ladder_reason   text not null,
    sanction_id     uuid references sanctions (id)
);
create index violations_occurred on violations (occurred_at);
create index violations_target on violations (tenant_id, account_id, end_user_id);
