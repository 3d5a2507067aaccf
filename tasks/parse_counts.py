"""Find quantities in text and read them as ranges: 'between 1,000 to 3,000' -> 1000..3000."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tasks.errors import ResourceError
from tasks.lexicons import load_csv, resource_path
from tasks.records import Count

# "2 500" and "2\u00a0500" (thousands set off by a space, as French-style copy writes them) are one number
_TOKEN = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)*|[A-Za-z]+\.?|[-–—]|[^\s\"“”]"
)  # double quotes are skipped
_SPACED = re.compile(r"[ \u00a0\u202f\u2009]")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_SUFFIX_SCALE = {"k": 1000, "thousand": 1000, "million": 1_000_000, "mn": 1_000_000, "m": 1_000_000}
_RANGE_JOIN = {"-", "–", "—", "to", "or"}
_TRAILING_BOUNDS = {"more": "at_least", "fewer": "at_most", "less": "at_most", "so": "approx"}
_MAX_COUNT = 10_000_000
_MAX_TOKENS_PER_NUMBER = 8


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, tuple[int, str]]
    qualifiers: dict[tuple[str, ...], str]
    vague: dict[tuple[str, ...], tuple[int, int]]
    longest_qualifier: int
    longest_vague: int
    starts: frozenset[str]  # first words of the qualifier and vague phrases
    months: frozenset[str]  # month names and abbreviations (the date tagger's lexicon): "March 3 500"


@cache
def _lexicon() -> _Lexicon:
    words = {}
    for row in load_csv(
        "counts/number_words.csv",
        ["word", "value", "kind"],
        allowed={"kind": ["unit", "tens", "scale", "dozen"]},
        required=["word", "value", "kind"],
        unique=["word"],
        lower=["word"],
    ):
        words[row["word"]] = (int(row["value"]), row["kind"])
    qualifiers = {}
    for row in load_csv(
        "counts/qualifiers.csv",
        ["phrase", "qualifier"],
        allowed={"qualifier": ["approx", "at_least", "at_most", "range_start"]},
        required=["phrase", "qualifier"],
        unique=["phrase"],
        lower=["phrase"],
    ):
        qualifiers[tuple(_TOKEN.findall(row["phrase"]))] = row["qualifier"]
    vague = {}
    for row in load_csv(
        "counts/vague_quantities.csv",
        ["phrase", "count_min", "count_max"],
        required=["phrase", "count_min", "count_max"],
        unique=["phrase"],
        lower=["phrase"],
    ):
        low, high = int(row["count_min"]), int(row["count_max"])
        if low > high:
            raise ResourceError(
                resource_path("counts/vague_quantities.csv"), int(row["_line"]), "count_min > count_max"
            )
        vague[tuple(row["phrase"].split())] = (low, high)
    return _Lexicon(
        words,
        qualifiers,
        vague,
        max(len(k) for k in qualifiers),
        max(len(k) for k in vague),
        frozenset(k[0] for k in [*qualifiers, *vague]),
        frozenset(r["word"] for r in load_csv("dates/months.csv", ["word", "month"], lower=["word"])),
    )


def _tokens(text: str) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(text):
        tok, start = m.group(), m.start()
        if " " in tok and out and out[-1][0].lower().rstrip(".") in _lexicon().months:
            # "on March 3 500 soldiers": a day, then a number
            for part in re.finditer(r"\d+", tok):
                out.append((part.group(), start + part.start(), start + part.end()))
            continue
        out.append((tok, start, m.end()))
    return out


_DESIGNATION = re.compile(r"[A-Za-z]-?$")


def _designation(text: str, start: int) -> bool:
    """Digits glued to letters name a thing, not a quantity: 'M23', 'F-16', 'Su-25', 'COVID-19'."""
    return bool(_DESIGNATION.search(text[max(0, start - 2) : start]))


_CLOCK = re.compile(r"\d:\d")


def _clock(text: str, start: int, end: int) -> bool:
    """Digits on either side of a colon are a time or a running time, not a head count: '10:30', '(2:14)'."""
    return bool(_CLOCK.match(text, end - 1) or start > 0 and _CLOCK.match(text, start - 2))


def _digit_value(tok: str) -> float | None:
    tok = _SPACED.sub(",", tok)
    if len(tok) > 15 or not _DIGITS.fullmatch(tok):
        return None  # longer digit strings are ids or noise, never head counts
    if "," in tok:
        return float(tok.replace(",", ""))
    return float(tok)


def _read_number(toks: list[tuple[str, int, int]], i: int) -> tuple[float, int, int] | None:
    """A number starting at token i: (value, next index, scale word's factor or 1)."""
    lex = _lexicon()
    if i >= len(toks):
        return None
    low = toks[i][0].lower()
    value = _digit_value(toks[i][0])
    if value is not None:
        j = i + 1
        scale = 1
        if (
            j + 1 < len(toks)
            and toks[j][0] == "-"
            and toks[j][1] == toks[i][2]
            and toks[j + 1][1] == toks[j][2]
            and toks[j + 1][0].lower() in ("thousand", "million")
        ):
            j += 1  # "the 1.2-million-strong army": the hyphen joins the scale word, it is no range
        if (
            j < len(toks)
            and toks[j][0].lower().rstrip(".") in _SUFFIX_SCALE
            and toks[j][1] - toks[j - 1][2] <= 1
        ):
            scale = _SUFFIX_SCALE[toks[j][0].lower().rstrip(".")]
            value *= scale
            j += 1
        return value, j, scale
    # number words: "two thousand five hundred", "twenty-five", "a thousand"
    j = i
    if (
        low == "half"
        and i + 2 < len(toks)
        and toks[i + 1][0].lower() in ("a", "an")
        and lex.words.get(toks[i + 2][0].lower(), (0, ""))[1] in ("scale", "dozen")
    ):
        value, kind = lex.words[toks[i + 2][0].lower()]
        return value / 2, i + 3, value  # "half a dozen" -> 6, "half a million" -> 500,000
    if (
        low in ("a", "an")
        and i + 1 < len(toks)
        and lex.words.get(toks[i + 1][0].lower(), (0, ""))[1] in ("scale", "dozen")
    ):
        total, current, j = 0, 1, i + 1
    else:
        total, current = 0, 0
    seen = False
    scale = 1
    steps = 0
    last = ""  # kind of the previous number word
    while j < len(toks) and steps < _MAX_TOKENS_PER_NUMBER:
        word = toks[j][0].lower()
        entry = lex.words.get(word)
        if entry is None:
            if seen and word in ("-", "and") and j + 1 < len(toks) and toks[j + 1][0].lower() in lex.words:
                nxt = lex.words[toks[j + 1][0].lower()]
                # "twenty-five", "two hundred and five"; not "five and seven" or "ten-twelve" (two numbers)
                hyphen = word == "-" and last == "tens" and nxt[1] == "unit" and nxt[0] < 10
                joined = word == "and" and last == "scale" and nxt[1] in ("unit", "tens")
                if hyphen or joined:
                    j += 1
                    steps += 1
                    continue
            break
        if (
            seen
            and last in ("unit", "tens")
            and entry[1] in ("unit", "tens")
            and not (last == "tens" and entry[1] == "unit" and entry[0] < 10)
        ):
            break  # "five seven" is two numbers; "twenty five" is one
        val, kind = entry
        if kind in ("unit", "tens"):
            current += val
        elif kind == "dozen":
            current = (current or 1) * val
        else:
            current = (current or 1) * val
            if val >= 1000:
                total += current
                current = 0
            scale = val
        seen = True
        last = kind
        j += 1
        steps += 1
    if not seen:
        return None
    return float(total + current), j, scale


def _match_phrase(toks, i, table, longest):
    if i >= len(toks) or toks[i][0].lower() not in _lexicon().starts:
        return None, i  # most words start no phrase: skip the longest-first search
    for n in range(min(longest, len(toks) - i), 0, -1):
        key = tuple(t[0].lower() for t in toks[i : i + n])
        if key in table:
            return table[key], i + n
    return None, i


def find_counts(text: str) -> list[Count]:
    """Every quantity in the text, left to right, as a Count with its character span."""
    lex = _lexicon()
    toks = _tokens(text)
    out: list[Count] = []
    i = 0
    while i < len(toks):
        vague, j = _match_phrase(toks, i, lex.vague, lex.longest_vague)
        if vague is not None:
            start, end = toks[i][1], toks[j - 1][2]
            out.append(Count(vague[0], vague[1], "vague", text[start:end], start, end))
            i = j
            continue
        qualifier, j = _match_phrase(toks, i, lex.qualifiers, lex.longest_qualifier)
        if (
            j < len(toks)
            and toks[j][0][0].isdigit()
            and (_designation(text, toks[j][1]) or _clock(text, toks[j][1], toks[j][2]))
        ):
            i = j + 1
            continue
        first = _read_number(toks, j)
        if first is None:
            if qualifier is not None:
                i = j
                continue
            i += 1
            continue
        a, k, a_scale = first
        b = None
        if k < len(toks):
            join = toks[k][0].lower()
            allowed = _RANGE_JOIN | ({"and"} if qualifier == "range_start" else set())
            # "Oct. 2 - Eight soldiers are killed": a spaced dash before a capitalised number word is a
            # chronology entry's separator, not a range
            spaced = join in ("-", "–", "—") and k + 1 < len(toks) and toks[k + 1][1] > toks[k][2]
            if spaced and toks[k + 1][0][:1].isupper():
                join = ""
            if join in allowed:
                second = _read_number(toks, k + 1)
                if second is not None:
                    b, k2, b_scale = second
                    if b_scale > 1 and a_scale == 1 and a * b_scale <= b:
                        a *= b_scale  # "20-25 thousand": the scale word covers both ends
                    if a <= b:
                        k = k2
                    else:
                        b = None
        if b is None and qualifier in (None, "approx") and k + 1 < len(toks) and toks[k][0].lower() == "or":
            # "20,000 or more", "1,000 or fewer": a bound written after the number
            after = _TRAILING_BOUNDS.get(toks[k + 1][0].lower())
            if after is not None:
                qualifier, k = after, k + 2
        start, end = toks[i if qualifier else j][1], toks[k - 1][2]
        lo, hi = int(round(a)), int(round(b)) if b is not None else None
        if lo > _MAX_COUNT or (hi or 0) > _MAX_COUNT:
            i = k
            continue
        if hi is not None:
            out.append(Count(lo, hi, "range", text[start:end], start, end))
        elif qualifier == "at_least":
            out.append(Count(lo, None, "at_least", text[start:end], start, end))
        elif qualifier == "at_most":
            out.append(Count(None, lo, "at_most", text[start:end], start, end))
        elif qualifier == "approx":
            out.append(Count(lo, lo, "approx", text[start:end], start, end))
        else:
            out.append(Count(lo, lo, "exact", text[start:end], start, end))
        i = k
    return out
