-- Staging of events: typed and cleaned; negated, other-actor or low-confidence claims flagged, not dropped. Grain: one row per event.
create or replace view stg_events as
with source as (
    select * from events
),

cleaned as (
    select
        event_id,
        content_hash,
        doc_id,
        lower(event_type) as event_type,
        lower(subtype) as subtype,
        cast(count_min as bigint) as count_min,
        cast(count_max as bigint) as count_max,
        count_qualifier,
        count_text,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        date_text,
        date_precision,
        cast(reported_date as date) as reported_date,
        nullif(trim(source), '') as source,
        coalesce(nullif(trim(source_id), ''), lower(nullif(trim(source), ''))) as source_id,
        source_text,
        actor,
        location,
        evidence,
        evidence_start,
        evidence_end,
        sentence_start,
        sentence_end,
        is_negated,
        is_primary_actor,
        mention_count,
        confidence,
        is_confident,
        not is_negated and is_primary_actor and is_confident as is_timeline_event
    from source
)

select * from cleaned
