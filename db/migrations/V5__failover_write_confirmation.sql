-- "Read-only until a compliance officer confirms": while a tenant runs on its failover region, writes are allowed only
-- if its failover operations include WRITE or a compliance officer confirmed them (a drill's two approvals count as
-- that confirmation). Cleared by the next failover or failback.
alter table tenant add column failover_writes_confirmed boolean not null default false;
