from __future__ import annotations

import contextlib
import csv
import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import psutil
import pytest

from flows.server import free_port, is_healthy
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

FIRST, SECOND = "001_0ae446809ec54135.txt", "003_22425b5cdc6c342f.txt"


def _manifest_rows(names: list[str]) -> list[dict]:
    with open(SEEDS / "manifest.csv", newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["file"] in names]


def _drop(folder, names: list[str]) -> None:
    """Add articles the way a scraper should: each file and the manifest appear whole (rename)."""
    for name in names:
        shutil.copy(SEEDS / name, folder / f"{name}.part")
        os.replace(folder / f"{name}.part", folder / name)
    rows = _manifest_rows(sorted(p.name for p in folder.glob("*.txt")))
    with open(folder / "manifest.part", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    os.replace(folder / "manifest.part", folder / "manifest.csv")


def _events_by_document(warehouse) -> dict[str, int] | None:
    """Events per document path, read the way a user would between runs; None while a run writes."""
    if not warehouse.exists():
        return None
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return None
    try:
        return dict(
            con.execute(
                "select d.path, count(e.event_id) from documents d "
                "left join events e using (content_hash) group by 1"
            ).fetchall()
        )
    except duckdb.Error:
        return None
    finally:
        con.close()


def _wait_for(predicate, timeout: float, proc: subprocess.Popen, log) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"timeline serve exited early:\n{log.read_text()[-3000:]}"
        value = predicate()
        if value:
            return value
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f}s:\n{log.read_text()[-3000:]}")


def test_serve_runs_on_schedule_and_loads_a_new_article(tmp_path):
    input_dir, home = tmp_path / "in", tmp_path / "prefect_home"
    input_dir.mkdir()
    home.mkdir()
    warehouse, log = tmp_path / "timeline.duckdb", tmp_path / "serve.log"
    _drop(input_dir, [FIRST])
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_RUNNER_POLL_FREQUENCY="2",
        PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS="2",
    )
    command = [sys.executable, "-m", "flows.cli", "serve", "--interval", "4", "--input", str(input_dir)]
    command += ["--warehouse", str(warehouse), "--port", str(port), "--no-report"]
    seen: set[psutil.Process] = set()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        first = _wait_for(lambda: _events_by_document(warehouse), 100, proc, log)
        seen |= set(psutil.Process(proc.pid).children(recursive=True))
        assert first.get(FIRST, 0) > 0, first
        assert is_healthy(f"http://127.0.0.1:{port}/api"), "serve should start its own server"
        _drop(input_dir, [SECOND])
        after = _wait_for(lambda: (_events_by_document(warehouse) or {}).get(SECOND), 60, proc, log)
        assert after > 0
        # (read again between runs: a scheduled run may hold the warehouse while it writes)
        again = _wait_for(lambda: _events_by_document(warehouse), 60, proc, log)
        assert again[FIRST] == first[FIRST]  # unchanged file, same rows
    finally:
        with contextlib.suppress(psutil.NoSuchProcess):
            seen |= set(psutil.Process(proc.pid).children(recursive=True))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        for child in seen:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
    assert not is_healthy(f"http://127.0.0.1:{port}/api", timeout=1), "the server outlived serve"
