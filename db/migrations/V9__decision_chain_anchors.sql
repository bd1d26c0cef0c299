-- Signed anchors of each region's decision chain head (issue 21, item 13): collected by the console every few minutes
-- and kept here, outside the region's own database, so that a chain cut short or rewritten in the region is found
-- against the latest anchor. An anchor is the region's signed canonical JSON, verified before it is stored.
create table decision_chain_anchor (
    region       text        not null,
    seq          bigint      not null,
    head_hash    char(64)    not null,
    anchored_at  timestamptz not null,
    body         text        not null,
    signature    text        not null,
    key_id       text        not null,
    collected_at timestamptz not null,
    primary key (region, seq),
    constraint decision_chain_anchor_seq_positive check (seq > 0)
);
-- Anchors are evidence: never changed, never deleted by the application.
create trigger decision_chain_anchor_no_change before update or delete on decision_chain_anchor for each row execute function refuse_delete();
