"""Claims in text tables: '| Force | Estimated strength | Source |' and its rows.

A factbox or an explainer often lists its estimates in a table that the sentence parser cannot read.
A table here is a block of two or more consecutive lines holding '|' (Markdown or plain pipe tables,
with or without the outer bars: "| Country | Troops |" or "Country | Troops"; a '|---|---|' rule line
is skipped). Its first line is the header, and the header cells say what each column holds
(``resources/events/table_columns.csv``): whose people a row counts, who claims it, when, and which
counts it gives. Every count cell of a data row is one claim. A "Source: ..." line right below the
table names the claimant of the rows that have no source column.
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

_LINE = re.compile(r"[^\n]*\|[^\n]*")  # a line holding a bar
_FOOTER = re.compile(r"[ \t]*(?:sources?|data)[ \t]*:[ \t]*([^;\n]*[^;\s])", re.I)  # "Source: X; Y"
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


@dataclass(frozen=True)
class Table:
    caption: Cell | None  # the line right above ("Estimates as of December 2024")
    header: list[Cell]
    rows: list[list[Cell]]  # the data rows' cells
    lines: list[Cell]  # the data rows' whole lines
    footer: Cell | None  # the claimant a "Source: ..." line below names


def _row(line: re.Match) -> tuple[Cell, list[Cell]] | None:
    """A line's cells between its bars (the outer bars optional), or None for a rule line."""
    start, text = line.start(), line.group(0).rstrip(" \t\r")
    lead = len(text) - len(text.lstrip(" \t"))
    whole = Cell(text.strip(), start + lead, start + len(text))
    inner_start, inner = whole.start, whole.text
    if inner.startswith("|"):
        inner_start, inner = inner_start + 1, inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    if _RULE.match(inner or "|"):
        return None
    cells, pos = [], inner_start
    for part in inner.split("|"):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        cells.append(Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(part) + 1
    return whole, cells


_ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")  # words joined by single spaces; 2+ spaces or a tab part cells
_ALIGNED_GAP = re.compile(r"\S(?: {2,}|\t)\S")
_ALIGNED_WIDTH = 150
_ALIGNED_RULE = re.compile(r"[ \t]*[-=_\u2013\u2014]{5,}[ \t]*")


def _aligned_cells(start: int, line: str) -> list[Cell]:
    return [Cell(c.group(0), start + c.start(), start + c.end()) for c in _ALIGNED_CELL.finditer(line)]


def _aligned_tables(text: str) -> list[Table]:
    """Plain-text tables whose columns are lined up with spaces ('Host   Contributor   Troops'): three or
    more consecutive short lines, each parted into the same number of cells by runs of spaces, a header
    whose first cell holds no figure, and some column with a figure in every data row."""
    blocks: list[list[tuple[int, str]]] = []
    pos, previous = 0, False
    for line in text.split("\n"):
        if _ALIGNED_RULE.fullmatch(line):
            # a rule under the header ("-----") keeps the table open; a rule after its rows closes it (a
            # "Sum of peaks" line may follow)
            previous = previous and len(blocks[-1]) == 1
            pos += len(line) + 1
            continue
        lined_up = "|" not in line and len(line) <= _ALIGNED_WIDTH and bool(_ALIGNED_GAP.search(line))
        if lined_up:
            if previous:
                blocks[-1].append((pos, line))
            else:
                blocks.append([(pos, line)])
        previous = lined_up
        pos += len(line) + 1
    out = []
    for block in blocks:
        rows = [_aligned_cells(start, line) for start, line in block]
        width = len(rows[0])
        if len(rows) < 3 or width < 2 or any(len(r) != width for r in rows):
            continue
        if any(ch.isdigit() for ch in rows[0][0].text):
            continue  # a header names its columns: not "29 June 2026   6 min read"
        if not any(all(any(ch.isdigit() for ch in r[k].text) for r in rows[1:]) for k in range(width)):
            continue
        lines = [Cell(line.strip(), r[0].start, r[-1].end) for r, (_, line) in zip(rows, block, strict=True)]
        end = block[-1][0] + len(block[-1][1])
        out.append(Table(_caption(text, block[0][0]), rows[0], rows[1:], lines[1:], _footer(text, end)))
    return out


def find_tables(text: str) -> list[Table]:
    """Each block of two or more consecutive lines with bars, read as a table (and each block of lines
    lined up in columns by spaces: see _aligned_tables)."""
    blocks: list[list[re.Match]] = []
    for m in _LINE.finditer(text):
        if blocks and text[blocks[-1][-1].end() : m.start()] == "\n":
            blocks[-1].append(m)  # the next line of the same table
        else:
            blocks.append([m])
    out = []
    for block in blocks:
        lines = [r for r in map(_row, block) if r is not None]
        if len(lines) < 2:
            continue
        out.append(
            Table(
                _caption(text, lines[0][0].start),
                lines[0][1],
                [cells for _, cells in lines[1:]],
                [whole for whole, _ in lines[1:]],
                _footer(text, block[-1].end()),
            )
        )
    return out + _aligned_tables(text)


def _footer(text: str, table_end: int) -> Cell | None:
    """The claimant named by a 'Source: X; Y' line right below the table (one blank line allowed)."""
    after = text[table_end:]
    skipped = len(after) - len(after.lstrip("\r\n"))
    if after.count("\n", 0, skipped) > 2:
        return None
    m = _FOOTER.match(after, skipped)
    if m is None:
        return None
    return Cell(m.group(1), table_end + m.start(1), table_end + m.end(1))


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
    for table in find_tables(text):
        roles = [column_role(h.text) for h in table.header]
        if not any(r and "/" in r for r in roles):
            continue  # no column counts anything we read
        for cells, row in zip(table.rows, table.lines, strict=True):
            if len(cells) != len(table.header):
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
                        by_role.get("source", table.footer),
                        by_role.get("date"),
                        table.caption,
                    )
                )
    return out
