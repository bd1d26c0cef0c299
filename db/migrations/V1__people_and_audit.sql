-- Control-plane foundation: local accounts and the hash-chained audit log.

-- Local accounts for the embedded default. People who sign in through OIDC (Keycloak) are not stored here:
-- their role and tenant come from the identity provider's token on every sign-in.
create table app_user (
    user_id       uuid        primary key,
    username      text        not null unique,
    display_name  text        not null,
    email         text,
    password_hash text        not null,
    role          text        not null,
    tenant_slug   text,
    enabled       boolean     not null default true,
    created_at    timestamptz not null,
    constraint app_user_username_format check (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    constraint app_user_role_known check (role in
        ('PLATFORM_ADMIN', 'COMPLIANCE_OFFICER', 'OPERATOR', 'EXECUTIVE', 'CUSTOMER')),
    -- A customer user is always bound to exactly one tenant; staff are never bound to one.
    constraint app_user_customer_has_tenant check ((role = 'CUSTOMER') = (tenant_slug is not null))
);

-- Append-only, hash-chained audit log. Each row's hash covers its own fields and the previous row's hash, so an
-- edited, inserted or deleted row breaks the chain at that point. seq is assigned by the writer under an advisory
-- lock (gap-free), which also lets the verifier see a deleted row as a gap.
create table audit_log (
    seq          bigint      primary key,
    entry_id     uuid        not null unique,
    occurred_at  timestamptz not null,
    actor        text        not null,
    action       text        not null,
    target       text,
    reason       text,
    decision_id  uuid,
    -- JSON text, hashed byte for byte (jsonb would re-serialise it and break the hash).
    details      text,
    prev_hash    char(64)    not null,
    hash         char(64)    not null unique,
    constraint audit_log_seq_positive check (seq > 0)
);

create index audit_log_occurred_at_idx on audit_log (occurred_at);
create index audit_log_actor_idx on audit_log (actor, seq);
create index audit_log_action_idx on audit_log (action, seq);

-- The database itself refuses to change history, whoever the caller is (the application role included).
create function audit_log_refuse_change() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_log_no_update_or_delete
    before update or delete on audit_log
    for each row execute function audit_log_refuse_change();

create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function audit_log_refuse_change();
