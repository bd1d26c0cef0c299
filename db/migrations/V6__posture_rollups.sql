-- Rollups for the posture dashboards: what the executive overview reads instead of the regions' decision logs and the
-- per-tenant lag samples, so a page view costs the same with ten thousand or ten million receipts (ADR 0010).

-- Residency decisions counted per hour, region of processing, tenant, seam and outcome. Filled incrementally: the
-- regions' sealed decisions by sequence-number deltas (decision_rollup_cursor, advanced in the same transaction as
-- the counts it covers), the console's own routing decisions in the transaction that issues their receipt.
create table decision_rollup (
    hour        timestamptz not null,
    region      text        not null,
    tenant_slug text        not null,
    seam        text        not null,
    allowed     boolean     not null,
    decisions   bigint      not null,
    primary key (hour, region, tenant_slug, seam, allowed),
    constraint decision_rollup_positive check (decisions >= 0)
);
create index decision_rollup_tenant_idx on decision_rollup (tenant_slug, hour);

-- The same counts over all customer tenants (the platform-wide figures read this small table only). The residency
-- probe's canary tenants (probe-*) are counted per tenant above but not here: their denials are the probe working.
create table decision_rollup_region (
    hour      timestamptz not null,
    region    text        not null,
    seam      text        not null,
    allowed   boolean     not null,
    decisions bigint      not null,
    primary key (hour, region, seam, allowed),
    constraint decision_rollup_region_positive check (decisions >= 0)
);

-- How far each region's decision log is counted: every sealed decision with seq <= last_seq is in the rollups.
-- chain_start (the hash of the region's first sealed decision) tells a replaced decision log from one that moved on.
create table decision_rollup_cursor (
    region      text        primary key,
    last_seq    bigint      not null,
    chain_start char(64),
    updated_at  timestamptz not null
);

-- The console's routing receipts issued before this migration.
insert into decision_rollup (hour, region, tenant_slug, seam, allowed, decisions)
select date_trunc('hour', issued_at), 'control-plane', tenant_slug, seam, allowed, count(*)
from receipt group by 1, 2, 3, 4, 5;
insert into decision_rollup_region (hour, region, seam, allowed, decisions)
select hour, region, seam, allowed, sum(decisions) from decision_rollup where tenant_slug not like 'probe-%' group by 1, 2, 3, 4;

-- Replication lag per region (over the tenants active there), stored with the per-tenant samples every 10 s: the
-- region's lag over time without reading every tenant's samples. Kept 7 days like replication_sample.
create table replication_region_sample (
    region             text             not null,
    sampled_at         timestamptz      not null,
    tenants            int              not null,
    max_seconds_behind double precision not null,
    p95_seconds_behind double precision not null,
    max_seq_behind     bigint           not null,
    primary key (region, sampled_at)
);
