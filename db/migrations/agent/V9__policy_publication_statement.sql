-- Issue 21, item 12: the platform signs a bundle's publication statement (channel, version, hash, approval, time);
-- the agent keeps it with the bundle in force to verify it again at start. A row from before has none and is not
-- trusted at start: the agent fetches the current bundle again.
alter table policy_bundle_state add column statement text;
