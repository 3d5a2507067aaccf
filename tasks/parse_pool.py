"""Worker processes for the CPU-bound steps of a batch: date tagging, and parsing with extraction.

A run's main process reads files and writes the warehouse; the tagger, spaCy and the extraction
rules are pure Python or C under the GIL, so on their own they would use one core. This module keeps
one pool of worker processes per run process, started on first use and reused by every batch; each
worker loads the model once, in its first job (so that a bad model or lexicon raises its own error
from the job, not a broken pool). A job carries documents in and small records out (timexes,
events): no spaCy Doc crosses a process boundary, and the extraction rules run beside the parser
instead of queueing behind it in the main process.

On Linux the workers are forked, once per run, from the process that has already loaded the model
(its pages are shared, nothing is loaded again, and no main module is re-imported, which 'spawn'
would do to a script without a `__main__` guard); the locks a fork could copy mid-use (imports,
logging) are reset by Python at fork, and a worker only runs the jobs below. Elsewhere they are
spawned. Work runs inline, in the calling process, where a pool cannot pay or cannot exist: fewer
than MIN_DOCS documents, one core (or TIMELINE_PARSE_PROCESSES=1), or a daemon process such as a
Dask worker, which may not start children (the cluster spreads the batches there). The results
are the same either way (tests/test_parse_pool.py).
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date

from tasks.records import Document, Event, TemporalExpression

PROCESSES_ENV = "TIMELINE_PARSE_PROCESSES"
MIN_DOCS = 16  # below this a batch is done inline: a pool's start-up would cost more than it saves
CHUNK = 8  # documents per job: small enough to keep both workers busy, big enough for nlp.pipe

RECYCLE_ENV = "TIMELINE_RECYCLE_DOCS"
# Documents parsed by one pool's workers before fresh ones are forked; 0, the default, never. Off
# because a fresh fork counts the run process's pages as its own again: in a 20,000-article run
# the run process grew by about 100 MB, every new generation of workers started that much larger,
# and the tree's peak rose more than the workers' own growth (spaCy's vocabulary) would have.
RECYCLE_DOCS = int(os.environ.get(RECYCLE_ENV, "0"))

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_docs = 0  # documents sent to the current pool's parse jobs


def processes() -> int:
    """Worker processes to use: $TIMELINE_PARSE_PROCESSES (default 2), at most the cores."""
    wanted = int(os.environ.get(PROCESSES_ENV, "2"))
    return max(1, min(os.cpu_count() or 1, wanted))


def _inline(n_docs: int) -> bool:
    return n_docs < MIN_DOCS or processes() < 2 or multiprocessing.current_process().daemon


def _new_pool() -> ProcessPoolExecutor:
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork":
        gc.freeze()  # the workers' collector then leaves the model's objects (and their pages) alone
    return ProcessPoolExecutor(max_workers=processes(), mp_context=multiprocessing.get_context(method))


def _submit(fn, argsets: list[tuple], n_docs: int) -> list[Future]:
    """Queue one job per argument tuple on the pool, in order.

    With RECYCLE_DOCS set, a pool whose workers have parsed that many documents is drained and
    replaced first: spaCy's vocabulary keeps every new string a parse adds (names, numbers), so a
    worker's memory grows with the length of the run. Draining waits for the jobs already queued
    (other threads' batches), under the lock, so no job is ever submitted to a pool that is
    shutting down."""
    global _pool, _pool_docs
    with _lock:
        if _pool is not None and RECYCLE_DOCS and _pool_docs >= RECYCLE_DOCS:
            _pool.shutdown(wait=True)
            _pool = None
        if _pool is None:
            _pool, _pool_docs = _new_pool(), 0
        _pool_docs += n_docs
        return [_pool.submit(fn, *args) for args in argsets]


def shutdown() -> None:
    """Stop the workers (the flow calls this at its end; atexit too). Safe to call twice."""
    global _pool, _pool_docs
    with _lock:
        pool, _pool, _pool_docs = _pool, None, 0
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()  # a served process lives on: what the run froze may be collected again


atexit.register(shutdown)


_WARM_UP_TEXT = (
    "Officials said on Monday, March 17, 2025, that about 1,200 soldiers were sent to the border region in early March, "
    "and that at least 30 were killed last week."
)


def warm_up(model: str | None = None) -> None:
    """Load, in this process, all a job needs: the spaCy model (its errors name the fix), the tagger's
    grammar and dateparser, the extraction lexicons. Run before the pool forks, the workers inherit
    them instead of each building its own; the CLI runs it while the Prefect API server starts."""
    doc = Document("warm-up", "0" * 64, "warm-up.txt", _WARM_UP_TEXT, date(2025, 3, 20), "manifest")
    _extract_job([doc], _tag_job([doc]), model)


def chunks(items: list, size: int) -> list[list]:
    """`items` in consecutive lists of `size` (the last may be shorter)."""
    return [items[i : i + size] for i in range(0, len(items), size)]


# --- jobs: module-level functions, so that a worker can import them --------------------------------


def _tag_job(docs: list[Document]) -> list[list[TemporalExpression]]:
    from tasks.tag_dates import tag_text

    return [tag_text(doc.text, doc.published) for doc in docs]


def _extract_job(
    docs: list[Document], timexes: list[list[TemporalExpression]], model: str | None
) -> list[list[Event]]:
    from tasks.extract_events import extract_batch

    return extract_batch(docs, timexes, model, batch_size=CHUNK)


# --- what the flow's tasks call ------------------------------------------------------------------


def tag_batch(docs: list[Document]) -> list[list[TemporalExpression]]:
    """Temporal expressions of every document, in order (in the pool when it pays)."""
    if _inline(len(docs)):
        return _tag_job(docs)
    futures = _submit(_tag_job, [(chunk,) for chunk in chunks(docs, CHUNK)], 0)
    return [tx for f in futures for tx in f.result()]


def extract_batch(
    docs: list[Document], timexes: list[list[TemporalExpression]], model: str | None = None
) -> list[list[Event]]:
    """Events of every document, in order: parse what can hold an event, then the rules."""
    if not docs:
        return []  # an unchanged batch never loads the model
    if _inline(len(docs)):
        return _extract_job(docs, timexes, model)
    jobs = [(d, t, model) for d, t in zip(chunks(docs, CHUNK), chunks(timexes, CHUNK), strict=True)]
    futures = _submit(_extract_job, jobs, len(docs))
    return [events for f in futures for events in f.result()]
