-- Customers and their tokens are bound to a tenant by its ID, not its slug (issue 21, item 5): a slug is free again
-- once its tenant is torn down, and the next tenant to take it must not inherit the old tenant's customers.
-- tenant_slug stays as the slug at binding time (what the account page shows). A customer account created before its
-- tenant exists (the demo customer) is "pending": tenant_id null until a tenant with that slug is created; a teardown
-- disables the accounts bound to the tenant and the pending ones naming its slug, so no account ever moves to a later
-- tenant with the same slug.
alter table app_user add column tenant_id uuid references tenant;
alter table app_user add column disabled_reason text;
update app_user u set tenant_id = t.tenant_id from tenant t where t.slug = u.tenant_slug and t.status = 'ACTIVE';
create index app_user_tenant_idx on app_user (tenant_id) where tenant_id is not null;

alter table api_token add column tenant_id uuid;
update api_token k set tenant_id = t.tenant_id from tenant t where t.slug = k.tenant_slug and t.status = 'ACTIVE';
