"""Load lexicons and pattern files from tasks/resources, validated on load."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TypeVar

from tasks.errors import ResourceError

RESOURCES = Path(__file__).parent / "resources"
T = TypeVar("T")


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


def finite_number(value: object, what: str, path: Path) -> float:
    """A JSON number that is finite (not a bool, NaN or an infinity), or a ResourceError naming `what`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ResourceError(path, None, f"{what} must be a finite number, got {value!r}")
    return float(value)


def model_threshold(data: object, keys: set[str], features_version: int, trainer: str, path: Path) -> float:
    """Check the header of a learned model's JSON object (an object with `keys`, trained on the features
    version this code computes: else retrain with `trainer`) and return its threshold, a number in [0, 1]."""
    if not isinstance(data, dict):
        raise ResourceError(path, None, "the model must be a JSON object")
    missing = ({"features_version", "threshold"} | keys) - data.keys()
    if missing:
        raise ResourceError(path, None, f"missing keys: {', '.join(sorted(missing))}")
    if data["features_version"] != features_version:
        raise ResourceError(
            path,
            None,
            f"trained on features version {data['features_version']!r}, this code computes version "
            f"{features_version}: retrain with {trainer}",
        )
    threshold = finite_number(data["threshold"], "threshold", path)
    if not 0.0 <= threshold <= 1.0:
        raise ResourceError(path, None, f"threshold must be within [0, 1], got {threshold}")
    return threshold


def load_json_model(path: Path, parse: Callable[[object, Path], T], what: str) -> T:
    """A learned model from its JSON file, parsed (and validated) by `parse`; `what` names it in errors."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResourceError(path, None, f"cannot read {what}: {exc}") from exc
    except ValueError as exc:
        raise ResourceError(path, None, f"not valid JSON: {exc}") from exc
    return parse(data, path)
