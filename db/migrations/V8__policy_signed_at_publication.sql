-- Issue 21, item 12: the platform key signs a bundle when its publication is approved, over a publication statement
-- (channel, version, bundle hash, approval request, time), no longer over the manifest when it is proposed. A proposed
-- bundle carries no signature; signatures made at proposal under the old scheme are dropped. A bundle in force before
-- this migration keeps its manifest signature until the console re-signs it at start (PolicyBundles).
alter table policy_bundle add column statement text;
alter table policy_bundle alter column signature drop not null;
alter table policy_bundle alter column key_id drop not null;
update policy_bundle set signature = null, key_id = null where status in ('PROPOSED', 'WITHDRAWN');
alter table policy_bundle add constraint policy_bundle_proposed_unsigned
    check (status not in ('PROPOSED', 'WITHDRAWN') or (signature is null and statement is null));
alter table policy_bundle add constraint policy_bundle_published_signed
    check (status not in ('CURRENT', 'SUPERSEDED') or signature is not null);
