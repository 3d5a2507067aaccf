"""Write documents, temporal expressions, events and rejections to DuckDB, one transaction per batch."""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tasks.errors import CompactionFailed, WarehouseBusy
from tasks.records import Document, Event, Rejection, TemporalExpression

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
LAYERS = ("schema", "staging", "intermediate", "marts")


def sql_files(layer: str) -> list[Path]:
    """The SQL files of one layer, in the order they are applied."""
    return sorted((SQL_DIR / layer).glob("*.sql"))


@contextmanager
def warehouse_lock(path: Path, timeout: float = 300.0, poll: float = 0.5) -> Iterator[None]:
    """Hold an exclusive lock beside the warehouse file; wait at most `timeout` seconds for it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise WarehouseBusy(
                        f"{path}: another timeline run ({holder}) holds the warehouse; "
                        f"waited {timeout:.0f}s. Try again later or raise --lock-timeout."
                    ) from None
                if not waited:
                    # straight to stderr: print() inside a flow becomes a log record below the CLI's level
                    sys.stderr.write(f"waiting for another run to release {path} (up to {timeout:.0f}s)\n")
                    sys.stderr.flush()
                    waited = True
                time.sleep(poll)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


# A writer's settings. DuckDB's checkpoint (at every close) "vacuums" by default: it merges the row
# groups earlier checkpoints left behind, two equal ones into one, so the documents table is now and
# then rewritten whole. In a 20,000-article load the merge at 15,800 articles took 153 MB and 1.3 s
# in one close, against 30 MB before it, and each such merge is twice the last (benchmarks/
# load_memory.py). Without it every load adds row groups of its own (one per table per batch): the
# file is about twice as large (160 MB against 73 for 20,000 articles) and a join of the three raw
# tables twice as slow (0.08 s against 0.04), but a load costs the same at any size.
WRITER_CONFIG = {"max_vacuum_tasks": 0}


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (':memory:' for tests); a writable one with WRITER_CONFIG."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    return duckdb.connect(str(path), config=dict(WRITER_CONFIG))


def apply_layer(con: duckdb.DuckDBPyConnection, layer: str) -> list[str]:
    """Run every file of a layer (schema DDL or view definitions); return the relation names."""
    names = []
    for path in sql_files(layer):
        con.execute(path.read_text(encoding="utf-8"))
        names.append(path.stem)
    return names


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables if they do not exist."""
    apply_layer(con, "schema")


