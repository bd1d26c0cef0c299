-- Cheaper statistics for the tables every governed write appends to (ADR 0006).
--
-- Autovacuum analyses a table each time a tenth of it is new: for a region's young evidence tables, every few seconds
-- at hundreds of writes per second. An ANALYZE samples 300 rows per unit of the largest statistics target among the
-- table's columns (30,000 rows at PostgreSQL's default of 100) and builds statistics for every column, including wide
-- ones no query filters, joins or groups on: signatures, canonical bodies, hashes, rationales, payloads. Measured on
-- 60,000 rows of the real shape, ANALYZE of decision_log or receipt took 210-245 ms of CPU — one of the two CPUs the
-- write path needs — and the seconds it ran in were the slowest of the governed-write benchmark. With no statistics for
-- the wide columns and a target of 10 for the rest (3,000 sampled rows) it takes about 20 ms.
--
-- What the planner loses is little: the queries on these tables go by primary key, sequence number, or tenant and time
-- range through an index, a coarser time histogram is still interpolated, and for a time past the histogram's end
-- PostgreSQL reads the index's actual maximum.
alter table decision_log
    alter column principal set statistics 0,
    alter column resource set statistics 0,
    alter column context set statistics 0,
    alter column determining_policies set statistics 0,
    alter column rationale set statistics 0,
    alter column prev_hash set statistics 0,
    alter column hash set statistics 0,
    alter column decision_id set statistics 10,
    alter column decided_at set statistics 10,
    alter column tenant_id set statistics 10,
    alter column tenant_slug set statistics 10,
    alter column seam set statistics 10,
    alter column action set statistics 10,
    alter column allowed set statistics 10,
    alter column channel set statistics 10,
    alter column bundle_version set statistics 10,
    alter column bundle_sha256 set statistics 10,
    alter column seq set statistics 10;

alter table receipt
    alter column body set statistics 0,
    alter column signature set statistics 0,
    alter column receipt_id set statistics 10,
    alter column issued_at set statistics 10,
    alter column tenant_id set statistics 10,
    alter column tenant_slug set statistics 10,
    alter column seam set statistics 10,
    alter column operation set statistics 10,
    alter column allowed set statistics 10,
    alter column decision_id set statistics 10,
    alter column key_id set statistics 10;

alter table replication_outbox
    alter column payload set statistics 0,
    alter column payload_sha256 set statistics 0,
    alter column token_sha256 set statistics 0;

-- The tenants' own record tables and search indexes; new namespaces get the same settings when they are created
-- (TenantNamespaces.create).
create function tenant_namespace_statistics(p_schema text) returns void
    language plpgsql as
$$
begin
    execute format('alter table %I.record alter column payload set statistics 0, alter column payload_sha256 set statistics 0, '
                       || 'alter column record_key set statistics 10, alter column classification set statistics 10, '
                       || 'alter column retention_until set statistics 10, alter column retention_policy set statistics 10, '
                       || 'alter column created_at set statistics 10, alter column updated_at set statistics 10', p_schema);
    execute format('alter table %I.search_index alter column record_key set statistics 10, '
                       || 'alter column document set statistics 10', p_schema);
end
$$;

do
$$
declare
    ns record;
begin
    for ns in select schema_name from tenant_namespace loop
        if to_regclass(format('%I.record', ns.schema_name)) is not null then
            perform tenant_namespace_statistics(ns.schema_name);
        end if;
    end loop;
end
$$;
