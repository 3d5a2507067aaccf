-- Raw inputs that did not load, with the reason. Grain: one row per (path, reason); seen times kept.
create table if not exists rejected_documents (
    path varchar not null,
    content_hash varchar,
    reason varchar not null,
    detail varchar,
    first_seen timestamp not null,
    last_seen timestamp not null,
    primary key (path, reason)
);
