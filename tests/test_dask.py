from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

TABLES = ("documents", "timexes", "events")


def _run(tmp_path, name: str, *extra: str):
    warehouse, exports = tmp_path / name / "timeline.duckdb", tmp_path / name / "exports"
    command = [sys.executable, "-m", "flows.cli", "run", "--input", str(SEEDS), "--warehouse", str(warehouse)]
    command += ["--exports", str(exports), "--no-report", *extra]
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=150)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}
    finally:
        con.close()
    return (exports / "timeline.csv").read_bytes(), tables


def test_dask_runner_with_two_worker_processes_gives_the_same_timeline(tmp_path):
    csv_thread, tables_thread = _run(tmp_path, "thread")
    csv_dask, tables_dask = _run(tmp_path, "dask", "--task-runner", "dask", "--dask-workers", "2")
    assert tables_thread["events"], "the seeds should give events"
    assert csv_dask == csv_thread
    for table in TABLES:
        assert tables_dask[table] == tables_thread[table], table
