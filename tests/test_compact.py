"""`timeline compact`: the warehouse rewritten into full row groups, every row kept (load_warehouse.compact)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest

from tasks import load_warehouse as wh
from tasks.errors import CompactionFailed, WarehouseBusy
from tasks.records import Document, Rejection, TemporalExpression


def _doc(i: int) -> tuple[Document, TemporalExpression]:
    doc = Document(
        f"d{i}", f"h{i}", f"a{i}.txt", f"Troops arrived on {i % 28 + 1} May.", date(2025, 5, 30), "manifest"
    )
    day = date(2025, 5, i % 28 + 1)
    tx = TemporalExpression(18, 23, "x May", "DATE", day.isoformat(), None, day, day, "day")
    return doc, tx


def _warehouse(path, loads: int = 6, first: int = 0):
    """A warehouse after `loads` runs of two documents each, one connection per load as in the flow."""
    for n in range(first, first + loads):
        con = wh.connect(path)
        wh.create_schema(con)
        wh.start_run(con, f"run{n}", "in")
        pairs = [_doc(2 * n), _doc(2 * n + 1)]
        wh.load_batch(
            con,
            [d for d, _ in pairs],
            [[t] for _, t in pairs],
            [[], []],
            new_hashes={d.content_hash for d, _ in pairs},
        )
        wh.record_rejections(
            con, [Rejection(f"bad{n}.txt", None, "empty")], datetime.now(UTC).replace(tzinfo=None)
        )
        wh.finish_run(con, f"run{n}", "ok", {"loaded": 2})
        con.close()


def _contents(path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        return {t: con.execute(f'select * from "{t}" order by all').fetchall() for t in tables}
    finally:
        con.close()


def test_compact_merges_the_row_groups_each_load_left_and_keeps_every_row(tmp_path):
    path = tmp_path / "w.duckdb"
    _warehouse(path)
    before = _contents(path)
    done = wh.compact(path)
    assert done.row_groups_after < done.row_groups_before  # 6 loads: a row group per table per load
    assert done.bytes_after < done.bytes_before
    assert _contents(path) == before
    assert not list(tmp_path.glob("*.compacting*"))
    # the compacted warehouse takes the next run as before: keys of runs and rejections still upsert
    _warehouse(path, loads=1, first=6)
    con = wh.connect(path)
    wh.build_views(con)
    assert con.execute("select count(*) from documents").fetchone() == (14,)
    assert con.execute("select count(*) from rejected_documents").fetchone() == (7,)
    with pytest.raises(duckdb.ConstraintException):  # the runs table kept its primary key
        wh.start_run(con, "run0", "in")
    con.close()


def test_compact_refuses_a_missing_warehouse(tmp_path):
    with pytest.raises(FileNotFoundError, match="no warehouse here"):
        wh.compact(tmp_path / "none.duckdb")


def test_compact_waits_for_the_run_that_holds_the_warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    _warehouse(path, loads=1)
    with wh.warehouse_lock(path), pytest.raises(WarehouseBusy):
        wh.compact(path, timeout=0)


def test_a_copy_that_differs_leaves_the_warehouse_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    _warehouse(path, loads=2)
    before = _contents(path)
    real = wh._fingerprints
    monkeypatch.setattr(
        wh,
        "_fingerprints",
        lambda con, catalog: (
            {**real(con, catalog), "documents": (0, 0)} if catalog == "compacted" else real(con, catalog)
        ),
    )
    with pytest.raises(CompactionFailed, match="documents"):
        wh.compact(path)
    assert _contents(path) == before
    assert not list(tmp_path.glob("*.compacting*"))
