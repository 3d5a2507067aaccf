from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.tag_dates import patterns, tag_text, tag_timex3, timex_to_json

CASES = Path(__file__).parent / "cases" / "dates.csv"


def _rows() -> list[dict[str, str]]:
    lines = [line for line in CASES.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _date(s: str) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['phrase']}@{r['reference'] or 'none'}")
def test_case_table(row: dict[str, str]) -> None:
    sentence, phrase = row["sentence"], row["phrase"]
    i = sentence.index(phrase)
    found = [
        t for t in tag_text(sentence, _date(row["reference"])) if t.start < i + len(phrase) and t.end > i
    ]
    if not row["span"]:
        assert found == []
        return
    assert len(found) == 1, found
    t = found[0]
    assert t.text == row["span"]
    assert sentence[t.start : t.end] == t.text
    assert t.type == row["type"]
    assert (t.value or "") == row["value"]
    assert (t.mod or "") == row["mod"]
    assert t.period_start == _date(row["period_start"])
    assert t.period_end == _date(row["period_end"])


SEEDS = Path(__file__).parent.parent / "seeds"
SEED_PHRASES = [
    ("000_685a5b475c44e0ed", "the first week of February", "2025-02-01", "2025-02-07"),
    ("000_685a5b475c44e0ed", "last year", "2024-01-01", "2025-02-27"),
    ("001_0ae446809ec54135", "mid-January", "2025-01-11", "2025-01-20"),
    ("001_0ae446809ec54135", "2025", "", "2025-12-31"),
    ("002_b29c3c5a789a74cd", "last year", "2024-01-01", "2024-12-31"),
    ("002_b29c3c5a789a74cd", "early January", "2025-01-01", "2025-02-17"),
    ("002_b29c3c5a789a74cd", "mid-April", "", "2025-04-20"),
    ("003_22425b5cdc6c342f", "October", "2024-10-01", "2025-02-12"),
    ("003_22425b5cdc6c342f", "early February", "2025-02-01", "2025-02-10"),
    ("003_22425b5cdc6c342f", "Feb. 7", "2025-02-07", "2025-02-07"),
    ("003_22425b5cdc6c342f", "June", "2024-06-01", "2024-06-30"),
    ("003_22425b5cdc6c342f", "February 2022", "2022-02-01", "2022-02-28"),
    ("003_22425b5cdc6c342f", "last fall", "2024-09-01", "2024-11-30"),
    ("004_2ddf5f7007719416", "January and February", "2025-01-01", "2025-02-28"),
    ("004_2ddf5f7007719416", "last fall", "2024-09-01", "2024-11-30"),
    ("004_2ddf5f7007719416", "August 2024", "2024-08-01", "2024-08-31"),
]


@pytest.mark.parametrize("doc_id,phrase,start,end", SEED_PHRASES)
def test_seed_article_dates(doc_id: str, phrase: str, start: str, end: str) -> None:
    published = {
        r["file"]: r["published"] for r in csv.DictReader((SEEDS / "manifest.csv").read_text().splitlines())
    }[f"{doc_id}.txt"]
    text = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    found = [t for t in tag_text(text, dt.date.fromisoformat(published)) if t.text == phrase]
    assert found, phrase
    assert (found[0].period_start, found[0].period_end) == (_date(start), _date(end))


def test_every_rule_file_loads_and_the_table_is_not_trivial() -> None:
    assert len(_rows()) >= 60


