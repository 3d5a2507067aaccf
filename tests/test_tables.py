"""Text tables ('| Force | Estimated strength | Source |'): columns read from their headers, one claim
per count cell (tasks/tables.py), and the events extract_events makes of them."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.tables import column_role, find_tables, table_claims

ESTIMATES = (
    "Peacekeepers in the region: figures as of March 2025\n"
    "| Contingent | Troops deployed | Source |\n"
    "|---|---|---|\n"
    "| Kenyan soldiers | about 1,200 | Kenyan Defence Forces |\n"
    "| Armoured vehicles | 40 | UN |\n"
    "| Rwandan troops | — | none given |\n"
    "| Ugandan soldiers | 800 | |\n"
    "\n"
    "The figures change with every rotation.\n"
)

LOSSES = (
    "| Claimant | Date | Killed | Killed and wounded |\n"
    "| Defence ministry, weekly briefing | 3 Feb 2025 | at least 35 | 120-150 |\n"
    "| Rebel spokesman | 5 Feb 2025 | 200 | |\n"
    "| a ragged row | 6 Feb 2025 |\n"
)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Estimated strength", "deployment/sent"),
        ("Troops sent", "deployment/sent"),
        ("Killed and wounded", "casualty/killed_or_wounded"),
        ("Killed", "casualty/killed"),
        ("Prisoners", "casualty/captured"),
        ("Who", "source"),
        ("As of", "date"),
        ("Force", "force"),
        ("Notes", None),
    ],
)
def test_a_column_holds_what_its_header_says(header, role):
    assert column_role(header) == role


def test_tables_are_blocks_of_pipe_lines_with_their_caption():
    (table,) = find_tables(ESTIMATES)
    assert table.caption.text == "Peacekeepers in the region: figures as of March 2025"
    assert [c.text for c in table.header] == ["Contingent", "Troops deployed", "Source"]
    assert len(table.rows) == 4  # the rule line is no row
    line = table.lines[0]
    assert ESTIMATES[line.start : line.end] == "| Kenyan soldiers | about 1,200 | Kenyan Defence Forces |"
    assert ESTIMATES[table.rows[0][1].start : table.rows[0][1].end] == "about 1,200"
    assert table.footer is None


BARE = (
    "Table 2. Contributors to the force, May 2025\n"
    "\n"
    "Nation    | Soldiers | Role\r\n"
    "Ghana     | 870      | infantry, west\r\n"
    "Nepal     | about 600 | engineers\r\n"
    "\n"
    "Source: the force's own returns; author's tally.\n"
)


def test_a_table_may_go_without_outer_bars_and_name_its_source_below():
    (table,) = find_tables(BARE)
    assert table.caption.text == "Table 2. Contributors to the force, May 2025"
    assert [c.text for c in table.header] == ["Nation", "Soldiers", "Role"]
    assert [[c.text for c in row] for row in table.rows] == [
        ["Ghana", "870", "infantry, west"],
        ["Nepal", "about 600", "engineers"],
    ]
    assert BARE[table.lines[1].start : table.lines[1].end] == "Nepal     | about 600 | engineers"
    assert table.footer.text == "the force's own returns"
    claims = table_claims(BARE)
    assert [(c.force.text, c.count.count_min, c.source.text) for c in claims] == [
        ("Ghana", 870, "the force's own returns"),
        ("Nepal", 600, "the force's own returns"),
    ]


def test_a_lone_line_with_bars_is_no_table():
    assert find_tables("By Jo Bloggs | Reuters\n\nTroops | 300\n") == []


def test_every_count_cell_is_a_claim_with_its_row_s_cells():
    claims = table_claims(ESTIMATES)
    # the dash is no count; the vehicles row is a claim here and dropped later for naming no people
    assert [(c.count.count_min, c.count.count_max, c.count.qualifier) for c in claims] == [
        (1200, 1200, "approx"),
        (40, 40, "exact"),
        (800, 800, "exact"),
    ]
    assert [c.force.text for c in claims] == ["Kenyan soldiers", "Armoured vehicles", "Ugandan soldiers"]
    assert claims[0].source.text == "Kenyan Defence Forces" and claims[2].source is None
    assert ESTIMATES[claims[0].count.start : claims[0].count.end] == "about 1,200"


def test_a_row_gives_one_claim_per_count_column_and_a_ragged_row_none():
    claims = table_claims(LOSSES)
    assert [(c.subtype, c.count.count_min, c.count.count_max, c.date.text) for c in claims] == [
        ("killed", 35, None, "3 Feb 2025"),
        ("killed_or_wounded", 120, 150, "3 Feb 2025"),
        ("killed", 200, 200, "5 Feb 2025"),
    ]


def test_a_table_that_counts_nothing_gives_nothing():
    assert table_claims("| Team | Played | Won |\n| Arsenal | 20 | 14 |\n") == []
    assert table_claims("Not a table | 300 soldiers |\n") == []


@pytest.mark.slow
def test_table_rows_become_events_with_source_and_date(nlp):
    from tests.test_extract_events import extract

    text = "Kenya leads the mission in Haiti.\n\n" + ESTIMATES + "\n" + LOSSES
    events = sorted(extract(nlp, text, date(2025, 3, 20)), key=lambda e: e.evidence_start)
    got = [
        (e.subtype, e.count_min, e.count_max, e.period_start, e.period_end, e.source_text, e.actor)
        for e in events
    ]
    assert got == [
        ("sent", 1200, 1200, date(2025, 3, 1), date(2025, 3, 20), "Kenyan Defence Forces", "Kenya"),
        ("sent", 800, 800, date(2025, 3, 1), date(2025, 3, 20), None, "Uganda"),
        ("killed", 35, None, None, date(2025, 2, 3), "Defence ministry", "Kenya"),
        ("killed_or_wounded", 120, 150, None, date(2025, 2, 3), "Defence ministry", "Kenya"),
        ("killed", 200, 200, None, date(2025, 2, 5), "Rebel spokesman", "Kenya"),
    ]
    first = events[0]
    assert text[first.evidence_start : first.evidence_end] == first.evidence
    assert first.reported_date == date(2025, 3, 20)
    assert events[2].reported_date == date(2025, 2, 3)


@pytest.mark.slow
def test_a_row_naming_only_a_state_counts_that_state_s_troops(nlp):
    from tests.test_extract_events import extract

    events = extract(nlp, "Peacekeeping in west Africa.\n\n" + BARE, date(2025, 6, 2))
    got = sorted((e.actor, e.count_min, e.period_start, e.source_text) for e in events)
    assert got == [
        ("Ghana", 870, date(2025, 5, 1), "the force's own returns"),
        ("Nepal", 600, date(2025, 5, 1), "the force's own returns"),
    ]


def test_a_table_dated_past_its_article_counts_up_to_publication(nlp):
    # "figures as of March 2025" in a piece of 10 March: the troops were there by the day it was published
    # (a 'sent' row must not end after its article; the warehouse check would stop the run)
    from tests.test_extract_events import extract

    events = extract(nlp, "Kenya leads the mission in Haiti.\n\n" + ESTIMATES, date(2025, 3, 10))
    got = sorted((e.count_min, e.period_start, e.period_end) for e in events)
    assert got == [(800, date(2025, 3, 1), date(2025, 3, 10)), (1200, date(2025, 3, 1), date(2025, 3, 10))]


ALIGNED = (
    "Foreign troops by host country, as of May 2025\n"
    "\n"
    "Host        Contributor      Troops   Change\n"
    "Estonia     Britain             900     +100\n"
    "Latvia      Canada            2,000   +1,200\n"
    "\n"
    "Source: defence ministries\n"
)


def test_columns_lined_up_with_spaces_are_a_table():
    (table,) = find_tables(ALIGNED)
    assert [h.text for h in table.header] == ["Host", "Contributor", "Troops", "Change"]
    assert [[c.text for c in row] for row in table.rows] == [
        ["Estonia", "Britain", "900", "+100"],
        ["Latvia", "Canada", "2,000", "+1,200"],
    ]
    assert table.caption.text == "Foreign troops by host country, as of May 2025"
    assert table.footer.text == "defence ministries"
    claims = table_claims(ALIGNED)
    assert [(c.count.count_min, c.force.text, c.source.text) for c in claims] == [
        (900, "Britain", "defence ministries"),
        (2000, "Canada", "defence ministries"),
    ]
    assert ALIGNED[claims[0].row.start : claims[0].row.end] == claims[0].row.text


def test_a_rule_under_the_header_keeps_the_table_and_one_after_the_rows_ends_it():
    ruled = (
        "Table 2. Contingents at their peak\n"
        "\n"
        "Country        Peak strength    Year of peak\n"
        "--------------------------------------------\n"
        "Denmark        700              2007\n"
        "Estonia        150              2008\n"
        "--------------------------------------------\n"
        "Sum of peaks   850\n"
    )
    (table,) = find_tables(ruled)
    assert [h.text for h in table.header] == ["Country", "Peak strength", "Year of peak"]
    assert [[c.text for c in row] for row in table.rows] == [
        ["Denmark", "700", "2007"],
        ["Estonia", "150", "2008"],
    ]
    assert [(c.count.count_min, c.force.text) for c in table_claims(ruled)] == [
        (700, "Denmark"),
        (150, "Estonia"),
    ]


def test_prose_with_double_spaces_or_no_figures_is_no_table():
    prose = (
        "The brigade left.  It was late.\nThe convoy stopped.  Nobody spoke.\nThe rain came.  Then it went.\n"
    )
    listing = "Host        Contributor\nEstonia     Britain\nLatvia      Canada\n"
    assert find_tables(prose) == [] and find_tables(listing) == []


def test_a_date_in_the_source_cell_dates_the_claim(nlp):
    # "Pentagon (Dec. 19)": with no date column, the claim is the source's of that day
    from tests.test_extract_events import extract

    text = (
        "US troops in the region.\n\n"
        "Country | Estimated personnel | Source\n"
        "United States | about 2,000 | Pentagon (Dec. 19)\n"
        "Turkey | 3,000 | Western officials\n"
    )
    events = sorted(extract(nlp, text, date(2025, 2, 18)), key=lambda e: e.evidence_start)
    got = [(e.count_min, e.period_start, e.period_end, e.source_text) for e in events]
    assert got[0] == (2000, None, date(2024, 12, 19), "Pentagon")
    assert got[1][0] == 3000 and got[1][3] == "Western officials"
