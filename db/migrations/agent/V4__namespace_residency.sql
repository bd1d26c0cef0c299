-- A resident tenant's residency settings, as given when its namespace was created (the directory may lag).
alter table tenant_namespace
    add column residency_locked boolean not null default false,
    add column channel text not null default 'standard';
