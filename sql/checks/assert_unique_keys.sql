-- Fails when a key of a raw table is duplicated. The tables have no primary keys (an index would be
-- held in memory by every load, and grow with the warehouse): the loader keeps the keys unique by
-- replacing a document's rows in one transaction, and this check verifies it after every run.
select 'events.event_id' as key_name, event_id as key_value, count(*) as row_count
from events group by event_id having count(*) > 1
union all
select 'documents.content_hash', content_hash, count(*)
from documents group by content_hash having count(*) > 1
union all
select 'timexes.(content_hash, start_char)', content_hash || ':' || start_char, count(*)
from timexes group by content_hash, start_char having count(*) > 1
