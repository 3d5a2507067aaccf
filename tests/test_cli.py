from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS


def run_cli(*args, stdin=None, timeout=300):
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )


def test_dates_jsonl_writes_one_line_per_document():
    lines = [
        {"doc_id": "a", "dct": "2025-02-12", "text": "Troops arrived in mid-January."},
        {"doc_id": "b", "dct": None, "text": "No date here, but August 2024 resolves."},
    ]
    proc = run_cli("dates", "--jsonl", stdin="\n".join(json.dumps(x) for x in lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["doc_id"] for o in out] == ["a", "b"]
    mid = out[0]["timexes"][0]
    assert (mid["value"], mid["mod"], mid["period_start"], mid["period_end"]) == (
        "2025-01",
        "MID",
        "2025-01-11",
        "2025-01-20",
    )
    assert out[1]["timexes"][0]["value"] == "2024-08"
    assert set(mid) >= {"start", "end", "text", "type", "value", "mod", "period_start", "period_end"}


def test_dates_jsonl_names_the_bad_line():
    proc = run_cli("dates", "--jsonl", stdin='{"doc_id": "a", "text": "x"}\nnot json\n')
    assert proc.returncode == 1 and "stdin line 2" in proc.stderr


@pytest.mark.slow
def test_run_prints_a_summary_and_query_reads_the_warehouse(tmp_path):
    proc = run_cli(
        "run",
        "--input",
        str(SEEDS),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
        "--exports",
        str(tmp_path / "ex"),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "documents: 5 seen, 5 loaded" in proc.stdout
    assert "timeline events:" in proc.stdout and "status: ok" in proc.stdout
    assert "Traceback" not in proc.stderr and "CancelledError" not in proc.stderr
    assert (tmp_path / "ex" / "timeline.csv").exists()
    q = run_cli("query", "select count(*) as n from timeline", "--warehouse", str(tmp_path / "w.duckdb"))
    assert q.returncode == 0 and "n" in q.stdout
    # compaction between runs leaves the views answering the same
    c = run_cli("compact", "--warehouse", str(tmp_path / "w.duckdb"))
    assert c.returncode == 0, c.stderr[-3000:]
    assert c.stdout.startswith("compacted ") and "row groups" in c.stdout
    again = run_cli("query", "select count(*) as n from timeline", "--warehouse", str(tmp_path / "w.duckdb"))
    assert again.returncode == 0 and again.stdout == q.stdout


@pytest.mark.slow
def test_unloadable_model_stops_with_the_fix(tmp_path):
    proc = run_cli("run", "--model", "no_such_model", "--warehouse", str(tmp_path / "w.duckdb"))
    assert proc.returncode == 1
    assert "cannot load spaCy model 'no_such_model'" in proc.stderr and "--model" in proc.stderr


def test_the_prefect_modules_run_preloads_exist():
    """`timeline run` imports what Prefect loads only at the first flow run while the temporary
    server starts (flows/cli._LAZY_PREFECT_MODULES); the preload skips a missing one quietly, so
    a Prefect upgrade that renames one must show up here instead."""
    import importlib

    from flows.cli import _LAZY_PREFECT_MODULES

    for name in _LAZY_PREFECT_MODULES:
        importlib.import_module(name)
