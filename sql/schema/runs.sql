-- Raw log of pipeline runs. Grain: one row per run.
create table if not exists runs (
    run_id varchar primary key,
    started_at timestamp not null,
    finished_at timestamp,
    input_dir varchar not null,
    documents_seen integer,
    documents_loaded integer,
    documents_unchanged integer,
    documents_rejected integer,
    events_loaded integer,
    status varchar not null
);
