-- Each source's latest casualty estimate as of every report date, so conflicting figures stand side by side.
-- Grain: one row per (as_of_date, source, subtype).
create or replace view casualty_estimates as
with casualties as (
    select * from int_timeline_events where event_type = 'casualty' and reported_date is not null
),

report_dates as (
    select distinct reported_date as as_of_date from casualties
),

candidates as (
    select
        report_dates.as_of_date,
        coalesce(casualties.source, '(unattributed)') as source,
        casualties.subtype,
        casualties.count_min,
        casualties.count_max,
        casualties.count_text,
        casualties.reported_date,
        casualties.period_start,
        casualties.period_end,
        casualties.doc_id,
        casualties.event_id,
        row_number() over (
            partition by report_dates.as_of_date, coalesce(casualties.source_id, ''), casualties.subtype
            order by casualties.reported_date desc, casualties.count_max desc nulls last,
                casualties.count_min desc nulls last, casualties.event_id
        ) as recency_rank
    from report_dates
    inner join casualties on casualties.reported_date <= report_dates.as_of_date
)

select
    as_of_date,
    source,
    subtype,
    count_min,
    count_max,
    count_text,
    reported_date,
    period_start,
    period_end,
    doc_id,
    event_id
from candidates
where recency_rank = 1
order by as_of_date, subtype, source
