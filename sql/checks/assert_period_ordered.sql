-- Fails when an event's period starts after it ends.
select event_id, doc_id, period_start, period_end
from stg_events
where period_start is not null and period_end is not null and period_start > period_end