def test_results_are_sorted_and_non_overlapping() -> None:
    text = "Since October, and by mid-April, in January and February 2025, last week, about four months, now."
    found = tag_text(text, dt.date(2025, 2, 12))
    assert [t.start for t in found] == sorted(t.start for t in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert all(text[t.start : t.end] == t.text for t in found)


def test_relative_dates_stay_unresolved_without_reference_date() -> None:
    found = tag_text("Troops arrived last week and again on Feb. 7, 2025.", None)
    by_text = {t.text: t for t in found}
    assert by_text["last week"].value is None and not by_text["last week"].resolved
    assert by_text["last week"].period_start is None and by_text["last week"].period_end is None
    assert by_text["Feb. 7, 2025"].value == "2025-02-07" and by_text["Feb. 7, 2025"].resolved


def test_missing_day_is_never_filled_with_today() -> None:
    (t,) = tag_text("The incursion began in August 2024.", dt.date(2025, 3, 27))
    assert t.value == "2024-08" and t.granularity == "month"


def test_may_the_verb_is_not_a_month() -> None:
    assert tag_text("North Korea may send more troops.", dt.date(2025, 2, 12)) == []


def test_words_that_only_look_like_times_are_not_tagged() -> None:
    # a storm's name holds "easter"; "a second term" is an ordinal; neither is a time
    assert [t.text for t in tag_text("He went through the nor'easter in 1992.", dt.date(2012, 10, 31))] == [
        "1992"
    ]
    assert tag_text("Obama won a second term.", dt.date(2012, 11, 7)) == []


def test_timex_to_json_has_iso_strings_and_nulls() -> None:
    (t,) = tag_text("It could run out of troops by mid-April.", dt.date(2025, 2, 17))
    assert timex_to_json(t) == {
        "start": t.start,
        "end": t.end,
        "text": "mid-April",
        "type": "DATE",
        "value": "2025-04",
        "mod": "MID",
        "period_start": None,
        "period_end": "2025-04-20",
        "granularity": "month",
    }


def test_datetime_reference_is_accepted() -> None:
    (t,) = tag_text("He left yesterday.", dt.datetime(2025, 2, 12, 18, 30))
    assert t.value == "2025-02-11"


HOSTILE = [  # 200 KB where little matches; ~50 KB where nearly every word is a date (cost is per match)
    "1" * 200_000,
    "-" * 200_000,
    "1-" * 100_000,
    '"' * 100_000 + "'" * 100_000,
    " " * 200_000 + "year",
    "12/12/" * 33_000,
    "1,000," * 33_000,
    "(((" * 66_000,
    "January " * 6_000,
    "May 5, " * 7_000,
    "the past " * 6_000,
    "early mid late " * 3_500,
    "2013-03-" * 6_000,
    ("about " * 10 + "four " * 10 + "months ") * 500,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_long_hostile_strings_finish(text: str) -> None:
    found = tag_text(text, dt.date(2025, 2, 12))
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(), st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
)
def test_never_raises_on_arbitrary_text(text: str, ref: dt.date | None) -> None:
    found = tag_text(text, ref)
    for t in found:
        assert text[t.start : t.end] == t.text
        timex_to_json(t)


WORDS = st.sampled_from(
    "since by until the last next this early mid late January Feb. May March 7 2024 1990s weeks years ago "
    "about nearly quarter third Friday morning and to between from , . - 12 several a weekend now of half "
    "fiscal year-ago year-earlier Q3 H1 period that following day later earlier 1/2 p.m. 7:15 ET each "
    "every Tuesdays nights recent soon Christmas Easter nineteen ninety-four decades-long century 20th "
    "end beginning first week week of 999,999 centuries days".split()
)


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['phrase']}@none")
def test_case_sentences_tag_without_reference_date(row: dict[str, str]) -> None:
    for t in tag_text(row["sentence"], None):
        assert not t.resolved or (t.value is not None and "XXXX" not in t.value)
        timex_to_json(t)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(WORDS, max_size=30),
    st.one_of(st.none(), st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 10, 31))),
)
def test_never_raises_on_date_word_soup(words: list[str], ref: dt.date | None) -> None:
    text = " ".join(words)
    found = tag_text(text, ref)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    for t in found:
        if t.period_start and t.period_end:
            assert t.period_start <= t.period_end, t


@pytest.mark.parametrize("name,example", patterns(), ids=[n for n, _ in patterns()])
def test_every_pattern_example_is_tagged(name: str, example: str) -> None:
    assert tag_text(example, dt.date(2025, 2, 12)), f"pattern {name} tags nothing in its example {example!r}"


def test_timeml_view_keeps_range_parts_apart() -> None:
    text = "Shares were bought from Aug. 26 to Oct. 20."
    merged = tag_text(text, dt.date(1989, 10, 30))
    parts = tag_timex3(text, dt.date(1989, 10, 30))
    assert [t.value for t in merged] == ["1989-08-26/1989-10-20"]
    assert [t.value for t in parts] == ["1989-08-26", "1989-10-20"]


def test_timeml_view_leaves_out_pipeline_only_words() -> None:
    text = "The troops were previously stationed in Kursk."
    assert [t.text for t in tag_text(text, dt.date(2025, 2, 12))] == ["previously"]
    assert tag_timex3(text, dt.date(2025, 2, 12)) == []
    text = "Exports should grow 6% annually, and the firm pays dividends annually."
    assert [t.text for t in tag_text(text, dt.date(2025, 2, 12))] == ["annually", "annually"]
    assert [t.start for t in tag_timex3(text, dt.date(2025, 2, 12))] == [text.rindex("annually")]


def test_anaphoric_year_follows_the_last_date_named() -> None:
    found = tag_text("He fled in June 1998 and returned later that year.", dt.date(2000, 1, 28))
    assert [(t.text, t.value) for t in found] == [("June 1998", "1998-06"), ("later that year", "1998")]


def test_anchor_windows_find_what_a_full_scan_finds() -> None:
    from tasks.tag_dates import _grammar, _matches

    text = " ".join(example for _, example in patterns()) + (
        " It lasted at least twenty-five more years, about two and a half weeks ago, for centuries,"
        " the early 1990s, the late-summer of 2012, a decades-long war, twice a year, every day."
    )
    for p in _grammar().patterns:
        full = [m.span() for m in p.regex.finditer(text)]
        assert [m.span() for m in _matches(p, text, {})] == full, p.name


def test_reference_date_out_of_range_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="reference date"):
        tag_text("last year", dt.date(1, 1, 1))
