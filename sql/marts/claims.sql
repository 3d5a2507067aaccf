-- The same claim across articles: same type, subtype, counts and source with overlapping periods.
-- Grain: one row per distinct claim, with how many articles made it, first and last report, and doc ids.
create or replace view claims as
with events as (
    select
        *,
        coalesce(source_id, '') as source_key,
        coalesce(period_start, date '0001-01-01') as start_key,
        coalesce(period_end, date '9999-12-31') as end_key
    from int_timeline_events
),

ordered as (
    select
        *,
        max(end_key) over (
            partition by event_type, subtype, count_min, count_max, source_key
            order by start_key, end_key, event_id
            rows between unbounded preceding and 1 preceding
        ) as previous_end
    from events
),

islands as (
    select
        *,
        sum(case when previous_end is null or start_key > previous_end then 1 else 0 end) over (
            partition by event_type, subtype, count_min, count_max, source_key
            order by start_key, end_key, event_id
            rows unbounded preceding
        ) as island
    from ordered
),

grouped as (
    select
        event_type,
        subtype,
        count_min,
        count_max,
        min(source) as source,
        min(period_start) as period_start,
        max(period_end) as period_end,
        count(distinct doc_id) as article_count,
        count(*) as event_count,
        min(reported_date) as first_reported,
        max(reported_date) as last_reported,
        string_agg(distinct doc_id, ';' order by doc_id) as doc_ids,
        min(count_text) as count_text,
        min(event_id) as claim_id
    from islands
    group by event_type, subtype, count_min, count_max, source_key, island
)

select *
from grouped
order by event_type, coalesce(period_start, period_end), period_end, subtype, count_min, count_max, source, claim_id
