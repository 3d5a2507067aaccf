-- Fails when an event's count_min is above its count_max.
select event_id, doc_id, count_min, count_max
from stg_events
where count_min is not null and count_max is not null and count_min > count_max
