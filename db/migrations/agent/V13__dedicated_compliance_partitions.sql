-- Dedicated Compliance Partitions (issue 17). A shared region agent learns from the tenant directory that a tenant is
-- served by its own partition (its data URL is the partition agent's); it then answers that tenant's requests with 421
-- naming the partition. A partition agent itself keeps only its own tenant's entry.
alter table tenant_directory add column partition text;
