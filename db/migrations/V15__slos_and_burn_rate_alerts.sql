-- SLOs and multiwindow, multi-burn-rate alerts over agent targets (ADR 0011). A target is anything whose agent reports
-- the governed data API's cumulative request counters: a region agent ('region:eu-west'), later a DCP agent
-- ('dcp:<slug>:<region>').

-- The objectives per target; a target without a row has the defaults (availability 99.9 %, 95 % of governed writes
-- within 50 ms, over 30 days). webhook_url overrides companyos.slo.webhook.default-url for this target's owner.
create table slo_definition (
    target_key            text             primary key,
    availability_target   double precision not null,
    latency_threshold_ms  bigint           not null,
    latency_target        double precision not null,
    period_days           int              not null,
    webhook_url           text,
    updated_by            text             not null,
    updated_at            timestamptz      not null,
    constraint slo_definition_availability check (availability_target > 0 and availability_target < 1),
    constraint slo_definition_latency check (latency_target > 0 and latency_target < 1 and latency_threshold_ms > 0),
    constraint slo_definition_period check (period_days between 1 and 90)
);

-- The last cumulative counters read from each target: the sampler stores the difference to them. A new epoch (the
-- agent restarted) or a counter that went down is a reset; the sample then counts what the new process counted.
create table slo_counter (
    target_key      text        primary key,
    epoch           text        not null,
    requests        bigint      not null,
    server_errors   bigint      not null,
    writes          bigint      not null,
    write_buckets   bigint[]    not null,
    read_at         timestamptz not null
);

-- Deltas per sampling interval: requests, 5xx, writes, and writes per latency bucket (not cumulative; bucket bounds
-- are RequestStats.BOUNDS_MILLIS, the last one +Inf). Windows are sums over sampled_at.
create table slo_sample (
    target_key      text        not null,
    sampled_at      timestamptz not null,
    requests        bigint      not null,
    server_errors   bigint      not null,
    writes          bigint      not null,
    write_buckets   bigint[]    not null,
    reset           boolean     not null default false,
    primary key (target_key, sampled_at),
    constraint slo_sample_positive check (requests >= 0 and server_errors >= 0 and writes >= 0)
);

-- Alerts: one open alert per target, SLI and rule at most (the partial unique index makes firing idempotent across
-- console instances). Resolved alerts are kept.
create table slo_alert (
    id               uuid             primary key,
    target_key       text             not null,
    sli              text             not null,
    rule             text             not null,
    severity         text             not null,
    long_window_s    bigint           not null,
    short_window_s   bigint           not null,
    threshold        double precision not null,
    long_burn        double precision not null,
    short_burn       double precision not null,
    fired_at         timestamptz      not null,
    resolved_at      timestamptz,
    constraint slo_alert_sli check (sli in ('availability', 'latency')),
    constraint slo_alert_severity check (severity in ('page', 'ticket'))
);
create unique index slo_alert_open_idx on slo_alert (target_key, sli, rule) where resolved_at is null;
create index slo_alert_fired_idx on slo_alert (fired_at desc);

-- The outbound notifications of alerts (an outbox): written with the alert's change, delivered with retries and
-- backoff by one console instance at a time (for update skip locked), every attempt's outcome kept.
create table slo_alert_delivery (
    id              uuid        primary key,
    alert_id        uuid        not null references slo_alert (id),
    event           text        not null,
    url             text,
    payload         text        not null,
    state           text        not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    last_status     int,
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz not null,
    constraint slo_alert_delivery_event check (event in ('trigger', 'resolve')),
    constraint slo_alert_delivery_state check (state in ('pending', 'delivered', 'failed'))
);
create index slo_alert_delivery_due_idx on slo_alert_delivery (next_attempt_at) where state = 'pending';
