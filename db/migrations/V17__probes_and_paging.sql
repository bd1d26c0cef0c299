-- Synthetic probes of the critical paths, their incidents and the pages sent to their owners (ADR 0015).

-- Owners: a team with an optional webhook (PagerDuty Events v2 or Alertmanager JSON) and people in escalation order.
-- An open incident nobody acknowledges within escalate_after_s pages the next person.
create table probe_owner (
    owner_name        text        primary key,
    display_name      text        not null,
    webhook_url       text,
    webhook_format    text        not null default 'pagerduty',
    routing_key       text,
    escalate_after_s  int         not null default 900,
    updated_by        text        not null,
    updated_at        timestamptz not null,
    constraint probe_owner_name_format check (owner_name ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
    constraint probe_owner_format check (webhook_format in ('pagerduty', 'alertmanager')),
    constraint probe_owner_escalation check (escalate_after_s between 30 and 86400)
);

create table probe_owner_contact (
    owner_name  text not null references probe_owner (owner_name) on delete cascade,
    position    int  not null,
    person      text not null,
    email       text not null,
    primary key (owner_name, position),
    constraint probe_owner_contact_email check (email ~ '^[^@\s]+@[^@\s]+$')
);

-- A probe is data: what it runs (kind), whom it pages (owner, required), how often, how long one attempt may take (at
-- most half the interval), how often a failed attempt is retried, where it runs (regions; empty = every region, or
-- the console for console-level paths), and the N-of-M rule that opens an incident.
create table probe (
    probe_name         text        primary key,
    kind               text        not null,
    critical_path      text        not null,
    owner_name         text        not null references probe_owner (owner_name),
    interval_s         int         not null,
    timeout_s          int         not null,
    retries            int         not null,
    regions            text[]      not null default '{}',
    degraded_after_ms  int         not null,
    fail_n             int         not null default 3,
    fail_m             int         not null default 5,
    resolve_after      int         not null default 2,
    enabled            boolean     not null default true,
    updated_by         text        not null,
    updated_at         timestamptz not null,
    constraint probe_name_format check (probe_name ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
    constraint probe_interval check (interval_s between 10 and 86400),
    constraint probe_timeout check (timeout_s >= 1 and timeout_s * 2 <= interval_s),
    constraint probe_retries check (retries between 0 and 5),
    constraint probe_n_of_m check (fail_n >= 1 and fail_m >= fail_n and fail_m <= 50 and resolve_after between 1 and 20)
);

-- When each probe runs next in each place ('console' for console-level probes). A console claims a due row with
-- FOR UPDATE SKIP LOCKED and leases it for the run's longest duration; a console that dies mid-run loses the lease and
-- another one runs it. The next time is planned from the run's start plus the interval plus jitter, and kept here: a
-- restart runs nothing early (no burst).
create table probe_schedule (
    probe_name     text        not null references probe (probe_name) on delete cascade,
    place          text        not null,
    next_run_at    timestamptz not null,
    leased_until   timestamptz,
    leased_by      text,
    primary key (probe_name, place)
);
create index probe_schedule_due on probe_schedule (next_run_at);

-- Every run: its status, timings, the steps (each with the release that served it), and who ran it.
create table probe_run (
    run_id        uuid        primary key,
    probe_name    text        not null,
    place         text        not null,
    started_at    timestamptz not null,
    finished_at   timestamptz not null,
    status        text        not null,
    millis        bigint      not null,
    attempts      int         not null,
    release       text,
    detail        text        not null,
    steps         jsonb       not null,
    console       text        not null,
    constraint probe_run_status check (status in ('pass', 'degraded', 'fail', 'probe_error'))
);
create index probe_run_recent on probe_run (probe_name, place, started_at desc);
create index probe_run_time on probe_run (started_at);
create index probe_run_release on probe_run (release, started_at);

-- Incidents: at most one open per dedup key (probe, place, and whether the path or the probe itself broke).
create table probe_incident (
    incident_id        uuid        primary key,
    dedup_key          text        not null,
    probe_name         text        not null,
    place              text        not null,
    cause              text        not null,
    owner_name         text        not null,
    state              text        not null,
    summary            text        not null,
    opened_at          timestamptz not null,
    last_run_id        uuid        not null,
    escalation_level   int         not null default 0,
    paged_at           timestamptz,
    next_escalation_at timestamptz,
    acknowledged_at    timestamptz,
    acknowledged_by    text,
    resolved_at        timestamptz,
    resolved_by        text,
    constraint probe_incident_state check (state in ('open', 'acknowledged', 'resolved')),
    constraint probe_incident_cause check (cause in ('path', 'probe'))
);
create unique index probe_incident_one_open on probe_incident (dedup_key) where state <> 'resolved';
create index probe_incident_recent on probe_incident (opened_at desc);

-- The outbox of pages: one row per message to one channel. Inside a maintenance window a page is kept as suppressed
-- (never sent). Delivery retries with backoff; a crash between sending and the commit may send a page twice, which
-- receivers fold by dedup_key.
create table probe_page (
    page_id          uuid        primary key,
    incident_id      uuid        not null references probe_incident (incident_id),
    event            text        not null,
    channel          text        not null,
    target           text        not null,
    payload          text        not null,
    state            text        not null,
    attempts         int         not null default 0,
    next_attempt_at  timestamptz not null,
    last_status      int,
    last_error       text,
    created_at       timestamptz not null,
    delivered_at     timestamptz,
    constraint probe_page_event check (event in ('trigger', 'escalate', 'acknowledge', 'resolve')),
    constraint probe_page_channel check (channel in ('webhook', 'email')),
    constraint probe_page_state check (state in ('pending', 'delivered', 'failed', 'suppressed'))
);
create index probe_page_due on probe_page (next_attempt_at) where state = 'pending';
create index probe_page_incident on probe_page (incident_id, created_at);

-- Maintenance windows: pages for the probes (null = all) and place (null = all) they cover are suppressed.
create table probe_maintenance (
    window_id     uuid        primary key,
    probe_name    text,
    place         text,
    starts_at     timestamptz not null,
    ends_at       timestamptz not null,
    reason        text        not null,
    created_by    text        not null,
    created_at    timestamptz not null,
    cancelled_at  timestamptz,
    cancelled_by  text,
    constraint probe_maintenance_period check (starts_at < ends_at)
);

-- The job-queue probe's jobs: enqueued on the cluster's job scheduler, marked when a worker ran them.
create table probe_job (
    job_id        uuid        primary key,
    enqueued_at   timestamptz not null,
    processed_at  timestamptz,
    processed_by  text
);

-- The export probe's expected value: the SHA-256 of a proof bundle's deterministic parts for a closed period of the
-- synthetic tenant, recorded at the first run; every later bundle of the same period must hash the same.
create table probe_golden (
    probe_name    text        not null,
    place         text        not null,
    tenant_id     uuid        not null,
    period_from   timestamptz not null,
    period_to     timestamptz not null,
    sha256        text        not null,
    recorded_at   timestamptz not null,
    release       text,
    primary key (probe_name, place, tenant_id)
);

-- The residency probe is one of these probes now; its old recurring db-scheduler task is gone.
delete from scheduled_tasks where task_name = 'residency-probe';
