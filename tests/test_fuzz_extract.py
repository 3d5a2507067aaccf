from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.extract_events import extract_events, mask_text
from tasks.read_documents import content_hash, normalize_text
from tasks.records import Document, Event
from tasks.tag_dates import tag_text

pytestmark = pytest.mark.slow

DCT = date(2025, 2, 12)
# Prose takes ~0.15 s per 1,000 characters through tag + parse + extract on a CI runner, a run of
# punctuation (one token per character) ~0.45 s: the bound is linear, with room for a slow machine.
# Times are this process's CPU time, not wall time: other jobs on the machine do not count.
SECONDS_PER_KCHAR = 1.0

WORDS = [
    "troops",
    "soldiers",
    "killed",
    "wounded",
    "sent",
    "deployed",
    "withdrew",
    "North",
    "Korea",
    "Russia",
    "NIS",
    "said",
    "about",
    "at least",
    "between",
    "and",
    "to",
    "up to",
    "some",
    "hundreds of",
    "in",
    "January",
    "last year",
    "mid-February",
    "2024",
    "1,000",
    "3,000",
    "12000",
    "-",
    "–",
    "—",
    '"',
    "“",
    "”",
    "'",
    "(",
    ")",
    ",",
    ".",
    "\n",
]


def run_extractor(nlp, text: str, published: date | None = DCT) -> list[Event]:
    doc = Document(
        doc_id="fuzz",
        content_hash=content_hash(text.encode("utf-8", "surrogatepass")),
        path="fuzz.txt",
        text=text,
        published=published,
        date_source="manifest" if published else None,
    )
    started = time.process_time()
    events = extract_events(doc, nlp(mask_text(text)), tag_text(text, published))
    elapsed = time.process_time() - started
    assert elapsed < 2 + SECONDS_PER_KCHAR * len(text) / 1000, (elapsed, len(text), text[:200])
    for e in events:
        assert 0 <= e.evidence_start <= e.evidence_end <= len(text)
        assert e.count_min is None or e.count_max is None or e.count_min <= e.count_max
    return events


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises(nlp, text):
    run_extractor(nlp, text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join), st.sampled_from([DCT, None]))
def test_news_like_word_salad_never_raises(nlp, text, published):
    run_extractor(nlp, text, published)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["1", "1,000", "-", "–", '"', "“", "'", "(", "—", "1-2", " ", "\n"]),
    st.integers(min_value=1, max_value=400),
    st.sampled_from(["", "Troops were sent. ", "North Korea sent ", "killed "]),
)
def test_repeated_pathological_pieces_never_raise(nlp, piece, times, prefix):
    run_extractor(nlp, prefix + piece * times + " soldiers were killed.")


# 50,000 characters where the time is cheap; 10,000 where every character is a token (spaCy's parser
# then costs ~0.45 ms a character, linear). They go through normalize_text as the reader hands them over.
PATHOLOGICAL = {
    "digits": "9" * 50_000,
    "grouped_digits": ",".join(["999"] * 12_500),
    "hyphens": "-" * 50_000,
    "one_long_word": "a" * 50_000,
    "repeated_claim": "NIS said North Korea sent between 1,000 and 3,000 troops in mid-January. " * 130,
    "dates": "January 2025 - February 2025 - " * 650,
    "mixed_dashes": "–—-" * 3_300,
    "nested_quotes": '"“‘' * 1_000 + "North Korea sent 1,000 troops" + '’”"' * 1_000,
    "parentheses": "(" * 3_000 + "3,000 soldiers were killed" + ")" * 3_000,
    "emoji_and_controls": "💥\u200b\u202e\x0c" * 2_500,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_long_pathological_strings_finish_in_bounded_time(nlp, name):
    run_extractor(nlp, normalize_text(PATHOLOGICAL[name]))


def test_the_fuzz_harness_still_finds_real_events(nlp):
    events = run_extractor(nlp, "North Korea sent about 3,000 troops to Russia in January, the NIS said.")
    assert [(e.subtype, e.count_min) for e in events] == [("sent", 3000)]


def _seconds(fn) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def test_raw_punctuation_run_tokenizes_in_linear_time(nlp):
    short = _seconds(lambda: nlp.tokenizer(mask_text("–" * 1_000)))
    long = _seconds(lambda: nlp.tokenizer(mask_text("–" * 8_000)))
    assert long < 24 * max(short, 0.002), (short, long)  # 8x the input: linear is ~8x, quadratic ~64x


def test_many_counts_in_one_sentence_extract_in_linear_time(nlp):
    def extract(n: int) -> float:
        text = " ".join(f"{i}-{i + 1}" for i in range(n))
        doc = Document("fuzz", content_hash(text.encode()), "fuzz.txt", text, DCT, "manifest")
        sdoc, timexes = nlp(mask_text(text)), tag_text(text, DCT)
        return _seconds(lambda: extract_events(doc, sdoc, timexes))

    short, long = extract(300), extract(1_200)
    assert long < 8 * max(short, 0.05), (short, long)
