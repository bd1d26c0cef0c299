-- Several consoles on one control-plane database (issue 22).

-- The last state of each region that any console recorded. Every console checks the agents itself (its own view stays
-- live), but a change of state is one fact: the console that moves this row audits it, the others find it moved.
create table region_state (
    region     text        primary key,
    state      text        not null,
    changed_at timestamptz not null
);
