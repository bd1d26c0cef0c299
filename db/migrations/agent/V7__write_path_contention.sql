-- Less waiting on the governed write path (ADR 0006).
--
-- 1. The standby's acknowledgements move to their own table. The shipper used to record them on the tenant's
--    tenant_replication row, the row every governed write locks to take its sequence numbers: each acknowledgement
--    waited for the write batch in progress, and the next batch waited for the acknowledgement's commit.
create table replication_ack (
    tenant_id uuid primary key references tenant_namespace on delete cascade,
    -- the highest sequence number the standby acknowledged, and when
    acked_seq bigint not null default 0,
    acked_at  timestamptz
);
insert into replication_ack (tenant_id, acked_seq, acked_at)
select tenant_id, acked_seq, acked_at from tenant_replication;
alter table tenant_replication drop column acked_seq, drop column acked_at;

-- 2. Tenant search indexes update in place (fastupdate off, as new namespaces are created now). With the default,
--    entries pile up in a pending list that one unlucky insert merges into the index: a stall of a few hundred
--    milliseconds, in the middle of a governed write's group commit, every few thousand writes.
do
$$
declare
    ns record;
begin
    for ns in select schema_name from tenant_namespace loop
        if to_regclass(format('%I.search_index_document', ns.schema_name)) is not null then
            execute format('select gin_clean_pending_list(%L::regclass)', ns.schema_name || '.search_index_document');
            execute format('alter index %I.search_index_document set (fastupdate = off)', ns.schema_name);
        end if;
    end loop;
end
$$;

-- 3. The governed writer commits a batch of writes in one round trip to PostgreSQL: its statements go out together and
--    run in order, so a check that fails has to stop the transaction by itself rather than return a row the writer
--    reads before deciding what to send next. These two functions are those checks.

-- Takes a tenant's next p_count sequence numbers, only where this region may write for it now: the confirmed ACTIVE
-- region and, while the tenant runs failed over, only for the operations allowed then (p_operation; null for none).
-- The row lock taken here orders the tenant's stream until commit. Returns the first number, the epoch and the mode;
-- when refused it returns no row, or with p_strict raises SQLSTATE CO409 (and the transaction is lost).
create function replication_reserve(p_tenant uuid, p_count int, p_operation text, p_strict boolean)
    returns table (first_seq bigint, epoch bigint, mode text)
    language plpgsql as
$$
begin
    return query
        update tenant_replication t set next_seq = t.next_seq + p_count
        where t.tenant_id = p_tenant and t.role = 'ACTIVE' and t.confirmed
          and (p_operation is null or not t.failed_over or p_operation = any (string_to_array(t.failover_ops, ',')))
        returning t.next_seq - p_count + 1, t.epoch, t.mode;
    if not found and p_strict then
        raise exception 'This region may not write for tenant % now', p_tenant using errcode = 'CO409';
    end if;
end
$$;

-- Raises SQLSTATE CO412 unless the decision chain's last link is (p_seq, p_hash) — (0, 64 zeros) for an empty chain.
-- The writer keeps the head it last wrote and seals its next batch onto it without reading it again; this check, under
-- the sealing lock, catches the head having moved (another agent process or the sealer chained decisions meanwhile).
create function decision_chain_expect(p_seq bigint, p_hash text)
    returns void
    language plpgsql as
$$
declare
    head_seq  bigint;
    head_hash text;
begin
    select seq, hash into head_seq, head_hash from decision_log where seq is not null order by seq desc limit 1;
    if coalesce(head_seq, 0) <> p_seq or coalesce(head_hash, repeat('0', 64)) <> p_hash then
        raise exception 'The decision chain moved: expected head %, found %', p_seq, coalesce(head_seq, 0) using errcode = 'CO412';
    end if;
end
$$;
