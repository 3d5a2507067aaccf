from __future__ import annotations

from datetime import date

import pytest

from tasks.errors import CheckFailed
from tasks.run_checks import assert_checks, run_checks
from tests.rows import add_document, add_event


def test_timeline_orders_by_period_and_leaves_out_negated_other_actors_and_doubtful(con):
    add_document(con, "a", date(2025, 2, 1))
    add_event(con, "late", "a", period_start=date(2025, 1, 20), period_end=date(2025, 1, 31))
    add_event(con, "open", "a", period_end=date(2025, 1, 10))  # edge: open start sorts by its end
    add_event(
        con,
        "early",
        "a",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 1, 5),
        event_type="deployment",
        subtype="sent",
    )
    add_event(con, "denied", "a", is_negated=True, period_end=date(2025, 1, 1))
    add_event(con, "russian", "a", is_primary_actor=False, actor="Russia", period_end=date(2025, 1, 1))
    add_event(con, "doubtful", "a", confidence=0.12, is_confident=False, period_end=date(2025, 1, 1))
    ids = [r[0] for r in con.execute("select event_id from timeline").fetchall()]
    assert ids == ["early", "open", "late"]
    # left out of the timeline, kept with its reason in staging
    assert con.execute(
        "select confidence, is_timeline_event from stg_events where event_id = 'doubtful'"
    ).fetchone() == (0.12, False)
    assert con.execute("select published, title from timeline limit 1").fetchone() == (
        date(2025, 2, 1),
        "title a",
    )


def test_type_timelines_split_the_timeline(con):
    add_document(con, "a", date(2025, 2, 1))
    add_event(con, "c", "a", period_end=date(2025, 1, 10))
    add_event(con, "d", "a", event_type="deployment", subtype="planned", period_end=date(2025, 1, 10))
    assert con.execute("select event_id from casualty_timeline").fetchall() == [("c",)]
    assert con.execute("select event_id from deployment_timeline").fetchall() == [("d",)]


def test_claims_group_the_same_claim_across_articles(con):
    for h, day in (("a", 10), ("b", 12), ("c", 20)):
        add_document(con, h, date(2025, 2, day))
    same = {"subtype": "killed_or_wounded", "count_min": 4000, "count_max": 4000, "source": "Ukraine"}
    add_event(con, "a1", "a", period_end=date(2025, 2, 10), reported_date=date(2025, 2, 10), **same)
    add_event(
        con,
        "b1",
        "b",
        period_end=date(2025, 2, 12),
        reported_date=date(2025, 2, 12),
        **{**same, "source": "ukraine"},
    )
    # edge: same figure, other source, stays apart; disjoint period stays apart
    add_event(
        con,
        "c1",
        "c",
        period_end=date(2025, 2, 20),
        reported_date=date(2025, 2, 20),
        **{**same, "source": "NIS"},
    )
    add_event(con, "c2", "c", period_start=date(2025, 3, 1), period_end=date(2025, 3, 5), **same)
    rows = con.execute(
        "select source, article_count, first_reported, last_reported, doc_ids from claims order by doc_ids, source"
    ).fetchall()
    assert ("Ukraine", 2, date(2025, 2, 10), date(2025, 2, 12), "a;b") in rows
    assert ("NIS", 1, date(2025, 2, 20), date(2025, 2, 20), "c") in rows
    assert len(rows) == 3


def test_claims_that_tie_on_every_sort_key_come_in_claim_id_order(con):
    # two claimants shown alike ("Gen X") but keyed apart are two claims with the same figure and period:
    # the export's row order must not depend on how the engine breaks the tie
    add_document(con, "a", date(2025, 5, 14))
    same = {"count_min": 35, "count_max": 40, "source": "Gen X", "period_end": date(2025, 5, 10)}
    add_event(con, "z9", "a", source_id="gen x (army)", **same)
    add_event(con, "a1", "a", source_id="gen x", **same)
    assert con.execute("select claim_id from claims").fetchall() == [("a1",), ("z9",)]


def test_casualty_estimates_keep_each_sources_latest_figure(con):
    for h, day in (("a", 1), ("b", 10), ("c", 20)):
        add_document(con, h, date(2025, 2, day))
    add_event(con, "a1", "a", count_min=300, count_max=300, source="NIS", reported_date=date(2025, 2, 1))
    add_event(
        con, "b1", "b", count_min=4000, count_max=4000, source="Ukraine", reported_date=date(2025, 2, 10)
    )
    add_event(con, "c1", "c", count_min=600, count_max=600, source="NIS", reported_date=date(2025, 2, 20))
    rows = con.execute("select as_of_date, source, count_min from casualty_estimates").fetchall()
    assert rows == [
        (date(2025, 2, 1), "NIS", 300),
        (date(2025, 2, 10), "NIS", 300),
        (date(2025, 2, 10), "Ukraine", 4000),
        (date(2025, 2, 20), "NIS", 600),  # edge: the newer NIS figure replaces the old one
        (date(2025, 2, 20), "Ukraine", 4000),
    ]


