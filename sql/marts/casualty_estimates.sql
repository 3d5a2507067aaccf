-- Each source's latest casualty estimate as of every report date, so conflicting figures stand side by side.
-- Grain: one row per (as_of_date, source, subtype).
-- Each estimate holds from its report date until the same source reports that subtype again: the report
-- dates are joined to those intervals (an inequality join), never to every earlier casualty row.
create or replace view casualty_estimates as
with casualties as (
    select
        *,
        coalesce(source_id, '') as source_key
    from int_timeline_events
    where event_type = 'casualty' and reported_date is not null
),

report_dates as (
    select distinct reported_date as as_of_date from casualties
),

daily as (
    -- a source's figure of the day for a subtype: its highest count that day
    select *
    from casualties
    qualify row_number() over (
        partition by source_key, subtype, reported_date
        order by count_max desc nulls last, count_min desc nulls last, event_id
    ) = 1
),

estimates as (
    select
        *,
        coalesce(
            lead(reported_date) over (partition by source_key, subtype order by reported_date),
            date '9999-12-31'
        ) as superseded_on
    from daily
)

select
    report_dates.as_of_date,
    coalesce(estimates.source, '(unattributed)') as source,
    estimates.subtype,
    estimates.count_min,
    estimates.count_max,
    estimates.count_text,
    estimates.reported_date,
    estimates.period_start,
    estimates.period_end,
    estimates.doc_id,
    estimates.event_id
from report_dates
inner join estimates
    on
        estimates.reported_date <= report_dates.as_of_date
        and report_dates.as_of_date < estimates.superseded_on
order by as_of_date, subtype, source, event_id
