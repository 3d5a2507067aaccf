"""The Prefect flow: discover -> read -> tag dates -> extract events -> load -> views -> checks -> export."""

from __future__ import annotations

import sys
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.utilities.annotations import opaque

from flows.options import BATCH_SIZE
from tasks import export_timeline as export_mod
from tasks import load_warehouse as wh
from tasks import memory, parse_pool, versioning
from tasks import rate_events as rating
from tasks import read_documents as reader
from tasks import run_checks as checks
from tasks.records import Document, Event, Rejection, TemporalExpression

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT / "seeds"
DEFAULT_WAREHOUSE = ROOT / "warehouse" / "timeline.duckdb"
DEFAULT_EXPORTS = ROOT / "warehouse" / "exports"
AHEAD = 4  # batches submitted ahead of the one being loaded


@dataclass
class BatchRead:
    """What reading one batch of candidate files gave."""

    docs: list[Document] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: dict[str, str] = field(default_factory=dict)  # path -> previous content hash
    redone: list[str] = field(default_factory=list)  # same bytes, made with another pipeline or manifest row


@dataclass
class RunSummary:
    """The numbers a run ends with."""

    run_id: str
    status: str = "running"
    seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    redone: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    events_by_type: dict[str, int] = field(default_factory=dict)
    # claims the confidence model kept out of the timeline (stg_events where not is_confident)
    set_aside: int = 0
    exports: dict[str, str] = field(default_factory=dict)
    warehouse: str = ""

    @property
    def partial(self) -> bool:
        return bool(self.rejected)


# ----------------------------------------------------------------------------------------------
# tasks: thin wrappers over the plain functions in tasks/


@task(name="discover_documents", cache_policy=NONE)
def discover_documents(input_dir: Path, limit: int | None) -> tuple[list[reader.Candidate], list[Rejection]]:
    """List the input files and the manifest rows that cannot be used."""
    return reader.discover(input_dir, limit)


@task(name="read_known_documents", cache_policy=NONE, retries=2, retry_delay_seconds=1)
def read_known_documents(warehouse: Path) -> dict[str, wh.KnownDocument]:
    """Paths, content hashes and extraction keys already in the warehouse (closed at once)."""
    if not warehouse.exists():
        return {}
    con = wh.connect(warehouse)
    try:
        wh.create_schema(con)
        return wh.known_documents(con)
    finally:
        con.close()


def _document_key(candidate: reader.Candidate, version: str) -> str:
    meta = candidate.meta
    if meta is None:
        return versioning.document_key(version, None, None, None, None)
    return versioning.document_key(version, meta.published, meta.publisher, meta.title, meta.url)


@task(name="read_documents", cache_policy=NONE)
def read_documents(
    candidates: list[reader.Candidate], known: dict[str, wh.KnownDocument], max_bytes: int, version: str
) -> BatchRead:
    """Read a batch of files; files the warehouse already holds, read with the same manifest row and
    made by the same pipeline `version`, are skipped before any NLP."""
    out = BatchRead()
    todo = []
    keys = {}
    for candidate in candidates:
        try:
            digest = (
                reader.content_hash(candidate.path.read_bytes())
                if candidate.path.stat().st_size <= max_bytes
                else None
            )
        except OSError as exc:
            out.rejected.append(Rejection(candidate.rel, None, "unreadable", str(exc)))
            continue
        keys[candidate.rel] = key = _document_key(candidate, version)
        previous = known.get(candidate.rel)
        if previous is not None and digest == previous.content_hash:
            if key == previous.extracted_with:
                out.unchanged.append(candidate.rel)
                continue
            out.redone.append(candidate.rel)
        if previous is not None:
            out.replaced[candidate.rel] = previous.content_hash
        todo.append(candidate)
    docs, rejected = reader.read_all(todo, max_bytes=max_bytes)
    out.docs = [replace(d, extracted_with=keys[d.path]) for d in docs]
    out.rejected += rejected
    return out


@task(name="tag_dates", cache_policy=NONE)
def tag_dates(batch: BatchRead) -> list[list[TemporalExpression]]:
    """Temporal expressions of every document of a batch, resolved against its publication date."""
    from tasks.parse_pool import tag_batch

    return tag_batch(batch.docs)


@task(name="extract_events", cache_policy=NONE)
def extract_events(
    batch: BatchRead, timexes: list[list[TemporalExpression]], model: str | None
) -> list[list[Event]]:
    """Parse a batch with spaCy (nlp.pipe) and extract its events."""
    from tasks.parse_pool import extract_batch

    return extract_batch(batch.docs, timexes, model)


@task(name="rate_events", cache_policy=NONE)
def rate_events(
    batch: BatchRead, events: list[list[Event]], min_confidence: float | None
) -> list[list[Event]]:
    """Rate every timeline event of a batch with the confidence model (tasks/rate_events.py)."""
    model = rating.load_model()
    return [
        rating.rate(es, doc.published, model, min_confidence)
        for doc, es in zip(batch.docs, events, strict=True)
    ]