def build_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create staging, intermediate and mart views, in that order."""
    names = []
    for layer in LAYERS[1:]:
        names += apply_layer(con, layer)
    return names


@dataclass(frozen=True)
class KnownDocument:
    """What the warehouse already holds for a path."""

    path: str
    content_hash: str
    extracted_with: str | None  # None: loaded before versions were recorded


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, KnownDocument]:
    """Loaded documents by path."""
    rows = con.execute("select path, content_hash, extracted_with from documents").fetchall()
    return {path: KnownDocument(path, digest, key) for path, digest, key in rows}


def _iso(d):
    return d.isoformat() if d is not None else None


def document_row(doc: Document) -> tuple:
    return (
        doc.content_hash,
        doc.doc_id,
        doc.path,
        doc.title,
        doc.publisher,
        doc.url,
        doc.published,
        doc.date_source,
        doc.language,
        doc.encoding,
        ",".join(doc.flags),
        len(doc.text),
        doc.text,
        doc.extracted_with,
    )


def timex_row(content_hash: str, t: TemporalExpression) -> tuple:
    return (
        content_hash,
        t.start,
        t.end,
        t.text,
        t.type,
        t.value,
        t.mod,
        t.period_start,
        t.period_end,
        t.granularity,
        t.resolved,
        t.quant,
        t.freq,
    )


def event_row(e: Event) -> tuple:
    details = {k: v for k, v in e.extra.items() if k not in ("is_primary_actor", "trigger")}
    return (
        e.event_id,
        e.content_hash,
        e.doc_id,
        e.event_type,
        e.subtype,
        e.count_min,
        e.count_max,
        e.count_qualifier,
        e.count_text,
        e.period_start,
        e.period_end,
        e.date_text,
        e.date_precision,
        e.reported_date,
        e.source,
        e.source_text,
        e.actor,
        e.location,
        e.evidence,
        e.evidence_start,
        e.evidence_end,
        e.sentence_start,
        e.sentence_end,
        e.extra.get("trigger"),
        e.is_negated,
        bool(e.extra.get("is_primary_actor", True)),
        e.mentions,
        json.dumps(details, sort_keys=True, default=str),
        e.source_id,
        e.confidence,
        e.is_confident,
    )


def _column_types(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, type) of a raw table's columns, in order."""
    return con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_name = ? and table_catalog = current_database() order by ordinal_position",
        [table],
    ).fetchall()


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Insert rows column-wise in one statement (one list parameter per column, unnested together):
    an order of magnitude faster than executemany, and values still only go in as parameters."""
    if not rows:
        return
    columns = _column_types(con, table)
    if len(columns) != len(rows[0]):
        raise ValueError(f"{table}: {len(rows[0])} values for {len(columns)} columns")
    selects = ", ".join(f"unnest(${i + 1}::{kind}[])" for i, (_, kind) in enumerate(columns))
    names = ", ".join(name for name, _ in columns)
    values = [list(col) for col in zip(*rows, strict=True)]
    con.execute(f"insert into {table} ({names}) select {selects}", values)  # noqa: S608 - names from the schema


def _delete_documents(con: duckdb.DuckDBPyConnection, hashes: Sequence[str]) -> None:
    """Delete the rows of these documents from every raw table: one scan per table, not one per document."""
    if not hashes:
        return
    for table in ("events", "timexes", "documents"):
        con.execute(
            f"delete from {table} where content_hash in (select unnest($1::varchar[]))",  # noqa: S608 - fixed names
            [list(hashes)],
        )


def load_batch(
    con: duckdb.DuckDBPyConnection,
    docs: Sequence[Document],
    timexes: Sequence[Sequence[TemporalExpression]],
    events: Sequence[Sequence[Event]],
    replaced_hashes: Sequence[str] = (),
    new_hashes: Collection[str] = (),
) -> int:
    """Insert one batch in a single transaction, replacing earlier rows of the same documents.

    `new_hashes` are contents the caller knows the warehouse does not hold (the flow reads the
    loaded hashes once per run): their rows need no delete first. A delete scans the content_hash
    column of every raw table, so a cold or mostly-new run skips three scans per batch. The raw
    tables have no primary keys (an ART index grows with the table and is held in memory while a
    load checks it); the delete-then-insert here keeps their keys unique, and
    sql/checks/assert_unique_keys.sql verifies it at the end of every run."""
    doc_rows = [document_row(d) for d in docs]
    timex_rows = [timex_row(d.content_hash, t) for d, ts in zip(docs, timexes, strict=True) for t in ts]
    event_rows = [event_row(e) for es in events for e in es]
    hashes = sorted({*replaced_hashes, *(d.content_hash for d in docs if d.content_hash not in new_hashes)})
    con.execute("begin transaction")
    try:
        _delete_documents(con, hashes)
        _insert_rows(con, "documents", doc_rows)
        _insert_rows(con, "timexes", timex_rows)
        _insert_rows(con, "events", event_rows)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return len(event_rows)


def record_rejections(con: duckdb.DuckDBPyConnection, rejections: Sequence[Rejection], now: datetime) -> None:
    """Upsert rejected inputs: first_seen kept, last_seen moved to this run."""
    rows = [(r.path, r.content_hash, r.reason, r.detail, now, now) for r in rejections]
    if not rows:
        return
    con.execute("begin transaction")
    try:
        con.executemany(
            "insert into rejected_documents values (?, ?, ?, ?, ?, ?) "
            "on conflict (path, reason) do update set content_hash = excluded.content_hash, "
            "detail = excluded.detail, last_seen = excluded.last_seen",
            rows,
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def clear_rejections(con: duckdb.DuckDBPyConnection, loaded_paths: Sequence[str]) -> None:
    """A path that now loads is no longer rejected."""
    if loaded_paths:
        con.executemany("delete from rejected_documents where path = ?", [(p,) for p in loaded_paths])


def prune_missing(con: duckdb.DuckDBPyConnection, present_paths: set[str]) -> list[str]:
    """Delete the rows of documents whose file is gone from the input folder; return their paths."""
    gone = [
        (p, h)
        for p, h in con.execute("select path, content_hash from documents").fetchall()
        if p not in present_paths
    ]
    if gone:
        con.execute("begin transaction")
        _delete_documents(con, [h for _, h in gone])
        con.execute("commit")
    return [p for p, _ in gone]


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, input_dir: str) -> datetime:
    """Record a new run; runs still marked 'running' were killed (this one holds the lock)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    con.execute("update runs set status = 'interrupted' where status = 'running'")
    con.execute(
        "insert into runs (run_id, started_at, input_dir, status) values (?, ?, ?, 'running')",
        [run_id, now, input_dir],
    )
    return now


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, counts: dict[str, int]) -> None:
    con.execute(
        "update runs set finished_at = ?, status = ?, documents_seen = ?, documents_loaded = ?, "
        "documents_unchanged = ?, documents_rejected = ?, events_loaded = ? where run_id = ?",
        [
            datetime.now(UTC).replace(tzinfo=None),
            status,
            counts.get("seen", 0),
            counts.get("loaded", 0),
            counts.get("unchanged", 0),
            counts.get("rejected", 0),
            counts.get("events", 0),
            run_id,
        ],
    )


