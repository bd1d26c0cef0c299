-- Every region can check a tenant's API tokens (their SHA-256, pushed with the tenant's directory entry; never the
-- tokens), so a request for a tenant that lives elsewhere is answered 421 only to a caller holding one of its tokens.
-- Without one, every slug gets the same 401, whether a tenant has it or not (issue 21, item 7).
create table directory_token (
    token_sha256 char(64) primary key,
    tenant_id    uuid     not null references tenant_directory on delete cascade
);
create index directory_token_tenant_idx on directory_token (tenant_id);

-- Requests refused at the data port's door before anyone was authenticated, counted per hour and reason: a bounded,
-- aggregated record (one row per hour and reason however many arrive), not a decision and receipt per request.
create table door_refusal (
    hour     timestamptz not null,
    reason   text        not null,
    refusals bigint      not null,
    primary key (hour, reason)
);
