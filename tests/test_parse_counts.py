from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.parse_counts import find_counts

CASES = [
    ("between 1,000 to 3,000 additional troops", 1000, 3000, "range"),
    ("between 800 and 1,200 fighters", 800, 1200, "range"),
    ("10,000-12,000 troops", 10000, 12000, "range"),
    ("around 11,000 to 12,000 soldiers", 11000, 12000, "range"),
    ("20-25 thousand men", 20000, 25000, "range"),
    ("upwards of 2,700 injured", 2700, None, "at_least"),
    ("at least 300 killed", 300, None, "at_least"),
    ("over 10,000 soldiers", 10000, None, "at_least"),
    ("more than a thousand fighters", 1000, None, "at_least"),
    ("up to 12,000 troops", None, 12000, "at_most"),
    ("as many as 1,500 mercenaries", None, 1500, "at_most"),
    ("estimates run as high as 50,000 killed", None, 50000, "at_most"),
    ("as few as 300 soldiers", 300, None, "at_least"),
    ("around 11,000 soldiers", 11000, 11000, "approx"),
    ("some 2,500 fighters", 2500, 2500, "approx"),
    ("An estimated 3,000 soldiers", 3000, 3000, "approx"),
    ("two soldiers", 2, 2, "exact"),
    ("20,000 or more of its soldiers", 20000, None, "at_least"),  # a bound written after the number
    ("1,000 or fewer personnel", None, 1000, "at_most"),
    ("300 or so soldiers", 300, 300, "approx"),
    ("two or three soldiers", 2, 3, "range"),
    ("three thousand troops", 3000, 3000, "exact"),
    ("two thousand five hundred men", 2500, 2500, "exact"),
    ("twenty-five troops", 25, 25, "exact"),
    ("1.5 thousand troops", 1500, 1500, "exact"),
    ("a 1.2-million-strong army", 1200000, 1200000, "exact"),  # the hyphen joins the scale word
    ("1.5-thousand troops", 1500, 1500, "exact"),
    ("somewhere north of 11,000", 11000, None, "at_least"),
    ("just shy of 900", None, 900, "at_most"),
    ("several hundred soldiers", 300, 900, "vague"),
    ("dozens of fighters", 24, 99, "vague"),
    ("hundreds of troops", 200, 999, "vague"),
    ("tens of thousands of troops", 20000, 99999, "vague"),
    ("several soldiers", 3, 9, "vague"),
    ('"dozens" of dead', 24, 99, "vague"),
    ("close to 1,000 wounded", None, 1000, "at_most"),
    ("between five and seven peacekeepers", 5, 7, "range"),
    ("two hundred and five troops", 205, 205, "exact"),
    ("ten-twelve men", 10, 12, "range"),
    ("twenty five soldiers", 25, 25, "exact"),
    ("half a dozen soldiers", 6, 6, "exact"),
    ("half a million troops", 500000, 500000, "exact"),
    ("some 2 500 soldiers", 2500, 2500, "approx"),
    ("about 12\u00a0000 troops", 12000, 12000, "approx"),
    ("between 1 000 and 2 000 men", 1000, 2000, "range"),
]


def test_a_day_of_the_month_is_not_a_thousands_group():
    counts = find_counts("On March 3 500 soldiers arrived.")
    assert [(c.count_min, c.text) for c in counts] == [(3, "3"), (500, "500")]


def test_a_chronology_dash_before_a_capitalised_number_is_no_range():
    counts = find_counts("Oct. 2 - Eight soldiers are killed in fighting, the army says.")
    assert [(c.count_min, c.count_max, c.text) for c in counts] == [(2, 2, "2"), (8, 8, "Eight")]
    assert [(c.count_min, c.count_max) for c in find_counts("between 20 - 30 soldiers")] == [(20, 30)]


@pytest.mark.parametrize(("text", "low", "high", "qualifier"), CASES)
def test_reads_count_as_range(text, low, high, qualifier):
    first = find_counts(text)[0]
    assert (first.count_min, first.count_max, first.qualifier) == (low, high, qualifier)
    assert text[first.start : first.end] == first.text


def test_finds_each_number_of_a_sentence_with_offsets():
    text = "Ukraine estimates that 4,000 out of approximately 12,000 troops were hit."
    counts = find_counts(text)
    assert [(c.count_min, c.count_max) for c in counts] == [(4000, 4000), (12000, 12000)]
    assert [text[c.start : c.end] for c in counts] == ["4,000", "approximately 12,000"]


def test_clock_times_and_running_times_are_not_counts():
    assert find_counts("Video: what the briefing said about the wounded (3:41)") == []
    assert [c.count_min for c in find_counts("At 10:30, 12 soldiers arrived")] == [12]


def test_a_qualifier_without_a_number_is_not_a_count():
    assert find_counts("some soldiers went over the border") == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    for c in find_counts(text):
        assert 0 <= c.start <= c.end <= len(text)


@pytest.mark.parametrize(
    "text",
    ["1" * 50_000, "-".join(["12"] * 20_000), "between " * 10_000, "one two three " * 5_000, '"' * 30_000],
)
def test_pathological_input_finishes(text):
    find_counts(text)
