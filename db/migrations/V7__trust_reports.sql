-- Trust Reports (ADR 0009): a tenant's facts for a period, gathered once when a compliance officer generates the
-- report (residency aggregates from each region, policy bundles, DR, DCP posture) and kept as canonical JSON. Every
-- download renders the signed, watermarked PDF from these facts, so each copy carries the same JSON.
create table trust_report (
    report_id      uuid        primary key,
    tenant_id      uuid        not null references tenant,
    tenant_slug    text        not null,
    period_from    timestamptz not null,
    period_to      timestamptz not null,
    facts          text        not null,
    facts_sha256   char(64)    not null,
    receipts       bigint      not null,
    denied         bigint      not null,
    generated_by   text        not null,
    generated_at   timestamptz not null,
    classification text        not null,
    retention      text        not null,
    constraint trust_report_period check (period_from < period_to)
);
create index trust_report_tenant on trust_report (tenant_slug, generated_at desc);
-- A report's facts are evidence: never changed, never deleted by the application.
create trigger trust_report_no_change before update or delete on trust_report for each row execute function refuse_delete();

-- A customer user's acceptance of the Trust Report terms (once per terms version), before their first download.
create table trust_report_terms (
    username      text        not null,
    tenant_slug   text        not null,
    terms_version text        not null,
    accepted_at   timestamptz not null,
    primary key (username, terms_version)
);
create trigger trust_report_terms_no_change before update or delete on trust_report_terms for each row execute function refuse_delete();
