"""What a document's rows were made with, so that a rerun redoes them when that changes.

A rerun skips a file whose bytes the warehouse already holds. Its rows also depend on the manifest
row that gives its publication date and title, and on the code, lexicons and model that tagged and
extracted it. Each loaded document records a key over all of these (`documents.extracted_with`);
a file is unchanged only when its bytes and that key both match, so an upgraded pipeline, a
switched model or a corrected manifest date re-extracts the files they touch on the next run.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from tasks.nlp import model_name

TASKS = Path(__file__).resolve().parent
_LIBRARIES = ("spacy", "dateparser")


def _installed_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _model_version(name: str) -> str:
    """An installed model package's version, else the version in a model directory's meta.json."""
    installed = _installed_version(name)
    if installed is not None:
        return installed
    meta = Path(name) / "meta.json"
    try:
        return str(json.loads(meta.read_text(encoding="utf-8")).get("version"))
    except (OSError, ValueError, AttributeError):
        return "unknown"


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """sha256 over files (their paths relative to `root`, and their bytes), in path order."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def task_files() -> list[Path]:
    """Every source and resource file under tasks/."""
    return [p for p in TASKS.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


@cache
def _code_digest() -> str:
    """The digest of every source and resource file under tasks/."""
    return files_digest(task_files(), TASKS)


def pipeline_version(model: str | None = None, min_confidence: float | None = None) -> str:
    """A digest of what turns a text into rows: the code and lexicons, the spaCy model (name and
    version), the versions of spaCy and dateparser, and a confidence threshold other than the model's."""
    name = model_name(model)
    parts = [
        *([] if min_confidence is None else [f"min_confidence={min_confidence!r}"]),
        _code_digest(),
        name,
        _model_version(name),
        *(_installed_version(lib) or "unknown" for lib in _LIBRARIES),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def document_key(
    version: str, published: str | None, publisher: str | None, title: str | None, url: str | None
) -> str:
    """The key a loaded document records: the pipeline version and the manifest fields it was read with
    (None for each when the file has no manifest row)."""
    fields = json.dumps([version, published, publisher, title, url])
    return hashlib.sha256(fields.encode()).hexdigest()[:16]
