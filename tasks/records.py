"""Typed records that cross task boundaries; their fields mirror the tables in sql/schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Document:
    """One article: its text, where it came from and the date its relative dates resolve against."""

    doc_id: str
    content_hash: str
    path: str
    text: str
    published: date | None
    date_source: str | None  # 'manifest', 'dateline' or None (flagged: relative dates stay unresolved)
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    encoding: str | None = None
    flags: tuple[str, ...] = ()
    extracted_with: str | None = None  # tasks/versioning.document_key: what the rows were made with


@dataclass(frozen=True)
class Rejection:
    """An input that did not load, with the reason."""

    path: str
    content_hash: str | None
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class TemporalExpression:
    """A TIMEX3 found in a text: span, type, value, mod and the period it denotes."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str | None  # TIMEX3 value: '2025-01', '2024-FA', 'P4M', 'PRESENT_REF', '2025-01/2025-02'
    mod: str | None = None  # START, MID, END, APPROX, BEFORE, AFTER, ON_OR_AFTER, LESS_THAN, MORE_THAN
    period_start: date | None = None
    period_end: date | None = None
    granularity: str | None = None  # day, week, month, quarter, season, year, decade, century, ...
    resolved: bool = True  # False when the value needed a reference date that the document lacks
    quant: str | None = None  # SET only, e.g. 'EVERY'
    freq: str | None = None  # SET only, e.g. '2X'


@dataclass(frozen=True)
class Count:
    """A number of people as a range: 'at least 300' -> (300, None, 'at_least')."""

    count_min: int | None
    count_max: int | None
    qualifier: str  # exact, approx, at_least, at_most, range, vague
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    """One claim of a deployment or casualty, with its evidence and provenance."""

    event_id: str
    doc_id: str
    content_hash: str
    event_type: str  # deployment | casualty
    subtype: str  # sent, planned, withdrawn | killed, wounded, captured, missing, killed_or_wounded
    count_min: int | None
    count_max: int | None
    count_qualifier: str | None
    count_text: str | None
    period_start: date | None
    period_end: date | None
    date_text: str | None
    date_precision: str | None
    reported_date: date | None
    source: str | None
    source_text: str | None
    actor: str | None
    location: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    sentence_start: int
    sentence_end: int
    is_negated: bool = False
    mentions: int = 1
    source_id: str | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    confidence: float | None = (
        None  # tasks/rate_events: P(an annotator codes this claim); None when not rated
    )
    is_confident: bool = True  # confidence at or above the threshold (or not rated)
