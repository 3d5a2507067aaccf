"""Claims in text tables: '| Force | Estimated strength | Source |' and its rows.

A factbox or an explainer often lists its estimates in a table that the sentence parser cannot read.
A table here is a block of two or more lines that start and end with '|' (Markdown or plain pipe
tables; a '|---|---|' rule line is skipped). Its first line is the header, and the header cells say
what each column holds (``resources/events/table_columns.csv``): whose people a row counts, who
claims it, when, and which counts it gives. Every count cell of a data row is one claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from tasks.lexicons import load_csv
from tasks.parse_counts import find_counts
from tasks.records import Count

ROLES = (
    "force",
    "source",
    "date",
    "deployment/sent",
    "deployment/withdrawn",
    "casualty/killed",
    "casualty/wounded",
    "casualty/killed_or_wounded",
    "casualty/captured",
    "casualty/missing",
)

_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)
_RULE = re.compile(r"^[\s|:\-–—]+$")  # "|---|:---:|"


@dataclass(frozen=True)
class Cell:
    text: str
    start: int  # character offsets in the article
    end: int


@dataclass(frozen=True)
class TableClaim:
    """One count of one row: the event it claims and the cells that qualify it."""

    event_type: str
    subtype: str
    count: Count  # offsets in the article
    row: Cell  # the whole row line: the evidence
    force: Cell | None  # the row's 'force' cell, if the table has one
    source: Cell | None
    date: Cell | None
    caption: Cell | None  # the line right above the table ("Estimates as of December 2024")


@cache
def _columns() -> tuple[tuple[re.Pattern, str], ...]:
    rows = load_csv(
        "events/table_columns.csv",
        ["phrase", "role"],
        allowed={"role": ROLES},
        required=["phrase", "role"],
        unique=["phrase"],
        lower=["phrase"],
    )
    phrases = sorted(((r["phrase"], r["role"]) for r in rows), key=lambda p: -len(p[0]))
    return tuple((re.compile(rf"(?<![\w]){re.escape(p)}(?![\w])"), role) for p, role in phrases)


def column_role(header: str) -> str | None:
    """What a column holds, from its header cell: the longest phrase of the lexicon found in it."""
    low = header.lower()
    for phrase, role in _columns():
        if phrase.search(low):
            return role
    return None


def _cells(line: re.Match) -> list[Cell]:
    out = []
    pos = line.start(1)
    for part in line.group(1).split("|"):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        out.append(Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(part) + 1
    return out


def find_tables(text: str) -> list[tuple[Cell | None, list[Cell], list[list[Cell]], list[Cell]]]:
    """Each table as (caption line, header cells, data rows' cells, data row lines)."""
    blocks: list[list[re.Match]] = []
    for m in _ROW.finditer(text):
        if blocks and text[blocks[-1][-1].end() : m.start()] in ("\n", "\r\n"):
            blocks[-1].append(m)  # the next line of the same table
        else:
            blocks.append([m])
    out = []
    for block in blocks:
        lines = [m for m in block if not _RULE.match(m.group(1))]
        if len(lines) < 2:
            continue
        header = _cells(lines[0])
        rows = [_cells(m) for m in lines[1:]]
        row_lines = [_line(m) for m in lines[1:]]
        out.append((_caption(text, lines[0].start()), header, rows, row_lines))
    return out


def _line(m: re.Match) -> Cell:
    line = m.group(0)
    text = line.strip()
    lead = len(line) - len(line.lstrip())
    return Cell(text, m.start() + lead, m.start() + lead + len(text))


def _caption(text: str, table_start: int) -> Cell | None:
    """The non-empty line right above the table (one blank line allowed between)."""
    before = text[:table_start].rstrip("\r\n")
    if not before or text.count("\n", len(before), table_start) > 2:
        return None
    start = before.rfind("\n") + 1
    line = before[start:].strip()
    if not line:
        return None
    lead = len(before[start:]) - len(before[start:].lstrip())
    return Cell(line, start + lead, start + lead + len(line))


def table_claims(text: str) -> list[TableClaim]:
    """Every count of every data row of the article's tables, with the row's force, source and date."""
    out = []
    for caption, header, rows, row_lines in find_tables(text):
        roles = [column_role(h.text) for h in header]
        if not any(r and "/" in r for r in roles):
            continue  # no column counts anything we read
        for cells, row in zip(rows, row_lines, strict=True):
            if len(cells) != len(header):
                continue  # a ragged row: its columns cannot be told apart
            by_role = {r: c for r, c in zip(roles, cells, strict=True) if r and "/" not in r and c.text}
            for role, cell in zip(roles, cells, strict=True):
                if not role or "/" not in role:
                    continue
                counts = [c for c in find_counts(cell.text) if any(ch.isdigit() for ch in c.text)]
                if len(counts) != 1:
                    continue  # "—", "n/a", or two figures in one cell
                count = replace(counts[0], start=cell.start + counts[0].start, end=cell.start + counts[0].end)
                event_type, subtype = role.split("/")
                out.append(
                    TableClaim(
                        event_type,
                        subtype,
                        count,
                        row,
                        by_role.get("force"),
                        by_role.get("source"),
                        by_role.get("date"),
                        caption,
                    )
                )
    return out
