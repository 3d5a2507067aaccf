-- Timeline events joined to their articles: negated claims, other sides' forces and claims below the
-- confidence threshold left out.
-- Grain: one row per event. Read by every mart.
create or replace view int_timeline_events as
with events as (
    select * from stg_events where is_timeline_event
),

documents as (
    select * from stg_documents
),

joined as (
    select
        events.event_id,
        events.doc_id,
        documents.published_date as published,
        events.event_type,
        events.subtype,
        events.count_min,
        events.count_max,
        events.count_qualifier,
        events.count_text,
        events.period_start,
        events.period_end,
        events.date_text,
        events.date_precision,
        events.reported_date,
        events.source,
        events.source_id,
        events.actor,
        events.location,
        events.evidence,
        events.evidence_start,
        events.evidence_end,
        events.mention_count,
        events.confidence,
        documents.title,
        documents.publisher,
        documents.url,
        events.content_hash
    from events
    inner join documents on events.content_hash = documents.content_hash
)

select * from joined
