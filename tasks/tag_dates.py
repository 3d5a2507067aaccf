"""Find temporal expressions (TIMEX3) in a text and normalize them against a reference date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from tasks.lexicons import load_csv
from tasks.records import TemporalExpression

TYPES = ("DATE", "TIME", "DURATION", "SET")
MODS = (
    "START",
    "MID",
    "END",
    "APPROX",
    "BEFORE",
    "AFTER",
    "ON_OR_AFTER",
    "ON_OR_BEFORE",
    "LESS_THAN",
    "MORE_THAN",
    "EQUAL_OR_LESS",
    "EQUAL_OR_MORE",
)
S = r"\s{1,4}"
DASH = r"[-\u2010-\u2014]"


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, tuple[str, int]]
    parts: dict[str, tuple[str, int]]
    numbers: dict[str, str]
    units: dict[str, tuple[str, str]]
    modifiers: dict[str, str]
    signals: dict[str, str]
    anchors: dict[str, tuple[str, str, str]]
    times_of_day: dict[str, str]
    sets: dict[str, str]
    tense: dict[str, str]
    ordinals: dict[str, int]


@cache
def _lexicon() -> _Lexicon:
    """All date lexicons of tasks/resources/dates, validated."""
    months = load_csv(
        "dates/months.csv",
        ["word", "month"],
        required=["word", "month"],
        unique=["word"],
        lower=["word"],
        allowed={"month": [str(i) for i in range(1, 13)]},
    )
    weekdays = load_csv(
        "dates/weekdays.csv",
        ["word", "weekday"],
        required=["word", "weekday"],
        unique=["word"],
        lower=["word"],
        allowed={"weekday": [str(i) for i in range(7)]},
    )
    seasons = load_csv(
        "dates/seasons.csv",
        ["word", "code", "first_month", "months"],
        unique=["word"],
        lower=["word"],
        required=["word", "code", "first_month"],
        allowed={"code": ["SP", "SU", "FA", "WI"], "first_month": ["3", "6", "9", "12"]},
    )
    parts = load_csv(
        "dates/part_of_unit.csv",
        ["word", "mod", "third"],
        unique=["word"],
        lower=["word"],
        required=["word", "mod", "third"],
        allowed={"mod": ["START", "MID", "END"], "third": ["1", "2", "3"]},
    )
    numbers = load_csv(
        "dates/numbers.csv", ["word", "value"], unique=["word"], lower=["word"], required=["word", "value"]
    )
    units = load_csv(
        "dates/units.csv",
        ["word", "unit", "granularity"],
        unique=["word"],
        lower=["word"],
        required=["word", "unit", "granularity"],
        allowed={"unit": ["TS", "TM", "TH", "D", "W", "FN", "WE", "M", "Q", "Y", "E", "C"]},
    )
    modifiers = load_csv(
        "dates/modifiers.csv",
        ["word", "mod"],
        unique=["word"],
        lower=["word"],
        required=["word", "mod"],
        allowed={"mod": MODS},
    )
    signals = load_csv(
        "dates/signals.csv",
        ["word", "kind"],
        unique=["word"],
        lower=["word"],
        required=["word", "kind"],
        allowed={"kind": ["since", "by", "until", "before", "after"]},
    )
    anchors = load_csv(
        "dates/anchors.csv",
        ["word", "type", "value", "granularity"],
        unique=["word"],
        lower=["word"],
        required=["word", "type", "value"],
        allowed={"type": TYPES},
    )
    tod = load_csv(
        "dates/times_of_day.csv", ["word", "code"], unique=["word"], lower=["word"], required=["word", "code"]
    )
    sets = load_csv(
        "dates/sets.csv",
        ["word", "value", "freq"],
        unique=["word"],
        lower=["word"],
        required=["word", "value"],
    )
    tense = load_csv(
        "dates/tense_cues.csv",
        ["word", "tense"],
        unique=["word"],
        lower=["word"],
        required=["word", "tense"],
        allowed={"tense": ["past", "future"]},
    )
    ordinals = load_csv(
        "dates/ordinals.csv", ["word", "value"], unique=["word"], lower=["word"], required=["word", "value"]
    )
    for row in numbers:
        if row["value"] != "X" and not row["value"].isdigit():
            from tasks.errors import ResourceError

            raise ResourceError(
                "dates/numbers.csv", int(row["_line"]), f"value {row['value']!r} is not a number or X"
            )
    return _Lexicon(
        months={r["word"]: int(r["month"]) for r in months},
        weekdays={r["word"]: int(r["weekday"]) for r in weekdays},
        seasons={r["word"]: (r["code"], int(r["first_month"])) for r in seasons},
        parts={r["word"]: (r["mod"], int(r["third"])) for r in parts},
        numbers={r["word"]: r["value"] for r in numbers},
        units={r["word"]: (r["unit"], r["granularity"]) for r in units},
        modifiers={r["word"]: r["mod"] for r in modifiers},
        signals={r["word"]: r["kind"] for r in signals},
        anchors={r["word"]: (r["type"], r["value"], r["granularity"]) for r in anchors},
        times_of_day={r["word"]: r["code"] for r in tod},
        sets={r["word"]: r["value"] for r in sets},
        tense={r["word"]: r["tense"] for r in tense},
        ordinals={r["word"]: int(r["value"]) for r in ordinals},
    )


def _alt(words) -> str:
    """A regex alternation of words, longest first, spaces matching any short whitespace run."""
    return "|".join(re.escape(w).replace(r"\ ", S) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _proper(words: dict[str, int], lower_ok: Callable[[str], bool]) -> str:
    """Case-sensitive alternation of Capitalized/UPPER forms (and lower case where allowed)."""
    forms = []
    for w in words:
        full = len(w) > 4 or w in {"may", "june", "july"}
        variants = {w.capitalize(), w.upper()} | ({w} if lower_ok(w) else set())
        for v in variants:
            forms.append(re.escape(v) if full else re.escape(v) + r"\.?")
    forms.sort(key=lambda f: -len(f))
    return "(?-i:" + "|".join(forms) + ")"


@dataclass(frozen=True)
class _Grammar:
    patterns: tuple[tuple[str, re.Pattern], ...]
    signal: re.Pattern
    between: re.Pattern
    connector: re.Pattern
    tokens: re.Pattern


@cache
def _grammar() -> _Grammar:
    """The compiled patterns, built once from the lexicons."""
    lx = _lexicon()
    mon = _proper(lx.months, lambda w: len(w) > 4 and w not in {"march"})
    wd = _proper(lx.weekdays, lambda w: len(w) > 4)
    season = _alt(lx.seasons)
    unit_words = []
    for w in lx.units:
        unit_words += [w, w[:-1] + "ies" if w.endswith("y") and w[-2] not in "aeiou" else w + "s"]
    unit = _alt(unit_words)
    num = r"(?:" + _alt(lx.numbers) + r"|(?<![\d,.])\d{1,3}(?:,\d{3}){0,2}(?:\.\d{1,2})?(?![\d,]))"
    modw = _alt(lx.modifiers)
    part = _alt(w for w, (_, t) in lx.parts.items() if w in {"early", "mid", "late", "earlier", "later"})
    part2 = _alt(w for w in lx.parts if w not in {"early", "mid", "late", "earlier", "later"})
    ordw = _alt(lx.ordinals)
    tod = _alt(w for w in lx.times_of_day if w not in {"overnight"})
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
    year = r"(?<![\w$.,/])(?:1[6-9]\d\d|20\d\d)(?![\w%]|,\d|\.\d)"
    rel = r"(?:this" + S + r"past|this" + S + r"coming|last|next|this|past|coming|previous|following|current)"
    pfx = (
        r"(?:(?P<part>"
        + part
        + r")(?:"
        + DASH
        + r"|"
        + S
        + r")(?:in"
        + S
        + r")?|(?:the"
        + S
        + r")?(?P<part2>"
        + part2
        + r")"
        + S
        + r"of"
        + S
        + r"(?:the"
        + S
        + r")?)?"
    )
    yrel = r"(?:" + S + r"of" + S + r"(?P<yrel>this|last|next|that)" + S + r"year)"
    b = r"(?<![\w.])"
    e = r"(?![\w])"
    pats = {
        "iso": r"(?<![\w-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<hh>[0-2]\d):(?P<mi>[0-5]\d))?(?![\w-])",
        "slash": r"(?<![\w/])(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{4}|\d{2})(?![\w/])",
        "mdy": b
        + r"(?:(?P<wd>"
        + wd
        + r"),?"
        + S
        + r")?(?:(?P<part>early|late|mid)"
        + DASH
        + r"?"
        + S
        + r")?(?P<mon>"
        + mon
        + r")"
        + S
        + r"(?P<d>"
        + day
        + r")(?:(?:,|"
        + S
        + r"|,"
        + S
        + r")(?P<y>"
        + year
        + r"))?"
        + e,
        "dmy": b
        + r"(?:(?P<wd>"
        + wd
        + r"),?"
        + S
        + r")?(?:the"
        + S
        + r")?(?P<d>"
        + day
        + r")"
        + S
        + r"(?:of"
        + S
        + r")?(?P<mon>"
        + mon
        + r")(?:,?"
        + S
        + r"(?P<y>"
        + year
        + r"))?"
        + e,
        "month": b
        + pfx
        + r"(?:(?P<rel>"
        + rel
        + r")"
        + S
        + r")?(?P<mon>"
        + mon
        + r")(?:,?"
        + S
        + r"(?:of"
        + S
        + r")?(?P<y>"
        + year
        + r")|"
        + yrel
        + r")?"
        + e,
        "week_of": b
        + r"(?:the"
        + S
        + r")?(?P<ord>"
        + ordw
        + r")"
        + S
        + r"week"
        + S
        + r"of"
        + S
        + r"(?P<mon>"
        + mon
        + r")(?:,?"
        + S
        + r"(?P<y>"
        + year
        + r"))?"
        + e,
        "year": b
        + pfx
        + r"(?:(?:fiscal|calendar)"
        + S
        + r")?(?P<y>"
        + year
        + r")(?P<later>"
        + S
        + r"or"
        + S
        + r"later|"
        + S
        + r"and"
        + S
        + r"beyond)?"
        + e,
        "decade": b
        + pfx
        + r"(?:the"
        + S
        + r")?(?:(?P<pm>early|mid|late)(?:"
        + DASH
        + r"|"
        + S
        + r"))?(?P<dec>(?:1[6-9]|20)\d0)'?s"
        + e
        + r"|"
        + b
        + r"the"
        + S
        + r"(?:(?P<pm2>early|mid|late)(?:"
        + DASH
        + r"|"
        + S
        + r"))?'(?P<dec2>\d0)s"
        + e,
        "century": b + r"(?:the" + S + r")?(?P<c>1[5-9]|2[01])(?:st|nd|rd|th)" + S + r"century" + e,
        "season": b
        + pfx
        + r"(?:(?P<rel>"
        + rel
        + r"|the)"
        + S
        + r")?(?P<s>"
        + season
        + r")(?:"
        + S
        + r"(?:of"
        + S
        + r")?(?P<y>"
        + year
        + r"))?"
        + e,
        "quarter": b
        + r"(?:the"
        + S
        + r")?(?:(?P<rel>"
        + rel
        + r"|latest|year"
        + DASH
        + r"ago|year"
        + DASH
        + r"earlier)"
        + S
        + r")?(?:(?P<ord>"
        + ordw
        + r")"
        + r"(?:"
        + DASH
        + r"|"
        + S
        + r"))?(?P<u>quarter|half)"
        + r"(?:"
        + S
        + r"of"
        + S
        + r"(?:(?P<y>"
        + year
        + r")|(?P<yrel>this|last|next)"
        + S
        + r"year))?"
        + e,
        "quarter_y": b
        + r"(?:the"
        + S
        + r")?(?P<y>"
        + year
        + r")"
        + S
        + r"(?P<ord>"
        + ordw
        + r")(?:"
        + DASH
        + r"|"
        + S
        + r")(?P<u>quarter|half)"
        + e,
        "rel_unit": b
        + r"(?:(?P<part>"
        + part
        + r")(?:"
        + DASH
        + r"|"
        + S
        + r")|(?:the"
        + S
        + r")?(?P<part2>"
        + part2
        + r")"
        + S
        + r"of"
        + S
        + r")?(?P<the>the"
        + S
        + r")?(?P<rel>"
        + rel
        + r"|latest|same)"
        + S
        + r"(?P<u>year|month|week|weekend|quarter|decade|century|day)"
        + e,
        "the_weekend": b + r"(?P<rel>the)" + S + r"(?P<u>weekend)" + e,
        "in_the_year": b
        + r"(?P<part>early|late|earlier|later)"
        + S
        + r"in"
        + S
        + r"the"
        + S
        + r"(?P<u>year|month|week)"
        + e,
        "anchor": b
        + r"(?:(?P<part>early|late|earlier|later)"
        + S
        + r")?(?P<w>"
        + _alt(lx.anchors)
        + r")(?:"
        + S
        + r"(?P<tod>"
        + tod
        + r"))?"
        + e,
        "tod": b
        + r"(?:(?P<part>early|late|mid)"
        + DASH
        + r"?"
        + S
        + r"?)?(?:(?P<this>this|the|yesterday|tomorrow|today)"
        + S
        + r")?(?P<tod>"
        + tod
        + r"|overnight)(?:"
        + S
        + r"(?P<w2>yesterday|today|tomorrow))?"
        + e,
        "weekday": b
        + r"(?:(?P<part>early|late|earlier|later)"
        + S
        + r")?(?:(?P<rel>"
        + rel
        + r")"
        + S
        + r")?(?P<wd>"
        + wd
        + r")(?:"
        + S
        + r"(?P<tod>"
        + tod
        + r"))?"
        + e,
        "weekday_tod": b + r"(?P<tod>" + tod + r")" + S + r"(?P<wd>" + wd + r")" + e,
        "clock": r"(?<![\w:.])(?:(?P<mod>about|around|approximately)"
        + S
        + r")?(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?"
        + S
        + r"?(?P<ap>[ap]\.?m\.?)(?=\W|$)(?:"
        + S
        + r"(?P<wd>"
        + wd
        + r"))?",
        "ago": b
        + r"(?:(?P<mod>"
        + modw
        + r")"
        + S
        + r")?(?P<n>"
        + num
        + r")"
        + S
        + r"(?:(?:or"
        + S
        + r"so|more)"
        + S
        + r")?(?P<u>"
        + unit
        + r")"
        + S
        + r"(?:or"
        + S
        + r"so"
        + S
        + r")?(?P<dir>ago|earlier|later"
        + r"|from"
        + S
        + r"now|before|after)"
        + e,
        "duration": b
        + r"(?:(?P<mod>"
        + modw
        + r")"
        + S
        + r"(?!the\b|past\b|last\b|next\b))?(?:(?P<the>the"
        + S
        + r")?(?P<rel>past|last|next|"
        + r"first|coming|latest|previous|following|final|past"
        + S
        + r"few|next"
        + S
        + r"few|last"
        + S
        + r"few)"
        + S
        + r"|the"
        + S
        + r")?(?P<n>"
        + num
        + r")(?:"
        + S
        + r"(?:more|additional|straight|consecutive|full))?(?:"
        + S
        + r"|"
        + DASH
        + r")(?P<u>"
        + unit
        + r")(?:"
        + DASH
        + r"(?:long|old))?"
        + e,
        "vague_units": b
        + r"(?:(?P<the>the"
        + S
        + r")?(?P<rel>recent|coming|past|next|last|previous)"
        + S
        + r"(?:(?:few|several|many)"
        + S
        + r")?)(?P<u>"
        + unit
        + r")"
        + e,
        "for_units": r"(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bwithin\s)|(?<=\bover\s))(?:the"
        + S
        + r")?(?P<u>years|months|weeks|days|decades|hours)"
        + e
        + r"(?!"
        + S
        + r"(?:ago|before|after|later|earlier))",
        "set_word": b + r"(?P<w>" + _alt(lx.sets) + r")" + e,
        "set_every": b
        + r"(?:(?P<freq>once|twice|(?:"
        + num
        + r")"
        + S
        + r"times)"
        + S
        + r")?(?P<q>every|each|per|a|an)"
        + S
        + r"(?P<u>"
        + unit
        + r")"
        + e,
    }
    del pats["weekday_tod"]
    compiled = tuple((name, re.compile(p, re.I)) for name, p in pats.items())
    signal = re.compile(
        r"(?<![\w])(?P<s>"
        + _alt(lx.signals)
        + r")"
        + S
        + r"(?:(?:early|as"
        + S
        + r"early"
        + S
        + r"as|mid|late)"
        + S
        + r")?$",
        re.I,
    )
    between = re.compile(r"(?<![\w])(?P<b>between|from)" + S + r"$", re.I)
    connector = re.compile(r"^" + S + r"?(?P<c>and|to|through|until|till|" + DASH + r")" + S + r"?$", re.I)
    tokens = re.compile(r"[A-Za-z']+")
    return _Grammar(compiled, signal, between, connector, tokens)


# --- calendar helpers -------------------------------------------------------------------------


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _shift_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _week_value(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _season_interval(y: int, code: str) -> tuple[dt.date, dt.date]:
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    start = dt.date(y, first, 1)
    return start, _shift_months(start, 3) - dt.timedelta(days=1)


def _third(start: dt.date, end: dt.date, third: int, gran: str) -> tuple[dt.date, dt.date]:
    """The first, middle or last third of an interval (a month: 1-10, 11-20, 21-end)."""
    if gran == "month":
        bounds = {1: (1, 10), 2: (11, 20), 3: (21, end.day)}[third]
        return start.replace(day=bounds[0]), start.replace(day=bounds[1])
    if gran == "decade":
        first, last = {1: (0, 3), 2: (4, 6), 3: (7, 9)}[third]
        return dt.date(start.year + first, 1, 1), dt.date(start.year + last, 12, 31)
    if gran in ("year", "season", "quarter", "half", "century"):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        k = months // 3 if months >= 3 else 1
        if third == 1:
            return start, _shift_months(start, k) - dt.timedelta(days=1)
        if third == 2:
            return _shift_months(start, k), _shift_months(start, 2 * k) - dt.timedelta(days=1)
        return _shift_months(start, 2 * k), end
    days = (end - start).days + 1
    k = max(1, round(days / 3))
    if third == 1:
        return start, start + dt.timedelta(days=k - 1)
    if third == 2:
        return start + dt.timedelta(days=k), end - dt.timedelta(days=k)
    return end - dt.timedelta(days=k - 1), end


# --- context ----------------------------------------------------------------------------------


def _future(text: str, start: int, end: int) -> bool:
    """Whether the words around a span point ahead of the reference date (nearest cue wins)."""
    g = _grammar()
    tense = _lexicon().tense
    left = text[max(0, start - 160) : start]
    cut = max(left.rfind(". "), left.rfind("\n"), left.rfind("? "), left.rfind("! "), left.rfind("; "))
    left = left[cut + 1 :]
    right = text[end : end + 100]
    m = re.search(r"[.!?;\n]", right)
    right = right[: m.start()] if m else right
    best: tuple[int, str] | None = None
    for i, tok in enumerate(reversed(g.tokens.findall(left))):
        t = _cue(tok.lower(), tense)
        if t:
            best = (i, t)
            break
    for i, tok in enumerate(g.tokens.findall(right), start=1):
        if best is not None and i > best[0]:
            break
        t = _cue(tok.lower(), tense)
        if t:
            best = (i, t)
            break
    return best is not None and best[1] == "future"


def _cue(tok: str, tense: dict[str, str]) -> str | None:
    if tok in tense:
        return tense[tok]
    if len(tok) > 4 and tok.endswith("ed"):
        return "past"
    return None


# --- normalizers ------------------------------------------------------------------------------


@dataclass
class _T:
    """A normalized expression before it becomes a TemporalExpression."""

    type: str
    value: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    granularity: str | None = None
    mod: str | None = None
    resolved: bool = True
    quant: str | None = None
    freq: str | None = None


def _word(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").lower()).rstrip(".")


def _month_of(s: str) -> int:
    return _lexicon().months[_word(s)]


def _num(s: str) -> str:
    w = _word(s).replace(",", "")
    lx = _lexicon()
    if w in lx.numbers:
        return lx.numbers[w]
    if re.fullmatch(r"\d+", w):
        return str(int(w))
    if re.fullmatch(r"\d+\.\d+", w):
        return w
    return "X"


def _unit(s: str) -> tuple[str, str]:
    w = _word(s)
    units = _lexicon().units
    if w in units:
        return units[w]
    if w.endswith("ies") and w[:-3] + "y" in units:
        return units[w[:-3] + "y"]
    return units[w[:-1]]


def _duration_value(n: str, u: str) -> str:
    if n == "X":
        return {
            "TS": "PTXS",
            "TM": "PTXM",
            "TH": "PTXH",
            "Q": "PXM",
            "E": "PXE",
            "C": "PXC",
            "FN": "PXW",
            "WE": "PXD",
        }.get(u, f"PX{u}")
    if "." in n:
        q = float(n)
        if u == "Y" and q * 12 == int(q * 12):
            return f"P{int(q * 12)}M"
        if u == "TH" and q * 60 == int(q * 60):
            return f"PT{int(q * 60)}M"
        return f"P{n}{u.lstrip('T')}" if not u.startswith("T") else f"PT{n}{u[1]}"
    k = int(n)
    if u.startswith("T"):
        return f"PT{k}{u[1]}"
    return {
        "Q": f"P{3 * k}M",
        "E": f"P{10 * k}Y" if k > 1 else "P1DE",
        "C": f"P{100 * k}Y" if k > 1 else "P1CE",
        "FN": f"P{2 * k}W",
        "WE": f"P{2 * k}D",
    }.get(u, f"P{k}{u}")


def _month_year(m: int, d: int | None, ref: dt.date, direction: str) -> int:
    """Year of a month (and day) given without one: latest not after ref, or ahead when future."""
    key, rkey = (m, d or 0), (ref.month, ref.day if d else 0)
    if direction == "last":
        return ref.year if m < ref.month else ref.year - 1
    if direction == "next":
        return ref.year if m > ref.month else ref.year + 1
    if direction == "this":
        return ref.year
    if direction == "future":
        return ref.year if key >= rkey else ref.year + 1
    return ref.year if key <= rkey else ref.year - 1


def _direction(rel: str | None, text: str, span: tuple[int, int]) -> str:
    r = _word(rel)
    if r in ("last", "past", "previous", "this past"):
        return "last"
    if r in ("next", "coming", "this coming", "following"):
        return "next"
    if r == "this":
        return "future" if _future(text, *span) else "past"
    return "future" if _future(text, *span) else "past"


def _apply_part(t: _T, m: re.Match) -> _T:
    gd = m.groupdict()
    w = gd.get("part") or gd.get("part2")
    if not w or t.start is None:
        if w:
            t.mod = _lexicon().parts[_word(w)][0]
        return t
    mod, third = _lexicon().parts[_word(w)]
    t.mod = mod
    t.start, t.end = _third(t.start, t.end, third, t.granularity or "day")
    return t


@lru_cache(maxsize=4096)
def _dateparser_md(phrase: str, has_year: bool) -> tuple[int, int, int] | None:
    """Month, day (and year) of an explicit date string, parsed by dateparser (no defaults from today)."""
    import dateparser

    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": dt.datetime(2000, 1, 1),
        "REQUIRE_PARTS": ["day", "month"] + (["year"] if has_year else []),
        "DATE_ORDER": "MDY",
        "PARSERS": ["absolute-time"],
    }
    got = dateparser.parse(phrase, languages=["en"], settings=settings)
    if got is None:
        return None
    return got.year, got.month, got.day


def _explicit_day(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    mon = _month_of(m.group("mon"))
    d = int(re.match(r"\d+", m.group("d")).group())
    y = int(m.group("y")) if m.group("y") else None
    phrase = f"{calendar.month_name[mon]} {d}" + (f", {y}" if y else "")
    parsed = _dateparser_md(phrase, y is not None)
    if parsed is None:
        try:
            dt.date(y or 2000, mon, d)
        except ValueError:
            return None
    if y is None:
        if ref is None:
            return _T("DATE", f"XXXX-{mon:02d}-{d:02d}", granularity="day", resolved=False)
        y = _month_year(mon, d, ref, _direction(None, text, m.span()))
        if mon == 2 and d == 29 and not calendar.isleap(y):
            return None
    day = dt.date(y, mon, d)
    t = _T("DATE", day.isoformat(), day, day, "day")
    return t


def _norm_iso(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    try:
        day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    if m.group("hh"):
        return _T("TIME", f"{day.isoformat()}T{m.group('hh')}:{m.group('mi')}", day, day, "time")
    return _T("DATE", day.isoformat(), day, day, "day")


def _norm_slash(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    y = int(m.group("y"))
    if y < 100:
        y += 1900 if y > 30 else 2000
    try:
        day = dt.date(y, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    return _T("DATE", day.isoformat(), day, day, "day")


def _norm_mdy(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    if not m.group("y") and _word(m.group("mon")) in ("may", "march", "mar") and not m.group("wd"):
        if re.match(r"\s*(?:%|percent|million|billion)", text[m.end() :]):
            return None
    t = _explicit_day(m, text, ref)
    if t is None:
        return None
    if m.groupdict().get("part"):
        t.mod = _lexicon().parts[_word(m.group("part"))][0]
    return t


def _norm_month(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    mon = _month_of(m.group("mon"))
    w = _word(m.group("mon"))
    if w == "may" and not (
        m.group("y") or m.group("rel") or m.group("part") or m.group("part2") or m.group("yrel")
    ):
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(
            r"\b(?:in|since|by|until|of|from|through|to|and|early|late|mid|last|next|this)\s+$", before
        ):
            return None
    if w == "march" and not (m.group("y") or m.group("rel") or m.group("part") or m.group("part2")):
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"\b(?:in|since|by|until|of|from|through|to|and|last|next|this)\s+$", before):
            return None
    if m.group("y"):
        y = int(m.group("y"))
    elif m.group("yrel"):
        if ref is None:
            return _T("DATE", None, granularity="month", resolved=False, mod=None)
        y = ref.year + {"this": 0, "that": 0, "last": -1, "next": 1}[_word(m.group("yrel"))]
    else:
        if ref is None:
            t = _T("DATE", f"XXXX-{mon:02d}", granularity="month", resolved=False)
            return _apply_part(t, m)
        y = _month_year(mon, None, ref, _direction(m.group("rel"), text, m.span()))
    t = _T("DATE", f"{y}-{mon:02d}", dt.date(y, mon, 1), _month_end(y, mon), "month")
    return _apply_part(t, m)


def _norm_week_of(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    mon = _month_of(m.group("mon"))
    k = _lexicon().ordinals[_word(m.group("ord"))]
    if m.group("y"):
        y = int(m.group("y"))
    elif ref is None:
        return _T(
            "DATE", f"XXXX-{mon:02d}", granularity="week", resolved=False, mod="START" if k == 1 else None
        )
    else:
        y = _month_year(mon, None, ref, _direction(None, text, m.span()))
    last = _month_end(y, mon)
    if k == -1:
        start, end = last - dt.timedelta(days=6), last
    else:
        start = dt.date(y, mon, min(1 + 7 * (k - 1), last.day))
        end = min(start + dt.timedelta(days=6), last)
    mod = "START" if k == 1 else "END" if k == -1 else None
    return _T("DATE", f"{y}-{mon:02d}", start, end, "week", mod)


def _norm_year(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    y = int(m.group("y"))
    after = text[m.end() : m.end() + 20]
    if (
        re.match(
            r"\s*(?:[-\u2013]\s*\d|%|percent|million|billion|people|troops|soldiers|men|cases|points|\w+s\b(?<!years))",
            after,
            re.I,
        )
        and not m.group("part")
        and not m.group("part2")
    ):
        if not re.match(r"\s*[-\u2013]\s*(?:19|20)?\d\d\b", after):
            return None
    before = text[max(0, m.start() - 3) : m.start()]
    if before.endswith(("$", "No", "#")):
        return None
    t = _T("DATE", str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    if m.group("later"):
        t.mod = "ON_OR_AFTER"
        t.end = None
    return _apply_part(t, m)


def _norm_decade(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    if m.group("dec"):
        d = int(m.group("dec"))
        pm = m.group("pm")
    else:
        d = 1900 + int(m.group("dec2"))
        pm = m.group("pm2")
    t = _T("DATE", str(d)[:3], dt.date(d, 1, 1), dt.date(d + 9, 12, 31), "decade")
    t = _apply_part(t, m)
    if pm:
        mod, third = _lexicon().parts[_word(pm)]
        t.mod = mod
        t.start, t.end = _third(t.start, t.end, third, "decade")
    return t


def _norm_century(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    c = int(m.group("c"))
    start = dt.date((c - 1) * 100 + 1 if c > 1 else 1, 1, 1)
    return _T("DATE", f"{c - 1:02d}", start, dt.date(c * 100, 12, 31), "century")


def _norm_season(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    code = _lexicon().seasons[_word(m.group("s"))][0]
    rel = _word(m.group("rel"))
    w = _word(m.group("s"))
    if w in ("fall", "spring") and not (rel or m.group("y") or m.group("part") or m.group("part2")):
        return None
    if m.group("y"):
        y = int(m.group("y"))
    elif ref is None:
        return _apply_part(_T("DATE", f"XXXX-{code}", granularity="season", resolved=False), m)
    else:
        direction = _direction(rel if rel != "the" else None, text, m.span())
        y = ref.year - 1 if code == "WI" and ref.month <= 2 else ref.year
        cand = [(yy, *_season_interval(yy, code)) for yy in (y - 2, y - 1, y, y + 1, y + 2)]
        if direction == "last":
            pick = [c for c in cand if c[2] < ref][-1]
        elif direction == "next":
            pick = [c for c in cand if c[1] > ref][0]
        elif direction == "future":
            pick = [c for c in cand if c[2] >= ref][0]
        else:
            pick = [c for c in cand if c[1] <= ref][-1]
        y = pick[0]
    start, end = _season_interval(y, code)
    return _apply_part(_T("DATE", f"{y}-{code}", start, end, "season"), m)


def _norm_quarter(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    u = _word(m.group("u"))
    ordw = _word(m.group("ord"))
    rel = _word(m.groupdict().get("rel"))
    k = _lexicon().ordinals.get(ordw) if ordw else None
    n = 4 if u == "quarter" else 2
    letter = "Q" if u == "quarter" else "H"
    if k == -1:
        k = n
    if k is not None and not 1 <= k <= n:
        return None
    if not k and not rel and not m.group("y") and not m.groupdict().get("yrel"):
        if not re.search(
            r"\bthe\s+$", text[max(0, m.start() - 5) : m.start()] + m.group(0)[:4]
        ) and not m.group(0).lower().startswith("the"):
            return None
    if m.group("y"):
        y = int(m.group("y"))
    elif ref is None:
        return _T("DATE", None, granularity="quarter" if n == 4 else "half", resolved=False)
    elif m.groupdict().get("yrel"):
        y = ref.year + {"this": 0, "last": -1, "next": 1}[_word(m.group("yrel"))]
    else:
        y = ref.year
    cur = (ref.month - 1) // (12 // n) + 1 if ref else 1
    if not k:
        if rel in ("last", "previous", "past"):
            k, y = (cur - 1, y) if cur > 1 else (n, y - 1)
        elif rel in ("next", "coming", "following"):
            k, y = (cur + 1, y) if cur < n else (1, y + 1)
        elif rel in ("this", "current"):
            k = cur
        elif rel and rel.startswith("year"):
            k, y = cur - 1 if cur > 1 else n, (y - 1 if cur > 1 else y - 2)
        else:
            return _T("DATE", f"{y}-{letter}X", granularity="quarter" if n == 4 else "half")
    elif rel and rel.startswith("year"):
        y -= 1
    elif (
        not m.group("y")
        and not m.groupdict().get("yrel")
        and ref
        and k > cur
        and not _future(text, *m.span())
    ):
        y -= 1
    months = 12 // n
    start = dt.date(y, (k - 1) * months + 1, 1)
    end = _shift_months(start, months) - dt.timedelta(days=1)
    return _T("DATE", f"{y}-{letter}{k}", start, end, "quarter" if n == 4 else "half")


def _norm_rel_unit(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    rel = _word(m.group("rel"))
    u = _word(m.group("u"))
    gd = m.groupdict()
    if rel in ("same", "following", "previous") or (rel == "past" and not m.group("the") and u == "day"):
        return None
    if u == "day":
        if rel not in ("next", "previous", "following"):
            return None
        return None
    if gd.get("the") and rel in ("past", "last", "next", "coming") and u not in ("weekend",):
        gran = {"year": "Y", "month": "M", "week": "W", "quarter": "Q", "decade": "E", "century": "C"}[u]
        return _T("DURATION", _duration_value("1", gran), granularity=u)
    if ref is None:
        return _T("DATE", None, granularity=u, resolved=False)
    off = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if u == "year":
        y = ref.year + off
        t = _T("DATE", str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    elif u == "month":
        s = _shift_months(ref.replace(day=1), off)
        t = _T("DATE", f"{s.year}-{s.month:02d}", s, _month_end(s.year, s.month), "month")
    elif u == "week":
        s = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=off)
        t = _T("DATE", _week_value(s), s, s + dt.timedelta(days=6), "week")
    elif u == "weekend":
        sat = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)
        if off:
            sat += dt.timedelta(weeks=off) if off > 0 or ref.weekday() >= 5 else dt.timedelta(0)
        elif ref.weekday() < 5 and _future(text, *m.span()):
            sat += dt.timedelta(weeks=1)
        t = _T("DATE", _week_value(sat) + "-WE", sat, sat + dt.timedelta(days=1), "week")
    elif u == "quarter":
        q = (ref.month - 1) // 3 + off
        y = ref.year + q // 4
        q = q % 4 + 1
        s = dt.date(y, 3 * q - 2, 1)
        t = _T("DATE", f"{y}-Q{q}", s, _shift_months(s, 3) - dt.timedelta(days=1), "quarter")
    elif u == "decade":
        d = ref.year // 10 * 10 + 10 * off
        t = _T("DATE", str(d)[:3], dt.date(d, 1, 1), dt.date(d + 9, 12, 31), "decade")
    else:
        c = ref.year // 100 + off
        t = _T("DATE", f"{c:02d}", dt.date(c * 100, 1, 1), dt.date(c * 100 + 99, 12, 31), "century")
    return _apply_part(t, m)


def _norm_in_the_year(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    u = _word(m.group("u"))
    if ref is None:
        return _T(
            "DATE", None, granularity=u, resolved=False, mod=_lexicon().parts[_word(m.group("part"))][0]
        )
    if u == "year":
        t = _T("DATE", str(ref.year), dt.date(ref.year, 1, 1), dt.date(ref.year, 12, 31), "year")
    elif u == "month":
        t = _T(
            "DATE",
            f"{ref.year}-{ref.month:02d}",
            ref.replace(day=1),
            _month_end(ref.year, ref.month),
            "month",
        )
    else:
        s = ref - dt.timedelta(days=ref.weekday())
        t = _T("DATE", _week_value(s), s, s + dt.timedelta(days=6), "week")
    return _apply_part(t, m)


def _day_value(day: dt.date, tod: str | None) -> _T:
    if tod:
        code = _lexicon().times_of_day[_word(tod)]
        return _T("TIME", day.isoformat() + code, day, day, "time")
    return _T("DATE", day.isoformat(), day, day, "day")


def _norm_anchor(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    typ, value, gran = _lexicon().anchors[_word(m.group("w"))]
    w = _word(m.group("w"))
    if w == "current" and re.match(r"\s+(?:account|affairs|events)\b", text[m.end() :], re.I):
        return None
    if value.endswith("_REF"):
        if ref is None:
            return _T(typ, value, granularity=gran or None, resolved=False)
        if value == "PRESENT_REF":
            return _T(typ, value, ref, ref, "day")
        if value == "PAST_REF":
            return _T(typ, value, None, ref, None)
        return _T(typ, value, ref, None, None)
    if ref is None:
        return _T(typ, None, granularity="day", resolved=False)
    base, _, code = value.partition(" ")
    off = int(base[3:] or 0)
    day = ref + dt.timedelta(days=off)
    if code:
        return _T("TIME", day.isoformat() + code, day, day, "time")
    t = _day_value(day, m.group("tod"))
    if m.group("part"):
        t.mod = _lexicon().parts[_word(m.group("part"))][0]
    return t


def _norm_tod(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    this = _word(m.group("this"))
    w2 = _word(m.group("w2"))
    tod = _word(m.group("tod"))
    if not this and not w2 and tod not in ("midday", "noon", "midnight", "overnight"):
        return None
    if this == "the" and tod == "night":
        return None
    if ref is None:
        return _T("TIME", None, granularity="time", resolved=False)
    anchor = this if this in ("yesterday", "tomorrow", "today") else w2
    off = {"yesterday": -1, "tomorrow": 1}.get(anchor, 0)
    day = ref + dt.timedelta(days=off)
    code = _lexicon().times_of_day.get(tod, "TNI")
    t = _T("TIME", day.isoformat() + code, day, day, "time")
    if m.group("part"):
        t.mod = _lexicon().parts[_word(m.group("part"))][0]
    return t


def _norm_weekday(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    wdn = _lexicon().weekdays[_word(m.group("wd"))]
    if ref is None:
        return _T("DATE", f"XXXX-WXX-{wdn + 1}", granularity="day", resolved=False)
    rel = _word(m.group("rel"))
    back = (ref.weekday() - wdn) % 7
    fwd = (wdn - ref.weekday()) % 7
    if rel in ("last", "past", "previous", "this past"):
        day = ref - dt.timedelta(days=back or 7)
    elif rel in ("next", "coming", "this coming", "following"):
        day = ref + dt.timedelta(days=fwd or 7)
    elif back == 0:
        day = ref
    elif _future(text, *m.span()):
        day = ref + dt.timedelta(days=fwd)
    else:
        day = ref - dt.timedelta(days=back)
    t = _day_value(day, m.group("tod"))
    if m.group("part"):
        t.mod = _lexicon().parts[_word(m.group("part"))][0]
    return t


def _norm_clock(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    h = int(m.group("h"))
    if h > 12 or h == 0:
        return None
    pm = m.group("ap").lower().startswith("p")
    h = (h % 12) + (12 if pm else 0)
    mi = m.group("mi") or "00"
    day = ref
    if m.group("wd") and ref is not None:
        wdn = _lexicon().weekdays[_word(m.group("wd"))]
        day = ref - dt.timedelta(days=(ref.weekday() - wdn) % 7)
    if day is None:
        return _T("TIME", f"XXXX-XX-XXT{h:02d}:{mi}", granularity="time", resolved=False)
    t = _T("TIME", f"{day.isoformat()}T{h:02d}:{mi}", day, day, "time")
    if m.group("mod"):
        t.mod = "APPROX"
    return t


def _norm_ago(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    n = _num(m.group("n"))
    ucode, gran = _unit(m.group("u"))
    dirw = _word(m.group("dir"))
    mod = _lexicon().modifiers.get(_word(m.group("mod"))) if m.group("mod") else None
    if dirw in ("before", "after"):
        return None
    if dirw in ("earlier", "later"):
        t = _T("DURATION", _duration_value(n, ucode), granularity=gran, mod=mod)
        return t
    if n == "X" or ref is None or "." in n or ucode.startswith("T"):
        return _T("DATE", "PAST_REF" if n == "X" else None, None, ref, gran, mod, resolved=ref is not None)
    k = int(n) * (1 if dirw == "ago" else -1)
    if ucode == "D":
        day = ref - dt.timedelta(days=k)
        return _T("DATE", day.isoformat(), day, day, "day", mod)
    if ucode in ("W", "FN"):
        day = ref - dt.timedelta(weeks=k * (2 if ucode == "FN" else 1))
        s = day - dt.timedelta(days=day.weekday())
        return _T("DATE", _week_value(s), s, s + dt.timedelta(days=6), "week", mod)
    if ucode in ("M", "Q"):
        s = _shift_months(ref.replace(day=1), -k * (3 if ucode == "Q" else 1))
        return _T("DATE", f"{s.year}-{s.month:02d}", s, _month_end(s.year, s.month), "month", mod)
    if ucode in ("Y", "E", "C"):
        y = ref.year - k * {"Y": 1, "E": 10, "C": 100}[ucode]
        return _T("DATE", str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year", mod)
    return None


def _norm_duration(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    n = _num(m.group("n"))
    ucode, gran = _unit(m.group("u"))
    uw = _word(m.group("u"))
    nw = _word(m.group("n"))
    if nw in ("some", "many") and not m.group("rel"):
        return None
    if nw in ("a", "an", "one") and uw in ("day", "night") and not m.group("mod") and not m.group("rel"):
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if (
            re.search(r"(?:\bone|\bsome|\bper|\btimes|\bonce|\btwice)\s+$", before)
            or nw == "one"
            and not re.search(r"\bfor\s+$", before)
        ):
            return None
    mod = _lexicon().modifiers.get(_word(m.group("mod"))) if m.group("mod") else None
    if ucode == "WE" and n == "1":
        return None
    return _T("DURATION", _duration_value(n, ucode), granularity=gran, mod=mod)


def _norm_vague_units(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    ucode, gran = _unit(m.group("u"))
    if not _word(m.group("u")).endswith("s"):
        return None
    return _T("DURATION", _duration_value("X", ucode), granularity=gran)


def _norm_for_units(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    ucode, gran = _unit(m.group("u"))
    return _T("DURATION", _duration_value("X", ucode), granularity=gran)


def _norm_set_word(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    w = _word(m.group("w"))
    if m.group("w")[0].isupper() and re.match(r"\s+[A-Z]", text[m.end() :]):
        return None
    if w == "annual" and not re.match(r"\s+(?:basis|rate)\b", text[m.end() :]):
        return None
    return _T("SET", _lexicon().sets[w], quant=None, granularity=None)


def _norm_set_every(m: re.Match, text: str, ref: dt.date | None) -> _T | None:
    q = _word(m.group("q"))
    ucode, gran = _unit(m.group("u"))
    if _word(m.group("u")).endswith("s"):
        return None
    if q in ("a", "an"):
        before = text[max(0, m.start() - 20) : m.start()].lower()
        if not m.group("freq") and not re.search(
            r"(?:\d|percent|%|cents|dollars|million|billion)\s*$", before
        ):
            return None
    freq = None
    if m.group("freq"):
        f = _word(m.group("freq"))
        freq = {"once": "1X", "twice": "2X"}.get(f) or f"{_num(f.split()[0])}X"
    quant = "EVERY" if q in ("every", "each") else None
    return _T("SET", _duration_value("1", ucode), granularity=gran, quant=quant, freq=freq)


_NORMALIZERS: dict[str, Callable[[re.Match, str, dt.date | None], _T | None]] = {
    "iso": _norm_iso,
    "slash": _norm_slash,
    "mdy": _norm_mdy,
    "dmy": _norm_mdy,
    "month": _norm_month,
    "week_of": _norm_week_of,
    "year": _norm_year,
    "decade": _norm_decade,
    "century": _norm_century,
    "season": _norm_season,
    "quarter": _norm_quarter,
    "quarter_y": _norm_quarter,
    "rel_unit": _norm_rel_unit,
    "in_the_year": _norm_in_the_year,
    "the_weekend": _norm_rel_unit,
    "anchor": _norm_anchor,
    "tod": _norm_tod,
    "weekday": _norm_weekday,
    "clock": _norm_clock,
    "ago": _norm_ago,
    "duration": _norm_duration,
    "vague_units": _norm_vague_units,
    "for_units": _norm_for_units,
    "set_word": _norm_set_word,
    "set_every": _norm_set_every,
}


# --- assembly ---------------------------------------------------------------------------------


def _candidates(text: str, ref: dt.date | None) -> list[tuple[int, int, _T]]:
    """All normalized matches, longest first at each position, then resolved to non-overlapping spans."""
    found = []
    for prio, (name, pattern) in enumerate(_grammar().patterns):
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            t = _NORMALIZERS[name](m, text, ref)
            if t is not None:
                found.append((m.start(), m.end(), prio, t))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[tuple[int, int, _T]] = []
    occupied = bytearray(len(text))
    for start, end, _, t in found:
        if occupied.find(1, start, end) < 0:
            occupied[start:end] = b"\x01" * (end - start)
            taken.append((start, end, t))
    taken.sort(key=lambda x: x[0])
    return taken


def _apply_signal(text: str, start: int, t: _T, ref: dt.date | None) -> None:
    """Bound the period by a signal word just before the span (since, by, until, before, after)."""
    if t.type not in ("DATE", "TIME") or (t.start is None and t.end is None):
        return
    m = _grammar().signal.search(text, max(0, start - 25), start)
    if not m:
        return
    kind = _lexicon().signals[_word(m.group("s"))]
    if kind == "since":
        t.mod = t.mod or "ON_OR_AFTER"
        if t.value in ("PAST_REF",):
            return
        t.end = ref if ref is not None and (t.start is None or ref >= t.start) else None
    elif kind in ("by", "until"):
        t.start = None
    elif kind == "before":
        t.mod = t.mod or "BEFORE"
        t.end = t.start - dt.timedelta(days=1) if t.start else None
        t.start = None
    elif kind == "after":
        t.mod = t.mod or "AFTER"
        t.start = t.end + dt.timedelta(days=1) if t.end else None
        t.end = None


def _merge_ranges(text: str, items: list[tuple[int, int, _T]]) -> list[tuple[int, int, _T]]:
    """'January and February', 'between January and March', 'from 2022 to 2024' become one interval."""
    g = _grammar()
    out: list[tuple[int, int, _T]] = []
    i = 0
    while i < len(items):
        s1, e1, t1 = items[i]
        if i + 1 < len(items):
            s2, e2, t2 = items[i + 1]
            c = g.connector.match(text[e1:s2])
            lead = g.between.search(text, max(0, s1 - 10), s1)
            ok = (
                c
                and t1.type == t2.type == "DATE"
                and t1.granularity == t2.granularity
                and t1.granularity in ("month", "year", "day", "season", "quarter")
                and t1.start
                and t2.end
                and t1.value
                and t2.value
                and "/" not in t1.value
                and not t1.mod
                and not t2.mod
            )
            word = _word(c.group("c")) if c else ""
            if ok and word == "and" and not lead and t1.granularity != "month":
                ok = False
            if ok and word == "and" and lead and _word(lead.group("b")) == "from":
                ok = False
            if (
                ok
                and t1.start > t2.start
                and t1.granularity == "month"
                and not re.search(r"\d{4}", text[s1:e1])
            ):
                y = t2.start.year - (1 if t1.start.month > t2.start.month else 0)
                t1 = _T(
                    "DATE",
                    f"{y}-{t1.start.month:02d}",
                    dt.date(y, t1.start.month, 1),
                    _month_end(y, t1.start.month),
                    "month",
                )
            if ok and t1.start <= t2.start:
                start = lead.start() if lead else s1
                merged = _T("DATE", f"{t1.value}/{t2.value}", t1.start, t2.end, t1.granularity)
                out.append((start, e2, merged))
                i += 2
                continue
        out.append(items[i])
        i += 1
    return out


def tag_text(text: str, dct: dt.date | None) -> list[TemporalExpression]:
    """Every temporal expression in text, sorted by start, non-overlapping, normalized against dct."""
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    items = _merge_ranges(text, _candidates(text, dct))
    out = []
    for start, end, t in items:
        _apply_signal(text, start, t, dct)
        if t.value is None or "XXXX" in (t.value or ""):
            t.resolved = t.resolved and t.value is not None and "XXXX" not in t.value
        out.append(
            TemporalExpression(
                start=start,
                end=end,
                text=text[start:end],
                type=t.type,
                value=t.value,
                mod=t.mod,
                period_start=t.start if t.type in ("DATE", "TIME") else None,
                period_end=t.end if t.type in ("DATE", "TIME") else None,
                granularity=t.granularity,
                resolved=t.resolved,
                quant=t.quant,
                freq=t.freq,
            )
        )
    return out


def timex_to_json(t: TemporalExpression) -> dict:
    """A JSON-ready dict of a TemporalExpression (ISO dates, null for open bounds)."""
    return {
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "type": t.type,
        "value": t.value,
        "mod": t.mod,
        "period_start": t.period_start.isoformat() if t.period_start else None,
        "period_end": t.period_end.isoformat() if t.period_end else None,
        "granularity": t.granularity,
    }
