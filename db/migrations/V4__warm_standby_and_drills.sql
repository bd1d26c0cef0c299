-- Warm standby: the tenant's epoch (fencing token, raised by every failover and failback), its replication mode, and
-- whether it runs on its failover region now.
alter table tenant
    add column epoch            bigint  not null default 1,
    add column replication_mode text    not null default 'ASYNC',
    add column failed_over      boolean not null default false,
    add constraint tenant_replication_mode_known check (replication_mode in ('ASYNC', 'SYNC')),
    add constraint tenant_epoch_positive check (epoch >= 1);

-- Every failover and failback, planned or not, with who asked, who approved, and what it measured.
create table failover_event (
    event_id            uuid        primary key,
    tenant_id           uuid        not null references tenant,
    kind                text        not null,
    planned             boolean     not null,
    emergency           boolean     not null,
    from_region         text        not null,
    to_region           text        not null,
    epoch_from          bigint      not null,
    epoch_to            bigint      not null,
    promoted_at_seq     bigint,
    status              text        not null,
    reason              text        not null,
    requested_by        text        not null,
    approval_request_id uuid references approval_request,
    approved_by         text,
    drill_id            uuid,
    decision_id         uuid,
    receipt_id          uuid,
    detail              text,
    started_at          timestamptz not null,
    finished_at         timestamptz,
    review_required     boolean     not null default false,
    reviewed_by         text,
    reviewed_at         timestamptz,
    constraint failover_event_kind check (kind in ('FAILOVER', 'FAILBACK')),
    constraint failover_event_status check (status in ('RUNNING', 'DONE', 'FAILED'))
);
create index failover_event_tenant on failover_event (tenant_id, started_at desc);

-- Replication lag as the console saw it in each agent's health report (sampled, kept 7 days).
create table replication_sample (
    tenant_id      uuid             not null,
    region         text             not null,
    sampled_at     timestamptz      not null,
    role           text             not null,
    epoch          bigint           not null,
    seq_behind     bigint           not null,
    seconds_behind double precision not null,
    applied_seq    bigint           not null,
    primary key (tenant_id, region, sampled_at)
);
create index replication_sample_time on replication_sample (sampled_at);

-- DR drills: a steady synthetic write stream, the primary agent killed, failover, RPO measured from data, RTO per step.
create table dr_drill (
    drill_id            uuid        primary key,
    tenant_id           uuid        not null references tenant,
    status              text        not null,
    requested_by        text        not null,
    approval_request_id uuid references approval_request,
    approved_by         text,
    fail_back           boolean     not null,
    target_rpo_seconds  double precision not null,
    target_rto_seconds  double precision not null,
    primary_region      text        not null,
    standby_region      text        not null,
    progress            text,
    rpo_records         bigint,
    rpo_seconds         double precision,
    rto_seconds         double precision,
    passed              boolean,
    report_json         text,
    report_dsse         text,
    report_pdf          bytea,
    error               text,
    created_at          timestamptz not null,
    started_at          timestamptz,
    finished_at         timestamptz,
    constraint dr_drill_status check (status in ('PENDING_APPROVAL', 'QUEUED', 'RUNNING', 'PASSED', 'FAILED', 'ERROR', 'DENIED'))
);
create index dr_drill_tenant on dr_drill (tenant_id, created_at desc);

create table dr_drill_step (
    drill_id    uuid        not null references dr_drill,
    step_no     int         not null,
    name        text        not null,
    started_at  timestamptz not null,
    finished_at timestamptz,
    detail      text,
    primary key (drill_id, step_no)
);
