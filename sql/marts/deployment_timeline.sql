-- Troop deployments (sent, planned, withdrawn) over time. Grain: one row per deployment claim.
create or replace view deployment_timeline as
with deployments as (
    select * from int_timeline_events where event_type = 'deployment'
)

select *
from deployments
order by
    coalesce(period_start, period_end), period_end, published, doc_id, evidence_start, subtype, event_id
