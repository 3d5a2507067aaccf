-- Fails when an event has no evidence sentence or its offsets are out of order.
select event_id, doc_id, evidence_start, evidence_end
from stg_events
where evidence is null or trim(evidence) = '' or evidence_start < 0 or evidence_end <= evidence_start