# --- compaction -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compaction:
    """What `compact` did: the file's size and the tables' row groups before and after."""

    bytes_before: int
    bytes_after: int
    row_groups_before: int
    row_groups_after: int


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = ? order by table_name", [catalog]
        ).fetchall()
    ]


def _row_groups(con: duckdb.DuckDBPyConnection, catalog: str, tables: list[str]) -> int:
    """Row groups over `tables` of `catalog` (a writer adds one per table per load: WRITER_CONFIG)."""
    return sum(
        con.execute(
            "select count(distinct row_group_id) from pragma_storage_info(?)", [f"{catalog}.main.{table}"]
        ).fetchone()[0]
        for table in tables
    )


def _fingerprints(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, tuple[int, int]]:
    """Row count and an order-free hash of the rows of every table of `catalog`."""
    return {
        table: con.execute(
            f'select count(*), coalesce(sum(hash(t)), 0) from "{catalog}".main."{table}" as t'
        ).fetchone()
        for table in _tables(con, catalog)
    }


def compact(path: Path, timeout: float = 300.0) -> Compaction:
    """Rewrite the warehouse into a new file with full row groups and put it in place of the old one.

    Writers run without DuckDB's checkpoint vacuum (WRITER_CONFIG), so every load leaves row groups
    of its own and the file and its scans grow faster than the data; this merges them all at once,
    between runs, under the warehouse lock (a run waits for it, and it for a run). DuckDB's `COPY
    FROM DATABASE` copies the tables, views and sequences; every table's row count and row hash are
    compared before the copy replaces the original (os.replace: a crash leaves one or the other).
    Raises FileNotFoundError for a missing warehouse and CompactionFailed if the copy differs.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no warehouse here; run `timeline run` first")
    tmp = path.with_name(path.name + ".compacting")
    with warehouse_lock(path, timeout=timeout):
        for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
            stale.unlink(missing_ok=True)
        con = connect(path)
        try:
            con.execute("checkpoint")  # the WAL, if a run was killed, goes into the file first
            catalog = con.execute("select current_database()").fetchone()[0]
            before = _fingerprints(con, catalog)
            groups_before = _row_groups(con, catalog, list(before))
            con.execute("attach ? as compacted", [str(tmp)])
            try:
                con.execute(f'copy from database "{catalog}" to compacted')
                after = _fingerprints(con, "compacted")
                groups_after = _row_groups(con, "compacted", list(after))
            finally:
                con.execute("detach compacted")
            if after != before:
                diff = sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))
                raise CompactionFailed(
                    f"{path}: the compacted copy differs in {', '.join(diff)}; left as it was"
                )
        except BaseException:
            tmp.unlink(missing_ok=True)  # a half-written or differing copy is not left behind
            raise
        finally:
            con.close()
        bytes_before = path.stat().st_size
        os.replace(tmp, path)
    return Compaction(bytes_before, path.stat().st_size, groups_before, groups_after)
