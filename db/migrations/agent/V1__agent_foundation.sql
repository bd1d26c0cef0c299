-- Region agent foundation. Every agent owns its own regional PostgreSQL; nothing here is shared across regions.

-- One row per start of an agent process against this regional database: which region it served, which build, and
-- which process. The health endpoint reports the latest start; operators use the history after an outage.
create table agent_start (
    start_id   uuid        primary key,
    region     text        not null,
    version    text        not null,
    pid        bigint      not null,
    started_at timestamptz not null
);

create index agent_start_started_at_idx on agent_start (started_at desc);

-- An agent's database serves exactly one region. Refuse a start for another region against the same database, so a
-- misconfigured agent can never mix two regions' governed data.
create function agent_start_single_region() returns trigger
    language plpgsql as
$$
begin
    if exists (select 1 from agent_start where region <> new.region) then
        raise exception 'this database belongs to region %, refusing an agent for region %',
            (select region from agent_start limit 1), new.region
            using errcode = 'check_violation';
    end if;
    return new;
end
$$;

create trigger agent_start_region_guard
    before insert on agent_start
    for each row execute function agent_start_single_region();
