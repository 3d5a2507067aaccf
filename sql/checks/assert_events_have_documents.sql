-- Fails when an event points at a document that is not loaded.
select e.event_id, e.doc_id
from events as e
left join documents as d on e.content_hash = d.content_hash
where d.content_hash is null
