-- Warm standby: each tenant lives in two regions (its primary and its failover region). The region that serves it is
-- ACTIVE and ships every change, in order, to the other (STANDBY), which applies it idempotently by sequence number.
-- The epoch is the fencing token: the control plane raises it on every failover; a change or a batch from a lower
-- epoch is refused.
create table tenant_replication (
    tenant_id          uuid        primary key references tenant_namespace on delete cascade,
    role               text        not null,
    epoch              bigint      not null,
    -- false after this agent restarts, until the control plane's directory confirms role and epoch: an agent that was
    -- failed away from while it was down must not take a write first and learn it was fenced afterwards.
    confirmed          boolean     not null,
    mode               text        not null default 'ASYNC',
    -- what the tenant's applications may do while it runs on its failover region (comma-separated READ,WRITE,...)
    failover_ops       text        not null default 'READ,WRITE',
    failed_over        boolean     not null default false,
    -- ACTIVE: the last sequence number handed out, and the highest the standby acknowledged
    next_seq           bigint      not null default 0,
    acked_seq          bigint      not null default 0,
    acked_at           timestamptz,
    -- STANDBY: the highest sequence number applied here, from which epoch, and when the primary had written it
    applied_seq        bigint      not null default 0,
    applied_epoch      bigint      not null default 0,
    applied_changes    bigint      not null default 0,
    applied_at         timestamptz,
    applied_written_at timestamptz,
    -- where this tenant's epoch began here (promotion point): the first sequence number of this epoch
    epoch_start_seq    bigint      not null default 1,
    updated_at         timestamptz not null,
    constraint tenant_replication_role check (role in ('ACTIVE', 'STANDBY', 'FENCED')),
    constraint tenant_replication_mode check (mode in ('ASYNC', 'SYNC')),
    constraint tenant_replication_epoch check (epoch >= 1)
);

-- Changes waiting to be acknowledged by the standby, written in the same transaction as the change itself (so nothing
-- acknowledged to a client can be missing here). Acknowledged rows are removed.
create table replication_outbox (
    tenant_id        uuid        not null,
    seq              bigint      not null,
    epoch            bigint      not null,
    op               text        not null,
    record_key       text,
    classification   text,
    retention_until  date,
    retention_policy text,
    payload          bytea,
    payload_sha256   char(64),
    token_id         uuid,
    token_sha256     char(64),
    written_at       timestamptz not null,
    primary key (tenant_id, seq),
    constraint replication_outbox_op check (op in ('PUT', 'DELETE', 'TOKEN_GRANT', 'TOKEN_REVOKE'))
);

-- Changes an old primary had committed but never shipped when it was failed away from: they are not on the promoted
-- standby (this is the data loss a failover's RPO measures). Kept here for the operator to reconcile, never dropped.
create table replication_diverged (
    tenant_id        uuid        not null,
    seq              bigint      not null,
    epoch            bigint      not null,
    op               text        not null,
    record_key       text,
    classification   text,
    retention_until  date,
    retention_policy text,
    payload          bytea,
    payload_sha256   char(64),
    written_at       timestamptz not null,
    quarantined_at   timestamptz not null,
    primary key (tenant_id, epoch, seq)
);

-- A standby that must be re-seeded from a snapshot of the active region (an old primary whose unshipped changes were
-- quarantined): it answers batches with RESEED until a snapshot arrives.
alter table tenant_replication add column needs_reseed boolean not null default false;

-- Namespaces created before replication existed were created in the tenant's primary region, which serves it.
insert into tenant_replication (tenant_id, role, epoch, confirmed, updated_at)
select tenant_id, 'ACTIVE', 1, true, now() from tenant_namespace;

-- The directory says who is active under which epoch, and where the other region of each tenant is.
alter table tenant_directory
    add column epoch               bigint  not null default 1,
    add column standby_region      text,
    add column standby_control_url text,
    add column replication_mode    text    not null default 'ASYNC',
    add column failed_over         boolean not null default false,
    add column failover_ops        text    not null default 'READ,WRITE';
