-- Hourly receipt rollups for the Trust Report (ADR 0009). A Trust Report needs, per tenant and period, the receipt
-- count, the counts by seam and outcome, the policy bundles used, and a Merkle root over the receipts. Reading every
-- receipt at request time does not scale (a tenant with a million receipts), so each region seals an hour once it is
-- over: its receipts' Merkle root and counts. A period is then a few hundred rollup rows plus the live current hour.

-- Hours with receipts that are not sealed yet (or must be sealed again: a receipt arrived after the seal). Marked by a
-- statement-level trigger, so a bulk insert marks each hour once and a governed write pays one small upsert.
create table receipt_rollup_pending (
    tenant_slug text        not null,
    hour        timestamptz not null,
    primary key (tenant_slug, hour)
);

create function receipt_rollup_mark() returns trigger
    language plpgsql as
$$
begin
    insert into receipt_rollup_pending (tenant_slug, hour)
    select distinct tenant_slug, date_trunc('hour', issued_at, 'UTC') from new_receipts
    on conflict do nothing;
    return null;
end
$$;
create trigger receipt_rollup_mark after insert on receipt referencing new table as new_receipts
    for each statement execute function receipt_rollup_mark();

-- One sealed hour of one tenant: the RFC 6962 Merkle root over SHA-256(0x00 || body) of its receipts ordered by
-- receipt ID, and how many there are.
create table receipt_rollup (
    tenant_slug text        not null,
    hour        timestamptz not null,
    receipts    bigint      not null,
    merkle_root char(64)    not null,
    sealed_at   timestamptz not null,
    primary key (tenant_slug, hour)
);

-- The sealed hour's receipts by seam, outcome and the policy bundle that decided them.
create table receipt_rollup_count (
    tenant_slug    text        not null,
    hour           timestamptz not null,
    seam           text        not null,
    allowed        boolean     not null,
    bundle_version text        not null,
    bundle_sha256  text        not null,
    receipts       bigint      not null,
    primary key (tenant_slug, hour, seam, allowed, bundle_version, bundle_sha256),
    foreign key (tenant_slug, hour) references receipt_rollup on delete cascade
);

-- Receipts issued before this migration are rolled up too.
insert into receipt_rollup_pending (tenant_slug, hour)
select distinct tenant_slug, date_trunc('hour', issued_at, 'UTC') from receipt
on conflict do nothing;