@task(name="build_views", cache_policy=NONE)
def build_views(warehouse: Path) -> list[str]:
    """Create the staging, intermediate and mart views."""
    con = wh.connect(warehouse)
    try:
        return wh.build_views(con)
    finally:
        con.close()


@task(name="run_checks", cache_policy=NONE)
def run_checks(warehouse: Path) -> list[checks.CheckResult]:
    """Run sql/checks; fail the run loudly if any returns rows."""
    con = wh.connect(warehouse)
    try:
        results = checks.run_checks(con)
    finally:
        con.close()
    checks.assert_checks(results)
    return results


@task(name="write_report", cache_policy=NONE)
def write_report(warehouse: Path, exports: Path) -> dict[str, str]:
    """Draw the timeline chart and the self-contained HTML report."""
    from tasks.build_report import write_report as write

    con = wh.connect(warehouse, read_only=True)
    try:
        return {k: str(v) for k, v in write(con, exports).items()}
    finally:
        con.close()


@task(name="export_timeline", cache_policy=NONE)
def export_timeline(warehouse: Path, exports: Path, formats: tuple[str, ...]) -> dict[str, str]:
    """Write the timeline views to CSV/Parquet."""
    con = wh.connect(warehouse)
    try:
        return {k: str(v) for k, v in export_mod.export_all(con, exports, formats).items()}
    finally:
        con.close()


def task_runner(name: str = "thread", address: str | None = None, workers: int = 2):
    """The Prefect task runner: threads in this process (default) or Dask workers (prefect-dask)."""
    if name == "thread":
        from prefect.task_runners import ThreadPoolTaskRunner

        # a thread for each task of the batches in flight: with fewer, a task waiting for its
        # predecessor's result holds a thread that the next batch's reading or tagging needs, and the
        # parse workers wait (300 articles: 62 s with 2 threads, 59 s with 12)
        return ThreadPoolTaskRunner(max_workers=3 * AHEAD)
    if name == "dask":
        from prefect_dask import DaskTaskRunner

        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}
        )
    raise ValueError(f"unknown task runner {name!r}: use 'thread' or 'dask'")


# ----------------------------------------------------------------------------------------------
# loading stays in the flow process: DuckDB has one writer


def _load(
    warehouse: Path,
    batch: BatchRead,
    timexes,
    events,
    seen_hashes: dict[str, str],
    stored_hashes: set[str],
) -> tuple[int, int]:
    """Load one batch; the same content seen under another name this run is a duplicate.
    `stored_hashes` are the contents the warehouse held when the run began: only their rows (and
    those of changed files' old contents) can need deleting before the insert."""
    docs, txs, evs = [], [], []
    for doc, tx, ev in zip(batch.docs, timexes, events, strict=True):
        first = seen_hashes.get(doc.content_hash)
        if first is not None and first != doc.path:
            batch.rejected.append(
                Rejection(doc.path, doc.content_hash, "duplicate", f"same content as {first}")
            )
            continue
        seen_hashes[doc.content_hash] = doc.path
        docs.append(doc)
        txs.append(tx)
        evs.append(ev)
    con = wh.connect(warehouse)
    try:
        n_events = wh.load_batch(
            con,
            docs,
            txs,
            evs,
            replaced_hashes=list(batch.replaced.values()),
            new_hashes={d.content_hash for d in docs} - stored_hashes,
        )
        wh.clear_rejections(con, [d.path for d in docs])
    finally:
        con.close()
    memory.trim_heap()  # the batch's texts, events and rows are freed: keep the process at its size
    return len(docs), n_events


def _release(batch: BatchRead, timexes: list, events: list) -> None:
    """Empty a loaded batch's containers in place, so that its texts, timexes and events are freed
    now even where something still refers to the containers. Prefect's client keeps some finished
    task runs' engines alive until the flow ends (about 45% of them in a 300-batch run, Prefect
    3.8.8; not through a reference the garbage collector can see), and with them their parameters
    and results: the same objects the flow holds here. Emptied, each such engine holds a few empty
    lists instead of a batch of articles: 300 batches of 64 5,000-character texts through three
    tasks grew the run process by 82 MB, and by 20 MB with this (README, Throughput)."""
    batch.docs.clear()
    timexes.clear()
    events.clear()


