"""The project's exceptions: each message names the file (and line) it is about."""

from __future__ import annotations


class TimelineError(Exception):
    """Base class of the project's errors."""


class ResourceError(TimelineError):
    """A lexicon or pattern file is malformed."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")
        self.path, self.line = path, line


class ModelLoadError(TimelineError):
    """The spaCy model named in the settings cannot be loaded."""


class InputError(TimelineError):
    """The input folder or manifest cannot be read at all."""


class CheckFailed(TimelineError):
    """A data check in sql/checks returned offending rows."""


class WarehouseBusy(TimelineError):
    """Another run holds the warehouse."""


class CompactionFailed(TimelineError):
    """A compacted copy of the warehouse did not match the original; the original is untouched."""
