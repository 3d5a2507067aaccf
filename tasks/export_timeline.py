"""Export the timeline views to CSV (spreadsheet-safe) and Parquet."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import duckdb

EXPORTS = {
    "timeline": "timeline",
    "deployments": "deployment_timeline",
    "casualties": "casualty_timeline",
    "claims": "claims",
    "casualty_estimates": "casualty_estimates",
}
FORMATS = ("csv", "parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


CHUNK_ROWS = 5000


def safe_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ tab or CR gets a leading quote (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def write_csv(con: duckdb.DuckDBPyConnection, relation: str, path: Path) -> int:
    """Write one view to CSV, a chunk of rows at a time (memory stays flat); return the row count."""
    cur = con.execute(f"select * from {relation}")  # relation names come from EXPORTS, never from input
    columns = [d[0] for d in cur.description]
    tmp = path.with_suffix(".csv.tmp")
    count = 0
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        while rows := cur.fetchmany(CHUNK_ROWS):
            writer.writerows([safe_cell(v) for v in row] for row in rows)
            count += len(rows)
    tmp.replace(path)
    return count


def write_parquet(con: duckdb.DuckDBPyConnection, relation: str, path: Path) -> int:
    """Write one view to Parquet; return the row count."""
    rel = con.table(relation)
    tmp = path.with_suffix(".parquet.tmp")
    rel.write_parquet(str(tmp))
    tmp.replace(path)
    return len(rel)


def export_all(
    con: duckdb.DuckDBPyConnection, folder: Path, formats: tuple[str, ...] = ("csv",)
) -> dict[str, Path]:
    """Write every exported view in every format; return the written paths by name."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown export formats {sorted(unknown)}; choose from {FORMATS}")
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, relation in EXPORTS.items():
        if "csv" in formats:
            path = folder / f"{name}.csv"
            write_csv(con, relation, path)
            written[f"{name}.csv"] = path
        if "parquet" in formats:
            path = folder / f"{name}.parquet"
            write_parquet(con, relation, path)
            written[f"{name}.parquet"] = path
    return written
