-- Two-person control, tenants, legal holds, API tokens, policy decisions, and the cluster-safe scheduler's table.

-- db-scheduler (cluster-safe scheduled work: each job instance runs on one console at a time).
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    state                text,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);

-- Every policy decision the console makes, with what decided it. Audit entries point here by decision_id.
create table policy_decision (
    decision_id          uuid        primary key,
    decided_at           timestamptz not null,
    channel              text        not null,
    bundle_version       text        not null,
    bundle_sha256        char(64)    not null,
    principal            text        not null,
    action               text        not null,
    resource             text        not null,
    context              text        not null,
    allowed              boolean     not null,
    determining_policies text        not null,
    rationale            text        not null
);
create index policy_decision_decided_at_idx on policy_decision (decided_at);

-- Two-person control. A request is PENDING until enough distinct compliance officers approve (APPROVED) or one
-- denies (DENIED) or it expires (EXPIRED). An approved request is claimed (EXECUTING) and executed exactly once
-- (EXECUTED); a failed execution goes back to APPROVED for a retry, or to FAILED after the last attempt.
create table approval_request (
    request_id           uuid        primary key,
    type                 text        not null,
    subject              text        not null,
    payload              text        not null,
    preview              text        not null,
    reason               text        not null,
    requested_by         text        not null,
    requested_at         timestamptz not null,
    expires_at           timestamptz not null,
    required_approvals   int         not null,
    status               text        not null default 'PENDING',
    decided_at           timestamptz,
    execution_attempts   int         not null default 0,
    execution_claimed_at timestamptz,
    next_attempt_at      timestamptz,
    executed_at          timestamptz,
    execution_result     text,
    execution_error      text,
    constraint approval_reason_given check (length(btrim(reason)) > 0),
    constraint approval_required_range check (required_approvals between 1 and 10),
    constraint approval_status_known check (status in
        ('PENDING', 'APPROVED', 'EXECUTING', 'EXECUTED', 'FAILED', 'DENIED', 'EXPIRED')),
    constraint approval_expiry_after_request check (expires_at > requested_at)
);
create index approval_request_status_idx on approval_request (status, requested_at);
create index approval_request_requester_idx on approval_request (requested_by, requested_at desc);
-- One open request per subject and type: a second submit for the same change joins the first instead.
create unique index approval_request_one_open on approval_request (type, subject)
    where status in ('PENDING', 'APPROVED', 'EXECUTING');

create table approval_vote (
    request_id uuid        not null references approval_request,
    voter      text        not null,
    decision   text        not null,
    reason     text        not null,
    voted_at   timestamptz not null,
    primary key (request_id, voter),
    constraint approval_vote_decision_known check (decision in ('APPROVE', 'DENY')),
    constraint approval_vote_reason_given check (length(btrim(reason)) > 0)
);

-- The database enforces the rules, whatever the code above it does: the requester never votes, votes only count on
-- a pending request, status only moves along the allowed transitions (an approved request can never be denied),
-- and history is never deleted.
create function approval_vote_guard() returns trigger
    language plpgsql as
$$
declare
    r approval_request%rowtype;
begin
    select * into r from approval_request where request_id = new.request_id for update;
    if r.requested_by = new.voter then
        raise exception 'the requester % cannot vote on their own request', new.voter using errcode = 'check_violation';
    end if;
    if r.status <> 'PENDING' then
        raise exception 'request % is % and takes no more votes', new.request_id, r.status using errcode = 'check_violation';
    end if;
    return new;
end
$$;
create trigger approval_vote_guard before insert on approval_vote for each row execute function approval_vote_guard();

create function approval_status_guard() returns trigger
    language plpgsql as
$$
begin
    if new.request_id <> old.request_id or new.type <> old.type or new.subject <> old.subject
        or new.payload <> old.payload or new.requested_by <> old.requested_by or new.reason <> old.reason
        or new.requested_at <> old.requested_at or new.required_approvals <> old.required_approvals then
        raise exception 'what was requested cannot change after submission' using errcode = 'check_violation';
    end if;
    if new.status <> old.status and not (
            (old.status = 'PENDING' and new.status in ('APPROVED', 'DENIED', 'EXPIRED'))
         or (old.status = 'APPROVED' and new.status = 'EXECUTING')
         or (old.status = 'EXECUTING' and new.status in ('EXECUTED', 'APPROVED', 'FAILED'))
         or (old.status = 'FAILED' and new.status = 'APPROVED')) then
        raise exception 'approval request % cannot go from % to %', old.request_id, old.status, new.status
            using errcode = 'check_violation';
    end if;
    if old.status in ('EXECUTED', 'DENIED', 'EXPIRED') and new is distinct from old then
        raise exception 'approval request % is % and final', old.request_id, old.status using errcode = 'check_violation';
    end if;
    return new;
