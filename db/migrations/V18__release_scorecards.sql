-- Release scorecards (ADR 0014): per rollout of a release, the judged gates and, once the rollout ended, the sealed,
-- signed release-scorecard.json with its gates' evidence files. A draft is replaced each time the gates are judged
-- (about to go to 100 %, a person's promotion); a sealed scorecard never changes again.
create table release_scorecard (
    -- no foreign key to rollout: a refused promotion records its draft in a transaction of its own while the
    -- rollout's row is locked by the refused one (a key-share lock would wait for it)
    rollout_id        uuid        primary key,
    version           text        not null references release (version),
    region_id         text        not null,
    verdict           text        not null,
    -- release-scorecard.json exactly as signed (canonical JSON)
    scorecard         text        not null,
    scorecard_sha256  text        not null,
    -- evidence file name -> its content (JSON object of strings)
    evidence          text        not null,
    judged_at         timestamptz not null,
    sealed_at         timestamptz,
    sealed_by         text,
    -- the in-toto statement over every file of the evidence bundle, and its DSSE envelope (platform key)
    statement         text,
    envelope          text,
    constraint release_scorecard_verdict check (verdict in ('go', 'no-go')),
    constraint release_scorecard_sealed check ((sealed_at is null) = (envelope is null) and (sealed_at is null) = (statement is null))
);
create index release_scorecard_by_version on release_scorecard (version, judged_at);

-- Sealed means immutable: no update and no delete of a sealed scorecard, whoever asks.
create function release_scorecard_refuse_change() returns trigger
    language plpgsql as
$$
begin
    if old.sealed_at is not null then
        raise exception 'release_scorecard of rollout % is sealed: it is never changed or deleted', old.rollout_id
            using errcode = 'integrity_constraint_violation';
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    return new;
end;
$$;

create trigger release_scorecard_sealed_is_final
    before update or delete on release_scorecard
    for each row execute function release_scorecard_refuse_change();
