"""Find temporal expressions (TIMEX3) in a text and normalize them against a reference date.

Patterns live in resources/dates/patterns.jsonl, words in the other files of resources/dates/;
this module expands the patterns, collects every match, keeps the longest non-overlapping ones
and turns each into a TIMEX3 type, value and mod plus the period (first..last day) it denotes.

Spans follow TempEval-3: a signal word ("since", "by", "until", "before", "after") stays outside
the span, but the period reflects it ("since October" -> span "October", mod ON_OR_AFTER, period
Oct 1..reference date; "by mid-April" -> open start..Apr 20). Modifiers TempEval leaves outside
("about four months") are outside too, their mod is kept (APPROX). tag_text is the pipeline's
view: a range ("January and February", "from 2022 to 2024") is one expression with an ISO
interval value; tag_timex3 is the same tagger under TempEval-3's annotation conventions (the
range's two ends stay two TIMEX3s, words TempEval rarely annotates are dropped) for scoring.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from tasks.errors import ResourceError
from tasks.lexicons import load_csv, load_jsonl, resource_path, words
from tasks.records import TemporalExpression

TYPES = ("DATE", "TIME", "DURATION", "SET")
MODS = (
    "START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_AFTER", "ON_OR_BEFORE",
    "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE",
)  # fmt: skip
S = r"\s{1,4}"
DASH = r"[-\u2010-\u2014]"


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts: dict[str, tuple[str, int]]
    numbers: dict[str, str]
    units: dict[str, tuple[str, str]]
    modifiers: dict[str, tuple[str, bool]]
    signals: dict[str, str]
    anchors: dict[str, tuple[str, str, str, bool]]
    times_of_day: dict[str, str]
    sets: dict[str, str]
    tense: dict[str, str]
    ordinals: dict[str, int]
    holidays: dict[str, tuple[str, str, str]]


def _csv(name: str, columns: list[str], *, key: str = "word", **kw) -> list[dict[str, str]]:
    return load_csv(f"dates/{name}", columns, unique=[key], lower=[key], **kw)


@cache
def _lexicon() -> _Lexicon:
    """All date lexicons of tasks/resources/dates, validated."""
    months = _csv("months.csv", ["word", "month"], required=["word", "month"],
                  allowed={"month": [str(i) for i in range(1, 13)]})  # fmt: skip
    weekdays = _csv("weekdays.csv", ["word", "weekday"], required=["word", "weekday"],
                    allowed={"weekday": [str(i) for i in range(7)]})  # fmt: skip
    seasons = _csv("seasons.csv", ["word", "code", "first_month", "months"], required=["word", "code"],
                   allowed={"code": ["SP", "SU", "FA", "WI"], "first_month": ["3", "6", "9", "12"]})  # fmt: skip
    parts = _csv("part_of_unit.csv", ["word", "mod", "third"], required=["word", "mod", "third"],
                 allowed={"mod": ["START", "MID", "END"], "third": ["1", "2", "3"]})  # fmt: skip
    numbers = _csv("numbers.csv", ["word", "value"], required=["word", "value"])
    for row in numbers:
        if row["value"] != "X" and not row["value"].isdigit():
            raise ResourceError(
                resource_path("dates/numbers.csv"), int(row["_line"]), "value is not a number or X"
            )
    units = _csv("units.csv", ["word", "unit", "granularity"], required=["word", "unit", "granularity"],
                 allowed={"unit": ["TS", "TM", "TH", "D", "W", "FN", "WE", "M", "Q", "Y", "E", "C"]})  # fmt: skip
    modifiers = _csv("modifiers.csv", ["word", "mod", "in_span"], required=["word", "mod", "in_span"],
                     allowed={"mod": MODS, "in_span": ["yes", "no"]})  # fmt: skip
    signals = _csv("signals.csv", ["word", "kind"], required=["word", "kind"],
                   allowed={"kind": ["since", "by", "until", "through", "before", "after"]})  # fmt: skip
    anchors = _csv("anchors.csv", ["word", "type", "value", "granularity", "timeml"],
                   required=["word", "type", "value"], allowed={"type": TYPES, "timeml": ["yes", "no"]})  # fmt: skip
    tod = _csv("times_of_day.csv", ["word", "code"], required=["word", "code"])
    sets = _csv("sets.csv", ["word", "value", "freq"], required=["word", "value"])
    tense = _csv("tense_cues.csv", ["word", "tense"], required=["word", "tense"],
                 allowed={"tense": ["past", "future", "report"]})  # fmt: skip
    ordinals = _csv("ordinals.csv", ["word", "value"], required=["word", "value"])
    holidays = _csv("holidays.csv", ["word", "month", "day", "rule"], required=["word"])
    return _Lexicon(
        months={r["word"]: int(r["month"]) for r in months},
        weekdays={r["word"]: int(r["weekday"]) for r in weekdays},
        seasons={r["word"]: r["code"] for r in seasons},
        parts={r["word"]: (r["mod"], int(r["third"])) for r in parts},
        numbers={r["word"]: r["value"] for r in numbers},
        units={r["word"]: (r["unit"], r["granularity"]) for r in units},
        modifiers={r["word"]: (r["mod"], r["in_span"] == "yes") for r in modifiers},
        signals={r["word"]: r["kind"] for r in signals},
        anchors={r["word"]: (r["type"], r["value"], r["granularity"], r["timeml"] == "yes") for r in anchors},
        times_of_day={r["word"]: r["code"] for r in tod},
        sets={r["word"]: r["value"] for r in sets},
        tense={r["word"]: r["tense"] for r in tense},
        ordinals={r["word"]: int(r["value"]) for r in ordinals},
        holidays={r["word"]: (r["month"], r["day"], r["rule"]) for r in holidays},
    )


def _alt(words) -> str:
    """A regex alternation of words, longest first, spaces matching any short whitespace run."""
    return "|".join(re.escape(w).replace(r"\ ", S) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _proper(words, lower_ok: Callable[[str], bool], abbrev_period: bool) -> str:
    """Case-sensitive alternation of Capitalized/UPPER forms (lower case where allowed)."""
    forms = []
    for w in words:
        full = len(w) > 4 or w in {"may", "june", "july"}
        variants = {w.capitalize(), w.upper()} | ({w} if lower_ok(w) else set())
        for v in variants:
            forms.append(re.escape(v) if full else re.escape(v) + (r"\." if abbrev_period else r"\.?"))
    forms.sort(key=lambda f: -len(f))
    return "(?-i:" + "|".join(forms) + ")"


@dataclass(frozen=True)
class _Pattern:
    name: str
    normalizer: Callable
    regex: re.Pattern
    example: str
    anchor: re.Pattern | None = None  # a word every match contains: the pattern runs only near it
    before: int = 0  # how far a match may start before its anchor
    after: int = 0  # and end after it


@dataclass(frozen=True)
class _Grammar:
    patterns: tuple[_Pattern, ...]
    signal: re.Pattern
    between: re.Pattern
    connector: re.Pattern
    tokens: re.Pattern
    month_in: re.Pattern
    weekday: re.Pattern


def _placeholders(lx: _Lexicon) -> dict[str, str]:
    unit_words = []
    for w in lx.units:
        unit_words += [w, w[:-1] + "ies" if w.endswith("y") and w[-2] not in "aeiou" else w + "s"]
    part_words = {"early", "mid", "late", "earlier", "later"}
    part = _alt(w for w in lx.parts if w in part_words)
    part2 = _alt(w for w in lx.parts if w not in part_words)
    return {
        "MON": _proper(lx.months, lambda w: len(w) > 4 and w != "march", abbrev_period=True),
        "MONX": _proper(lx.months, lambda w: len(w) > 4 and w != "march", abbrev_period=False),
        "WD": _proper(lx.weekdays, lambda w: len(w) > 4, abbrev_period=True),
        # right before an explicit day the abbreviation needs no period: "Wed 12 Mar", "Tue, 11 Mar 2025"
        "WDX": _proper(lx.weekdays, lambda w: len(w) > 4, abbrev_period=False),
        "SEASON": _alt(lx.seasons),
        "UNIT": _alt(unit_words),
        "NUM": r"(?:<TENS>(?:<DASH>|_)<UNITS>(?!\w)|(?:<UNITS>|<TEENS>|<TENS>)_(?:hundred|thousand)(?!\w)|"
        + _alt(lx.numbers)
        + r"|(?<![\d,./])\d{1,3}(?:,\d{3}){0,2}(?:\.\d{1,2}|\s1/2)?(?![\d,/]))",
        "MODW": _alt(lx.modifiers),
        "PART": part,
        "PART2": part2,
        "ORD": _alt(lx.ordinals),
        "TOD": _alt(w for w in lx.times_of_day if w != "overnight"),
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)",
        "YEAR": r"(?<![\w$.,/])(?:1[6-9]\d\d|20\d\d)(?![\w%]|,\d|\.\d)",
        "REL": r"(?:this_past|this_coming|last|next|this|past|coming|previous|following|current)",
        "ANCHOR": _alt(lx.anchors),
        "SETW": _alt(lx.sets),
        "HOLIDAY": _alt(lx.holidays),
        "TENS": _alt(_spelled(20, 90)),
        "UNITS": _alt(_spelled(1, 9)),
        "TEENS": _alt(_spelled(10, 19)),
        "SPOKENYEAR": r"nineteen_(?:hundred|<TENS>(?:(?:<DASH>|_)<UNITS>)?|<TEENS>)|two_thousand(?:_and_(?:<UNITS>|<TEENS>))?",
        "PFX": r"(?:(?P<part>"
        + part
        + r")(?:<DASH>|_)(?:in_)?|(?:the_)?(?P<part2>"
        + part2
        + r")_of_(?:the_)?)?",
        "B": r"(?<![\w.])",
        "E": r"(?![\w])",
    }


@cache
def _spelled(low: int, high: int) -> dict[str, int]:
    """Single number words of numbers.csv with a value in low..high ("ninety" -> 90)."""
    nums = _lexicon().numbers.items()
    return {
        w: int(v) for w, v in nums if v.isdigit() and low <= int(v) <= high and w.isalpha() and len(w) > 2
    }


def _spelled_value(words_: list[str]) -> int:
    return sum(_spelled(1, 99).get(w, 0) for w in words_)


def _expand(pattern: str, ph: dict[str, str]) -> str:
    for _ in range(3):
        pattern = re.sub(
            r"<([A-Z0-9]+)>", lambda m: f"(?:{ph[m.group(1)]})" if m.group(1) in ph else m.group(0), pattern
        )
    return pattern.replace("<DASH>", DASH).replace("_?", r"\s{0,4}").replace("_", S)


@cache
def _grammar() -> _Grammar:
    """The compiled patterns of resources/dates/patterns.jsonl, built once."""
    lx = _lexicon()
    ph = _placeholders(lx)
    compiled = []
    for row in load_jsonl("dates/patterns.jsonl", required=["name", "normalizer", "pattern", "example"]):
        norm = _NORMALIZERS.get(row["normalizer"])
        if norm is None:
            raise ResourceError(resource_path("dates/patterns.jsonl"), row["_line"], "unknown normalizer")
        try:
            regex = re.compile(r"(?=\w)" + _expand(row["pattern"], ph), re.I)
            anchor = re.compile(_expand(row["anchor"], ph), re.I) if row.get("anchor") else None
        except re.error as exc:
            raise ResourceError(
                resource_path("dates/patterns.jsonl"), row["_line"], f"bad regex: {exc}"
            ) from exc
        window = row.get("window", [0, 0])
        compiled.append(_Pattern(row["name"], norm, regex, row["example"], anchor, *window))
    signal = re.compile(_expand(r"(?<![\w])(?P<s>" + _alt(lx.signals) + r")_$", ph), re.I)
    between = re.compile(_expand(r"(?<![\w])(?P<b>between|from)_$", ph), re.I)
    connector = re.compile(_expand(r"^_?(?P<c>and|to|through|until|till|<DASH>)_?$", ph), re.I)
    month_in = re.compile(
        _expand(r"\b(?:in|for|during)_(?:the_month_of_)?<MON>(?:_<YEAR>)?(?![\w.]?_?\d)", ph), re.I
    )
    weekday = re.compile(_expand(r"\b<WD>(?!\w)", ph))
    return _Grammar(tuple(compiled), signal, between, connector, re.compile(r"[A-Za-z']+"), month_in, weekday)


def patterns() -> list[tuple[str, str]]:
    """(name, example) of every pattern, for the tests."""
    return [(p.name, p.example) for p in _grammar().patterns]


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
    start = dt.date(y, {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code], 1)
    return start, _shift_months(start, 3) - dt.timedelta(days=1)


def _third(start: dt.date, end: dt.date, third: int, gran: str) -> tuple[dt.date, dt.date]:
    """The first, middle or last third of an interval (a month: 1-10, 11-20, 21-end)."""
    if gran == "month":
        first, last = {1: (1, 10), 2: (11, 20), 3: (21, end.day)}[third]
        return start.replace(day=first), start.replace(day=last)
    if gran == "decade":
        first, last = {1: (0, 3), 2: (4, 6), 3: (7, 9)}[third]
        return dt.date(start.year + first, 1, 1), dt.date(start.year + last, 12, 31)
    if gran in ("year", "season", "quarter", "half", "century"):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        k = max(1, months // 3)
        a, b = _shift_months(start, k), _shift_months(start, 2 * k)
        one_day = dt.timedelta(days=1)
        return {1: (start, a - one_day), 2: (a, b - one_day), 3: (b, end)}[third]
    days = (end - start).days + 1
    if days < 3:
        return start, end
    k = max(1, round(days / 3))
    if third == 1:
        return start, start + dt.timedelta(days=k - 1)
    if third == 2:
        return start + dt.timedelta(days=k), max(start + dt.timedelta(days=k), end - dt.timedelta(days=k))
    return end - dt.timedelta(days=k - 1), end


def _nth_weekday(y: int, month: int, n: int, wd: int) -> dt.date:
    if n > 0:
        first = dt.date(y, month, 1)
        return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    last = _month_end(y, month)
    return last - dt.timedelta(days=(last.weekday() - wd) % 7)


def _easter(y: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return dt.date(y, month, day + 1)


# --- context ----------------------------------------------------------------------------------


@dataclass
class _Doc:
    """The text being tagged, its reference date and what normalizers learn about it."""

    text: str
    ref: dt.date | None
    _quarters: dict[bool, tuple[list[int], list[tuple[int, int]]]] | None = field(default=None, repr=False)

    def quarter_before(
        self, pos: int, window: int | None = None, reported: bool = False
    ) -> tuple[int, int] | None:
        """(year, quarter) of the nearest quarter named before pos (within window characters; reported:
        only one that is over or whose end date is given, not "a fourth-quarter charge" still ahead)."""
        if self._quarters is None:
            named = self._named_quarters()
            over = [q for q in named if q[3]]
            self._quarters = {
                False: ([q[0] for q in named], [(q[1], q[2]) for q in named]),
                True: ([q[0] for q in over], [(q[1], q[2]) for q in over]),
            }
        starts, quarters = self._quarters[reported]
        i = bisect.bisect_left(starts, pos) - 1  # the last one starting before pos, found in log time
        if i < 0 or (window is not None and pos - starts[i] > window):
            return None
        return quarters[i]

    def _named_quarters(self) -> list[tuple[int, int, int, bool]]:
        """(start, year, quarter, over) of every quarter the text names, in text order."""
        if self.ref is None:
            return []
        found = []
        last = _last_completed_quarter(self.ref)
        qre = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[-\s]quarter\b", re.I)
        for m in qre.finditer(self.text):
            k = _lexicon().ordinals[m.group(1).lower()]
            y = self.ref.year
            near = self.text[m.start() : m.end() + 20]
            ym = re.search(r"(?:19|20)\d\d", self.text[max(0, m.start() - 12) : m.start()] + near)
            if ym:
                y = int(ym.group())
            elif k > (self.ref.month - 1) // 3 + 1 and not re.search(
                r"fiscal\W{1,4}$", self.text[max(0, m.start() - 8) : m.start()], re.I
            ):
                y -= 1
            over = (y, k) <= last or bool(_ENDED.match(self.text, m.end()))
            found.append((m.start(), y, k, over or _tense(self.text, m.start(), m.end()) == "past"))
        named = [m.end() for m in qre.finditer(self.text)]
        for m in re.finditer(r"\bquarter\b", self.text, re.I):
            ended = _ended_quarter(self, m.end())
            # "the quarter ended Sept. 30" is a quarter of its own; a fiscal "first quarter ended
            # Sept. 30" keeps the company's name for it, and so does a quarter named just before
            if ended and not any(m.start() - 400 <= e <= m.end() for e in named):
                found.append((m.start(), *ended, True))
        return sorted(found)


# a sentence ends at ? ! ; a line break, or a period after a word that is not an abbreviation
# ("10 a.m. on Monday", "the U.S. said", "Jan. 5", "Mr. Smith" do not end one)
_SENTENCE_END = re.compile(
    r"[!?;\n]|(?<![.\s][A-Za-z])(?<!\b[A-Za-z])(?<!\b(?:Mr|Ms|Dr|St|Co|No|Jr|Sr|Lt))(?<!\b(?:Mrs|Gen|Col|Sen|Rep"
    r"|Gov|Sgt|Inc|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec))(?<!\bSept|\bCorp)\.(?=\s)"
    # "... at 2:30 p.m. The Bulldogs beat Carroll in January": the clock's period ends the sentence too
    r"|(?<=\b[ap]\.m)\.(?=\s+(?:The|A|An|He|She|It|They|We|I|In|On|At|But|And|This|That|His|Her|Their|Its"
    r"|There|After|Before|By|For|When|If|As|Officials|Police)\b)"
)

_ENDED = re.compile(
    r"\s{1,4}(?P<v>ended|ending)\s{1,4}(?P<mon>[A-Z][a-z]{2,8})\.?\s{1,4}\d{1,2}\b(?:,?\s{1,4}(?P<y>(?:19|20)\d\d)\b)?"
)
_THE_QUARTER = re.compile(r"\b(?:the|this|latest)\s{1,4}quarter\b(?!-)", re.I)
_COULD_NOT = re.compile(r"\bcould\s+not\b", re.I)
_NEXT_TO = re.compile(r"\bnext\s+to\b", re.I)
_SUBORDINATOR = re.compile(r"\b(?:when|if|because|although|though|whether|unless)\b", re.I)
_CLAUSE_AFTER = re.compile(
    r",\s+(?:who|which|whose|whom|while|where)\b"
    r"|,\s+(?:in|of|at|by|for)\s+(?:what|which)\b"  # "on Sunday, in what would be the deadliest ..."
    r"|\b(?:and|but)\s+(?=(?-i:[a-z]))"  # "on Sunday and meets ...", not "Abortion and Reproductive Rights"
    r"|\b(?:that|saying|when|if|because|although|though|whether|unless)\b",
    re.I,
)
_PROGRESSIVE = re.compile(
    r"\b(?:is|are|am|'re)\s+(?!being\b|(?:some|no|any|every)?thing\b|morning\b|evening\b|spring\b)[a-z]{2,}ing"
    r"\s+(?:(?:on|again|back|home|here|there)\s+)?$",
    re.I,
)
_PASSIVE_AUX = tuple([w] for w in ("be", "been", "being", "is", "are", "am"))  # "is heard in May"


# "the deal announced in the early hours of Tuesday": a past participle dating its own deed
_DONE_ON = re.compile(
    r"\b[a-z]{3,}ed\s+(?:(?:on|in|at|during)\s+)?(?:the\s+(?:early|small)\s+hours\s+of\s+)?$", re.I
)


def _tense(text: str, start: int, end: int) -> str | None:
    """ "future", "past" or "weak" (past, from an -ed word only) from the cues around a span in its sentence."""
    g = _grammar()
    tense = _lexicon().tense
    left = text[max(0, start - 160) : start]
    cuts = [b.end() for b in _SENTENCE_END.finditer(left)] + [b.start() for b in _SUBORDINATOR.finditer(left)]
    left = left[max(cuts) :] if cuts else left  # the date's own sentence, from its own clause on
    right = text[end : end + 100]
    m = _SENTENCE_END.search(right)
    right = right[: m.start()] if m else right
    m = _CLAUSE_AFTER.search(right)
    right = right[: m.start()] if m else right  # a relative, reported or adverbial clause has its own tense
    left, right = _NEXT_TO.sub(" ", left), _NEXT_TO.sub(" ", right)  # "next to the embassy" is a place
    # "could not stop the bullet Friday night": a past inability, not a possibility ahead
    left, right = _COULD_NOT.sub("couldn't", left), _COULD_NOT.sub("couldn't", right)
    if re.search(
        r"\bas\s+(?:early|soon|late)\s+as[\s-]+$|\bof\s+record(?:\s+(?:on|as\s+of))?\s+$", left, re.I
    ):
        return "future"  # "payable to holders of record Nov. 17"; a "record high set on Aug. 6" is not ahead
    if re.search(r"\bextend(?:s|ed|ing)?\b[^.;!?]{0,80}?\b(?:to|until|till|through)\s+$", left, re.I):
        return "future"  # "extended to Nov. 20 its offer", "loans extended through January"; not "January extended"
    # "early voting runs (from) Friday through Tuesday"; not "remains in custody after his arrest Monday"
    if re.search(
        r"\b(?:runs?|lasts?|continues?|remains?|stays?)\b[^.;!?]{0,40}?\b(?:through|until|till|into)\s+$"
        r"|\b(?:runs|lasts|continues)\s+(?:from\s+)?$",
        left,
        re.I,
    ):
        return "future"
    if re.search(r"\btakes?\s+(?:effect|place|office)\s+(?:(?:on|in|at|from|by)\s+)?$", left, re.I):
        return "future"  # "the law takes effect in June"
    if _PROGRESSIVE.search(left):
        return (
            "future"  # "the ministers are meeting on Friday": a present progressive with its date is planned
        )
    if re.search(r"\b(?:is|are)\s+to\s+(?!blame\b)[a-z]+(?:\s+[\w',]+){0,5}\s+$", left, re.I):
        return "future"  # "the minister is to visit Paris in June"
    # "In May, some 2,000 soldiers are to fly in" (not "announced on Tuesday, Russia is to deploy")
    if re.match(
        r",?\s+(?:[\w',-]+\s+){1,6}(?:is|are)\s+to\s+(?!blame\b)[a-z]+\b", right, re.I
    ) and not _DONE_ON.search(left):
        return "future"
    if re.search(r"\bahead\s+of\s+(?:the\s+)?$", left, re.I):
        return "future"  # "ahead of the weekend", "ahead of Sunday's vote": what is ahead has not come yet
    if re.search(r"\b(?:by|until|till)(?:\s+(?:early|mid|late))?[\s-]+$", left, re.I):
        # "by mid-April", "until Thursday" lie ahead unless the clause is in the past ("had filed
        # reports by Wednesday", "By Thursday afternoon, the fire was out", "Until Thursday, police had
        # not named him"); not "taken by the rebels on Sunday"
        clause = [tok.lower() for tok in g.tokens.findall(left) + g.tokens.findall(right)]
        if re.search(r"\b(?:until|till)\s+$", left, re.I):
            if "had" in clause:
                return "past"
        elif not any(tok in ("was", "were", "had") for tok in clause):
            return "future"
    if re.search(
        r"\b(?:is|are|am|'s|'re)\s+(?:set|due|slated|poised|scheduled|expected|likely)\s+(?:to|at|on|for|in|by)\b"
        r"(?:\s+[\w':]+){0,4}\s+$",
        left,
        re.I,
    ):
        return "future"  # "lawmakers are set to vote on Thursday"
    if re.search(
        r"\b(?:(?:was|were)\s+(?:set|scheduled|slated)|(?:set|scheduled)(?:\s+[\w'\u2019]+){1,3})\s+for\s+$",
        left,
        re.I,
    ):
        return (
            "future"  # a date fixed ahead: "sentencing was set for Oct. 3", "set his sentencing for June 21"
        )
    if re.search(
        r"\bhad\s+been\s+(?:due|scheduled|set|expected|supposed)\s+to\s+\w+\s+(?:\w+\s+)?$", left, re.I
    ):
        return "weak"  # "it had been due to expire Friday": overtaken, though a date days ahead may stand
    if re.search(r"\b(?:could|would)\s+not\s+be\s+\w+\s+$|\bcouldn't\s+be\s+\w+\s+$", left, re.I):
        return "past"  # "he could not be reached Wednesday"
    if text.startswith(("'s", "\u2019s"), end):
        return "past"  # "Wednesday's ruling"
    # the nearest listed cue wins ("will", "was", "said"); an -ed word only counts without one
    toks = g.tokens.findall(left)[::-1]
    lefts = [(i, _cue(tok, tense, toks[i + 1] if i + 1 < len(toks) else "")) for i, tok in enumerate(toks)]
    # a verb in -ed just before the span is its event's past tense ("closed Wednesday"); after a
    # present or infinitive form of "be" it is a participle and says nothing ("is heard in May",
    # "to be completed around Nov. 1")
    lefts = [
        (i, c if c not in ("weak", "report") or i > 1 else None if toks[i + 1 : i + 2] in _PASSIVE_AUX
         else "past" if c == "weak" else c)
        for i, c in lefts
    ]  # fmt: skip
    if re.match(r"\s*,\s+(?:the|a|an)\s", right) and any(c in ("weak", "past") for _, c in lefts):
        # "pulled out on Tuesday, the deadline set under the ceasefire": a noun in apposition to the date
        # says what the day was, not whether the clause's event, told in the past, lies ahead
        right = ""
    rtoks = g.tokens.findall(right)
    rights = [(i, _cue(tok, tense, rtoks[i - 2] if i > 1 else "")) for i, tok in enumerate(rtoks, start=1)]
    # "on Sunday, the president said Turkey could send more": what follows a later reporting verb is the
    # reported clause, with its own tense; a parenthetical "he said," is not one
    lead = re.match(r"\s*[,\u2013\u2014]|\s+-\s", right)
    if lead:  # "On Sunday, X said ...", a timeline's "17 June – On a visit, X said ..."
        dash = lead.group(0).strip() != ","
        scope = right[:120] if dash else right[: (right + ",").find(",", 1)][:80]
        for said in re.finditer(r"\b[a-z]+\b", scope):
            if said.group(0) != "according" and tense.get(said.group(0)) == "report":
                if not right[said.end() :].lstrip().startswith(","):
                    cut = len(g.tokens.findall(right[: said.end()]))
                    rights = [(i, c) for i, c in rights if i < cut]
                break
    # a reporting verb right after the date is its own ("on Tuesday said"), a later one reports another clause
    adjacent = bool(re.match(r"\s+[a-z]", right))  # no comma: "Tuesday said", not "spring, according to"
    rights = [
        (i, "past" if c == "report" else c) for i, c in rights if c != "report" or (i == 1 and adjacent)
    ]
    for kinds in (("past", "future", "report"), ("weak",)):
        found = [(i, c) for i, c in lefts + rights if c in kinds]
        if found:
            cue = min(found, key=lambda f: f[0])[1]  # left first on a tie: lefts come first
            return "past" if cue == "report" else cue
    return None


def _future(text: str, start: int, end: int) -> bool:
    """Whether the words around a span point ahead of the reference date."""
    return _tense(text, start, end) == "future"


_DETERMINERS = frozenset("the a an its his her their this that our my your".split())
_VERB_OR_NOUN = frozenset(
    "plan plans meet visits hope hopes aim aims vow vows pledge pledges promise promises".split()
)


def _cue(tok: str, tense: dict[str, str], before: str = "") -> str | None:
    low = tok.lower()
    if tok in ("May", "Will"):
        return None  # the month or a name ("Mark May said on Sunday"), not the modal
    if low in _VERB_OR_NOUN and (
        before.lower() in _DETERMINERS or (before.islower() and before.endswith("ed"))
    ):
        return None  # "the plan", "announced plans": a noun, not a verb that looks ahead
    if low in tense:
        return tense[low]
    if tok.islower() and len(tok) > 4 and tok.endswith("ed"):
        return "weak"  # a past participle or past tense; "United" is a name, not a verb
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
    timeml: bool = True
    span: tuple[int, int] | None = None
    anaphor: tuple[str, int] | None = None  # ("year", +1): one unit after the last date the text named
    near: int | None = None  # the anaphor's date counts only if named this many characters before, else ref
    anchors: bool = True  # whether a later "that day", "the previous Friday" may count from this one
    # what an anaphor is read as when no date was named close enough before it ("Three days later,"
    # opening an article is the duration)
    fallback: _T | None = None


def _word(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").lower()).rstrip(".")


def _g(m: re.Match, name: str) -> str | None:
    return m.groupdict().get(name)


def _num(s: str) -> str:
    w = _word(s).replace(",", "")
    if w in _lexicon().numbers:
        return _lexicon().numbers[w]
    if re.fullmatch(r"\d+", w):
        return str(int(w))
    parts = re.split(r"[\s\-\u2010-\u2014]+", w)
    if len(parts) == 2 and parts[0] in _spelled(1, 99) and parts[1] in ("hundred", "thousand"):
        return str(_spelled_value(parts[:1]) * (100 if parts[1] == "hundred" else 1000))  # "two thousand"
    if len(parts) == 2 and all(p in _spelled(1, 99) for p in parts):
        return str(_spelled_value(parts))  # "twenty-four"
    if re.fullmatch(r"\d+\.\d+", w):
        return w
    if re.fullmatch(r"\d+ 1/2", w):
        return f"{w.split()[0]}.5"
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
        return {"TS": "PTXS", "TM": "PTXM", "TH": "PTXH", "Q": "PXM", "E": "PXY", "C": "PXC", "FN": "PXW",
                "WE": "PXD"}.get(u, f"PX{u}")  # fmt: skip
    if "." in n and u in ("E", "C"):
        # "half a century": 50 years (no exponent: "999,999 1/2 decades" is 9999995 years, not 1e+07)
        n, u = f"{float(n) * (10 if u == 'E' else 100):.6f}".rstrip("0").rstrip("."), "Y"
    if "." in n:
        q = float(n)
        whole, frac = int(q), q - int(q)
        if u == "Y" and frac * 12 == int(frac * 12):
            return f"P{whole}Y{int(frac * 12)}M" if whole else f"P{int(frac * 12)}M"
        if u == "TH" and frac * 60 == int(frac * 60):
            return f"PT{whole}H{int(frac * 60)}M" if whole else f"PT{int(frac * 60)}M"
        if u == "TM" and frac == 0.5:
            return f"PT{whole}M30S" if whole else "PT30S"
        if u == "D" and frac == 0.5:
            return f"P{whole}DT12H" if whole else "PT12H"
        return f"PT{n}{u[1]}" if u.startswith("T") else f"P{n}{u}"
    k = int(n)
    if u.startswith("T"):
        return f"PT{k}{u[1]}"
    return {"Q": f"P{3 * k}M", "E": f"P{10 * k}Y", "C": f"P{100 * k}Y", "FN": f"P{2 * k}W",
            "WE": f"P{2 * k}D"}.get(u, f"P{k}{u}")  # fmt: skip


def _month_year(m: int, d: int | None, ref: dt.date, direction: str) -> int:
    """Year of a month (and day) given without one: latest not after ref, or ahead when future."""
    key, rkey = (m, d or 0), (ref.month, ref.day if d else 0)
    if direction == "last":
        return ref.year if m < ref.month else ref.year - 1
    if direction == "next":
        return ref.year if m > ref.month else ref.year + 1
    if direction == "this":
        return ref.year
    ahead = ref.year if key >= rkey else ref.year + 1
    back = ref.year if key <= rkey else ref.year - 1
    days_ahead = (dt.date(ahead, m, min(d or 1, calendar.monthrange(ahead, m)[1])) - ref).days
    if direction == "ahead":
        return ahead  # "effective June 1", "payable Dec. 7": the cue is the date's own
    if direction == "future":
        return ahead if days_ahead <= 300 else back  # a cue pointing eleven months ahead misleads
    if (direction == "unknown" and 0 < days_ahead <= 45) or (direction == "weak" and 0 < days_ahead <= 30):
        return ahead  # no cue, or only an -ed word: next month is likelier than eleven months ago
    return back  # convention: with no cue, the latest one not after the reference date


def _direction(rel: str | None, doc: _Doc, span: tuple[int, int]) -> str:
    r = _word(rel)
    if r in ("last", "past", "previous", "this past"):
        return "last"
    if r in ("next", "coming", "this coming", "following"):
        return "next"
    if r == "this":
        return "this"
    tense = _tense(doc.text, *span) or "unknown"
    if tense == "future":
        before = _grammar().tokens.findall(doc.text[max(0, span[0] - 30) : span[0]])
        while before and before[-1].lower() in ("on", "in", "for", "by", "until", "from", "of"):
            before.pop()
        if before and _lexicon().tense.get(before[-1].lower()) == "future":
            return "ahead"
    return tense


def _apply_part(t: _T, m: re.Match) -> _T:
    w = _g(m, "part") or _g(m, "part2")
    if not w:
        return t
    mod, third = _lexicon().parts[_word(w)]
    t.mod = mod
    if t.start is not None and t.end is not None:
        t.start, t.end = _third(t.start, t.end, third, t.granularity or "day")
    return t


@lru_cache(maxsize=4096)
def _dateparser_ymd(phrase: str, has_year: bool) -> tuple[int, int, int] | None:
    """Year, month, day of an explicit date string, parsed by dateparser (never filled from today)."""
    import dateparser

    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": dt.datetime(2000, 1, 1),
        "REQUIRE_PARTS": ["day", "month"] + (["year"] if has_year else []),
        "DATE_ORDER": "MDY",
        "PARSERS": ["absolute-time"],
    }
    got = dateparser.parse(phrase, languages=["en"], settings=settings)
    return None if got is None else (got.year, got.month, got.day)


_YEAR_OFFSET = {"this": 0, "last": -1, "next": 1}  # "this year", "last year", "next year"


def _norm_explicit_day(m: re.Match, doc: _Doc) -> _T | None:
    mon = _lexicon().months[_word(m.group("mon"))]
    d = int(re.match(r"\d+", m.group("d")).group())
    y = int(_g(m, "y")) if _g(m, "y") else None
    yrel = _g(m, "yrel")
    if yrel and doc.ref is not None:  # "on 9 October last year"
        y = doc.ref.year + _YEAR_OFFSET[_word(yrel)]
    shared = _SHARED_YEAR.match(doc.text, m.end()) if y is None else None
    if shared:
        y = int(shared.group("y"))  # "June 5 to 9, 2014": the year after the second day is both days'
    if (
        not y
        and not _g(m, "wd")
        and mon in (3, 5)
        and re.match(r"\s*(?:%|percent|million|billion)", doc.text[m.end() :])
    ):
        return None
    parsed = _dateparser_ymd(f"{calendar.month_name[mon]} {d}, {y or 2000}", True)
    if parsed is None:
        return None
    _, mon, d = parsed
    if y is None and _THAT_YEAR.match(doc.text, m.end()):
        # "turned deadly on June 15 that year": the year the text named last, resolved with the anaphors
        return _T("DATE", f"XXXX-{mon:02d}-{d:02d}", granularity="day", resolved=False, anaphor=("ofyear", 0))
    if y is None:
        if doc.ref is None:
            return _apply_part(_T("DATE", f"XXXX-{mon:02d}-{d:02d}", granularity="day", resolved=False), m)
        ref = doc.ref
        y = _month_year(mon, d, ref, _direction(None, doc, m.span()))
        if _g(m, "wd"):
            wdn = _lexicon().weekdays[_word(m.group("wd"))]
            fits = [yy for yy in (ref.year - 1, ref.year, ref.year + 1) if _valid(yy, mon, d) and
                    dt.date(yy, mon, d).weekday() == wdn]  # fmt: skip
            if fits:
                y = min(fits, key=lambda yy: abs((dt.date(yy, mon, d) - ref).days))
        if not _valid(y, mon, d):
            return None
    day = dt.date(y, mon, d)
    t = _T("DATE", day.isoformat(), day, day, "day")
    if _g(m, "part"):
        t.mod = _lexicon().parts[_word(m.group("part"))][0]
    elif _g(m, "mod"):
        t.mod = "APPROX"  # "around Nov. 1"
    return t


_THAT_YEAR = re.compile(r"\s*,?\s*(?:of\s+)?(?:that|the\s+same)\s+year\b", re.I)
_SHARED_YEAR = re.compile(
    r"\s{0,4}(?:and|or|to|through|[-\u2010-\u2014])\s{0,4}(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?,?\s{1,4}"
    r"(?P<y>1[6-9]\d\d|20\d\d)(?!\d)"
)


def _norm_second_day(m: re.Match, doc: _Doc) -> _T | None:
    """The second day of 'April 24 and 25', 'March 25-26' (the first is the explicit-day pattern's)."""
    if int(re.match(r"\d+", m.group("d")).group()) <= int(re.match(r"\d+", m.group("d1")).group()):
        return None
    t = _norm_explicit_day(m, doc)
    if t is not None:
        t.span = (m.start("d"), m.end())
    return t


def _norm_first_day(m: re.Match, doc: _Doc) -> _T | None:
    """The first day of '19 and 20 September', '3-4 May' (the second is the explicit-day pattern's)."""
    if int(re.match(r"\d+", m.group("d")).group()) >= int(re.match(r"\d+", m.group("d2")).group()):
        return None
    if re.search(
        r"[$#\u00a3\u20ac]\s{0,2}$|\b(?:aged?|ages)\s+$", doc.text[max(0, m.start() - 8) : m.start()]
    ):
        return None  # "$19 and 20 ...", "aged 19 to 20": amounts and ages, not days
    return _norm_explicit_day(m, doc)


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _norm_iso(m: re.Match, doc: _Doc) -> _T | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not _valid(y, mo, d):
        return None
    day = dt.date(y, mo, d)
    if m.group("hh"):
        return _T("TIME", f"{day.isoformat()}T{m.group('hh')}:{m.group('mi')}", day, day, "time")
    return _T("DATE", day.isoformat(), day, day, "day")


def _norm_slash(m: re.Match, doc: _Doc) -> _T | None:
    y = int(m.group("y"))
    if y < 100:
        y += 1900 if y > 30 else 2000
    if not _valid(y, int(m.group("m")), int(m.group("d"))):
        return None
    day = dt.date(y, int(m.group("m")), int(m.group("d")))
    return _T("DATE", day.isoformat(), day, day, "day")


def _norm_month(m: re.Match, doc: _Doc) -> _T | None:
    mon = _lexicon().months[_word(m.group("mon"))]
    w = _word(m.group("mon"))
    yrel = _g(m, "yrel") or _g(m, "yrel2")
    bare = not (m.group("y") or _g(m, "sy") or _g(m, "rel") or m.group("part") or m.group("part2") or yrel)
    if (
        _g(m, "rel")
        and not m.group("y")
        and not yrel
        and re.match(r"\s*\d{1,2}(?:st|nd|rd|th)?\b", doc.text[m.end() :])
    ):
        return None  # "last Oct. 23": the day is named, the explicit-day pattern tags it
    if w in ("may", "march") and bare:
        before = doc.text[max(0, m.start() - 12) : m.start()].lower()
        after = doc.text[m.end() : m.end() + 16]
        modifier = re.search(r"\bthe\s+$", before) and re.match(
            r"\s+(?!(?:for|of|to|on|and|in)\b)[a-z]+\b", after
        )
        if not modifier and not re.search(
            r"\b(?:in|since|by|until|till|of|from|through|throughout|to|and|between|during|before|after|last|next"
            r"|this|early|late)\s+$",
            before,
        ):
            return None  # "the March accession", "the May elections" name the month, "the March for Life" does not
    ref = doc.ref
    if m.group("y"):
        y = int(m.group("y"))
    elif _g(m, "sy"):
        y = _spoken_year(m.group("sy"))
    elif ref is None:
        value = None if yrel else f"XXXX-{mon:02d}"
        return _apply_part(_T("DATE", value, granularity="month", resolved=False), m)
    elif yrel and _word(yrel) == "that":  # "in June of that year": of the last year the text named
        return _apply_part(
            _T("DATE", f"XXXX-{mon:02d}", granularity="month", resolved=False, anaphor=("ofyear", 0)), m
        )
    elif yrel:
        y = ref.year + _YEAR_OFFSET[_word(yrel)]
    else:
        y = _month_year(mon, None, ref, _direction(_g(m, "rel"), doc, m.span()))
        told = _WHEN_YEAR.search(doc.text[max(0, m.start() - 120) : m.start()]) if bare else None
        if told and int(told.group(1)) < y:
            y = int(told.group(1))  # "since 2017, when the first troops arrived in April": April 2017
    return _apply_part(_T("DATE", f"{y}-{mon:02d}", dt.date(y, mon, 1), _month_end(y, mon), "month"), m)


# a year, then "when" opening a clause about it, with no sentence end between: the year a bare month
# in that clause falls in
_WHEN_YEAR = re.compile(r"\b((?:19|20)\d{2}),?\s+when\b[^.;!?]*$")


def _norm_week_of(m: re.Match, doc: _Doc) -> _T | None:
    mon = _lexicon().months[_word(m.group("mon"))]
    k = _lexicon().ordinals[_word(m.group("ord"))]
    if k > 5:
        return None
    mod = "START" if k == 1 else "END" if k == -1 else None
    if m.group("y"):
        y = int(m.group("y"))
    elif doc.ref is None:
        return _T("DATE", f"XXXX-{mon:02d}", granularity="week", resolved=False, mod=mod)
    else:
        y = _month_year(mon, None, doc.ref, _direction(None, doc, m.span()))
    last = _month_end(y, mon)
    if k == -1:
        start, end = last - dt.timedelta(days=6), last
    else:
        start = dt.date(y, mon, min(1 + 7 * (k - 1), last.day))
        end = min(start + dt.timedelta(days=6), last)
    return _T("DATE", f"{y}-{mon:02d}", start, end, "week", mod)


def _norm_the_week_of(m: re.Match, doc: _Doc) -> _T | None:
    t = _norm_explicit_day(m, doc)
    if t is None or t.start is None:
        return t
    s = t.start - dt.timedelta(days=t.start.weekday())
    return _T("DATE", _week_value(s), s, s + dt.timedelta(days=6), "week")


# a capitalized word inside a sentence (after a lower-case word or a comma) just before a year
_NAME_BEFORE = re.compile(r"(?<=[a-z,])\s{1,4}(?P<w>(?-i:[A-Z][a-z]+|[A-Z]{2,}))\s{1,2}$")


def _time_or_function_word(w: str) -> bool:
    """Whether a capitalized word before a year is a date word or a function word ("Friday 2012"), not a name."""
    lx = _lexicon()
    lexicons = (lx.months, lx.weekdays, lx.seasons, lx.holidays, lx.tense, lx.signals, _DETERMINERS)
    return any(w in lex for lex in lexicons) or w in ("in", "of", "for", "fiscal")


def _norm_year(m: re.Match, doc: _Doc) -> _T | None:
    y = int(m.group("y"))
    after = doc.text[m.end() : m.end() + 20]
    plain = not (m.group("part") or m.group("part2"))
    nxt = re.match(r"\s*(%|[a-z]+)", after)
    # "carried 1999 passengers" counts; "in 1999 workers struck" still dates the strike
    dated = re.search(r"\b(?:in|since|until|through|before|after|during)\s{1,4}$",
                      doc.text[max(0, m.start() - 10) : m.start()], re.I)  # fmt: skip
    if (
        plain
        and nxt
        and (
            nxt.group(1) in ("%", "percent", "million", "billion")
            or (nxt.group(1) in words("dates/count_nouns.csv") and not dated)
        )
    ):
        return None
    if doc.text[max(0, m.start() - 3) : m.start()].endswith(("$", "No", "#")):
        return None
    if re.match(r"[-\u2013/]\d\d\s{1,4}(?:\w+\s{1,4})?seasons?\b", after):
        return None  # "the 2003-04 season": a sports season's name, not the year
    if re.match(r"\s{0,4}(?:GMT|UTC)\b", after):
        return None  # "(1900 GMT)" is a clock time
    named = _NAME_BEFORE.search(doc.text, max(0, m.start() - 40), m.start()) if plain else None
    if named and not _time_or_function_word(named.group("w").lower()):
        return None  # "a venture called Orion 1980", "Windows 2000": part of a name
    t = _T("DATE", str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    if m.group("later"):
        t.mod, t.end = "ON_OR_AFTER", None
    return _apply_part(t, m)


def _spoken_year(s: str) -> int:
    """ "nineteen ninety-four" -> 1994, "two thousand and two" -> 2002."""
    parts = re.split(r"[\s\-\u2010-\u2014]+", _word(s))
    if parts[0] == "two":
        return 2000 + _spelled_value(parts[2:])
    return 1900 + _spelled_value(parts[1:])


def _norm_spoken_year(m: re.Match, doc: _Doc) -> _T | None:
    y = _spoken_year(m.group("sy"))
    return _T("DATE", str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _norm_decade(m: re.Match, doc: _Doc) -> _T | None:
    if m.group("dec"):
        d, pm = int(m.group("dec")), m.group("pm")
    elif m.group("dec2"):
        d, pm = 1900 + int(m.group("dec2")), m.group("pm2")
    else:
        d = 1900 + _spelled(20, 90)[_word(m.group("decw"))[:-3] + "y"]
        pm = m.group("pm2")
    t = _apply_part(_T("DATE", str(d)[:3], dt.date(d, 1, 1), dt.date(d + 9, 12, 31), "decade"), m)
    if pm:
        t.mod, third = _lexicon().parts[_word(pm)]
        t.start, t.end = _third(t.start, t.end, third, "decade")
    return t


def _norm_century(m: re.Match, doc: _Doc) -> _T | None:
    c = int(m.group("c"))
    return _apply_part(
        _T("DATE", f"{c - 1:02d}", dt.date((c - 1) * 100 + 1, 1, 1), dt.date(c * 100, 12, 31), "century"), m
    )


# "the fall of the Berlin Wall", "the fall in oil prices": a drop or a collapse, not autumn
_FALL_NOUN = re.compile(
    r"\s{1,4}(?:of\s{1,4}(?!(?:the\s{1,4})?(?:year|last|this|next|that|(?:19|20)\d\d)\b)|in\s{1,4}(?-i:[a-z]))",
    re.I,
)


_NAME_AFTER = re.compile(r"\s{1,4}(?-i:[A-Z][a-z]+)\b")


def _norm_season(m: re.Match, doc: _Doc) -> _T | None:
    code = _lexicon().seasons[_word(m.group("s"))]
    rel = _word(m.group("rel"))
    if _word(m.group("s")) in ("fall", "spring") and not (
        rel or m.group("y") or m.group("sy") or m.group("part") or m.group("part2")
    ):
        return None
    if (
        _word(m.group("s")) == "fall"
        and rel in ("", "the")
        and not (m.group("y") or m.group("sy"))
        and _FALL_NOUN.match(doc.text, m.end())
    ):
        return None
    if not (m.group("y") or m.group("sy")) and rel in ("", "the"):
        if m.group("s")[0].isupper() and _NAME_AFTER.match(doc.text, m.end()):
            return None  # "the Summer Olympics", "the Winter Games": a name
        if not rel and re.search(r"\ban?\s{1,4}$", doc.text[max(0, m.start() - 4) : m.start()], re.I):
            return None  # "a winter storm": a kind of storm, not a dated winter
    if m.group("y"):
        y = int(m.group("y"))
    elif m.group("sy"):
        y = _spoken_year(m.group("sy"))
    elif doc.ref is None:
        return _apply_part(_T("DATE", f"XXXX-{code}", granularity="season", resolved=False), m)
    else:
        ref = doc.ref
        direction = _direction(rel if rel != "the" else None, doc, m.span())
        base = ref.year - 1 if code == "WI" and ref.month <= 2 else ref.year
        cand = [(yy, *_season_interval(yy, code)) for yy in range(base - 2, base + 3)]
        if direction == "last":
            y = [c for c in cand if c[2] < ref][-1][0]
        elif direction == "next":
            y = [c for c in cand if c[1] > ref][0][0]
        elif direction == "this":
            y = base
        elif direction in ("future", "ahead"):
            y = [c for c in cand if c[2] >= ref][0][0]
        else:
            y = [c for c in cand if c[1] <= ref][-1][0]
    start, end = _season_interval(y, code)
    return _apply_part(_T("DATE", f"{y}-{code}", start, end, "season"), m)


def _weekend_t(sat: dt.date) -> _T:
    """The weekend that starts on Saturday `sat` (2000-W16-WE, Saturday to Sunday)."""
    return _T("DATE", _week_value(sat) + "-WE", sat, sat + dt.timedelta(days=1), "week")


def _quarter_t(y: int, k: int, n: int = 4) -> _T:
    months = 12 // n
    start = dt.date(y, (k - 1) * months + 1, 1)
    letter, gran = ("Q", "quarter") if n == 4 else ("H", "half")
    return _T("DATE", f"{y}-{letter}{k}", start, _shift_months(start, months) - dt.timedelta(days=1), gran)


def _quarter_ending(y: int, month: int) -> tuple[int, int]:
    """(year, quarter) of a three-month period ending in month: the calendar quarter of its middle month."""
    mid = month - 1 if month > 1 else 12
    return (y if month > 1 else y - 1), (mid - 1) // 3 + 1


def _ended_quarter(doc: _Doc, end: int) -> tuple[int, int] | None:
    """(year, quarter) of 'the quarter ended Sept. 30' from the end date that follows position end."""
    m = _ENDED.match(doc.text, end)
    if not m or doc.ref is None:
        return None
    mon = _lexicon().months.get(_word(m.group("mon")))
    if mon is None:
        return None
    if m.group("y"):
        y = int(m.group("y"))
    else:  # a quarter that "ended" lies behind the reference date, one "ending" may lie ahead
        y = doc.ref.year if mon <= doc.ref.month or _word(m.group("v")) == "ending" else doc.ref.year - 1
    return _quarter_ending(y, mon)


def _last_completed_quarter(ref: dt.date) -> tuple[int, int]:
    cur = (ref.month - 1) // 3 + 1
    return (ref.year, cur - 1) if cur > 1 else (ref.year - 1, 4)


_OF_NON_YEAR = re.compile(
    r"\s{1,4}of\s{1,4}(?:the|a|an|this|that|its|his|her|their)\s{1,4}(?!(?:fiscal\s{1,4}|calendar\s{1,4}|current\s{1,4})?year\b)"
    r"(?=[\w'\u2019])",
    re.I,
)


def _norm_quarter(m: re.Match, doc: _Doc) -> _T | None:
    u = _word(m.group("u"))
    ordw = _word(m.group("ord"))
    rel = _word(_g(m, "rel"))
    yrel = _g(m, "yrel") or _g(m, "yposs")  # "the third quarter of this year", "this year's third quarter"
    n = 4 if u == "quarter" else 2
    k = _lexicon().ordinals.get(ordw) if ordw else None
    if not k and not rel and _word(_g(m, "yposs")) == "last":
        rel, yrel = "year-ago", None  # "last year's quarter": the quarter in question, a year earlier
    if k == -1 or (not k and rel == "last" and (m.group("y") or yrel)):
        k, rel = n, ""
    if k is not None and not 1 <= k <= n:
        return None
    if not k and not rel:
        return None
    if not (m.group("y") or yrel) and _OF_NON_YEAR.match(doc.text, m.end()):
        return None  # "the second half of the game", "the first quarter of the match": not of a year
    ref = doc.ref
    if m.group("y"):
        y = int(m.group("y"))
    elif ref is None:
        return _T("DATE", None, granularity="quarter" if n == 4 else "half", resolved=False)
    elif yrel:
        y = ref.year + {**_YEAR_OFFSET, "the": 0}[_word(yrel)]
    else:
        y = ref.year
    if ref is None:
        if k is None or rel.startswith("year"):
            return _T("DATE", None, granularity="quarter" if n == 4 else "half", resolved=False)
        return _quarter_t(y, k, n)
    cur = (ref.month - 1) // (12 // n) + 1
    if not k:
        if rel in ("last", "previous", "past"):
            k, y = (cur - 1, y) if cur > 1 else (n, y - 1)
        elif rel in ("next", "coming", "following"):
            k, y = (cur + 1, y) if cur < n else (1, y + 1)
        elif rel in ("this", "current"):
            k = cur
        elif rel.startswith("year") or rel == "comparable":
            q = doc.quarter_before(m.start(), reported=True)
            if n == 4 and q:
                return _quarter_t(q[0] - 1, q[1])
            k, y = (cur - 1, y - 1) if cur > 1 else (n, y - 2)
        else:
            q = (_ended_quarter(doc, m.end()) if not yrel else None) or doc.quarter_before(
                m.start(), reported=rel == "latest"
            )
            if n == 4 and q:
                return _quarter_t(*q)
            k, y = (cur - 1, y) if cur > 1 else (n, y - 1)
    elif rel.startswith("year"):
        y -= 1
    elif (
        not m.group("y")
        and not yrel
        and k > cur
        and not re.search(r"fiscal", m.group(0), re.I)  # a fiscal year runs ahead of the calendar's
        and not _future(doc.text, *m.span())
    ):
        y -= 1
    t = _quarter_t(y, k, n)
    if _g(m, "the") and re.match(DASH, m.string[m.start("u") - 1]) and not m.group("y"):
        t.span = (m.start() + len(m.group("the")) + 1, m.end())
        while doc.text[t.span[0]].isspace():
            t.span = (t.span[0] + 1, t.span[1])
    return t


def _norm_month_quarter(m: re.Match, doc: _Doc) -> _T | None:
    """'the December quarter': the three months ending that month, the latest one unless ahead."""
    mon = _lexicon().months[_word(m.group("mon"))]
    if doc.ref is None:
        return _T("DATE", None, granularity="quarter", resolved=False)
    y = doc.ref.year
    if mon > doc.ref.month and not _future(doc.text, *m.span()):
        y -= 1
    elif mon < doc.ref.month and _future(doc.text, *m.span()):
        y += 1
    return _quarter_t(*_quarter_ending(y, mon))


def _norm_quarter_abbrev(m: re.Match, doc: _Doc) -> _T | None:
    """'Q3 2012', "Q1'13", 'H1': a quarter or half by its abbreviation."""
    letter, k = m.group("l"), int(m.group("k"))
    n = 4 if letter == "Q" else 2
    if k > n:
        return None
    if m.group("y"):
        y = int(m.group("y"))
    elif m.group("y2"):
        y = 2000 + int(m.group("y2")[1:])
    elif doc.ref is None:
        return _T("DATE", f"XXXX-{letter}{k}", granularity="quarter" if n == 4 else "half", resolved=False)
    else:
        cur = (doc.ref.month - 1) // (12 // n) + 1
        y = doc.ref.year - (1 if k > cur and not _future(doc.text, *m.span()) else 0)
    return _quarter_t(y, k, n)


def _norm_the_period(m: re.Match, doc: _Doc) -> _T | None:
    if doc.ref is None:
        return None
    u = _word(m.group("u"))
    ended = _ended_quarter(doc, m.end()) if u == "quarter" else None
    if ended:
        return _quarter_t(*ended)  # "the quarter ended July 31": mostly May to July, the second quarter
    last = _last_completed_quarter(doc.ref)
    latest = bool(re.match(r"the\s+latest\b", m.group(0), re.I))
    q = doc.quarter_before(m.start(), reported=latest)  # "the latest quarter" has been reported
    if q:
        return _quarter_t(*q)
    if u == "period" and not latest:
        return None  # "the latest period" of a results report is its last completed quarter
    return _quarter_t(*last)


def _norm_year_period(m: re.Match, doc: _Doc) -> _T | None:
    """'the 1988 period' in an earnings report: that year's quarter the text is about."""
    y = int(m.group("y"))
    q = doc.quarter_before(m.start(), reported=True)
    if q:
        return _quarter_t(y, q[1])
    return _T("DATE", str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _norm_year_ago(m: re.Match, doc: _Doc) -> _T | None:
    if doc.ref is None:
        return _T("DATE", None, granularity="year", resolved=False)
    q = doc.quarter_before(m.start(), window=400, reported=True)
    if q is None and _THE_QUARTER.search(doc.text, max(0, m.start() - 400), m.start()):
        # "in the quarter ... from $2.27 billion a year ago": the quarter just reported
        q = _last_completed_quarter(doc.ref)
    noun = _g(m, "noun") or _g(m, "noun2")
    if q and (noun != "level" and noun != "levels"):
        t = _quarter_t(q[0] - 1, q[1])
    else:
        if noun in ("period", "quarter") and not q:
            cur = (doc.ref.month - 1) // 3 + 1
            k, y = (cur - 1, doc.ref.year - 1) if cur > 1 else (4, doc.ref.year - 2)
            t = _quarter_t(y, k)
        elif _g(m, "one") and _month_in_clause(doc.text, m.start()):
            # "prices rose in January from a year earlier": January of the year before
            t = _T("DATE", None, granularity="month", resolved=False, anaphor=("month", -12))
        elif _word(_g(m, "dir")) == "earlier" and not re.search(
            r"\b(?:from|than|with|over|versus|vs|against)\s+$",
            doc.text[max(0, m.start() - 10) : m.start()],
            re.I,
        ):
            # "in May 2010 ... A year earlier, he": a year before the time the story tells; "ago" counts from
            # today and "up from a year earlier" compares with the period reported
            t = _T("DATE", None, granularity="year", resolved=False, anaphor=("year", -1), near=200)
        else:
            y = doc.ref.year - 1
            t = _T("DATE", str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    if _g(m, "mod"):
        t.mod = _lexicon().modifiers[_word(m.group("mod"))][0]
    if _g(m, "the") and _g(m, "adj") and not _g(m, "noun"):
        t.span = (m.start("adj"), m.end())  # "the year-earlier results": TempEval tags "year-earlier"
    return t


def _month_in_clause(text: str, pos: int) -> bool:
    """Whether the sentence before pos dates its figures by a month ("in January", "for March 2013")."""
    left = text[max(0, pos - 120) : pos]
    cuts = [b.end() for b in _SENTENCE_END.finditer(left)]
    left = left[max(cuts) :] if cuts else left
    return bool(_grammar().month_in.search(left))


def _norm_year_end(m: re.Match, doc: _Doc) -> _T | None:
    if doc.ref is None:
        return _T("DATE", None, granularity="day", resolved=False, mod="END")
    y = doc.ref.year
    if re.search(r"\bsince\s+$", doc.text[max(0, m.start() - 7) : m.start()], re.I):
        y -= 1  # "the change since year-end": the last one passed
    return _T("DATE", str(y), dt.date(y, 9, 1), dt.date(y, 12, 31), "year", "END")


def _norm_holiday(m: re.Match, doc: _Doc) -> _T | None:
    if _the_name(m, doc) or _NAME_AFTER.match(doc.text, m.end()):
        return None  # "the Good Friday Agreement", "Easter Island": part of a name
    if not _g(m, "rel") and re.search(r"\ban?\s{1,4}$", doc.text[max(0, m.start() - 4) : m.start()], re.I):
        return None  # "a Christmas tree", "an Easter egg": a kind of thing, not the day
    month, day, rule = _lexicon().holidays[_word(m.group("h"))]
    if doc.ref is None:
        value = f"XXXX-{int(month):02d}-{int(day):02d}" if day else None
        return _T("DATE", value, granularity="day", resolved=False)

    def on(y: int) -> dt.date:
        if day:
            return dt.date(y, int(month), int(day))
        if rule.startswith("easter"):  # "easter:-2" = Good Friday
            return _easter(y) + dt.timedelta(days=int(rule.partition(":")[2] or 0))
        if rule == "tue_after_first_mon":
            return _nth_weekday(y, int(month), 1, 0) + dt.timedelta(days=1)
        n, wd, *after = rule.split(":")  # "4:3:1": the day after the fourth Thursday (Black Friday)
        return _nth_weekday(y, int(month), int(n), int(wd)) + dt.timedelta(days=int(after[0]) if after else 0)

    ref = doc.ref
    rel = _word(m.group("rel"))
    cands = [on(y) for y in (ref.year - 1, ref.year, ref.year + 1)]
    if _word(m.group("h")).endswith(" week"):  # "Holy Week", "Christmas week": the week of the day
        starts = [c - dt.timedelta(days=c.weekday()) for c in cands]
        current = [s for s in starts if s <= ref <= s + dt.timedelta(days=6)]
        if current and rel in ("", "this"):
            s = current[0]
        else:
            s = _holiday_pick(starts, ref, rel, doc, m)
        return _T("DATE", _week_value(s), s, s + dt.timedelta(days=6), "week")
    d = _holiday_pick(cands, ref, rel, doc, m)
    if _g(m, "we"):  # "the Fourth of July weekend", "Labor Day weekend": the weekend nearest the day
        sat = d + dt.timedelta(days=(-2, -3, 3, 2, 1, 0, -1)[d.weekday()])
        return _weekend_t(sat)
    return _T("DATE", d.isoformat(), d, d, "day")


def _holiday_pick(cands: list[dt.date], ref: dt.date, rel: str, doc: _Doc, m: re.Match) -> dt.date:
    """Which year's holiday: last/next, else the tense, else the latest not after ref (or one due soon)."""
    if rel == "last":
        d = [c for c in cands if c < ref][-1]
    elif rel == "next":
        d = [c for c in cands if c > ref][0]
    else:
        tense = _tense(doc.text, *m.span())
        ahead = [c for c in cands if c >= ref][0]
        soon = (ahead - ref).days
        if tense == "future" or soon <= 7 or (tense is None and soon <= 45):
            # like a month: with no cue at all, next month's holiday is the likelier one; and one due
            # within the week is this year's whatever the tense ("jammed roads on the eve of Thanksgiving")
            d = ahead
        else:
            d = [c for c in cands if c <= ref][-1]
    return d


def _norm_rel_unit(m: re.Match, doc: _Doc) -> _T | None:
    rel = _word(m.group("rel"))
    u = _word(m.group("u"))
    if rel in ("same", "following", "previous") or u == "day" or m.group("u")[0].isupper():
        return None
    if rel in ("past", "last") and u in ("decade", "century"):
        return _T("DURATION", _duration_value("1", "E" if u == "decade" else "C"), granularity=u)
    ref = doc.ref
    if ref is None:
        return _apply_part(_T("DATE", None, granularity=u, resolved=False), m)
    # "the latest (fiscal) year" is the last one completed, as in a results report
    off = {"last": -1, "past": -1, "previous": -1, "latest": -1, "next": 1, "coming": 1, "following": 1}.get(
        rel, 0
    )
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
        if off > 0 or (off == 0 and ref.weekday() < 5 and _future(doc.text, *m.span())):
            sat += dt.timedelta(weeks=1)
        elif off < 0 and ref.weekday() >= 5:
            sat -= dt.timedelta(weeks=1)
        t = _weekend_t(sat)
    elif u == "quarter":
        q = (ref.month - 1) // 3 + off
        t = _quarter_t(ref.year + q // 4, q % 4 + 1)
    elif u == "decade":
        d = ref.year // 10 * 10 + 10 * off
        t = _T("DATE", str(d)[:3], dt.date(d, 1, 1), dt.date(d + 9, 12, 31), "decade")
    else:
        c = ref.year // 100 + off
        t = _T("DATE", f"{c:02d}", dt.date(c * 100, 1, 1), dt.date(c * 100 + 99, 12, 31), "century")
    whole = (t.start, t.end)
    t = _apply_part(t, m)
    part = _word(_g(m, "part"))
    if off == 0 and part in ("earlier", "later") and whole[0] is not None and whole[0] <= ref <= whole[1]:
        # "later this year" is the rest of the year from the reference date, not its last third
        t.start, t.end = (ref, whole[1]) if part == "later" else (whole[0], ref)
    if _g(m, "orso"):
        t.mod = t.mod or "APPROX"  # "the next year or so"
    if u == "week" and part in ("earlier", "later"):
        t = _part_outside(t, m)
    return t


def _norm_anaphor(m: re.Match, doc: _Doc) -> _T | None:
    u = _word(m.group("u"))
    off = {"following": 1, "next": 1, "previous": -1}.get(_word(_g(m, "rel")), 0)
    direction = {"before": -1, "earlier": -1, "after": 1, "later": 1}  # "the year before"
    off += direction.get(_word(_g(m, "dir")), 0)
    gran = "day" if u == "morning" else u
    if u == "day" and _word(_g(m, "rel")) == "same":
        gran = "sameday"  # "the same day": the last day named, even past a coarser date in between
    if _g(m, "dir2"):  # "the same month a year earlier": the month named before, a year back
        gran, off = ("month", -12) if u == "month" else ("week", -52) if u == "week" else ("day", -365)
    t = _T("DATE", None, granularity=gran, resolved=False, anaphor=(gran, off))
    if u == "morning":
        t.type = "TIME"
    return _apply_part(t, m)


_COARSENESS = {"day": 0, "time": 0, "week": 1, "month": 2, "quarter": 3, "half": 3, "season": 3, "year": 4,
               "decade": 5, "century": 6}  # fmt: skip


def _signal_before(text: str, start: int) -> str | None:
    """The kind of the signal word just before a span ('since', 'by', 'until', 'before', 'after')."""
    m = _grammar().signal.search(text, max(0, start - 12), start)
    return _lexicon().signals[_word(m.group("s"))] if m else None


def _since(text: str, start: int) -> bool:
    """'since July 2023': the start of a stretch up to now, not a time the narrative moves to."""
    return _signal_before(text, start) == "since"


def _resolve_anaphors(items: list[tuple[int, int, _T]], ref: dt.date | None, text: str) -> None:
    """'that year', 'the following month', 'earlier that day': relative to the last date named before."""
    anchor: _T | None = None
    anchor_end = 0
    day: tuple[_T, int] | None = None  # the last date of a day's grain, and where it ends
    for i, (start, end, t) in enumerate(items):
        if t.anaphor is None:
            if (
                t.type in ("DATE", "TIME")
                and t.start is not None
                and t.value
                and t.value[0].isdigit()
                and "/" not in t.value
                and t.anchors
                and not _since(text, start)  # "promised since July 2023 ... The following month, 20 arrived"
            ):
                anchor, anchor_end = t, end
                if t.granularity in ("day", "time"):
                    day = (t, end)
            continue
        gran, off = t.anaphor
        if t.fallback is not None and (anchor is None or start - anchor_end > (t.near or 0)):
            items[i] = (start, t.fallback.span[1] if t.fallback.span else end, t.fallback)
            continue
        if gran == "sameday":  # "on Thursday, ending a presence dating from 1960. They left the same day"
            gran = "day"
            if day is not None and start - day[1] <= 400:
                anchor, anchor_end = day
        far = t.near is not None and (anchor is None or start - anchor_end > t.near)
        base = ref if far else anchor.start if anchor is not None else ref
        if base is None:
            continue
        if gran == "ofyear":  # "in June of that year", "June 15 that year": of the last year named
            y, mon, d = base.year, int(t.value[5:7]), int(t.value[8:10]) if len(t.value) > 7 else None
            if d is None:
                t.start, t.end = dt.date(y, mon, 1), _month_end(y, mon)
            elif _valid(y, mon, d):
                t.start = t.end = dt.date(y, mon, d)
            else:
                continue
            t.value, t.resolved = f"{y}{t.value[4:]}", True
            continue
        if gran.startswith("tod"):  # "in the morning": of the last day named, else the reference day
            day = anchor.start if anchor is not None and anchor.granularity in ("day", "time") else ref
            if day is None:
                continue
            if day == ref and gran == "todnight" and _tense(text, start, end) in ("past", "weak"):
                day -= dt.timedelta(days=1)  # "crews worked through the night", told the next morning
            code = _lexicon().times_of_day.get(gran[3:], "TNI")
            t.value = day.isoformat() + ("" if code.startswith("T") else "T") + code
            t.start, t.end, t.resolved = day, day, True
            continue
        if gran.startswith("wd"):  # "the previous Friday": the Friday before the last day named
            if anchor is not None and anchor.granularity not in ("day", "time"):
                base = ref
            if base is None:
                continue
            n = int(gran[2:])
            step = (base.weekday() - n) % 7 if off < 0 else (n - base.weekday()) % 7
            d = base + dt.timedelta(days=off * (step or 7))
            t.value, t.start, t.end, t.resolved = d.isoformat(), d, d, True
            continue
        coarse = None if far or anchor is None else _COARSENESS.get(anchor.granularity or "", 0)
        if coarse is not None and coarse > _COARSENESS.get(gran, 0) and off != 0 and ref is not None:
            # "down from 14 the previous year ... training the previous week": a week before a year is no
            # week at all; the week before the reference date is meant
            coarse, base = None, ref
        if coarse is not None and coarse > _COARSENESS.get(gran, 0):
            # "in 1987 ... trades made that day": a day of that year, which one the text does not say
            y, mon = anchor.start.year, anchor.start.month
            unknown = {"day": f"-{mon:02d}-XX" if coarse == 2 else "-XX-XX", "week": "-WXX", "month": "-XX"}
            t.value, t.start, t.end = f"{y}{unknown.get(gran, '')}", anchor.start, anchor.end
            t.type, t.granularity = (
                "DATE",
                anchor.granularity,
            )  # the period is only known to the anchor's grain
            continue
        if gran == "day":
            d = base + dt.timedelta(days=off)
            t.value, t.start, t.end = d.isoformat(), d, d
            t.type = "DATE"  # "the next morning": TempEval-3 train gives the day
        elif gran == "week":
            s = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=off)
            t.value, t.start, t.end = _week_value(s), s, s + dt.timedelta(days=6)
        elif gran == "month":
            s = _shift_months(base.replace(day=1), off)
            t.value, t.start, t.end = f"{s.year}-{s.month:02d}", s, _month_end(s.year, s.month)
        else:
            y = base.year + off
            t.value, t.start, t.end = str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)
        t.resolved = True
        if t.mod in ("START", "MID", "END"):
            third = {"START": 1, "MID": 2, "END": 3}[t.mod]
            t.start, t.end = _third(t.start, t.end, third, gran)


_APPOSED_YEAR = re.compile(r"(?<![\w$.,/])((?:1[6-9]|20)\d\d),\s{1,4}$")  # "in 2006, the year ..."


def _norm_the_year(m: re.Match, doc: _Doc) -> _T | None:
    if re.match(r"\s+(?:before|after|earlier|later)\b", doc.text[m.end() : m.end() + 10]):
        return None
    if re.match(r"\s+(?:ended|ending|to)\b", doc.text[m.end() : m.end() + 10]):
        return _T("DURATION", "P1Y", granularity="year")
    named = _APPOSED_YEAR.search(doc.text, max(0, m.start() - 12), m.start())
    if named:  # "Canada lost 36 soldiers in 2006, the year 2,300 troops took over": that year, in apposition
        y = int(named.group(1))
    elif doc.ref is None:
        return _T("DATE", None, granularity="year", resolved=False)
    else:
        y = doc.ref.year
    return _T("DATE", str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _norm_the_week(m: re.Match, doc: _Doc) -> _T | None:
    """'For the week, the index fell 3%', 'the week's busiest session': the week being reported."""
    before = doc.text[max(0, m.start() - 8) : m.start()]
    if re.match(r"\s{1,4}(?:ended|ending)\s", doc.text[m.end() : m.end() + 10]):
        return _T("DURATION", "P1W", granularity="week")  # "the week ended March 16", like "the year ended"
    if re.match(r"['\u2019]s\b", doc.text[m.end() :]):
        if not _grammar().weekday.search(doc.text, max(0, m.start() - 200), m.start()):
            return None  # "Thursday and the week's busiest session", not a footer's "the week's top stories"
    elif not re.search(r"\b(?:for|during|over)\s+$", before, re.I):
        return None
    if doc.ref is None:
        return _T("DATE", None, granularity="week", resolved=False)
    s = doc.ref - dt.timedelta(days=doc.ref.weekday())
    if doc.ref.weekday() == 0 and not _future(doc.text, *m.span()):
        s -= dt.timedelta(weeks=1)  # on a Monday, the week just reported is the one before
    return _T("DATE", _week_value(s), s, s + dt.timedelta(days=6), "week")


def _norm_in_the_year(m: re.Match, doc: _Doc) -> _T | None:
    u = _word(m.group("u"))
    ref = doc.ref
    if ref is None:
        return _apply_part(_T("DATE", None, granularity=u, resolved=False), m)
    if u == "year":
        t = _T("DATE", str(ref.year), dt.date(ref.year, 1, 1), dt.date(ref.year, 12, 31), "year")
    elif u == "quarter":
        t = _quarter_t(ref.year, (ref.month - 1) // 3 + 1)
    elif u == "decade":
        d = ref.year // 10 * 10
        t = _T("DATE", str(d)[:3], dt.date(d, 1, 1), dt.date(d + 9, 12, 31), "decade")
    elif u == "century":
        c = ref.year // 100
        t = _T("DATE", f"{c:02d}", dt.date(c * 100, 1, 1), dt.date(c * 100 + 99, 12, 31), "century")
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


def _part_of_day(t: _T) -> bool:
    """A TIME whose value ends in a part of the day (2000-02-16TNI), not a clock time (T12:00)."""
    return t.type == "TIME" and bool(t.value) and not re.search(r"\d", t.value[-3:])


def _day_value(day: dt.date, tod: str | None) -> _T:
    if tod:
        code = _lexicon().times_of_day[_word(tod)]
        sep = "" if code.startswith("T") else "T"
        return _T("TIME", day.isoformat() + sep + code, day, day, "time")
    return _T("DATE", day.isoformat(), day, day, "day")


def _norm_anchor(m: re.Match, doc: _Doc) -> _T | None:
    w = _word(m.group("w"))
    typ, value, gran, timeml = _lexicon().anchors[w]
    after = doc.text[m.end() : m.end() + 20]
    if w == "current" and re.match(r"\s+accounts?\b", after):
        return None
    if w in ("the past", "the future") and re.match(
        r"\s+(?:few|several|many|\d+|[a-z]+ty|one|two|three|four|five|six|seven|eight|nine|ten)\s+[a-z]+s\b",
        after,
    ):
        return None  # "the past three summers": "past" counts a unit the tagger has no value for
    if m.group("w") == "Today" and re.search(
        r"\b[A-Z][\w.&]*\s+$", doc.text[max(0, m.start() - 20) : m.start()]
    ):
        if not _SENTENCE_END.search(doc.text, max(0, m.start() - 3), m.start()):
            return None  # "USA Today", "VOA Today": a name, not the day
    if w == "today" and not m.group("part"):
        era = re.match(r"(?:'s|\u2019s)\s{1,4}([a-z]+)(?:\s{1,4}([a-z]+))?", doc.text[m.end() : m.end() + 40])
        if era and words("dates/era_nouns.csv").intersection(era.groups()):
            return None  # "in today's world", "today's personal computers": the present age, not the day
    if w == "tomorrow" and re.search(
        r"\b(?<!end\s)(?<!rest\s)(?<!start\s)of\s{1,4}$", doc.text[max(0, m.start() - 12) : m.start()], re.I
    ):
        return None  # "the leaders of tomorrow": the future, not the next day; "the end of tomorrow" is one
    if (
        w == "recently"
        and re.match(r"\s{1,4}as\b", after)
        and re.search(r"\bas\s{1,4}$", doc.text[max(0, m.start() - 4) : m.start()], re.I)
    ):
        return None  # "as recently as September": the date that follows is the expression
    if w == "now" and re.match(r"-[a-z]", after):
        return None  # "the now-defunct airline": part of an adjective
    if w == "soon" and (
        re.search(r"\bas\s+$", doc.text[max(0, m.start() - 4) : m.start()])
        or re.match(r"\s+(?:after|as)\b", after)
    ):
        return None
    ref = doc.ref
    if value.endswith("_REF"):
        if ref is None:
            return _T(typ, value, granularity=gran or None, resolved=False, timeml=timeml)
        if value == "PRESENT_REF":
            return _T(typ, value, ref, ref, "day", timeml=timeml)
        if value == "PAST_REF":
            return _T(typ, value, None, ref, None, timeml=timeml)
        return _T(typ, value, ref, None, None, timeml=timeml)
    if ref is None:
        return _T(typ, None, granularity="day", resolved=False)
    base, _, code = value.partition(" ")
    day = ref + dt.timedelta(days=int(base[3:] or 0))
    if code:
        return _T("TIME", day.isoformat() + code, day, day, "time")
    t = _day_value(day, m.group("tod"))
    if m.group("part"):
        t.mod = _lexicon().parts[_word(m.group("part"))][0]
    return t


_NIGHT_SPENT = re.compile(
    r"\b(?:through|throughout|during|overnight|all|spent|spend|spending|spends)\s{1,4}$", re.I
)
_NIGHT_NAMED = re.compile(r"\s{0,4}(?:of|before|after|when|that|which|in\s+which)\b", re.I)


def _night_spent(m: re.Match, text: str) -> bool:
    """'worked through the night', 'spent the night on the train': a night the story tells of, not
    'the night of Oct. 23' (whose date is tagged on its own) nor 'the night the plane went down'."""
    return bool(_NIGHT_SPENT.search(text, max(0, m.start() - 16), m.start())) and not _NIGHT_NAMED.match(
        text, m.end()
    )


def _norm_tod(m: re.Match, doc: _Doc) -> _T | None:
    this, w2, tod = _word(m.group("this")), _word(m.group("w2")), _word(m.group("tod"))
    if not this and not w2 and not m.group("part") and tod not in ("midday", "noon", "midnight", "overnight"):
        return None
    if this == "the" and tod == "night" and not _night_spent(m, doc.text):
        return None
    if re.search(r"\bhigh\s+$", doc.text[max(0, m.start() - 6) : m.start()], re.I):
        return None  # "High Noon"
    if this in ("the", "that") and not w2:  # "in the morning", "that night": of the day the text tells about
        t = _T("TIME", None, granularity="time", resolved=False, anaphor=(f"tod{tod}", 0))
        if m.group("part"):
            t.mod = _lexicon().parts[_word(m.group("part"))][0]
        return t
    if doc.ref is None:
        return _T("TIME", None, granularity="time", resolved=False)
    anchor = this if this in ("yesterday", "tomorrow", "today", "last") else w2
    day = doc.ref + dt.timedelta(days={"yesterday": -1, "tomorrow": 1, "last": -1}.get(anchor, 0))
    if not anchor and tod in ("noon", "midnight", "midday"):
        day = _day_before_clock(m.start(), doc) or day  # "Tuesday at noon"
    code = _lexicon().times_of_day.get(tod, "TNI")
    t = _T("TIME", day.isoformat() + ("" if code.startswith("T") else "T") + code, day, day, "time")
    if m.group("part"):
        t.mod = _lexicon().parts[_word(m.group("part"))][0]
    if tod == "overnight" and not anchor:
        t.anchors = False  # "overnight losses in New York": which night is a guess, too weak to count from
    return t


_NOT_NAME_WORDS = frozenset(
    "on by since until till from the last next this early late earlier later and or but of in at for to before "
    "after during through every each that".split()
)


def _the_name(m: re.Match, doc: _Doc) -> bool:
    """'the Sunday Times', 'the Good Friday Agreement': a day's name inside a proper name."""
    if not _NAME_AFTER.match(doc.text, m.end()):
        return False
    before = re.search(r"\b(\w+)\s{1,4}$", doc.text[max(0, m.start() - 20) : m.start()])
    if before is None:
        return False
    w = before.group(1)
    return w.lower() == "the" or (w[0].isupper() and w.lower() not in _NOT_NAME_WORDS)


def _norm_weekday(m: re.Match, doc: _Doc) -> _T | None:
    if _the_name(m, doc):
        return None
    if len(_word(m.group("wd"))) < 5 and re.search(
        r"\bthe\s{1,4}$", doc.text[max(0, m.start() - 5) : m.start()], re.I
    ):
        return None  # "reported by The Sun.": an abbreviated day after "the" is a name
    wdn = _lexicon().weekdays[_word(m.group("wd"))]
    ref = doc.ref
    rel = _word(_g(m, "rel"))
    if _g(m, "the") and rel in ("previous", "following"):
        off = -1 if rel == "previous" else 1
        return _T("DATE", None, granularity="day", resolved=False, anaphor=(f"wd{wdn}", off))
    if ref is None:
        return _T("DATE", f"XXXX-WXX-{wdn + 1}", granularity="day", resolved=False)
    back, fwd = (ref.weekday() - wdn) % 7, (wdn - ref.weekday()) % 7
    if rel in ("last", "past", "previous", "this past"):
        day = ref - dt.timedelta(days=back or 7)
    elif rel in ("next", "coming", "this coming", "following"):
        day = ref + dt.timedelta(days=fwd or 7)
    elif back == 0:
        day = ref
    elif _future(doc.text, *m.span()):
        day = ref + dt.timedelta(days=fwd)
    else:
        day = ref - dt.timedelta(days=back)
    t = _day_value(day, _g(m, "tod"))
    if _part_of_day(t):
        # "Wednesday night" is a TIME whose value keeps the part of the day (2000-01-05TNI), as the TimeML
        # guidelines type any time of day, however vague; TempEval-3 train is split on the type (DATE 19 of
        # 25). Its period, and so an event's date precision, is still the whole day.
        t.granularity = "day"
    return _part_outside(t, m)


def _part_outside(t: _T, m: re.Match) -> _T:
    """Set the mod of 'early'/'earlier'...; 'earlier'/'later' stay outside the span ("Earlier Friday")."""
    w = _word(_g(m, "part"))
    if w:
        t.mod = _lexicon().parts[w][0]
        if w in ("earlier", "later"):
            start = m.end("part")
            while start < m.end() and m.string[start].isspace():
                start += 1
            t.span = (start, m.end())
    return t


def _norm_clock(m: re.Match, doc: _Doc) -> _T | None:
    h = int(m.group("h"))
    if h > 12 or h == 0:
        return None
    h = (h % 12) + (12 if m.group("ap").lower().startswith("p") else 0)
    mi = m.group("mi") or "00"
    day = doc.ref
    if m.group("mon"):
        t = _norm_explicit_day(m, doc)
        day = t.start if t is not None else None
    elif m.group("wd") and day is not None:
        day = _norm_weekday(m, doc).start
    elif day is not None:
        named = _day_after_clock(m, doc) or _day_before_clock(m.start(), doc)
        if named is None and h >= 12 and _tense(doc.text, *m.span()) in ("past", "weak"):
            # "conceded shortly before 11 p.m.", "the verdict was read at 2:15 p.m.": an evening told in
            # the past by a story of the next day
            named = day - dt.timedelta(days=1)
        day = named or day
    if day is None:
        return _T("TIME", f"XXXX-XX-XXT{h:02d}:{mi}", granularity="time", resolved=False)
    t = _T("TIME", f"{day.isoformat()}T{h:02d}:{mi}", day, day, "time")
    if m.group("mod"):
        t.mod = "APPROX"
    return t


def _norm_clock_in_the(m: re.Match, doc: _Doc) -> _T | None:
    """'4 in the morning', '8 in the evening': a clock time (TIME)."""
    h, mi = int(m.group("h")), m.group("mi") or "00"
    if _word(m.group("tod")) != "morning":
        h = h % 12 + 12
    elif h == 12:
        h = 0
    if doc.ref is None:
        return _T("TIME", f"XXXX-XX-XXT{h:02d}:{mi}", granularity="time", resolved=False)
    day = _day_after_clock(m, doc) or _day_before_clock(m.start(), doc) or doc.ref
    return _T("TIME", f"{day.isoformat()}T{h:02d}:{mi}", day, day, "time")


_ON_DAY = re.compile(r"\)?\s{0,4}(?:\([^()\n]{1,20}\)\s{0,4})?(?:on\s{1,4})?(?=[A-Z])")


def _day_after_clock(m: re.Match, doc: _Doc) -> dt.date | None:
    """The day a weekday or date just after a clock time names ("9 a.m. on Wednesday", "10:35 a.m. (0735 GMT) Friday")."""
    gap = _ON_DAY.match(doc.text, m.end())
    if not gap:
        return None
    for p in _grammar().patterns:
        if p.name in ("weekday", "mdy"):
            nxt = p.regex.match(doc.text, gap.end())
            if nxt and not _g(nxt, "rel") and not _g(nxt, "part"):
                t = p.normalizer(nxt, doc)
                if t is not None and t.start is not None:
                    return t.start
    return None


_AT_CLOCK = re.compile(r",?\s{1,4}at\s{1,4}(?:about\s{1,4}|around\s{1,4})?$", re.I)


def _day_before_clock(start: int, doc: _Doc) -> dt.date | None:
    """The day a weekday or date just before a clock time names ("on March 5 at 3 p.m.", "Tuesday at noon")."""
    lo = max(0, start - 40)
    at = _AT_CLOCK.search(doc.text, lo, start)
    if not at:
        return None
    for p in _grammar().patterns:
        if p.name in ("weekday", "mdy", "dmy"):
            for prev in p.regex.finditer(doc.text, lo, at.start()):
                if prev.end() == at.start() and not _g(prev, "tod"):
                    t = p.normalizer(prev, doc)
                    if t is not None and t.start is not None and t.granularity == "day":
                        return t.start
    return None


def _norm_clock24(m: re.Match, doc: _Doc) -> _T | None:
    h, mi = int(m.group("h")), m.group("mi")
    if doc.ref is None:
        return _T("TIME", f"XXXX-XX-XXT{h:02d}:{mi}", granularity="time", resolved=False)
    day = _day_after_clock(m, doc) or _day_before_clock(m.start(), doc) or doc.ref  # "14:00 GMT on Monday"
    t = _T("TIME", f"{day.isoformat()}T{h:02d}:{mi}", day, day, "time")
    # "10:35 a.m. (0735 GMT)": TempEval-3 tags the instant once, the restatement in brackets is left out
    before = doc.text[max(0, m.start() - 24) : m.start()]
    t.timeml = not re.search(
        r"[ap]\.?m\.?(?:\s{1,4}(?:local\s+time|[A-Z]{2,4}))?\s{0,4}\(\s{0,2}$", before, re.I
    )
    return t


def _norm_ago(m: re.Match, doc: _Doc) -> _T | None:
    n = _num(_g(m, "n"))  # "years ago" names no number: PAST_REF, as "several years ago"
    ucode, gran = _unit(m.group("u"))
    dirw = _word(m.group("dir"))
    mod = _lexicon().modifiers[_word(m.group("mod"))][0] if _g(m, "mod") else None
    if mod is None and (re.search(r"\bor\s+so\b", m.group(0), re.I) or _g(m, "n2")):
        mod = "APPROX"  # "a week or so ago", "two or three years ago" (dated by the first number)
    if dirw in ("before", "after") or (_g(m, "n2") and dirw != "ago"):
        return None  # "five to six days later" is the duration range's
    if dirw in ("earlier", "later"):  # "Three days later": TempEval tags the duration only
        t = _T("DURATION", _duration_value(n, ucode), granularity=gran, mod=mod)
        t.span = (m.start(), m.end("u"))
        return t
    ref = doc.ref
    if n == "X":
        return _T("DATE", "PAST_REF", None, ref, None, mod, resolved=ref is not None)
    if ref is None or "." in n or ucode.startswith("T"):
        return _T("DATE", None, None, ref, gran, mod, resolved=False)
    k = int(n) * (1 if dirw == "ago" else -1)
    try:
        return _ago_date(ref, k, ucode, mod)
    except (ValueError, OverflowError):  # "999 decades ago" falls off the calendar
        return _T("DATE", None, granularity=gran, mod=mod, resolved=False)


def _norm_later(m: re.Match, doc: _Doc) -> _T | None:
    """'another 75 followed a month later': in running text, that many units after (or 'earlier', before)
    the last date the text named. TempEval-3 tags only the duration ("a month"), so this reading stays out
    of the TimeML view."""
    n = _num(m.group("n"))
    _, gran = _unit(m.group("u"))
    if n == "X" or "." in n or gran not in ("day", "week", "month", "year"):
        return None
    k = int(n) * (1 if _word(m.group("dir")) == "later" else -1)
    duration = _norm_ago(m, doc)  # "a month" alone, as TempEval-3 tags it
    return _T("DATE", None, granularity=gran, resolved=False, anaphor=(gran, k), near=1500, timeml=False,
              fallback=duration)  # fmt: skip


def _ago_date(ref: dt.date, k: int, ucode: str, mod: str | None) -> _T | None:
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


def _norm_duration(m: re.Match, doc: _Doc) -> _T | None:
    n = _num(m.group("n"))
    if (m.group("half") or m.group("half2")) and n != "X":
        n = str(float(n) + 0.5)
    if m.group("halfa") and n == "1":
        n = "0.5"  # "half a century", "half an hour"
    ucode, gran = _unit(m.group("u"))
    uw, nw = _word(m.group("u")), _word(m.group("n"))
    if (
        m.group("adj") == "old"
        or m.group("old")
        or re.match(r"\s{1,4}of\s{1,4}age\b", doc.text[m.end() : m.end() + 12])
    ):
        return None  # an age: "76 years old", "21 years of age"
    if nw in ("a", "an", "one") and uw.endswith("s") and not m.group("half2"):
        return None  # "one years" is no duration; "one and a half years" is
    if m.group("u")[0].isupper() and not m.group(0).isupper():
        return None  # a title: CBS's "60 Minutes"
    after = doc.text[m.end() : m.end() + 12]
    dashed = bool(re.match(DASH, doc.text[m.end("n") : m.start("u")]))
    if ucode == "Q" and re.match(r"\s+of\b", after) and (dashed or n not in ("X",)):
        return None  # "three-quarters of its food"
    if ucode == "TS" and nw in ("a", "an") and re.match(r"\s+[a-z]", doc.text[m.end("u") : m.end("u") + 12]):
        return None  # "a second group", "a second term"
    if nw in ("a", "an") and not m.group("mod") and not m.group("rel"):
        before = doc.text[max(0, m.start() - 30) : m.start()]
        counted = re.search(
            r"(?:\d[\d,.]*%?|percent|cents|dollars|million|billion|(\w+))(?:\s+[a-z]+)?\s+$", before
        )
        if counted and (not counted.group(1) or _lexicon().numbers.get(counted.group(1).lower(), "X") != "X"):
            return None  # a rate: "$55 a night", "four flights a week"
    if nw == "many" and re.search(r"\bas\s{1,4}$", doc.text[max(0, m.start() - 4) : m.start()], re.I):
        return None  # "the third attack in as many weeks": three weeks, said by the count before it
    if nw == "some" and not m.group("rel"):
        return None
    if (
        nw in ("a", "an", "one")
        and uw in ("day", "night")
        and not m.group("mod")
        and not m.group("rel")
        and not dashed
    ):
        before = doc.text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"(?:\bsome|\bper|\btimes|\bonce|\btwice)\s+$", before):
            return None
    if ucode == "WE" and n == "1":
        return None
    mod = _lexicon().modifiers[_word(m.group("mod"))][0] if m.group("mod") else None
    t = _T(
        "DURATION",
        _duration_value(n, ucode),
        granularity=gran,
        mod=mod or ("APPROX" if _g(m, "orso") else None),
    )
    if _verb_last(m, doc):
        t.span = (_after_rel(m), m.end())
    if nw in ("a", "an") and m.group("adj") == "long" and not m.group("mod"):
        t.span = (m.start("u"), m.end())  # "a year-long dispute": the article is the dispute's
    if m.group("noun"):  # "a three-year period", "its one-year term": the noun is in the span
        if not dashed:
            t.span = (m.start(), m.end("u"))
        else:
            article = re.search(r"\ban?\s+$", doc.text[max(0, m.start() - 3) : m.start()])
            t.span = (m.start() - (len(article.group()) if article else 0), m.end())
        return t
    if (
        not m.group("rel")
        and re.match(r"the\s", m.group(0), re.I)
        and (
            not doc.text[m.end("n") : m.start("u")].strip() == ""
            or (n not in ("1", "X") and not uw.endswith("s"))
        )
    ):
        # "the two-week gulf crisis", "the two day rally": TempEval leaves the article out
        t.span = (m.start("n"), m.end())
    return t


_COMPOUND_ORDER = ("Y", "M", "D", "TH", "TM", "TS")


def _norm_duration_compound(m: re.Match, doc: _Doc) -> _T | None:
    """'2 hours, 41 minutes', 'two years and six months': one duration of several units (PT2H41M), each
    unit smaller than the one before; anything else ('3 weeks and 2 days', '5 days, 10 days') is left
    to the single-unit patterns."""
    parts = [(m.group(n), m.group(u)) for n, u in (("n", "u"), ("n2", "u2"), ("n3", "u3")) if m.group(n)]
    value, ranks, gran = {}, [], ""
    for nw, uw in parts:
        n, (ucode, gran) = _num(nw), _unit(uw)
        if n == "X" or "." in n or ucode not in _COMPOUND_ORDER:
            return None
        if _word(nw) in ("a", "an", "one") and _word(uw).endswith("s"):
            return None
        value[ucode] = int(n)
        ranks.append(_COMPOUND_ORDER.index(ucode))
    if ranks != sorted(set(ranks)):
        return None
    date = "".join(f"{value[u]}{u}" for u in _COMPOUND_ORDER[:3] if u in value)
    time = "".join(f"{value[u]}{u[1]}" for u in _COMPOUND_ORDER[3:] if u in value)
    return _T("DURATION", "P" + date + ("T" + time if time else ""), granularity=gran)


def _norm_duration_range(m: re.Match, doc: _Doc) -> _T | None:
    """'two to three weeks' (TempEval: the lower bound, EQUAL_OR_MORE), 'the next 12 to 18 months'."""
    n, n2 = _num(m.group("n")), _num(m.group("n2"))
    if "X" in (n, n2) or "." in n + n2 or int(n) >= int(n2):
        return None
    ucode, gran = _unit(m.group("u"))
    t = _T("DURATION", _duration_value(n, ucode), granularity=gran, mod="EQUAL_OR_MORE")
    if _verb_last(m, doc):
        t.span = (_after_rel(m), m.end())  # "is expected to last six to eight weeks"
    return t


def _norm_vague_units(m: re.Match, doc: _Doc) -> _T | None:
    ucode, gran = _unit(m.group("u"))
    if not _word(m.group("u")).endswith("s"):
        if m.group(0).lower().endswith("long"):  # "day-long"
            return _T("DURATION", _duration_value("1", ucode), granularity=gran)
        return None
    if _word(_g(m, "rel")) in ("recent", "past") and ucode == "Y" and not _g(m, "the"):
        return _T("DATE", "PAST_REF", None, doc.ref, None, resolved=doc.ref is not None)  # train: 4 of 5
    t = _T("DURATION", _duration_value("X", ucode), granularity=gran)
    if _verb_last(m, doc):
        t.span = (_after_rel(m), m.end())
    return t


def _verb_last(m: re.Match, doc: _Doc) -> bool:
    """Whether 'last' before a duration is the verb ("could last two weeks", "to last several days")."""
    if _word(_g(m, "rel")) != "last" or _g(m, "the"):
        return False
    before = doc.text[max(0, m.start("rel") - 12) : m.start("rel")]
    return bool(_AUX_BEFORE.search(before))


def _after_rel(m: re.Match) -> int:
    start = m.end("rel")
    while start < m.end() and m.string[start].isspace():
        start += 1
    return start


_AUX_BEFORE = re.compile(
    r"(?:\b(?:to|will|would|could|can|may|might|should|must|did|does|do|not)|n't|'ll)\s+$", re.I
)


def _norm_set_word(m: re.Match, doc: _Doc) -> _T | None:
    w = _word(m.group("w"))
    if re.match(r"\s+[A-Z]", doc.text[m.end() :]):
        return None  # a name: "Daily Wrap", "the Communist Party daily Granma"
    if w == "annual" and not re.match(r"\s+basis\b", doc.text[m.end() :]):
        return None  # "at an annual rate of 2.9%" is a rate, not a recurring time
    adjective = re.match(r"\s+[a-z]{3,}", doc.text[m.end() : m.end() + 20])
    if adjective and w == "quarterly":
        return None
    t = _T("SET", _lexicon().sets[w])
    # "to rise 8% annually": a growth rate, which TempEval-3 leaves untagged like "an annual rate"
    t.timeml = not re.search(r"(?:%|\bpercent)\s{1,4}$", doc.text[max(0, m.start() - 12) : m.start()])
    return t


def _norm_set_named(m: re.Match, doc: _Doc) -> _T | None:
    """'each July', 'every Thursday', 'Tuesday nights', 'on Mondays': a recurring named time (SET)."""
    if _g(m, "wd"):
        value = f"XXXX-WXX-{_lexicon().weekdays[_word(m.group('wd'))] + 1}"
        tod = _g(m, "tod") or _g(m, "tod2")
        if tod:
            value += _lexicon().times_of_day[_word(tod)]
    elif _g(m, "mon"):
        value = f"XXXX-{_lexicon().months[_word(m.group('mon'))]:02d}"
    elif _g(m, "tod3"):  # "every afternoon"
        code = _lexicon().times_of_day[_word(m.group("tod3"))]
        value = "XXXX-XX-XX" + (code if code.startswith("T") else "T" + code)
    else:
        value = f"XXXX-{_lexicon().seasons[_word(m.group('s'))]}"
    quant = "EVERY" if _g(m, "q") else None
    return _T("SET", value, quant=quant)


def _norm_set_every(m: re.Match, doc: _Doc) -> _T | None:
    q = _word(m.group("q"))
    ucode, gran = _unit(m.group("u"))
    n = _num(m.group("n")) if _g(m, "n") else "1"
    if _g(m, "n") and (q not in ("every", "each") or n == "1" or "." in n):
        return None
    if _word(m.group("u")).endswith("s") != (n != "1"):
        return None  # "every week", "every four years", not "every weeks"
    if q in ("a", "an") and not m.group("freq"):
        return None
    if (
        q == "per"
        and not m.group("freq")
        and re.search(r"[a-z]s\s{1,4}$", doc.text[max(0, m.start() - 12) : m.start()])
    ):
        return None  # a rate of things, not a recurring time: "miles per hour", "instructions per second"
    freq = None
    if m.group("freq"):
        f = _word(m.group("freq"))
        count, _, per = f.partition(" ")
        # "twice a week" -> 2X, "three days a week" -> 3D: how often, in what unit
        freq = {"once": "1X", "twice": "2X"}.get(
            f
        ) or f"{_num(count)}{'X' if per == 'times' else _unit(per)[0][-1]}"
    quant = "EVERY" if q in ("every", "each") else None
    if _word(m.group("u")) in _lexicon().times_of_day:
        return None  # "every night" is each night (set_each_named), not every 24 hours
    if n == "1" and not freq and _word(m.group("u")) == "weekend":
        return _T("SET", "XXXX-WXX-WE", granularity=gran, quant=quant)  # each weekend, not every two days
    return _T("SET", _duration_value(n, ucode), granularity=gran, quant=quant, freq=freq)


_NORMALIZERS: dict[str, Callable[[re.Match, _Doc], _T | None]] = {
    name[len("_norm_") :]: fn for name, fn in globals().items() if name.startswith("_norm_") and callable(fn)
}


# --- assembly ---------------------------------------------------------------------------------


def _matches(p: _Pattern, text: str, hits: dict[str, list[tuple[int, int]]]):
    """The pattern's matches; a pattern with an anchor word is only tried in windows around it."""
    if p.anchor is None:
        yield from p.regex.finditer(text)
        return
    if p.anchor.pattern not in hits:
        hits[p.anchor.pattern] = [a.span() for a in p.anchor.finditer(text)]
    windows: list[list[int]] = []
    for a_start, a_end in hits[p.anchor.pattern]:
        lo, hi = max(0, a_start - p.before), min(len(text), a_end + p.after)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        yield from p.regex.finditer(text, lo, hi)


def _candidates(doc: _Doc, timeml: bool) -> list[tuple[int, int, _T]]:
    """All normalized matches; the longest (then the earliest pattern) wins where they overlap."""
    found = []
    hits: dict[str, list[tuple[int, int]]] = {}
    for prio, p in enumerate(_grammar().patterns):
        for m in _matches(p, doc.text, hits):
            if m.end() == m.start():
                continue
            t = p.normalizer(m, doc)
            if t is None or (timeml and not t.timeml):
                continue
            start, end = t.span or m.span()
            mw = _g(m, "mod")
            if mw and start == m.start() and not _lexicon().modifiers.get(_word(mw), ("", True))[1]:
                start = m.end("mod")
                while start < end and doc.text[start].isspace():
                    start += 1
            found.append((start, end, prio, t))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[tuple[int, int, _T]] = []
    occupied = bytearray(len(doc.text))
    for start, end, _, t in found:
        if occupied.find(1, start, end) < 0:
            occupied[start:end] = b"\x01" * (end - start)
            taken.append((start, end, t))
    taken.sort(key=lambda x: x[0])
    return taken


_END_POINT = re.compile(r"\b(?:end|close)\b", re.I)  # "the end of May", "year-end": a point, not a third
_START_POINT = re.compile(r"\b(?:start|beginning)\b", re.I)


def _apply_signal(text: str, start: int, end: int, t: _T, ref: dt.date | None) -> None:
    """Bound the period by a signal word just before the span (since, by, until, before, after)."""
    if t.type not in ("DATE", "TIME") or (t.start is None and t.end is None):
        return
    kind = _signal_before(text, start)
    if kind is None:
        return
    if kind == "since":
        t.mod = t.mod or "ON_OR_AFTER"
        if t.value != "PAST_REF":
            t.end = ref if ref is not None and (t.start is None or ref >= t.start) else None
    elif kind in ("by", "until", "through"):
        if kind == "through" and _part_of_day(t):
            return  # "shelled the port through the night": all of that night, not up to it
        t.start = None
    elif kind == "before":
        t.mod = t.mod or "BEFORE"
        # "before the end of the year" is by its last day, not before its last third
        # "before dawn", "before 6 a.m." are on that day: a time of day moves within it
        point_end = t.mod == "END" and _END_POINT.search(text, start, end) or t.type == "TIME"
        t.start, t.end = None, (t.end if point_end else t.start - dt.timedelta(days=1) if t.start else None)
    elif kind == "after":
        t.mod = t.mod or "AFTER"
        within_day = t.type == "TIME" and not (t.value or "").endswith("T24:00")  # after midnight: next day
        point_start = t.mod == "START" and _START_POINT.search(text, start, end) or within_day
        t.start, t.end = (t.start if point_start else t.end + dt.timedelta(days=1) if t.end else None), None


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
            ok = bool(
                c and t1.type == t2.type == "DATE" and t1.granularity == t2.granularity
                and t1.granularity in ("month", "year", "day", "season", "quarter")
                and t1.start and t2.end and t1.value and t2.value and "/" not in t1.value
                and not t1.mod and not t2.mod
            )  # fmt: skip
            word = _word(c.group("c")) if c else ""
            if (
                ok
                and word == "and"
                and (t1.granularity != "month" if not lead else _word(lead.group("b")) == "from")
            ):
                ok = False
            if (
                ok
                and t1.start > t2.start
                and t1.granularity == "month"
                and not re.search(r"\d{4}", text[s1:e1])
            ):
                y = t2.start.year - (1 if t1.start.month > t2.start.month else 0)
                mo = t1.start.month
                t1 = _T("DATE", f"{y}-{mo:02d}", dt.date(y, mo, 1), _month_end(y, mo), "month")
            if ok and t1.start <= t2.start:
                start = lead.start() if lead else s1
                out.append(
                    (start, e2, _T("DATE", f"{t1.value}/{t2.value}", t1.start, t2.end, t1.granularity))
                )
                i += 2
                continue
        out.append(items[i])
        i += 1
    return out


def _shift_day(t: _T, days: int) -> None:
    t.start = t.start + dt.timedelta(days=days)
    t.end, t.value = t.start, t.start.isoformat() + (t.value or "")[10:]


def _order_weekday_ranges(text: str, items: list[tuple[int, int, _T]], ref: dt.date | None) -> None:
    """'from Monday to Wednesday', 'Friday through Tuesday': the second weekday of a range follows the first."""
    g = _grammar()
    for (s1, e1, t1), (s2, e2, t2) in zip(items, items[1:], strict=False):
        if ref is None or t1.granularity != "day" or t2.granularity != "day" or not t1.start or not t2.start:
            continue
        if t2.start >= t1.start or not (
            g.weekday.fullmatch(text, s1, e1) and g.weekday.fullmatch(text, s2, e2)
        ):
            continue
        c = g.connector.match(text[e1:s2])
        if not c or (_word(c.group("c")) == "and" and not g.between.search(text, max(0, s1 - 10), s1)):
            continue
        if t1.start > ref:
            _shift_day(t2, 7)  # "runs Friday through Tuesday": both ahead
        else:
            _shift_day(t1, -7)  # "lasted from Tuesday to Monday": both past


def _shift_month(t: _T, months: int) -> None:
    s = _shift_months(t.start, months)
    t.start, t.end, t.value = s, _month_end(s.year, s.month), f"{s.year}-{s.month:02d}"


_BARE_WORD = re.compile(r"[A-Za-z]+\.?")


def _order_month_ranges(text: str, items: list[tuple[int, int, _T]], ref: dt.date | None) -> None:
    """'from March to May', 'October through February': the second month of a range follows the first.

    Each month without a year was placed on its own; when the two come out in the wrong order the one
    farther from the reference date moves a year ("delayed from March to May" in March: this May)."""
    g = _grammar()
    for (s1, e1, t1), (s2, e2, t2) in zip(items, items[1:], strict=False):
        if ref is None or t1.granularity != "month" or t2.granularity != "month" or t1.mod or t2.mod:
            continue
        if (
            not t1.start
            or not t2.start
            or t2.start >= t1.start
            or re.search(r"\d", text[s1:e1] + text[s2:e2])
        ):
            continue
        c = g.connector.match(text[e1:s2])
        if not c or (_word(c.group("c")) == "and" and not g.between.search(text, max(0, s1 - 10), s1)):
            continue
        bare1, bare2 = (_BARE_WORD.fullmatch(text, a, b) is not None for a, b in ((s1, e1), (s2, e2)))
        if bare2 and (not bare1 or abs((t2.start - ref).days) >= abs((t1.start - ref).days)):
            _shift_month(t2, 12)
        elif bare1:  # "between July and December last year": the month with a year of its own stays
            _shift_month(t1, -12)


_OF_THAT_YEAR = re.compile(r"\s+(?:of\s+)?$")
_MONTH_LINK = re.compile(r"\s*(?:-|–|and|to|through|until|or)\s*$", re.I)


def _bare_month(t: _T, text: str, start: int, end: int) -> bool:
    """A month named by its word alone and placed in a year by the reference date ('in May')."""
    return (
        t.granularity == "month"
        and t.anaphor is None
        and not t.mod
        and bool(t.value and re.fullmatch(r"\d{4}-\d\d", t.value))
        and _BARE_WORD.fullmatch(text, start, end) is not None
    )


def _of_that_year(t: _T) -> None:
    """Make a month an 'of that year' anaphor, resolved against the year the text named last."""
    t.value, t.start, t.end, t.resolved = f"XXXX{t.value[4:]}", None, None, False
    t.anaphor = ("ofyear", 0)


def _months_of_that_year(items: list[tuple[int, int, _T]], text: str) -> None:
    """'between January and March that year', 'in May that year', 'that August': a month with no year of
    its own right before 'that year' (or after 'that') is of the year the text named last, not the latest
    one before the reference date (the months become 'of that year' anaphors, as 'in June of that year' is)."""
    for start, end, t in items:  # "withdrew 600 of them that August": the August of the year named last
        if _bare_month(t, text, start, end) and re.search(
            r"\bthat\s+$", text[max(0, start - 6) : start], re.I
        ):
            _of_that_year(t)
    for k in range(1, len(items)):
        start, _, t = items[k]
        that_year = t.anaphor == ("year", 0) and re.match(r"that\b", text[start:], re.I)
        if not that_year and not (t.anaphor == ("ofyear", 0) and t.granularity == "month"):
            continue  # (or "February of that year", after which "January and" is of that year too)
        j, limit = k - 1, start
        while j >= 0:
            s1, e1, t1 = items[j]
            linked = (_OF_THAT_YEAR if that_year and limit == start else _MONTH_LINK).fullmatch(
                text[e1:limit]
            )
            if not linked or not _bare_month(t1, text, s1, e1):
                break
            _of_that_year(t1)
            j, limit = j - 1, s1


def _tag(text: str, dct: dt.date | None, timeml: bool) -> list[TemporalExpression]:
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    if dct is not None and not 1000 <= dct.year <= 9000:
        raise ValueError(f"reference date {dct} is outside the years 1000-9000 the tagger resolves against")
    doc = _Doc(text, dct)
    items = _candidates(doc, timeml)
    _months_of_that_year(items, text)
    _resolve_anaphors(items, dct, text)
    _order_weekday_ranges(text, items, dct)
    _order_month_ranges(text, items, dct)
    if not timeml:
        items = _merge_ranges(text, items)
    out = []
    for start, end, t in items:
        _apply_signal(text, start, end, t, dct)
        dated = t.type in ("DATE", "TIME")
        out.append(
            TemporalExpression(
                start=start, end=end, text=text[start:end], type=t.type, value=t.value, mod=t.mod,
                period_start=t.start if dated else None, period_end=t.end if dated else None,
                granularity=t.granularity, resolved=t.resolved and t.value is not None and "XXXX" not in t.value,
                quant=t.quant, freq=t.freq,
            )
        )  # fmt: skip
    return out


def tag_text(text: str, dct: dt.date | None) -> list[TemporalExpression]:
    """Every temporal expression in text, sorted by start, non-overlapping, normalized against dct."""
    return _tag(text, dct, timeml=False)


def tag_timex3(text: str, dct: dt.date | None) -> list[TemporalExpression]:
    """tag_text under TempEval-3's annotation conventions: ranges stay two TIMEX3s, pipeline-only words dropped."""
    return _tag(text, dct, timeml=True)


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
