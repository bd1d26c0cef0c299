-- Residency evidence kept in the region: the policy bundles this agent decides with, every decision (hash-chained),
-- a signed receipt per governed operation, where the platform's tenants live, and evidence staging jobs.

-- The bundle in force per channel (verified: platform signature and file hashes), and bundles refused.
create table policy_bundle_state (
    channel       text        primary key,
    version       text        not null,
    bundle_sha256 char(64)    not null,
    manifest      text        not null,
    files         text        not null,
    signature     text        not null,
    activated_at  timestamptz not null
);

create table policy_bundle_rejection (
    rejected_at   timestamptz not null,
    channel       text        not null,
    version       text,
    bundle_sha256 text,
    reason        text        not null
);

-- Decision log. A decision is written in the same transaction as the operation it decided (so there is never an
-- operation without its decision); a single sealer then chains decisions in batches (seq, prev_hash, hash), so
-- concurrent writes never wait on one another. Sealing is the only change ever allowed, once per row.
create table decision_log (
    decision_id          uuid        primary key,
    decided_at           timestamptz not null,
    tenant_id            uuid,
    tenant_slug          text        not null,
    seam                 text        not null,
    action               text        not null,
    principal            text        not null,
    resource             text        not null,
    context              text        not null,
    allowed              boolean     not null,
    determining_policies text        not null,
    rationale            text        not null,
    channel              text        not null,
    bundle_version       text        not null,
    bundle_sha256        char(64)    not null,
    seq                  bigint unique,
    prev_hash            char(64),
    hash                 char(64)
);
create index decision_log_unsealed_idx on decision_log (decided_at) where seq is null;
create index decision_log_tenant_idx on decision_log (tenant_slug, decided_at);
create index decision_log_time_idx on decision_log (decided_at);

create function decision_log_guard() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'DELETE' or tg_op = 'TRUNCATE' then
        raise exception 'decision_log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
    end if;
    if old.seq is not null
        or new.decision_id <> old.decision_id or new.decided_at <> old.decided_at or new.tenant_slug <> old.tenant_slug
        or new.seam <> old.seam or new.action <> old.action or new.principal <> old.principal
        or new.resource <> old.resource or new.context <> old.context or new.allowed <> old.allowed
        or new.determining_policies <> old.determining_policies or new.rationale <> old.rationale
        or new.bundle_sha256 <> old.bundle_sha256 or new.tenant_id is distinct from old.tenant_id then
        raise exception 'decision_log is append-only: a decision is sealed once and never changed' using errcode = 'insufficient_privilege';
    end if;
    return new;
end
$$;
create trigger decision_log_append_only before update or delete on decision_log for each row execute function decision_log_guard();
create trigger decision_log_no_truncate before truncate on decision_log for each statement execute function decision_log_guard();

-- One signed receipt per governed operation (allowed or denied), stored where the operation was processed.
create table receipt (
    receipt_id  uuid        primary key,
    issued_at   timestamptz not null,
    tenant_id   uuid,
    tenant_slug text        not null,
    seam        text        not null,
    operation   text        not null,
    allowed     boolean     not null,
    decision_id uuid        not null references decision_log,
    body        text        not null,
    signature   text        not null,
    key_id      text        not null
);
create index receipt_tenant_time_idx on receipt (tenant_slug, issued_at);
create function receipt_guard() returns trigger
    language plpgsql as
$$
begin
    raise exception 'receipts are immutable: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger receipt_immutable before update or delete on receipt for each row execute function receipt_guard();

-- Where every tenant of the platform lives (pushed by the control plane; no governed data): lets an agent name the
-- right region for a tenant that is not resident here.
create table tenant_directory (
    tenant_id        uuid        primary key,
    slug             text        not null unique,
    zone             text        not null,
    residency_locked boolean     not null,
    channel          text        not null,
    primary_region   text        not null,
    failover_region  text        not null,
    active_region    text        not null,
    active_data_url  text        not null,
    updated_at       timestamptz not null
);

-- Evidence staged in this region for a person who asked (residency proof bundles): built here, streamed once.
create table evidence_job (
    job_id       uuid        primary key,
    tenant_id    uuid        not null,
    tenant_slug  text        not null,
    requested_by text        not null,
    period_from  timestamptz not null,
    period_to    timestamptz not null,
    status       text        not null,
    total        int         not null default 0,
    done         int         not null default 0,
    file_path    text,
    file_sha256  char(64),
    file_size    bigint,
    error        text,
    created_at   timestamptz not null,
    finished_at  timestamptz,
    decision_id  uuid        not null references decision_log,
    receipt_id   uuid        not null
);
