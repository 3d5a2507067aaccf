-- Casualty claims (killed, wounded, captured, missing, killed_or_wounded) over time. Grain: one row per claim.
create or replace view casualty_timeline as
with casualties as (
    select * from int_timeline_events where event_type = 'casualty'
)

select *
from casualties
order by
    coalesce(period_start, period_end), period_end, published, doc_id, evidence_start, subtype, event_id