end
$$;
create trigger approval_status_guard before update on approval_request for each row execute function approval_status_guard();

create function refuse_delete() returns trigger
    language plpgsql as
$$
begin
    raise exception '% keeps its history: % is not allowed', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger approval_request_no_delete before delete on approval_request for each row execute function refuse_delete();
create trigger approval_vote_no_delete before delete or update on approval_vote for each row execute function refuse_delete();

-- Tenants. A torn-down tenant keeps its row (and its deletion certificate); its slug becomes free again.
create table tenant (
    tenant_id                   uuid        primary key,
    slug                        text        not null,
    name                        text        not null,
    contacts                    text        not null,
    residency_zone              text        not null,
    residency_locked            boolean     not null,
    primary_region              text        not null,
    failover_region             text        not null,
    active_region               text        not null,
    failover_allowed_operations text        not null,
    default_classification      text        not null,
    retention_policy            text        not null,
    dcp_requested               boolean     not null,
    policy_channel              text        not null,
    status                      text        not null,
    created_at                  timestamptz not null,
    created_by                  text        not null,
    approval_request_id         uuid references approval_request,
    manifest                    text        not null,
    manifest_sha256             char(64)    not null,
    torn_down_at                timestamptz,
    constraint tenant_slug_format check (slug ~ '^[a-z][a-z0-9-]{1,38}[a-z0-9]$'),
    constraint tenant_zone_known check (residency_zone in ('EU', 'US', 'APAC')),
    constraint tenant_failover_differs check (failover_region <> primary_region),
    constraint tenant_classification_known check (default_classification in ('public', 'internal', 'restricted', 'pii')),
    constraint tenant_status_known check (status in ('ACTIVE', 'TORN_DOWN'))
);
create unique index tenant_slug_active on tenant (slug) where status = 'ACTIVE';

-- Everything created for a tenant, per store and region, with its ID there. The teardown plan is read from here.
create table tenant_resource (
    tenant_id   uuid        not null references tenant,
    store       text        not null,
    region      text        not null,
    kind        text        not null,
    resource_id text        not null,
    created_at  timestamptz not null,
    removed_at  timestamptz,
    primary key (tenant_id, store, region, kind, resource_id),
    constraint tenant_resource_store_known check (store in ('CONTROL_DB', 'REGIONAL_DB', 'SEARCH_INDEX', 'OBJECT_STORE', 'REPLICA'))
);

create table tenant_role (
    tenant_id   uuid not null references tenant,
    role_name   text not null,
    permissions text not null,
    primary key (tenant_id, role_name)
);

create table tenant_policy_binding (
    tenant_id      uuid        not null references tenant,
    channel        text        not null,
    bundle_version text        not null,
    bundle_sha256  char(64)    not null,
    bound_at       timestamptz not null,
    primary key (tenant_id, bound_at)
);

create table legal_hold (
    hold_id             uuid        primary key,
    tenant_id           uuid        not null references tenant,
    placed_by           text        not null,
    reason              text        not null,
    placed_at           timestamptz not null,
    until               timestamptz,
    released_at         timestamptz,
    released_by_request uuid references approval_request,
    constraint legal_hold_reason_given check (length(btrim(reason)) > 0)
);
create index legal_hold_tenant_idx on legal_hold (tenant_id) where released_at is null;
create trigger legal_hold_no_delete before delete on legal_hold for each row execute function refuse_delete();

create table deletion_certificate (
    certificate_id      uuid        primary key,
    tenant_id           uuid        not null references tenant,
    slug                text        not null,
    issued_at           timestamptz not null,
    approval_request_id uuid        not null references approval_request,
    body                text        not null,
    body_sha256         char(64)    not null
);
create trigger deletion_certificate_no_change before update or delete on deletion_certificate
    for each row execute function refuse_delete();

-- Personal API tokens (REST API, CLI). Only the SHA-256 of a token is stored; roles are a snapshot at issue time.
create table api_token (
    token_id     uuid        primary key,
    owner        text        not null,
    name         text        not null,
    token_prefix text        not null,
    token_sha256 char(64)    not null unique,
    roles        text        not null,
    tenant_slug  text,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    revoked_at   timestamptz,
    last_used_at timestamptz
);
create index api_token_owner_idx on api_token (owner);

-- Tenant API tokens: what a tenant's application presents to its region's agent. Stored hashed here and pushed
-- (hashed) to the agent.
create table tenant_api_token (
    token_id     uuid        primary key,
    tenant_id    uuid        not null references tenant,
    name         text        not null,
    token_prefix text        not null,
    token_sha256 char(64)    not null unique,
    created_by   text        not null,
    created_at   timestamptz not null,
    revoked_at   timestamptz
);
