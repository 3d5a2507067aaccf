-- Staging of temporal expressions. Grain: one row per expression.
create or replace view stg_timexes as
with source as (
    select * from timexes
)

select
    content_hash,
    start_char,
    end_char,
    text as timex_text,
    timex_type,
    value as timex_value,
    mod as timex_mod,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    granularity,
    is_resolved
from source
