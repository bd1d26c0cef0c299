-- Tenants resident in this region: the namespaces the control plane created here, and the tenant API tokens
-- (hashed) that tenant applications present on the data API.
create table tenant_namespace (
    tenant_id     uuid        primary key,
    slug          text        not null,
    zone          text        not null,
    schema_name   text        not null unique,
    object_prefix text        not null unique,
    created_at    timestamptz not null,
    constraint tenant_namespace_schema_format check (schema_name ~ '^t_[0-9a-f]{32}$')
);

create table tenant_token (
    token_sha256 char(64)    primary key,
    token_id     uuid        not null unique,
    tenant_id    uuid        not null references tenant_namespace on delete cascade,
    created_at   timestamptz not null,
    revoked_at   timestamptz
);
