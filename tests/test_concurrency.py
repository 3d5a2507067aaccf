from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tasks import load_warehouse as wh
from tasks import run_checks as checks
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

HELDOUT = ROOT / "tests" / "heldout"
WAITING = "waiting for another run to release"


def start(api_url: str, warehouse: Path, input_dir: Path, exports: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flows.cli",
            "run",
            "--input",
            str(input_dir),
            "--warehouse",
            str(warehouse),
            "--exports",
            str(exports),
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_file_text(path: Path, text: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8", errors="replace"):
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared in {path}")


def assert_warehouse_sound(warehouse: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(warehouse), read_only=True)
    checks.assert_checks(checks.run_checks(con))
    return con


@pytest.fixture
def api_url(prefect_harness) -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def test_second_run_waits_for_the_first_and_both_load(tmp_path, api_url):
    warehouse = tmp_path / "w.duckdb"
    first = start(api_url, warehouse, SEEDS, tmp_path / "ex1")
    wait_for_file_text(warehouse.with_name("w.duckdb.lock"), "pid ", first)  # the first holds the lock
    second = start(api_url, warehouse, HELDOUT, tmp_path / "ex2", "--lock-timeout", "240", "--limit", "4")
    out1, err1 = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)
    assert first.returncode == 0, err1[-3000:]
    assert second.returncode == 0, err2[-3000:]
    assert "documents: 5 seen, 5 loaded" in out1
    assert "documents: 4 seen, 4 loaded" in out2
    con = assert_warehouse_sound(warehouse)
    try:
        assert con.execute("select count(*) from documents").fetchone()[0] == 9
        runs = con.execute(
            "select input_dir, status, started_at, finished_at from runs order by started_at"
        ).fetchall()
    finally:
        con.close()
    assert [(Path(r[0]).name, r[1]) for r in runs] == [("seeds", "ok"), ("heldout", "ok")]
    assert runs[1][2] >= runs[0][3], "the second run started before the first had finished"


def test_a_waiting_run_says_so(tmp_path, api_url):
    warehouse = tmp_path / "w.duckdb"
    with wh.warehouse_lock(warehouse, timeout=1):  # a first run, holding the warehouse
        waiting = start(api_url, warehouse, SEEDS, tmp_path / "ex", "--lock-timeout", "3")
        out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 1, err[-3000:]
    assert WAITING in out + err and "(up to 3s)" in out + err


def test_short_lock_timeout_exits_1_with_a_clear_error_and_leaves_the_warehouse_alone(tmp_path, api_url):
    warehouse = tmp_path / "w.duckdb"
    con = wh.connect(warehouse)
    wh.create_schema(con)
    wh.build_views(con)
    con.close()
    before = warehouse.read_bytes()
    with wh.warehouse_lock(warehouse, timeout=1):
        blocked = start(api_url, warehouse, HELDOUT, tmp_path / "ex", "--lock-timeout", "1")
        out, err = blocked.communicate(timeout=300)
    assert blocked.returncode == 1, (out, err)
    assert f"error: {warehouse}: another timeline run (pid {os.getpid()}) holds the warehouse" in err
    assert "waited 1s" in err and "--lock-timeout" in err
    assert err.rstrip().splitlines()[-1].startswith("error: ")  # the last word is ours, after Prefect's log
    assert warehouse.read_bytes() == before  # not even opened
    assert_warehouse_sound(warehouse).close()