def test_casualty_estimates_match_a_reference_on_many_sources_and_dates(con):
    """Against a plain reading of the definition: for every report date, each (source, subtype)'s
    figure with the latest report date up to it (on a tie, the highest count, then the event id)."""
    import random

    rng = random.Random(7)
    for day in range(1, 29):
        add_document(con, f"d{day:02d}", date(2025, 2, day))
    events = []
    for i in range(160):
        day = rng.randint(1, 28)
        source = rng.choice(["NIS", "Ukraine", "ISW", None, "Pentagon"])
        subtype = rng.choice(["killed", "wounded"])
        low = rng.choice([None, 100, 300, 300, 2000])
        high = None if low is None else low + rng.choice([0, 0, 500])
        events.append((f"e{i:03d}", day, source, subtype, low, high))
        add_event(
            con, f"e{i:03d}", f"d{day:02d}", subtype=subtype, count_min=low, count_max=high, source=source,
            reported_date=date(2025, 2, day),
        )  # fmt: skip

    def rank(e):  # the latest report first, then the highest count; a missing count ranks last
        _, day, _, _, low, high = e
        return (-day, high is None, -(high or 0), low is None, -(low or 0), e[0])

    expected = set()
    for as_of in sorted({e[1] for e in events}):
        best = {}
        for e in events:
            key = (e[2] or "", e[3])
            if e[1] <= as_of and (key not in best or rank(e) < rank(best[key])):
                best[key] = e
        expected |= {(date(2025, 2, as_of), e[3], e[0]) for e in best.values()}
    rows = con.execute("select as_of_date, subtype, event_id from casualty_estimates").fetchall()
    assert len(rows) == len(set(rows)) == len(expected)
    assert set(rows) == expected


def test_stg_documents_flags_undated_articles(con):
    add_document(con, "a", None, flags="no_publication_date")
    add_document(con, "b", date(2025, 1, 1))
    assert con.execute("select content_hash, is_undated from stg_documents order by 1").fetchall() == [
        ("a", True),
        ("b", False),
    ]


def test_checks_pass_on_clean_rows(con):
    add_document(con, "a", date(2025, 2, 1))
    add_event(
        con,
        "ok",
        "a",
        count_min=1,
        count_max=2,
        period_end=date(2025, 1, 1),
        subtype="sent",
        event_type="deployment",
    )
    assert_checks(run_checks(con))


@pytest.mark.parametrize(
    ("fields", "check"),
    [
        ({"count_min": 5, "count_max": 2}, "assert_count_range_ordered"),
        (
            {"event_type": "deployment", "subtype": "sent", "period_end": date(2025, 3, 1)},
            "assert_sent_not_after_publication",
        ),
        ({"evidence": " "}, "assert_event_has_evidence"),
        ({"period_start": date(2025, 1, 9), "period_end": date(2025, 1, 1)}, "assert_period_ordered"),
        ({"content_hash": "missing"}, "assert_events_have_documents"),
    ],
)
def test_each_check_catches_its_offending_row(con, fields, check):
    add_document(con, "a", date(2025, 2, 1))
    add_event(con, "bad", "a", **fields)
    failing = {r.name for r in run_checks(con) if r.failures}
    assert check in failing
    with pytest.raises(CheckFailed, match=check):
        assert_checks(run_checks(con))


def test_duplicate_keys_check_sees_a_duplicate_in_each_raw_table():
    """The raw tables have no primary keys (the loader keeps keys unique): the check is the guard."""
    from tasks import load_warehouse as wh

    c = wh.connect(":memory:")
    wh.create_schema(c)
    sql = (wh.SQL_DIR / "checks" / "assert_unique_keys.sql").read_text()
    assert c.execute(sql).fetchall() == []
    for _ in range(2):
        c.execute(
            "insert into documents (content_hash, doc_id, path, n_chars, text) values ('h', 'd', 'p', 1, 'x')"
        )
        c.execute(
            "insert into timexes (content_hash, start_char, end_char, text, timex_type, is_resolved) "
            "values ('h', 7, 9, 'x', 'DATE', true)"
        )
        c.execute(
            "insert into events (event_id, content_hash, doc_id, event_type, subtype, evidence, evidence_start, "
            "evidence_end, sentence_start, sentence_end, is_negated, is_primary_actor, mention_count) "
            "values ('e', 'h', 'd', 'casualty', 'killed', 'x', 0, 1, 0, 1, false, true, 1)"
        )
    assert sorted(c.execute(sql).fetchall()) == [
        ("documents.content_hash", "h", 2),
        ("events.event_id", "e", 2),
        ("timexes.(content_hash, start_char)", "h:7", 2),
    ]


def test_loading_a_document_again_replaces_its_rows_and_writers_do_not_vacuum(tmp_path):
    """Without primary keys the loader is what keeps keys unique; without the checkpoint's vacuum a
    load's memory does not grow with the warehouse (benchmarks/load_memory.py)."""
    from datetime import date

    from tasks import load_warehouse as wh
    from tasks.records import Document, TemporalExpression

    path = tmp_path / "w.duckdb"
    doc = Document("d1", "h1", "a.txt", "Troops arrived on 3 May.", date(2025, 5, 10), "manifest")
    tx = TemporalExpression(
        18, 23, "3 May", "DATE", "2025-05-03", None, date(2025, 5, 3), date(2025, 5, 3), "day"
    )
    con = wh.connect(path)
    assert con.execute("select current_setting('max_vacuum_tasks')").fetchone() == (0,)
    wh.create_schema(con)
    wh.load_batch(con, [doc], [[tx]], [[]], new_hashes={"h1"})
    wh.load_batch(con, [doc], [[tx]], [[]])  # the same document again: replaced, not duplicated
    con.close()
    con = wh.connect(path, read_only=True)
    assert con.execute("select count(*) from documents").fetchone() == (1,)
    assert con.execute("select count(*) from timexes").fetchone() == (1,)
    sql = (wh.SQL_DIR / "checks" / "assert_unique_keys.sql").read_text()
    assert con.execute(sql).fetchall() == []
    con.close()
