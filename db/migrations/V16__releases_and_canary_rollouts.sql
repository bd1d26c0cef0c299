-- Releases of the data plane (the region agent) and their canary rollouts (ADR 0013).

-- A release: an immutable, signed manifest. artifact_path is where the console keeps the agent jar ('builtin:' for the
-- console's own build); config holds the agent settings the release runs with (its digest is in the manifest).
create table release (
    version            text        primary key,
    artifact_path      text        not null,
    artifact_sha256    text        not null,
    artifact_bytes     bigint      not null,
    config             text        not null,
    config_sha256      text        not null,
    policy_channel     text        not null,
    policy_version     text        not null,
    policy_sha256      text        not null,
    replaces           text        references release (version),
    created_by         text        not null,
    reason             text        not null,
    created_at         timestamptz not null,
    manifest           text        not null,
    envelope           text        not null,
    quarantined_at     timestamptz,
    quarantined_by     text,
    quarantine_reason  text,
    constraint release_version_format check (version ~ '^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$'),
    constraint release_artifact_sha256 check (artifact_sha256 ~ '^[0-9a-f]{64}$')
);

-- Per region: the release its agent runs (stable) and the rollout in progress, if any.
create table region_release (
    region_id       text        primary key,
    stable_version  text        not null references release (version),
    rollout_id      uuid,
    split_revision  bigint      not null default 0,
    updated_at      timestamptz not null
);

-- A canary rollout of one release in one region. steps: [{weightPercent, minDurationMillis, minRequests,
-- maxInconclusiveMillis}]. state: running, paused, promoted, aborted, rolled-back.
create table rollout (
    id                  uuid        primary key,
    region_id           text        not null,
    version             text        not null references release (version),
    from_version        text        not null references release (version),
    state               text        not null,
    steps               text        not null,
    step_index          int         not null,
    step_started_at     timestamptz not null,
    canary_data_url     text,
    canary_control_url  text,
    -- the key the region's router sends the canary with each forwarded request (so the canary trusts the client address)
    forward_key         text        not null,
    -- tenant slug -> 'stable' or 'canary': requests of these tenants ignore the weight
    pins                text        not null default '{}',
    started_by          text        not null,
    reason              text        not null,
    started_at          timestamptz not null,
    ended_at            timestamptz,
    end_reason          text,
    abort_to_stable_ms  bigint,
    -- the router's cumulative counters at the last analysis, per lane: the next window is the difference
    last_counters       text,
    constraint rollout_state check (state in ('running', 'paused', 'promoted', 'aborted', 'rolled-back'))
);
-- One unfinished rollout per region (two consoles cannot start two).
create unique index rollout_one_active on rollout (region_id) where state in ('running', 'paused');

-- Every analysis verdict: its decision ID, the signal values and thresholds, which signal tripped, and the step action.
create table rollout_verdict (
    decision_id   uuid        primary key,
    rollout_id    uuid        not null references rollout (id),
    step_index    int         not null,
    weight        double precision not null,
    outcome       text        not null,
    signals       text        not null,
    tripped       text,
    rationale     text        not null,
    action        text        not null,
    action_reason text        not null,
    served_canary bigint      not null,
    served_total  bigint      not null,
    -- per lane in this window: requests, 5xx, writes, write p99 (ms) — what the console's charts draw
    samples       text        not null,
    window_start  timestamptz not null,
    window_end    timestamptz not null
);
create index rollout_verdict_by_rollout on rollout_verdict (rollout_id, window_end);

-- A release's history as people read it: registered, canary started, step advanced, paused, aborted, quarantined,
-- promoted, rolled back (to or from), with who and why. The audit log holds the same events hash-chained.
create table release_event (
    id          uuid        primary key,
    version     text        not null references release (version),
    region_id   text,
    rollout_id  uuid,
    kind        text        not null,
    actor       text        not null,
    detail      text        not null,
    at          timestamptz not null
);
create index release_event_by_version on release_event (version, at);
