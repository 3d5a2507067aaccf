-- Raw documents the pipeline loaded. Grain: one row per distinct content (sha256 of the file's bytes).
create table if not exists documents (
    content_hash varchar not null,  -- unique: the loader replaces, assert_unique_keys checks
    doc_id varchar not null,
    path varchar not null,
    title varchar,
    publisher varchar,
    url varchar,
    published date,
    date_source varchar,
    language varchar,
    encoding varchar,
    flags varchar,
    n_chars integer not null,
    text varchar not null,
    extracted_with varchar  -- tasks/versioning.py: pipeline version + manifest fields; a rerun redoes a file when it differs
);

-- a warehouse made before the column existed gets it empty, so its documents are redone once
alter table documents add column if not exists extracted_with varchar;
