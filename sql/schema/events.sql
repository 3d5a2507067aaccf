-- Raw events extracted from documents. Grain: one row per claim per document (repeated mentions merged).
create table if not exists events (
    event_id varchar not null,  -- unique: the loader replaces, assert_unique_keys checks
    content_hash varchar not null,
    doc_id varchar not null,
    event_type varchar not null,
    subtype varchar not null,
    count_min bigint,
    count_max bigint,
    count_qualifier varchar,
    count_text varchar,
    period_start date,
    period_end date,
    date_text varchar,
    date_precision varchar,
    reported_date date,
    source varchar,
    source_text varchar,
    actor varchar,
    location varchar,
    evidence varchar not null,
    evidence_start integer not null,
    evidence_end integer not null,
    sentence_start integer not null,
    sentence_end integer not null,
    trigger_text varchar,
    is_negated boolean not null,
    is_primary_actor boolean not null,
    mention_count integer not null,
    details varchar,
    source_id varchar,  -- the claimant's normalized key (alias lexicon), for grouping claims across articles
    confidence double,  -- tasks/rate_events.py: how likely a coder counts this claim; null when not rated
    is_confident boolean not null default true  -- confidence at or above the run's threshold
);
-- warehouses made before events were rated: their documents are redone (see tasks/versioning.py)
alter table events add column if not exists confidence double;
alter table events add column if not exists is_confident boolean default true;
