-- Dedicated Compliance Partitions (issue 17): one row per tenant that has (or asked for) its own partition, the steps
-- of its provisioning (each idempotent, resumable after a crash), and the co-signed DCP record.
create table dcp (
    tenant_id           uuid        primary key references tenant,
    slug                text        not null,
    state               text        not null check (state in ('REQUESTED', 'AWAITING_APPROVAL', 'PROVISIONING', 'ACTIVE',
                                                              'DEGRADED', 'FALLBACK', 'DRAINING', 'DELETED', 'FAILED')),
    plan                text        not null,   -- canonical JSON of exactly what is provisioned
    plan_sha256         char(64)    not null,   -- what the approvals are bound to
    approval_request_id uuid,
    requested_by        text        not null,
    reason              text        not null,
    approved_by         text,                   -- comma-separated, from the approved request
    endpoints           text,                   -- JSON: per region, the partition agent's control and data URLs
    key_fingerprint     text,                   -- SHA-256 of the DCP signing certificate (DER)
    record_envelope     text,                   -- the co-signed DCP record (DSSE envelope, JSON)
    last_error          text,
    lease_owner         text,
    lease_until         timestamptz,
    requested_at        timestamptz not null,
    updated_at          timestamptz not null,
    activated_at        timestamptz
);

create table dcp_step (
    tenant_id   uuid        not null references dcp,
    step        text        not null,
    region      text        not null default '',
    state       text        not null check (state in ('RUNNING', 'DONE', 'FAILED')),
    started_at  timestamptz not null,
    finished_at timestamptz,
    detail      text,
    primary key (tenant_id, step, region)
);
