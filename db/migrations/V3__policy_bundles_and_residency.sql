-- Policy bundles (versioned, hashed, signed by the platform key), residency alerts, synthetic probe runs.

-- Every bundle the platform has known per channel. Exactly one is CURRENT per channel; a new one is PROPOSED until
-- two compliance officers approve its publication.
create table policy_bundle (
    bundle_sha256       char(64)    primary key,
    channel             text        not null,
    version             text        not null,
    manifest            text        not null,
    files               text        not null,
    signature           text        not null,
    key_id              text        not null,
    status              text        not null,
    proposed_at         timestamptz not null,
    proposed_by         text        not null,
    published_at        timestamptz,
    approval_request_id uuid references approval_request,
    constraint policy_bundle_channel_known check (channel in ('standard', 'dcp')),
    constraint policy_bundle_status_known check (status in ('PROPOSED', 'CURRENT', 'SUPERSEDED', 'WITHDRAWN')),
    constraint policy_bundle_version_unique unique (channel, version)
);
create unique index policy_bundle_one_current on policy_bundle (channel) where status = 'CURRENT';
create trigger policy_bundle_no_delete before delete on policy_bundle for each row execute function refuse_delete();

-- A residency guarantee observed broken (e.g. a synthetic probe that should have been denied was allowed). Open
-- alerts show in the console until someone acknowledges them with a reason.
create table residency_alert (
    alert_id        uuid        primary key,
    raised_at       timestamptz not null,
    source          text        not null,
    region          text        not null,
    tenant_slug     text,
    seam            text        not null,
    summary         text        not null,
    decision_id     uuid,
    acknowledged_at timestamptz,
    acknowledged_by text,
    acknowledgement text
);
create index residency_alert_open_idx on residency_alert (raised_at desc) where acknowledged_at is null;

-- Results of the synthetic cross-region probe: one row per check per run.
create table probe_result (
    run_id      uuid        not null,
    checked_at  timestamptz not null,
    zone        text        not null,
    check_name  text        not null,
    target      text        not null,
    outcome     text        not null,
    http_status int         not null,
    decision_id uuid,
    receipt_id  uuid,
    detail      text        not null,
    primary key (run_id, zone, check_name),
    constraint probe_result_outcome_known check (outcome in ('DENIED', 'ALLOWED', 'INCONCLUSIVE'))
);
create index probe_result_checked_idx on probe_result (checked_at desc);

-- Receipts of the decisions the console itself makes (routing: seam 1), signed with the control plane's Ed25519
-- receipt key. The regions keep the receipts of everything they process; the console never sees record payloads.
create table receipt (
    receipt_id   uuid        primary key,
    issued_at    timestamptz not null,
    tenant_slug  text        not null,
    seam         text        not null,
    operation    text        not null,
    allowed      boolean     not null,
    decision_id  uuid        not null,
    body         text        not null,
    signature    text        not null,
    key_id       text        not null
);
create index receipt_tenant_idx on receipt (tenant_slug, issued_at desc);
create trigger receipt_no_update_or_delete before update or delete on receipt for each row execute function refuse_delete();
