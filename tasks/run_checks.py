"""Run the data checks in sql/checks: each query returns offending rows; any row fails the run."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from tasks.errors import CheckFailed
from tasks.load_warehouse import sql_files


@dataclass(frozen=True)
class CheckResult:
    """One check: its name, how many rows offend, and the first few."""

    name: str
    failures: int
    sample: list[tuple]


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    """Every check with its offending rows."""
    out = []
    for path in sql_files("checks"):
        rows = con.execute(path.read_text(encoding="utf-8")).fetchall()
        out.append(CheckResult(path.stem, len(rows), rows[:5]))
    return out


def assert_checks(results: list[CheckResult]) -> None:
    """Raise CheckFailed naming each failing check and a sample of its rows."""
    failed = [r for r in results if r.failures]
    if failed:
        lines = [f"sql/checks/{r.name}.sql: {r.failures} offending rows, e.g. {r.sample[:3]}" for r in failed]
        raise CheckFailed("data checks failed:\n" + "\n".join(lines))
