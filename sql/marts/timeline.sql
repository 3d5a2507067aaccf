-- Every timeline event (deployments and casualty claims) with its article, ordered by period.
-- Grain: one row per event. Negated claims, other sides' forces and claims below the confidence threshold
-- are left out (they stay in stg_events).
create or replace view timeline as
with events as (
    select * from int_timeline_events
)

select *
from events
order by
    coalesce(period_start, period_end), period_end, published, doc_id, evidence_start, event_type, subtype, event_id
