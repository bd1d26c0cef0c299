-- Proof bundles are built while they are downloaded (streamed from a receipt cursor into the response), so no file is
-- staged any more (file_path stays null). A build's process beats every few seconds; a BUILDING job whose heartbeat
-- stopped is ended as FAILED, and builds per tenant are counted by status under an advisory lock.
alter table evidence_job add column heartbeat_at timestamptz;
create index evidence_job_building_idx on evidence_job (tenant_id) where status = 'BUILDING';
