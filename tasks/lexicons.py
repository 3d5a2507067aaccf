"""Load lexicons and pattern files from tasks/resources, validated on load."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from tasks.errors import ResourceError

RESOURCES = Path(__file__).parent / "resources"


def resource_path(name: str) -> Path:
    """Path of a resource file; raise if it does not exist."""
    path = RESOURCES / name
    if not path.is_file():
        raise ResourceError(path, None, "resource file not found")
    return path


def _data_lines(path: Path) -> list[tuple[int, str]]:
    """Non-comment, non-blank lines with their 1-based line numbers."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            out.append((number, line))
    return out


def load_csv(
    name: str,
    columns: Iterable[str],
    *,
    allowed: Mapping[str, Iterable[str]] | None = None,
    required: Iterable[str] = (),
    unique: Iterable[str] = (),
    lower: Iterable[str] = (),
) -> list[dict[str, str]]:
    """Rows of a CSV lexicon after '#' FORMAT lines; checks columns, allowed values and duplicates."""
    path = resource_path(name)
    lines = _data_lines(path)
    if not lines:
        raise ResourceError(path, None, "no header row")
    header_no, header = lines[0]
    fields = next(csv.reader([header]))
    expected = list(columns)
    if fields != expected:
        raise ResourceError(path, header_no, f"columns are {fields}, expected {expected}")
    allowed_sets = {k: set(v) for k, v in (allowed or {}).items()}
    lower_cols = set(lower)
    seen: dict[tuple, int] = {}
    unique_cols = list(unique)
    rows = []
    for number, line in lines[1:]:
        values = next(csv.reader(io.StringIO(line)))
        if len(values) != len(expected):
            raise ResourceError(path, number, f"{len(values)} fields, expected {len(expected)}")
        row = {k: v.strip() for k, v in zip(expected, values, strict=True)}
        for col in lower_cols:
            row[col] = row[col].lower()
        for col in required:
            if not row[col]:
                raise ResourceError(path, number, f"empty {col!r}")
        for col, ok in allowed_sets.items():
            if row[col] and row[col] not in ok:
                raise ResourceError(path, number, f"{col}={row[col]!r} is not one of {sorted(ok)}")
        if unique_cols:
            key = tuple(row[c] for c in unique_cols)
            if key in seen:
                raise ResourceError(path, number, f"duplicate {key} (first on line {seen[key]})")
            seen[key] = number
        row["_line"] = str(number)
        rows.append(row)
    return rows


def load_jsonl(name: str, required: Iterable[str] = ()) -> list[dict]:
    """Objects of a JSON-lines pattern file after '#' lines; checks required keys."""
    path = resource_path(name)
    out = []
    for number, line in _data_lines(path):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResourceError(path, number, f"invalid JSON: {exc.msg}") from exc
        missing = [k for k in required if k not in obj]
        if missing:
            raise ResourceError(path, number, f"missing keys {missing}")
        obj["_line"] = number
        out.append(obj)
    return out


@cache
def words(name: str) -> frozenset[str]:
    """A one-column word list (column 'word'), lower-cased."""
    return frozenset(
        r["word"] for r in load_csv(name, ["word"], required=["word"], unique=["word"], lower=["word"])
    )
