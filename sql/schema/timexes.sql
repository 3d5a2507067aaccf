-- Raw temporal expressions found in documents. Grain: one row per expression (document, start offset).
create table if not exists timexes (
    content_hash varchar not null,
    start_char integer not null,
    end_char integer not null,
    text varchar not null,
    timex_type varchar not null,
    value varchar,
    mod varchar,
    period_start date,
    period_end date,
    granularity varchar,
    is_resolved boolean not null,
    quant varchar,
    freq varchar  -- (content_hash, start_char) is unique: the loader replaces, assert_unique_keys checks
);
