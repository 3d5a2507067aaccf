"""The worker pool gives exactly what the same work gives inline, in the same order."""

from __future__ import annotations

import pytest

from tasks import parse_pool
from tasks import read_documents as reader
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def docs():
    folders = [ROOT / "tests" / "heldout", ROOT / "tests" / "heldout2", ROOT / "seeds"]
    candidates = [c for folder in folders for c in reader.discover(folder)[0]]
    read, rejected = reader.read_all(candidates)
    assert not rejected
    assert len(read) >= parse_pool.MIN_DOCS + parse_pool.CHUNK  # several jobs, a ragged last one
    return read


@pytest.fixture
def two_workers(monkeypatch):
    monkeypatch.setenv(parse_pool.PROCESSES_ENV, "2")
    monkeypatch.setattr(parse_pool.os, "cpu_count", lambda: 2)
    yield
    parse_pool.shutdown()


def test_pool_equals_inline(docs, two_workers):
    assert not parse_pool._inline(len(docs))
    timexes = parse_pool.tag_batch(docs)
    assert parse_pool._pool is not None, "the batch did not go to the pool"
    assert timexes == parse_pool._tag_job(docs)
    events = parse_pool.extract_batch(docs, timexes)
    assert events == parse_pool._extract_job(docs, timexes, None)
    assert sum(map(len, events)) > 0
    assert [e.doc_id for es in events for e in es] == [
        d.doc_id for d, es in zip(docs, events, strict=True) for _ in es
    ]


def test_workers_are_replaced_after_recycle_docs(docs, two_workers, monkeypatch):
    monkeypatch.setattr(parse_pool, "RECYCLE_DOCS", parse_pool.MIN_DOCS)
    timexes = parse_pool._tag_job(docs)
    half = len(docs) // 2
    assert half >= parse_pool.MIN_DOCS
    first = parse_pool.extract_batch(docs[:half], timexes[:half])
    pool = parse_pool._pool
    second = parse_pool.extract_batch(docs[half:], timexes[half:])
    assert parse_pool._pool is not pool, "the drained pool was not replaced"
    assert pool._shutdown_thread  # the old workers were stopped
    assert first + second == parse_pool._extract_job(docs, timexes, None)


def test_inline_when_it_cannot_pay(docs, monkeypatch):
    monkeypatch.setenv(parse_pool.PROCESSES_ENV, "1")
    parse_pool.shutdown()
    parse_pool.tag_batch(docs)
    assert parse_pool._pool is None
    monkeypatch.setenv(parse_pool.PROCESSES_ENV, "2")
    parse_pool.extract_batch(
        docs[: parse_pool.MIN_DOCS - 1], parse_pool._tag_job(docs[: parse_pool.MIN_DOCS - 1])
    )
    assert parse_pool._pool is None
    assert parse_pool.extract_batch([], []) == []


def test_shutdown_twice(two_workers, docs):
    parse_pool.tag_batch(docs)
    parse_pool.shutdown()
    parse_pool.shutdown()
    assert parse_pool._pool is None


def test_warm_up_loads_what_the_workers_inherit():
    from tasks import extract_events, nlp, tag_dates

    tag_dates._dateparser_ymd.cache_clear()
    parse_pool.warm_up()
    assert nlp.load_pipeline.cache_info().currsize >= 1  # the model
    # dateparser's first parse loads its language data (0.3 s): once here, not once per worker
    assert tag_dates._dateparser_ymd.cache_info().currsize >= 1
    assert tag_dates._grammar.cache_info().currsize == 1  # the tagger's compiled rules
    assert extract_events.lexicon.cache_info().currsize == 1  # the event lexicons
    assert parse_pool._pool is None  # warming up starts no workers


def test_warm_up_names_the_fix_for_a_bad_model():
    from tasks.errors import ModelLoadError

    with pytest.raises(ModelLoadError, match="--model"):
        parse_pool.warm_up("no_such_model_xyz")
