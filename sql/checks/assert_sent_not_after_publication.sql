-- Fails when a 'sent' deployment ends after the article that reports it was published.
select e.event_id, e.doc_id, e.period_end, d.published_date
from stg_events as e
inner join stg_documents as d on e.content_hash = d.content_hash
where e.subtype = 'sent' and e.period_end is not null and d.published_date is not null
    and e.period_end > d.published_date
