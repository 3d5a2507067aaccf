from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

HELDOUT = ROOT / "tests" / "heldout"
BAD = ROOT / "tests" / "bad_inputs"
COPIES = 1
BATCH_SIZE = 4
DATA_SQL = {
    "documents": "select * from documents order by all",
    "timexes": "select * from timexes order by all",
    "events": "select * from events order by all",
    "rejected_documents": "select path, content_hash, reason, detail from rejected_documents order by all",
}


def build_corpus(folder: Path) -> int:
    """The seeds and held-out articles COPIES times, each copy with its own bytes, plus two rejects."""
    folder.mkdir(parents=True)
    rows = []
    for source in (SEEDS, HELDOUT):
        with open(source / "manifest.csv", newline="", encoding="utf-8") as handle:
            manifest = list(csv.DictReader(handle))
        for copy in range(COPIES):
            for row in manifest:
                name = f"c{copy}_{row['file']}"
                text = (source / row["file"]).read_text(encoding="utf-8")
                (folder / name).write_text(f"{text.rstrip()}\nEdition {copy + 1}.\n", encoding="utf-8")
                rows.append({**row, "file": name})
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["file", "published", "publisher", "title"], extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(rows)
    shutil.copy(BAD / "empty.txt", folder / "empty.txt")
    shutil.copy(BAD / "french_article.txt", folder / "french_article.txt")
    return len(rows)


class Run:
    """`python -m flows.cli run` in its own process group, its merged output collected line by line."""

    def __init__(self, api_url: str, *args: str) -> None:
        env = {
            **os.environ,
            "PREFECT_API_URL": api_url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "INFO",  # task completions show how far the run is
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    def count(self, *needles: str) -> int:
        return sum(all(n in line for n in needles) for line in list(self.lines))

    def wait(self, timeout: float = 300) -> int:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return code

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.wait()

    @property
    def output(self) -> str:
        return "".join(self.lines)


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in DATA_SQL.items()}
    finally:
        con.close()


def exports_of(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.csv"))}


def test_kill_9_mid_run_then_rerun_equals_one_uninterrupted_run(tmp_path, prefect_harness):
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value()
    corpus = tmp_path / "in"
    n_articles = build_corpus(corpus)
    n_batches = -(-(n_articles + 2) // BATCH_SIZE)

    def args(name: str) -> tuple[str, ...]:
        return (
            "--input",
            str(corpus),
            "--warehouse",
            str(tmp_path / name / "w.duckdb"),
            "--exports",
            str(tmp_path / name / "exports"),
            "--batch-size",
            str(BATCH_SIZE),
        )

    clean = Run(api, *args("clean"))
    assert clean.wait() == 3, clean.output[-3000:]  # partial: the two rejects
    expected = snapshot(tmp_path / "clean" / "w.duckdb")
    assert len(expected["documents"]) == n_articles and len(expected["rejected_documents"]) == 2

    killed = Run(api, *args("crash"))
    deadline = time.monotonic() + 240
    # the flow logs a progress line after each batch it has loaded: a quarter of the batches loaded
    # means some are in the warehouse and the rest are not
    while killed.count("documents ", " loaded, ") < max(1, n_batches // 4):
        if killed.proc.poll() is not None or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert killed.proc.poll() is None, "the run finished before it could be killed:\n" + killed.output[-3000:]
    killed.kill()
    assert killed.proc.returncode == -signal.SIGKILL

    partial = snapshot(tmp_path / "crash" / "w.duckdb")
    assert 0 < len(partial["documents"]) < n_articles, len(partial["documents"])
    loaded_hashes = {row[0] for row in partial["documents"]}
    # a batch is all or nothing: every loaded document has all its timexes and events
    for table in ("timexes", "events"):
        column = 0 if table == "timexes" else 1
        expected_rows = [r for r in expected[table] if r[column] in loaded_hashes]
        assert partial[table] == expected_rows, table
    assert (tmp_path / "crash" / "w.duckdb.lock").exists()  # left behind, but unlocked: the rerun proceeds

    rerun = Run(api, *args("crash"), "--lock-timeout", "20")
    assert rerun.wait() == 3, rerun.output[-3000:]
    assert "waiting for another run" not in rerun.output
    assert snapshot(tmp_path / "crash" / "w.duckdb") == expected
    assert exports_of(tmp_path / "crash" / "exports") == exports_of(tmp_path / "clean" / "exports")

    con = duckdb.connect(str(tmp_path / "crash" / "w.duckdb"), read_only=True)
    try:
        statuses = [s for (s,) in con.execute("select status from runs order by started_at").fetchall()]
    finally:
        con.close()
    assert statuses == ["interrupted", "partial"]  # the next run marks the killed one
