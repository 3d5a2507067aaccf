-- Fails when a key is duplicated: event ids, or two documents with the same doc_id and content.
select 'events.event_id' as key_name, event_id as key_value, count(*) as row_count
from events group by event_id having count(*) > 1
union all
select 'documents.content_hash', content_hash, count(*)
from documents group by content_hash having count(*) > 1