class _Progress:
    """A progress bar over documents on a terminal; plain log lines elsewhere (CI, scheduled runs)."""

    def __init__(self, total: int, logger) -> None:
        self.total, self.done, self.logger = total, 0, logger
        self.bar = None
        if sys.stderr.isatty() and total:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("documents"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                transient=True,
            )
            self.task = self.bar.add_task("documents", total=total)
            self.bar.start()

    def advance(self, n: int, summary: RunSummary) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)
        else:
            self.logger.info(
                "documents %d/%d: %d loaded, %d unchanged, %d rejected",
                self.done,
                self.total,
                summary.loaded,
                summary.unchanged,
                len(summary.rejected),
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _whole_result():
    """How to hand one task's result to the next: with Prefect's thread runner, `opaque`, so that
    Prefect waits for it but does not walk (and copy) every document and timex inside looking for
    futures, of which there are none (a profile showed that walk at half a second per batch of 64
    articles, in the run process, beside the workers). prefect-dask hands the annotation itself to
    the task, so there the future goes as it is."""
    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    context = FlowRunContext.get()
    if context is not None and isinstance(context.task_runner, ThreadPoolTaskRunner):
        return opaque
    return lambda future: future


def _mark_failed(warehouse: Path, run_id: str) -> None:
    """Record in `runs` that this run stopped on an error (its batches already loaded stay)."""
    try:
        con = wh.connect(warehouse)
    except Exception:  # the warehouse itself may be what failed; the original error is re-raised
        return
    try:
        wh.finish_run(con, run_id, "failed", {})
    finally:
        con.close()


@flow(name="timeline", log_prints=True)
def timeline_flow(
    input_dir: Path = DEFAULT_INPUT,
    warehouse: Path = DEFAULT_WAREHOUSE,
    exports: Path = DEFAULT_EXPORTS,
    model: str | None = None,
    limit: int | None = None,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = reader.MAX_BYTES,
    prune: bool = False,
    formats: tuple[str, ...] = ("csv",),
    lock_timeout: float = 300.0,
    report: bool = True,
    min_confidence: float | None = None,
) -> RunSummary:
    """Turn the articles in `input_dir` into timelines in `warehouse` and `exports`."""
    logger = get_run_logger()
    input_dir, warehouse, exports = Path(input_dir), Path(warehouse), Path(exports)
    summary = RunSummary(run_id=uuid.uuid4().hex[:12], warehouse=str(warehouse))
    with wh.warehouse_lock(warehouse, timeout=lock_timeout):
        con = wh.connect(warehouse)
        try:
            wh.create_schema(con)
            started = wh.start_run(con, summary.run_id, str(input_dir))
        finally:
            con.close()
        try:
            candidates, manifest_rejections = discover_documents(input_dir, limit)
            summary.seen = len(candidates)
            summary.rejected += manifest_rejections
            known = read_known_documents(warehouse)
            version = versioning.pipeline_version(model, min_confidence)
            logger.info("%d files in %s, %d already in the warehouse", len(candidates), input_dir, len(known))
            chunks = deque(parse_pool.chunks(candidates, batch_size))
            pending: deque = deque()

            whole = _whole_result()

            def submit_next() -> None:
                chunk = chunks.popleft()
                read_f = read_documents.submit(chunk, known, max_bytes, version)
                tags_f = tag_dates.submit(whole(read_f))
                extracted_f = extract_events.submit(whole(read_f), whole(tags_f), model)
                events_f = rate_events.submit(whole(read_f), whole(extracted_f), min_confidence)
                pending.append((read_f, tags_f, events_f, len(chunk)))

            while chunks and len(pending) < AHEAD:  # a few batches in flight keeps memory flat
                submit_next()
            present = {c.rel for c in candidates}
            # content already loaded under a name still in the folder keeps that name: a copy is a duplicate
            seen_hashes = {k.content_hash: p for p, k in sorted(known.items()) if p in present}
            stored_hashes = {k.content_hash for k in known.values()}
            events_total = Counter()
            progress = _Progress(len(candidates), logger)
            while pending:
                read_f, tags_f, events_f, n = pending.popleft()
                if chunks:
                    submit_next()
                batch = read_f.result()
                timexes = tags_f.result()  # raises the tagger's own error, not a downstream NotReady
                events = events_f.result()
                loaded, _ = _load(warehouse, batch, timexes, events, seen_hashes, stored_hashes)
                summary.loaded += loaded
                summary.unchanged += len(batch.unchanged)
                summary.redone += len(batch.redone)
                summary.rejected += batch.rejected
                for es in events:
                    for e in es:
                        if rating.is_timeline_event(e) and e.is_confident:
                            events_total[e.event_type] += 1
                _release(batch, timexes, events)
                progress.advance(n, summary)
            progress.close()
            parse_pool.shutdown()  # the workers hold a model each; a served process lives on
            con = wh.connect(warehouse)
            try:
                wh.record_rejections(con, summary.rejected, started)
                if prune:
                    summary.pruned = wh.prune_missing(con, present)
            finally:
                con.close()
            build_views(warehouse)
            run_checks(warehouse)
            summary.exports = export_timeline(warehouse, exports, tuple(formats))
            if report:
                summary.exports.update(write_report(warehouse, exports))
            con = wh.connect(warehouse)
            try:
                summary.events_by_type = dict(
                    con.execute("select event_type, count(*) from timeline group by 1 order by 1").fetchall()
                )
                summary.set_aside = con.execute(
                    "select count(*) from stg_events where not is_confident"
                ).fetchone()[0]
                summary.status = "partial" if summary.partial else "ok"
                wh.finish_run(
                    con,
                    summary.run_id,
                    summary.status,
                    {
                        "seen": summary.seen,
                        "loaded": summary.loaded,
                        "unchanged": summary.unchanged,
                        "rejected": len(summary.rejected),
                        "events": sum(events_total.values()),
                    },
                )
            finally:
                con.close()
        except Exception:
            _mark_failed(warehouse, summary.run_id)
            raise
    return summary
