"""Extract deployment and casualty events from a parsed article: counts, modality, source, actor, time."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from tasks import classify_counts
from tasks.errors import ResourceError
from tasks.lexicons import load_csv, resource_path
from tasks.nlp import sentence_triggers
from tasks.parse_counts import find_counts
from tasks.records import Count, Document, Event, TemporalExpression
from tasks.tables import Cell, table_claims

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_ARG_DEPS = {
    "nsubj",
    "nsubjpass",
    "dobj",
    "obj",
    "poss",
    "pobj",
    "compound",
    "agent",
    "attr",
    "appos",
    "conj",
    "prep",
}
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis"}
_PRONOUNS = {"they", "them", "their", "those", "these"}
_WORD_OR_DIGIT = re.compile(r"\w")


@dataclass(frozen=True)
class Lexicon:
    """Every word list the extractor reads, loaded once from tasks/resources/events."""

    person_nouns: frozenset[str]
    unit_nouns: frozenset[str]
    blockers: dict[str, str]
    modality: dict[str, str]
    generic_sources: frozenset[str]
    boilerplate: tuple[re.Pattern, ...]
    navigation: tuple[re.Pattern, ...]
    actor_aliases: dict[str, str]
    actor_sides: dict[str, str]
    actor_kinds: dict[str, str]
    armed_groups: frozenset[str]
    irregular_nouns: frozenset[str]
    actor_regex: re.Pattern
    source_aliases: dict[str, str]
    source_regex: re.Pattern
    own_statements: tuple[tuple[re.Pattern, str], ...]
    place_states: dict[str, str]  # "north kivu" -> "DR Congo" (places.csv)
    place_regex: re.Pattern


def _alias_regex(aliases, exact=frozenset()) -> re.Pattern:
    """Whole-word, case-insensitive alternation of the aliases; those in `exact` match only as written
    in upper case ("US" the state, not "us" the pronoun)."""
    alts = sorted(aliases, key=len, reverse=True)
    parts = [f"(?-i:{re.escape(a.upper())})" if a in exact else re.escape(a) for a in alts]
    return re.compile(r"(?<![\w])(" + "|".join(parts) + r")(?![\w])", re.I)


def _name_table(name: str, key: str, value: str) -> dict[str, str]:
    """A two-column lexicon of names (sources.csv, places.csv): the lower-cased name in `key` -> `value`."""
    rows = load_csv(name, [key, value], required=[key, value], unique=[key], lower=[key])
    return {r[key]: r[value] for r in rows}


@cache
def lexicon() -> Lexicon:
    """Load and validate the event lexicons."""
    troops = load_csv(
        "events/troop_nouns.csv",
        ["word", "kind"],
        allowed={"kind": ["person", "unit", "irregular"]},
        required=["word", "kind"],
        unique=["word"],
        lower=["word"],
    )
    blockers = load_csv(
        "events/count_blockers.csv",
        ["word", "kind"],
        allowed={"kind": ["unit", "fraction", "rate", "ordinal", "name"]},
        required=["word", "kind"],
        unique=["word"],
        lower=["word"],
    )
    modality = load_csv(
        "events/modality.csv",
        ["word", "role"],
        allowed={"role": ["planned", "denied", "demanded", "reporting"]},
        required=["word", "role"],
        unique=["word"],
        lower=["word"],
    )
    generic = load_csv(
        "events/generic_sources.csv", ["word"], required=["word"], unique=["word"], lower=["word"]
    )
    boiler = load_csv("events/boilerplate.csv", ["pattern"], required=["pattern"], unique=["pattern"])
    actors = load_csv(
        "events/actors.csv",
        ["alias", "actor", "kind", "side"],
        allowed={"kind": ["state", "group"]},
        required=["alias", "actor", "kind", "side"],
        unique=["alias"],
        lower=["alias"],
    )
    source_aliases = _name_table("events/sources.csv", "alias", "source")
    actor_kinds = {r["side"]: r["kind"] for r in actors if r["actor"] == r["side"]}
    place_states = _name_table("events/places.csv", "place", "state")
    for state in place_states.values():
        if actor_kinds.get(state) != "state":
            raise ResourceError(
                resource_path("events/places.csv"), None, f"{state!r} is no state in actors.csv"
            )
    # an alias written "=US" matches only in upper case
    exact_aliases = frozenset(r["alias"][1:] for r in actors if r["alias"].startswith("="))
    actor_aliases = {r["alias"].lstrip("="): r["actor"] for r in actors}
    return Lexicon(
        person_nouns=frozenset(r["word"] for r in troops if r["kind"] in ("person", "irregular")),
        unit_nouns=frozenset(r["word"] for r in troops if r["kind"] == "unit"),
        blockers={r["word"]: r["kind"] for r in blockers},
        modality={r["word"]: r["role"] for r in modality},
        generic_sources=frozenset(r["word"] for r in generic),
        boilerplate=tuple(re.compile(r["pattern"], re.I) for r in boiler),
        navigation=tuple(
            re.compile(r["pattern"], re.I)
            for r in load_csv(
                "events/navigation_headers.csv", ["pattern"], required=["pattern"], unique=["pattern"]
            )
        ),
        actor_aliases=actor_aliases,
        actor_sides={r["actor"]: r["side"] for r in actors},
        actor_kinds=actor_kinds,
        armed_groups=frozenset(r["actor"] for r in actors if r["kind"] == "group"),
        irregular_nouns=frozenset(r["word"] for r in troops if r["kind"] == "irregular"),
        actor_regex=_alias_regex(actor_aliases, exact_aliases),
        source_aliases=source_aliases,
        source_regex=_alias_regex(source_aliases),
        own_statements=tuple(
            (re.compile(r["pattern"], re.I), r["kind"])
            for r in load_csv(
                "events/own_statements.csv",
                ["pattern", "kind"],
                allowed={"kind": ["statement", "report"]},
                required=["pattern", "kind"],
                unique=["pattern"],
            )
        ),
        place_states=place_states,
        place_regex=_alias_regex(place_states),
    )


def states_at(text: str) -> list[str]:
    """The states a text names, directly or through a place inside one ('North Kivu' -> DR Congo)."""
    lex = lexicon()
    named = [side_of(a) for a in actors_in(text) if lex.actor_kinds.get(side_of(a)) == "state"]
    return named + [lex.place_states[m.group(1).lower()] for m in lex.place_regex.finditer(text)]


# ---------------------------------------------------------------------------------------------
# document level

_HEADER_LINES = 8
_HEADER_WIDTH = 80


_REPORT_OF = re.compile(r"(?:^|:\s*)report of the ((?:[A-Z][\w-]*\s?){1,5})(?:\(|$|:)", re.I)


def _header_lines(text: str) -> list[str]:
    """The first lines of an article, where its headline, byline and dateline sit (no split of the rest)."""
    return text.split("\n", _HEADER_LINES)[:_HEADER_LINES]


def issuer_of(doc: Document) -> str | None:
    """Who issues the article when it is its publisher's own press release or report, else None."""
    titled = _REPORT_OF.search(doc.title or "")
    if titled and titled.group(1).strip()[:1].isupper():
        return titled.group(1).strip()  # "Situation in X: Report of the Secretary-General (excerpt)"
    # a letterhead may sit under an editor's note: "MINISTRY OF NATIONAL DEFENSE / PRESS RELEASE"
    lines = [line.strip() for line in doc.text.split("\n", 2 * _HEADER_LINES)[: 2 * _HEADER_LINES]]
    publisher = re.sub(r"\s*\([^)]*\)", "", doc.publisher or "").strip()
    found = []

    def names_issuer(line: str) -> bool:  # not the label itself ("PRESS RELEASE / FOR IMMEDIATE RELEASE")
        return (
            bool(line)
            and not line.lower().startswith("republic of")
            and not any(p.search(line) for p, _ in lexicon().own_statements)
        )

    for i, line in enumerate(lines):
        for pattern, kind in lexicon().own_statements:
            if not line or not pattern.search(line):
                continue
            named = line.lower().find(publisher.lower()) if publisher else -1
            after = line[named + len(publisher) :] if named >= 0 else ""
            if kind == "report" and (len(line) > _HEADER_WIDTH or named < 0 or not pattern.search(after)):
                continue  # "Horn Watch - Report excerpt", not "a report seen by Horn Watch" nor "Defense Report"
            letterhead = [x for x in lines[max(0, i - 3) : i] if x.isupper() and names_issuer(x)]
            if kind == "statement" and letterhead and named < 0:
                # "MINISTRY OF NATIONAL DEFENSE / PRESS RELEASE" reproduced in full by a newspaper: the ministry's
                return _name_case(letterhead[0])
            if i >= _HEADER_LINES:
                continue
            if publisher:
                found.append(publisher)
                continue
            above = [x for x in lines[:i] if names_issuer(x)]
            if above and (above[-1].isupper() or len(above[-1].split()) <= 6):
                # "MINISTRY OF DEFENCE" or "Ministry of Defence" over the label, not a headline
                found.append(_name_case(above[-1]) if above[-1].isupper() else above[-1])
    return found[0] if found else None


def _name_case(line: str) -> str:
    """'MINISTRY OF NATIONAL DEFENSE' -> 'Ministry of National Defense'."""
    small = {"of", "the", "and", "for", "on", "in"}
    words = line.lower().split()
    return " ".join(w if n and w in small else w.capitalize() for n, w in enumerate(words))


_HONORIFIC = re.compile(r"^(?:MR|MS|MRS|DR|Mr|Ms|Mrs|Dr)\.?\s+(?=\S)")
_SPEAKER = re.compile(
    r"^[ \t]*(?:\[\d{1,2}(?::\d{2}){1,2}\][ \t]*)?"  # a podcast's "[00:01:05]"
    r"([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,5})[ \t]*"
    r"(?:\(([^)\n]{1,40})\)|,[ \t]*([A-Z][A-Z .]{1,30}(?:,[ \t]*[A-Z][A-Z .]{1,30})?))?:[ \t]+\S",
    re.M,
)  # "Siobhán Darcy:", "SD (interpreted):", "DANA WHITFIELD, HOST:", "COL. JOHN ROE, SPOKESMAN, HUR:"
_HONORIFICS = r"(?:Mr|Ms|Mrs|Miss|Dr|Sir|Dame|Lord|Lady)\.?"
_NAME_LINE = re.compile(
    r"^[ \t]*(?:\d{1,3}\.[ \t]+)?"
    rf"(?:[A-Z][^\n()]{{2,80}}?\(({_HONORIFICS} [A-Z][^()\n]{{1,40}})\)"
    rf"|({_HONORIFICS} )?([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){{0,3}}))"
    r"((?:[ \t]*\([^()\n]{1,40}\))*)[ \t]*\n(?=[ \t]*[^\n]{80})",
    re.M,
)  # a parliamentary record's speaker on a line of her own above her words: "Mr Tom Roe (Anytown) (Lab)",
# "The Minister for the Armed Forces (Mr Tom Roe)", then "Mr Roe"
_JOURNALIST = re.compile(
    r"\b(host|anchor|correspondent|reporter|presenter|interviewer|editor|moderator|byline|q)\b", re.I
)
# words a label puts before a name: "GEN. RENFREW", "SPOKESPERSON CHOI", "Sen. Roe", "Chairman Voss"
_TITLE_WORDS = frozenset(
    "mr ms mrs miss dr sir dame lord lady prof professor rev hon sen senator rep representative congressman "
    "congresswoman ranking member chairman chairwoman chair spokesperson spokesman spokeswoman minister secretary deputy "
    "president ambassador commander cmdr adm admiral brig brigadier gen general lt lieutenant col colonel "
    "maj major capt captain sgt sergeant cpl corporal pvt private spc specialist".split()
)
_NAME_WORD = r"[A-Z][\w'’-]+"


def _untitled(label: str) -> str:
    """A speaker label without the titles and ranks before the name: 'COL. OLEH MARCHUK' -> 'OLEH MARCHUK'."""
    words = label.split()
    while len(words) > 1 and words[0].rstrip(".").lower() in _TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def _full_name(surname: str, text: str) -> str | None:
    """The full name the article gives a person a transcript labels by one name: 'Carla Renfrew' for
    'GEN. RENFREW' (from 'Brig. Gen. Carla Renfrew'), 'Choi Jin-woo' for 'SPOKESPERSON CHOI'. Titles
    are not part of it; the form named most often wins, then the first."""
    pattern = rf"((?:{_NAME_WORD} ){{1,3}})?\b(?i:{re.escape(surname)})\b((?: {_NAME_WORD}-[\w'’-]+)?)"
    found: Counter[str] = Counter()
    for m in re.finditer(pattern, text):
        given = []
        for word in reversed((m.group(1) or "").split()):
            if word.lower() in _TITLE_WORDS:
                break
            given.insert(0, word)
        name = " ".join([*given, m.group(0)[len(m.group(1) or "") :].strip()])
        if " " in name and not name.isupper():
            found[name] += 1
    return found.most_common(1)[0][0] if found else None  # (a tie goes to the form named first)


_TITLED_NAME = re.compile(
    rf"\b(?:(?i:{'|'.join(sorted(_TITLE_WORDS))})\.? )+((?:{_NAME_WORD} ){{0,2}}{_NAME_WORD})"
)  # "Lt Col Ciarán Dunleavy", "Brig. Gen. Carla Renfrew"


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split()).upper()


def speaker_turns(doc: Document) -> list[tuple[int, str | None]]:
    """Where each speaker's turn starts in a transcript or Q&A, with the speaker a claim in it is
    attributed to: the interviewee by full name ("SD:" after "Siobhán Darcy:", "GEN. ROE:" after "Brig.
    Gen. Jane Roe" in the text), without titles; None for the journalists (a host, a correspondent, the
    byline's interviewer), whose own words stay unattributed."""
    labels = []
    for m in _SPEAKER.finditer(doc.text):
        line_end = doc.text.find("\n", m.end())
        if not re.search(r"[.?!…\"'’”)\]][ \t]*$", doc.text[m.start() : line_end if line_end >= 0 else None]):
            continue  # "Transcript: Senators spar over the aid package": a linked headline, not a turn
        label, role = _HONORIFIC.sub("", m.group(1)), m.group(2) or m.group(3) or ""
        words = label.split()
        if len(words) > 3 and label.isupper():  # "DEPUTY PRESS SECRETARY JANE ROE": the role, then the name
            label, role = " ".join(words[-2:]), role or " ".join(words[:-2])
        labels.append((m.start(), label, role))
    lines = [
        (m.start(), _untitled(m.group(1) or m.group(3)), bool(m.group(1) or m.group(2) or m.group(4)))
        for m in _NAME_LINE.finditer(doc.text)
    ]
    titled = {name.split()[-1] for _, name, marked in lines if marked}
    # a bare name line ("Jane Roe" above a paragraph) is a speaker only where a titled one names her too: a
    # live blog's "Ukraine" or "Analysis" above its entries is not
    labels += [(start, name, "") for start, name, _ in lines if name.split()[-1] in titled]
    if not labels:
        return []
    labels.sort()
    full: dict[str, tuple[str, str]] = {}  # short label -> (full name, role)
    for _, label, role in labels:
        name = _untitled(label)
        if " " in name:
            words = name.split()
            # "KIM:" after "COL. KIM MIN-JUN": a hyphenated given name comes after the family name
            family = words[0] if "-" in words[-1] else words[-1]
            for short in (label, words[-1], family, family.upper(), _initials(name)):
                full.setdefault(short, (name, role))
    names = []
    for _, label, _ in labels:
        if label not in full:
            name = _untitled(label)
            full[label] = ((" " not in name and _full_name(name, doc.text)) or name, "")
        names.append(full[label][0])
    counts = Counter(names)
    ends = [start for start, _, _ in labels[1:]] + [len(doc.text)]
    asks = Counter(  # turns that end on a question: "Wagner has really gone?"
        name
        for (start, _, _), end, name in zip(labels, ends, names, strict=True)
        if doc.text[start:end].rstrip().endswith("?")
    )
    head = "\n".join(_header_lines(doc.text)).lower()
    turns: list[tuple[int, str | None]] = []
    for (start, label, _), name in zip(labels, names, strict=True):
        role = full[label][1]
        if counts[name] < 2 and not _JOURNALIST.search(label):
            continue  # "Photo: ...", "Correction: ...": one-off labels are not speakers
        journalist = (
            _JOURNALIST.search(role)
            or _JOURNALIST.search(label)
            or f"by {name.lower()}" in head
            or 2 * asks[name] > counts[name]  # who mostly asks is the interviewer, or a senator questioning
        )
        turns.append((start, None if journalist else (name.title() if name.isupper() else name)))
    return turns


_QUESTION_LINE = re.compile(r"^[^\n]{3,200}\?[ \t]*$", re.M)


def interview_turns(doc: Document, sdoc: Doc) -> list[tuple[int, str | None]]:
    """The turns of an interview printed as bare questions and answers, with no speaker labels: an
    article its header calls an interview, with question lines ending in '?'. The answers are the
    interviewee's, the person the text introduces before the first question ('Dr Jane Roe, a historian
    at ...', named most often, else first); the questions are the interviewer's."""
    head = "\n".join([doc.title or "", *_header_lines(doc.text)]).lower()
    if "interview" not in head:
        return []
    questions = list(_QUESTION_LINE.finditer(doc.text))
    if len(questions) < 2:
        return []
    byline = re.findall(r"\bby ([a-z][\w'’-]+(?: [a-z][\w'’-]+){0,3})", head)
    people = [
        e.text
        for e in sdoc.ents
        if e.label_ == "PERSON"
        and e.start_char < questions[0].start()
        and " " in e.text.strip()
        and not any(e.text.lower() in b or b in e.text.lower() for b in byline)
    ]
    intro = doc.text[: questions[0].start()]
    if not people:  # "Lt Col Ciarán Dunleavy commands the battalion": a name the parser missed, after a rank
        people = [
            m.group(1)
            for m in _TITLED_NAME.finditer(intro)
            if not any(m.group(1).lower() in b for b in byline)
        ]
    if not people:
        return []

    def weight(name: str) -> tuple[int, int]:
        # "Last month Sergei Shoigu flew to Pyongyang ... Kang Min-seo, a senior fellow at ...": the person
        # introduced with who they are, and named again (a photo caption), not the news they comment on
        introduced = re.search(rf"{re.escape(name)},\s+(?:a|an|the)\s", intro) is not None
        return 2 * introduced + intro.count(name), -people.index(name)

    interviewee = max(dict.fromkeys(people), key=weight)
    turns: list[tuple[int, str | None]] = []
    for q in questions:
        turns.append((q.start(), None))
        turns.append((q.end(), interviewee))
    return turns


_QUOTE = re.compile(r"“[^”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)", re.M)


def _quote_speaker(sdoc: Doc, pos: int) -> tuple[str, str] | None:
    """Who speaks a quotation the position is inside, where the sentence has no claimant of its own:
    '"... we lost fourteen of our soldiers," Ramaila said. "Eighteen others were wounded."' The
    attribution is a reporting verb outside the quotation marks in the same paragraph, the one after the
    first quotation, else the one before it."""
    text = sdoc.text
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    quotes = [(start + m.start(), start + m.end()) for m in _QUOTE.finditer(text[start:end])]
    if not any(a < pos < b for a, b in quotes):
        return None
    reporting = lexicon().modality
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verbs = [
        t
        for t in span
        if t.pos_ == "VERB"
        and reporting.get(t.lemma_.lower()) == "reporting"
        and not any(a <= t.idx < b for a, b in quotes)
    ]
    after = [v for v in verbs if v.idx > quotes[0][1]]
    for verb in after[:1] or verbs[-1:]:
        for subject in _claimants(verb):
            found = _source_from(subject)
            if found is not None:
                return found
    return None


def _speaker_at(turns: list[tuple[int, str | None]], pos: int) -> str | None:
    current = None
    for start, speaker in turns:
        if start > pos:
            break
        current = speaker
    return current


_I = re.compile(r"^(?:i|me|my)$", re.I)
_BARE_PRONOUN = re.compile(
    r"^(?:i|me|my|we|us|our|you|your|he|him|his|she|her|it|its|they|them|their)$", re.I
)
_FIRST_PERSON = re.compile(r"^(?:we|us|our|this (?:organi[sz]ation|ministry|office|report))\b", re.I)


def boilerplate_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines that are page furniture (bylines, copyright, bios), and of
    navigation blocks: a header such as 'Related content' and the lines under it up to a blank line;
    where the page sets its teaser headlines apart with blank lines ('More on this story', a blank
    line, a headline, a blank line, ...), the block goes on while the lines read as headlines."""
    lex = lexicon()
    out = []
    pos = 0
    in_block = spaced = False  # spaced: past a blank line inside a block, only headlines go on
    for line in text.split("\n"):
        end = pos + len(line)
        if not line.strip():
            spaced = in_block
        elif spaced and not _teaser(line):
            in_block = spaced = False
        header = bool(line.strip()) and any(p.search(line) for p in lex.navigation)
        if header or line.strip() and (in_block or any(p.search(line) for p in lex.boilerplate)):
            out.append((pos, end))
            if header:
                in_block, spaced = True, False
        pos = end + 1
    return out


def _teaser(line: str) -> bool:
    """A line that reads as a headline: short, with no full stop at its end."""
    words = line.split()
    return len(words) <= 16 and not re.search(r"[.:;,]['\"’”)]?\s*$", line)


_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'’/-]{2,40}(?:,\s*[A-Z][A-Za-z .]{1,30}?)?"
    r"(?:,\s*(?:[A-Z][a-z]+,\s*)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([A-Za-z .]{1,30}\))?\s*(?:--|[-–—])\s*"
    # "Mogadishu, 21 March 2025 -", "Nairobi, March 21, 2025 -": a city in title case needs a full date
    r"|^\s*[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){0,2},\s*"
    r"(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?)\s*\d{4}"
    r"\s*(?:\([A-Za-z .]{1,30}\))?\s*(?:--|[-–—])\s*",
    re.M,
)


_LIVE_STAMP = re.compile(
    r"^[ \t]*(\d{1,2}[:.]\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?:[ \t]+[A-Z]{2,4})?[ \t]*[-–—|][ \t]*)\S", re.M
)


def dateline_ranges(text: str) -> list[tuple[int, int]]:
    """The 'CITY, Month D (Agency) -' prefix of wire copy, at the start of one of the first lines, and
    the '09:30 - ' time stamp opening each entry of a live blog."""
    out = []
    head_end = sum(len(line) + 1 for line in text.split("\n")[:12])
    for m in _DATELINE.finditer(text, 0, head_end):
        if m.end() - m.start() < 80:
            out.append((m.start(), m.end()))
    out.extend((m.start(1), m.end(1)) for m in _LIVE_STAMP.finditer(text))
    return out


_PUNCT_RUN = re.compile(r"[^\w\s]{33,}")


def mask_text(text: str) -> str:
    """The text with page furniture and datelines blanked out, same length, so offsets still hold;
    long runs of punctuation get a space every 32 characters (spaCy's tokenizer is quadratic on them)."""
    chars = list(text)
    for m in _PUNCT_RUN.finditer(text):
        for i in range(m.start() + 32, m.end(), 32):
            chars[i] = " "
    for a, b in boilerplate_ranges(text) + dateline_ranges(text):
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "
    for m in _CITATION.finditer(text):  # "were killed.[7]": a reference marker, not a count
        for i in range(m.start(), m.end()):
            chars[i] = " "
    for m in _QA_LABEL.finditer(text):  # "Q: On that point, the agency told ...": no word of the sentence
        for i in range(m.start(1), m.end(1)):
            chars[i] = " "
    return "".join(chars)


_QA_LABEL = re.compile(r"^[ \t]*([QA]:)[ \t]", re.M)
_CITATION = re.compile(r"\[(?:\d{1,3}|[a-z]|citation needed|note \d{1,3})\]", re.I)


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+|\n+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Gen|Lt|Col|Maj|Capt|Sgt|Adm|Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct"
    r"|Nov|Dec|approx|est|vs|Gov|Sen|Rep|Pres)\.)$"
)


def _inflections(word: str) -> set[str]:
    """A pattern word and its regular inflections: send -> sends, sending; move -> moved, moving;
    drop -> dropped; casualty -> casualties. Irregular forms come from events/irregular_forms.csv.
    Whole words only: a stem would keep "department" for depart, "business" for bus, "details" for
    detach, and with them most sentences of an article."""
    forms = {word, word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if re.fullmatch(r".*[^aeiou][aeiou][bdgklmnprt]", word):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


@cache
def _prefilter() -> tuple[re.Pattern, re.Pattern]:
    """Two regexes: words that can start an event by themselves (stems of the trigger patterns'
    words, irregular forms), and words that need a number beside them (troop nouns, presence verbs)."""
    from tasks.nlp import event_patterns
    from tasks.parse_counts import _lexicon as count_lexicon

    words: set[str] = set()
    for pattern in event_patterns():
        for spec in pattern["pattern"]:
            for key in ("LEMMA", "LOWER"):
                value = spec.get(key)
                if isinstance(value, dict):
                    words.update(value.get("IN", []))
                elif isinstance(value, str):
                    words.add(value)
    from spacy.lang.en.stop_words import STOP_WORDS

    # function words of multi-word patterns ("pull ... out", "lose their lives") would keep every sentence
    content = {w for w in words if w.isalpha() and (w not in STOP_WORDS or w in ("move", "take"))}
    inflected = {form for w in content for form in _inflections(w)}
    forms = load_csv(
        "events/irregular_forms.csv",
        ["word", "kind"],
        allowed={"kind": ["trigger", "presence"]},
        required=["word", "kind"],
        unique=["word"],
        lower=["word"],
    )
    triggers = inflected | {r["word"] for r in forms if r["kind"] == "trigger"}
    needs_number = (
        set(lexicon().person_nouns)
        | set(lexicon().unit_nouns)  # "alongside a French contingent of around 300"
        | {r["word"] for r in forms if r["kind"] == "presence"}
        # "raised the figure to 34": a tally of the claim before (_raised_figure)
        | {"figure", "toll", "tally"}
    )
    # the words that make a vague phrase a number ("a handful of": handful), not its "a" and "of"
    vague = {w for phrase in count_lexicon().vague for w in phrase if len(w) > 2}
    numbers = set(count_lexicon().words) | vague

    def alternation(items: set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))

    trigger_re = re.compile(rf"\b(?:{alternation(triggers)})\b", re.I)
    counted_re = re.compile(
        rf"(?=.*\b(?:{alternation(needs_number)}))(?=.*(?:\d|\b(?:{alternation(numbers)})\b))", re.I | re.S
    )
    return trigger_re, counted_re


def parse_text(text: str) -> str:
    """What spaCy parses: the article with furniture, datelines and sentences that cannot hold an
    event blanked out (same length, so every offset still points into the article)."""
    masked = mask_text(text)
    trigger_re, counted_re = _prefilter()
    pieces = []
    pos = 0
    for m in _SENTENCE_END.finditer(masked):
        if "\n" not in m.group() and _ABBREVIATION.search(masked, max(0, m.start() - 12), m.start()):
            continue  # "U.S. troops", "Gen. Smith": not a sentence end
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(masked)))
    keep = [False] * len(pieces)
    for i, (a, b) in enumerate(pieces):
        chunk = masked[a:b]
        if trigger_re.search(chunk) or counted_re.match(chunk):
            keep[i] = True
            if i > 0:
                keep[i - 1] = True  # the sentence before may lend its date or source
    chars = list(masked)
    for flag, (a, b) in zip(keep, pieces, strict=True):
        if not flag:
            for j in range(a, b):
                if chars[j] != "\n":
                    chars[j] = " "
    return "".join(chars)


def actors_in(text: str) -> list[str]:
    """Canonical actors named in a piece of text, in order."""
    lex = lexicon()
    return [lex.actor_aliases[m.group(1).lower()] for m in lex.actor_regex.finditer(text)]


def side_of(actor: str | None) -> str | None:
    """The camp an actor fights in (itself when the lexicon does not say)."""
    if actor is None:
        return None
    return lexicon().actor_sides.get(actor, actor)


def actor_prior(sdoc: Doc, skip: list[tuple[int, int]], title: str | None) -> dict[str, float]:
    """Scores for whose forces the article is about, from its words: title, troop modifiers, mentions."""
    lex = lexicon()
    scores: dict[str, float] = {}

    def add(actor: str, weight: float) -> None:
        side = side_of(actor)
        scores[side] = scores.get(side, 0) + weight

    # a headline names its subject first; a side named twice ("Afghan Taliban") is still one side
    for n, side in enumerate(dict.fromkeys(side_of(a) for a in actors_in(title or ""))):
        add(side, 6 if n == 0 else 2)
    for tok in sdoc:
        if _in_ranges(tok.idx, skip):
            continue
        if tok.lemma_.lower() in lex.person_nouns or tok.lower_ in lex.person_nouns:
            left = sdoc[max(tok.left_edge.i, tok.i - 4) : tok.i]
            for side in dict.fromkeys(side_of(a) for a in actors_in(left.text)):
                add(side, 2)
    for actor in actors_in(_text_of(sdoc)):
        add(actor, 0.25)
    if not scores:
        for ent in sdoc.ents:
            if ent.label_ == "NORP":
                add(ent.text, 0.5)
    return scores


def _returned_home(m, primary: str | None, abroad: set[str]) -> bool:
    """A return to a force's own country is a withdrawal, not the return to the field that 'returned to
    <place>' (or 'flew out of X for <place>') otherwise is: the destination is the troops' side (or the
    article's force's), or a state that sends troops abroad in this article and is not where the events
    happen."""
    if m.event_type != "deployment" or m.subtype not in ("sent", "planned"):
        return False
    if m.trigger.lemma_.lower() == "return":
        places = [
            o
            for c in m.trigger.children
            if c.dep_ == "prep" and c.lower_ in ("to", "into")
            for o in c.children
        ]
    elif m.trigger.lemma_.lower() in _MOVE_VERBS:
        places = _bound_for(m.trigger)  # "the last 300 flew out of Niamey for Paris"
        preps = {c.lower_: c for c in m.trigger.children if c.dep_ == "prep"}
        if "from" in preps and "to" in preps:  # "300 were flown from Damascus to Tehran"
            places += list(preps["to"].children)
    else:
        return False
    own = {side_of(a) for a in (m.actor, primary) if a and a != "mixed"}
    names = [_proper_name(o) for o in places]  # "North Korea", not "Korea"; not "the China border"
    return any(side_of(a) in own | abroad for name in names for a in actors_in(name))


def _proper_name(tok: Token) -> str:
    """A proper noun with the proper nouns compounded before it ('North Korea'); else the word itself."""
    if tok.pos_ != "PROPN":
        return tok.text
    first = tok.i
    while first > 0 and tok.doc[first - 1].pos_ == "PROPN" and tok.doc[first - 1].dep_ == "compound":
        first -= 1
    return tok.doc[first : tok.i + 1].text


_CROWD_WORDS = frozenset({"refugee", "displace", "displaced", "camp", "asylum", "migrant", "flee", "evacuee"})


_MERCHANT_SHIPS = frozenset(
    {"dhow", "tanker", "freighter", "vessel", "trawler", "merchant", "cargo", "container", "bulk"}
)


def _merchant_crew(noun: Token) -> bool:
    """A crew of a merchant ship: 'the 14 crew members of the dhow', 'killing three of its crew' after
    'a missile struck the bulk carrier True Confidence'."""
    lemma = noun.lemma_.lower()
    crew = (
        lemma in ("crew", "crewman", "seafarer")
        or lemma == "member"
        and any(c.dep_ == "compound" and c.lower_ == "crew" for c in noun.children)
    )
    return crew and any(t.lemma_.lower() in _MERCHANT_SHIPS or t.lower_ in _MERCHANT_SHIPS for t in noun.sent)


_BODIES = frozenset(
    {"council", "parliament", "assembly", "committee", "cabinet", "family", "party", "board", "senate"}
)


def _members_of_body(noun: Token) -> bool:
    """'the five permanent members of the UN Security Council', 'members of the committee': the members of
    a council, a house or a family, not people under arms."""
    if noun.lemma_.lower() != "member":
        return False
    if any(c.dep_ == "amod" and c.lower_ in ("permanent", "founding", "elected") for c in noun.children):
        return True
    return any(
        o.lemma_.lower() in _BODIES
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
    )


def _civilian_crowd(noun: Token) -> bool:
    """'60,000 Congolese have crossed the border', said of refugees: a people named only by their
    nationality counts as troops unless its sentence is about refugees, camps or flight."""
    lex = lexicon()
    if noun.lemma_.lower() in lex.person_nouns or noun.lower_ in lex.person_nouns:
        return False  # soldiers, troops: a force, whatever else the sentence says
    if not _nationality_noun(noun):
        return False
    if any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in noun.children):
        return True  # "thousands of ethnic Armenians ... before leaving": a people, not a force
    return any(t.lemma_.lower() in _CROWD_WORDS or t.lower_ in _CROWD_WORDS for t in noun.sent)


def _level_after(anchor: Token, trigger: Token) -> bool:
    """The count is the level a withdrawal leaves: 'scaled down its force to 2,500 troops'."""
    node = anchor.head if anchor.dep_ != "pobj" and anchor.head.dep_ == "pobj" else anchor
    prep = node.head
    held = prep.head.head if prep.head.dep_ in ("prt", "advmod") else prep.head  # "pulled ... back to"
    return node.dep_ == "pobj" and prep.lower_ == "to" and trigger.i in (held.i, prep.head.i)


def _with_civilians(noun: Token) -> bool:
    """A head count whose 'including' list names civilians: a figure that mixes troops and civilians."""
    return any(
        t.lemma_.lower() in ("civilian", "civil")
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "including"
        for t in c.subtree
    )


def _career_total(trigger: Token, published: date | None) -> bool:
    """Everyone who 'has served' since a year long past: a country's total over decades of missions,
    not a force anywhere now."""
    if published is None or trigger.lemma_.lower() not in ("serve", "contribute"):
        return False
    verb = trigger
    while verb.dep_ == "conj" and not any(c.dep_ == "aux" for c in verb.children):
        verb = verb.head  # "have served in UN missions, and 84 of them have lost their lives"
    clause = verb.head if verb.dep_ == "conj" else verb
    if not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return False
    # "since 1960" (on the verb or its "in 48 missions"), "Since Nepal first sent peacekeepers ... in 1958"
    since = [
        t.head if t.dep_ == "mark" else t
        for t in clause.subtree
        if t.lower_ == "since"
        and not any(
            a.dep_ in ("relcl", "acl", "ccomp")
            for a in t.ancestors
            if a.i != clause.i and clause in a.ancestors
        )
    ]
    years = [int(o.text) for c in since for o in c.subtree if re.fullmatch(r"(?:19|20)\d\d", o.text)]
    over_the_years = any(  # "Over the years, Pakistan has contributed more than 235,000 personnel"
        c.dep_ == "prep"
        and c.lower_ in ("over", "across")
        and any(o.lemma_.lower() in ("year", "decade") and o.tag_ == "NNS" for o in c.children)
        for c in clause.children
    )
    return over_the_years or any(published.year - y >= 10 for y in years)


_ROOM_VERBS = frozenset(
    {"accommodate", "house", "hold", "host", "take", "sleep", "fit", "carry", "sustain", "field", "muster"}
)


def _capacity(anchor: Token) -> bool:
    """'can accommodate up to 1,500 personnel', 'could house 3,000 troops', 'could sustain no more than
    5,000 troops abroad': a capacity, not a head count."""
    for tok in [anchor, *list(anchor.ancestors)[:3]]:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in _ROOM_VERBS:
            return any(c.dep_ == "aux" and c.lower_ in ("can", "could") for c in tok.children)
    return False


def _deployed_sides(mentions: list) -> set[str]:
    """States whose troops the article counts as sent or stationed somewhere: with the article's own
    force, the expeditionary forces whose losses it reports too ('Burundi has 1,070 soldiers in North
    Kivu ... 20 Burundian soldiers were killed')."""
    lex = lexicon()
    out = set()
    for m in mentions:
        if (
            m.event_type == "deployment"
            and m.subtype in ("sent", "planned", "withdrawn")  # a force leaving a country was deployed there
            and m.count is not None
            and m.actor_explicit
            and m.actor not in (None, "mixed")
            and not m.negated
            and not m.extra.get("hypothetical")
            and lex.actor_kinds.get(side_of(m.actor)) == "state"
        ):
            out.add(side_of(m.actor))
    return out


def place_counts(sdoc: Doc, skip: list[tuple[int, int]], title: str | None) -> dict[str, int]:
    """How often each state is named as a place ('in Lebanon', 'in southern Lebanon', 'in North Kivu'),
    title included."""
    counts: dict[str, int] = {}
    places = [
        m.group(1)
        for m in re.finditer(r"\b(?:in|into|across|inside)\s+((?:[A-Z][\w'’-]*\s?){1,4})", title or "")
    ]
    for tok in sdoc:  # a proper noun after "in" (the tagger may call "Mali" a person)
        if (
            tok.pos_ == "PROPN"
            and tok.dep_ == "pobj"
            and tok.head.lower_ in ("in", "into", "across", "inside")
        ):
            if not _in_ranges(tok.idx, skip):
                places.append(sdoc[tok.left_edge.i : tok.i + 1].text)
    for place in places:
        for side in states_at(place):
            counts[side] = counts.get(side, 0) + 1
    return counts


def host_side(places: dict[str, int], primary: str | None) -> str | None:
    """The country the article's events happen in: the state most often named as a place (see
    place_counts), not the article's own force."""
    counts = {side: n for side, n in places.items() if side != side_of(primary)}
    if not counts:
        return None
    return max(sorted(counts), key=lambda a: counts[a])


def _host_army_at_home(m, host: str | None, primary: str | None) -> bool:
    """A deployment of the country the article's events happen in, to no other state named: its army on
    its own soil (an article about a foreign force in Lebanon that says the Lebanese army moved south)."""
    if m.event_type != "deployment" or m.subtype == "withdrawn" or not m.actor_explicit:
        return False  # (a host army pulling back from a border is a withdrawal the conventions keep)
    if host is None or side_of(m.actor) != host:
        return False
    if primary is None or side_of(primary) == host:
        return False
    # "... sent 200 soldiers to Cyprus", "its forces inside Lebanon", "deployed in South Kivu" (where it
    # goes or is, not "concentrated 50,000 troops in the region to push Ukrainian forces out")
    places = _place_phrases(m)
    where = _phrases_text(places) if places else m.trigger.sent.text
    return all(side == host for side in states_at(where))


def _place_phrases(m, preps: frozenset | None = None) -> list[Token]:
    """The 'in/to/near <place>' phrases on a mention's trigger or counted noun."""
    preps = preps or _WHERE_PREPS
    return [
        c
        for t in (m.trigger, m.noun)
        if t is not None
        for c in t.children
        if c.dep_ == "prep"
        and c.lower_ in preps
        and any(  # a place, not "in an attempt to push Ukrainian forces out"
            o.dep_ == "pobj"
            and (
                o.ent_type_ in ("GPE", "LOC", "FAC") or o.pos_ == "PROPN" or o.lemma_.lower() in _PLACE_NOUNS
            )
            for o in c.children
        )
    ]


def _phrases_text(phrases: list[Token]) -> str:
    return " ".join(c.doc[c.i : c.right_edge.i + 1].text for c in phrases)


_OWN_GROUND = frozenset({"border", "frontier", "territory", "soil"})


def _on_own_soil(m) -> bool:
    """A state's troops killed, hurt or moved inside that state ('killed nearly 100 Chadian soldiers on
    the Bohoma peninsula', 'a base in northern Israel', 'will move 10,000 soldiers to its eastern
    border'): forces on their own soil are not annotated. Withdrawals home are."""
    if m.subtype == "withdrawn" or not m.actor_explicit or m.actor in (None, "mixed"):
        return False  # (with no nationality named, the article's force is no guide to whose troops they are)
    side = side_of(m.actor)
    if lexicon().actor_kinds.get(side) != "state":
        return False
    places = _place_phrases(m, _WHERE_PREPS - {"from"})  # "flown from Nairobi to St Petersburg" leaves home
    states = states_at(_phrases_text(places))
    if states:
        return all(state == side for state in states)
    return m.event_type == "deployment" and any(  # "to its eastern border", "on their own territory"
        o.lemma_.lower() in _OWN_GROUND and any(d.lower_ in ("its", "their") for d in o.children)
        for c in places
        for o in c.children
        if o.dep_ == "pobj"
    )


_WHERE_PREPS = frozenset(
    {"to", "in", "into", "inside", "across", "toward", "towards", "near", "along", "at", "from"}
)


def primary_actor(prior: dict[str, float], mentions: list) -> str | None:
    """Whose forces the article is about: the side its counted events name most, then the prior."""
    scores = dict(prior)
    for m in mentions:
        if m.actor_explicit and m.actor not in (None, "mixed") and m.count is not None:
            side = side_of(m.actor)
            scores[side] = scores.get(side, 0) + 4
    if not scores:
        return None
    return max(sorted(scores), key=lambda a: scores[a])


def _text_of(sdoc: Doc) -> str:
    """Doc.text, built once per document (spaCy rebuilds it on every access)."""
    text = sdoc.user_data.get("timeline_text")
    if text is None:
        text = sdoc.user_data["timeline_text"] = sdoc.text
    return text


def _in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


# ---------------------------------------------------------------------------------------------
# sentence level helpers


def _ancestors(tok: Token) -> list[Token]:
    return list(tok.ancestors)


def _tree_distance(a: Token, b: Token) -> int:
    pa = [a, *a.ancestors]
    pb = [b, *b.ancestors]
    ib = {t.i: n for n, t in enumerate(pb)}
    for n, t in enumerate(pa):
        if t.i in ib:
            return n + ib[t.i]
    return 99


_CRAFT = {
    "jet",
    "plane",
    "aircraft",
    "bomber",
    "squadron",
    "wing",
    "helicopter",
    "drone",
    "boat",
    "ship",
    "craft",
}


_WORKERS = ("worker", "workers", "labourer", "laborer")


def _is_person_noun(tok: Token) -> bool:
    lex = lexicon()
    lemma, low = tok.lemma_.lower(), tok.lower_
    if lemma in _WORKERS:
        # "military construction workers" are troops, and so are "workers and engineers"; "oil workers" are not
        return any(
            c.lower_ in ("military", "construction", "army", "defence", "defense") for c in tok.lefts
        ) or any(
            c.dep_ == "conj" and c.lemma_.lower() not in _WORKERS and _is_person_noun(c) for c in tok.children
        )
    if lemma in ("national", "citizen") and (
        any(c.dep_ == "acl" and c.lemma_.lower() in ("fight", "serve") for c in tok.children)
        # "49 Nepali citizens have been killed while serving in the Russian army"
        or tok.dep_ in ("nsubj", "nsubjpass")
        and any(c.dep_ == "advcl" and c.lemma_.lower() in ("fight", "serve") for c in tok.head.children)
    ):
        return True  # "three Cuban nationals fighting for Russia" are fighters
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in _CRAFT:
        return False  # "fighter jets", "fighter squadrons": aircraft, not people
    if lemma == "observer" and any(
        c.lower_ == "military" for c in tok.children if c.dep_ in ("amod", "compound")
    ):
        return True  # "15 military observers": army officers on a UN mission (see _monitors)
    if lemma == "force" and any(c.dep_ == "compound" and c.lower_ == "task" for c in tok.children):
        return False  # "18 medical teams and 10 engineer task forces": units, not people
    if lemma in lex.person_nouns or low in lex.person_nouns:
        return True
    if tok.pos_ == "PROPN" and low.endswith("s") and low[:-1] in lex.person_nouns:
        return True  # "350 Royal Marines": a corps named as a proper noun keeps its plural as its lemma
    if low in _PRONOUNS:
        return True
    return _nationality_noun(tok)


def _nationality_noun(tok: Token) -> bool:
    """People named only by their nationality: 'five Nepalis', '35 to 50 Indians' (the plural of a
    nationality in actors.csv), or a plural the tagger calls a nationality."""
    aliases, low = lexicon().actor_aliases, tok.lower_
    if low.endswith("s") and aliases.get(low) and aliases.get(low[:-1]) == aliases[low]:
        return True
    return tok.ent_type_ == "NORP" and tok.tag_ in ("NNPS", "NNS")


def _is_unit_noun(tok: Token) -> bool:
    lex = lexicon()
    return tok.lemma_.lower() in lex.unit_nouns or tok.lower_ in lex.unit_nouns


def _count_tokens(sdoc: Doc, count: Count) -> Span | None:
    return sdoc.char_span(count.start, count.end, alignment_mode="expand")


def _count_anchor(span: Span) -> Token:
    root = span.root
    if root.like_num or root.pos_ == "NUM" or root.lower_ in _number_words():
        return root  # "two dozen": the scale word carries the parse
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"]
    return nums[-1] if nums else span[-1]


_APPROX_WORDS = frozenset({"around", "about", "some", "roughly", "nearly", "approximately", "over"})


_PMC_WORDS = re.compile(r"\b(?:private military|private security|PMCs?|mercenar\w*)\b", re.I)
_HIRED_GUNS = frozenset({"military", "private", "security", "mercenary", "defence", "defense", "armed"})


def _military_contractor(noun: Token) -> bool:
    """'private military contractors', 'security contractors', 'contractors from the Wagner group',
    'military personnel and contractors': hired fighters, not the civilian contractors of a base."""
    if any(
        c.lemma_.lower() in _HIRED_GUNS or any(a in lexicon().armed_groups for a in actors_in(c.text))
        for c in noun.lefts
    ):
        return True
    if any(
        c.dep_ in ("prep", "acl")
        and any(
            a in lexicon().armed_groups for a in actors_in(noun.doc[c.left_edge.i : c.right_edge.i + 1].text)
        )
        for c in noun.children
    ):
        return True  # "contractors from the Russian private military company Wagner", "linked to Wagner"
    return noun.dep_ == "conj" and _is_person_noun(noun.head)


def _nationality_after(noun: Token) -> str | None:
    """'roughly 900 of them German': the actor a nationality word right after 'of them' names."""
    doc = noun.doc
    if noun.lower_ != "them" or noun.i + 1 >= len(doc):
        return None
    word = doc[noun.i + 1]
    named = actors_in(word.text) if word.ent_type_ == "NORP" or word.pos_ in ("ADJ", "PROPN") else []
    return named[0] if named else None


def _national_among(span: Span, noun: Token) -> str | None:
    """'at least 45 pro-government fighters died, among them at least 15 Russians': the actor whose people
    a count after 'among them' names by nationality alone."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
    if before != ["among", "them"] or noun.i < span.end or not _nationality_noun(noun):
        return None
    named = actors_in(noun.text)
    return named[0] if named else None


_LIST_PREPS = {"in", "to", "at"}


def _count_noun(span: Span) -> tuple[Token, bool]:
    """The noun a count quantifies (or the count's own token when the noun is elided), and whether
    it came through 'of' ('3,000 of them', '4,000 out of 12,000 troops')."""
    anchor = _count_anchor(span)
    if (
        anchor.dep_ == "pobj"
        and anchor.head.lower_ in ("of", "numbering")
        and _is_person_noun(anchor.head.head)
    ):
        return anchor.head.head, False  # "reinforcement troops of nearly 800"
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if (
        anchor.dep_ == "nummod"
        and anchor.head.ent_type_ == "DATE"
        and after is not None
        and _is_person_noun(after)
    ):
        return after, False  # "On 31 December two servicemen were killed" (the tagger hung "two" on the date)
    holders = [anchor]
    if anchor.dep_ == "nummod" and anchor.head.lower_ in ("more", "others"):
        holders.append(anchor.head)  # "about 500 more of its soldiers"
    for child in (c for h in holders for c in h.children):
        if child.dep_ == "prep" and child.lower_ in ("of", "out"):
            objs = [c for c in child.subtree if c.dep_ == "pobj"]
            if objs and _is_person_noun(objs[0]):
                return objs[0], True
    approx = anchor.dep_ == "pobj" and anchor.head.lower_ in _APPROX_WORDS and anchor.head.dep_ == "prep"
    loose = anchor.dep_ == "npadvmod" and anchor.head.pos_ == "VERB"
    # "keeps 2,500 troops in Iraq, about 900 in Syria and some 3,000 in Jordan": a second object or a loose
    # count with a place of its own
    placed = anchor.dep_ in ("dobj", "dep") and any(
        c.dep_ == "prep" and c.lower_ in _LIST_PREPS for c in anchor.children
    )
    # "2,500 troops in Iraq and about 900 in Syria": the noun is elided (the tagger may hang "around 900"
    # on the verb, as a preposition or a bare modifier)
    if anchor.dep_ == "conj" or approx or loose or placed:
        head = anchor.head.head if approx else anchor.head
        while (
            head.pos_ == "NUM" and head.dep_ in ("conj", "dep", "dobj", "npadvmod") and head.head.i != head.i
        ):
            # "..., 150 to Poland and about 100 to Lithuania": the count before it is elided too
            head = head.head
        nouns = [head] + [
            c for c in head.children if c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.i < anchor.i
        ]
        for cand in nouns:
            if (
                cand.pos_ == "NOUN"
                and _is_person_noun(cand)
                and any(c.dep_ == "nummod" for c in cand.children)
            ):
                return cand, False
    if span[-1].lower_ == "of":
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        if nxt is not None:
            while nxt.dep_ in ("amod", "compound", "nummod", "poss", "det", "case") and nxt.head.i > nxt.i:
                nxt = nxt.head
            return nxt, False
    tok = anchor
    steps = 0
    while (
        tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "advmod")
        and tok.head.i != tok.i
        and steps < 4
    ):
        if tok.head.pos_ not in ("NOUN", "PROPN", "NUM", "ADJ", "ADV", "ADP"):
            break
        tok = tok.head
        steps += 1
        if tok.pos_ == "PROPN" and not _is_person_noun(tok):
            # "about 350 U.S. Army and Air Force personnel": the count reaches the people through the name
            people = [c for c in tok.children if c.dep_ == "conj" and _is_person_noun(c)]
            if people:
                return people[0], False
            if tok.dep_ in ("nmod", "compound") and _is_person_noun(tok.head) and tok.head.pos_ == "NOUN":
                return tok.head, False  # "some 1,500 Wagner and Africa Corps personnel": the names modify
        if (
            tok.pos_ == "NOUN"
            and tok.dep_ == "compound"
            and _is_person_noun(tok.head)
            and tok.head.pos_ == "NOUN"
        ):
            # "two special forces soldiers": the count reaches the people past "forces"
            return tok.head, False
        if tok.pos_ in ("NOUN", "PROPN"):
            return tok, False
    if tok.lower_ == "more" and tok.pos_ == "ADJ" and tok.dep_ in _ARG_OF_VERB:
        return anchor, False  # 'captured "several hundred" more': the noun is elided
    if tok is anchor or anchor.pos_ in ("NOUN", "PROPN"):
        nxt = _next_content_token(span)
        steps = 0
        while (
            nxt is not None
            and steps < 3
            and nxt.pos_ in ("ADJ", "PROPN", "NOUN", "VERB")
            and not _is_person_noun(nxt)
        ):
            if nxt.i + 1 >= len(nxt.doc) or nxt.pos_ == "VERB":
                nxt = None
                break
            nxt = nxt.doc[nxt.i + 1]
            steps += 1
        if nxt is not None and _is_person_noun(nxt) and nxt.i - span.end <= 4:
            return nxt, False
        return anchor, False
    return tok, False


# a number that names a British-style unit: "45 Commando", "16 Air Assault Brigade", "7 Squadron"
_UNIT_NAME = re.compile(
    r"\s+(?:[A-Z][a-z]+\s+){0,2}(?:Commando|Brigade|Regiment|Squadron|Battalion|Division|Corps|Wing|Battery)\b"
)


def _blocked(text: str, count: Count, noun: Token) -> bool:
    """True when the number is a measure, a fraction, an ordinal, a year, money or a rate."""
    lex = lexicon()
    if count.end < len(text) and _WORD_OR_DIGIT.match(text[count.end]) and text[count.end - 1].isdigit():
        return True  # "11th", "3rd"
    if count.start > 0 and text[count.start - 1] in "$€£#":
        return True
    if re.search(r"\b(?:no|not a single)\s+$", text[max(0, count.start - 16) : count.start], re.I):
        return True  # "no one was hurt": nobody, not one person
    if re.fullmatch(r"\d+\.\d+", count.text.strip()) and (count.count_min or 0) < 100:
        return True  # "3.3 Losses", a section number: a head count is a whole number
    if re.search(r"\b(?:aged?|ages|age of)\s*$", text[max(0, count.start - 12) : count.start], re.I):
        return True  # "a prisoner, aged 26"
    if (
        re.fullmatch(r"\d{1,3}", count.text.strip())
        and (count.count_min or 0) < 110
        and re.search(r"\b[A-Z][\w'’-]+,\s*$", text[max(0, count.start - 40) : count.start])
        and re.match(r"(?:,|\)|;|\.(?:\s|$)|\s+and\b)", text[count.end : count.end + 5])
    ):
        return True  # "named the dead as Corporal Li Jun, 22, and Sergeant Zhang Hao, 33": ages
    if re.search(
        r"\b(?:ceiling|cap|limit|maximum|authori[sz]ed\s+(?:strength|level)|target)\s+"
        r"(?:of|is|was|stands\s+at|stood\s+at)\s+(?:up\s+to\s+)?$",
        text[max(0, count.start - 40) : count.start],
        re.I,
    ):
        return True  # "against an authorized ceiling of 17,000 troops": a limit, not a head count
    named = re.search(r"\b(?:([A-Z][a-z]+) )?([A-Z][a-z]+) $", text[max(0, count.start - 24) : count.start])
    if named and re.fullmatch(r"\d{1,4}", count.text.strip()):
        words = (named.group(2), f"{named.group(1)} {named.group(2)}")
        if any(lex.blockers.get(w.lower()) == "name" for w in words):
            return True  # "an outpost known as Tower 22", "Resolution 2719", "Task Force 51": a name's number
    after_count = text[count.end : count.end + 40]
    unit = _UNIT_NAME.match(after_count)
    if unit and count.qualifier == "exact" and re.fullmatch(r"\d{1,3}", count.text.strip()):
        if not (_is_person_noun(noun) and noun.idx >= count.end + unit.end()):
            return True  # "Britain flew 350 Royal Marines of 45 Commando to Poland": a unit's name
    ratio = re.match(r"\s+in\s+(\d{1,3}\b|every\b|[a-z]+\b)", after_count, re.I)  # not "30 in 2007"
    if ratio and (ratio.group(1)[0].isdigit() or ratio.group(1).lower() in _number_words() | {"every"}):
        return True  # "1 in 5 of our readers", "one in seven of the soldiers sent": a ratio
    before = re.search(r"\b(\d+|[a-z]+)\s+in\s+$", text[max(0, count.start - 20) : count.start], re.I)
    if before and (before.group(1)[0].isdigit() or before.group(1).lower() in _number_words()):
        return True  # the "seven" of "one in seven"
    if re.match(r"\s+of\s+(?:the|its|their|his|her)\s+(?:\w+est|most|worst|best)\b", after_count, re.I):
        return True  # "one of the highest monthly totals", "one of the deadliest days": a ranking
    after = text[count.end : count.end + 24].lower().lstrip(" -–")
    first = re.match(r"[%\w.]+", after)
    if first and lex.blockers.get(first.group(0).rstrip(".")) in ("unit", "fraction", "ordinal"):
        return True
    return _rate_follows(text, noun.idx + len(noun.text))


@cache
def _number_words() -> frozenset[str]:
    from tasks.parse_counts import _lexicon as count_lexicon

    return frozenset(count_lexicon().words)


def _rate_follows(text: str, end: int) -> bool:
    """A per-time word right after a noun or trigger: '92 casualties daily', 'killed every day'."""
    tail = text[end : end + 32].lower()
    for word, kind in lexicon().blockers.items():
        if kind == "rate" and re.match(
            rf"\s*(?:,\s*)?{re.escape(word)}\b(?!\s+(?:later|earlier|ago|after|before)\b)", tail
        ):
            return True  # not "arrived a week later"
    return False


def _headline_infinitive(trigger: Token) -> bool:
    """A headline's 'Kenya to send 1,000 police to Haiti' (', minister says'): a sending still to come."""
    said = (
        trigger.dep_ == "ccomp"
        and trigger.head.dep_ == "ROOT"
        and lexicon().modality.get(trigger.head.lemma_.lower()) == "reporting"
    )
    return (
        (trigger.dep_ == "ROOT" or said)
        and trigger.pos_ == "VERB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children)
        and not any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in trigger.children)
    )


def _own_subject(verb: Token) -> bool:
    """The verb has a subject of its own: a clause, not a bare conjunct or infinitive."""
    return any(c.dep_ in _SUBJECTS for c in verb.children)


def _modality(trigger: Token) -> str | None:
    """'planned' or 'denied' from modals, plan verbs and denials governing the trigger."""
    lex = lexicon()
    if trigger.dep_ == "nsubj" and trigger.head.lemma_ == "be":
        # "The withdrawal of foreign forces was a key demand / is the goal": a wish, not an event
        for attr in (c for c in trigger.head.children if c.dep_ == "attr"):
            if lex.modality.get(attr.lemma_.lower()) in ("demanded", "planned"):
                return lex.modality[attr.lemma_.lower()]
    tok = trigger
    for _ in range(4):
        children = list(tok.children)
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in children):
            return "denied"
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("none", "neither") for c in children):
            return "denied"  # "none of the US personnel would enter the Gaza Strip"
        if any(c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children) for c in children):
            return "denied"  # "troops would no longer take part in operations abroad"
        if tok.lemma_.lower() in ("sign", "evidence", "indication") and any(
            c.lower_ == "any" for c in children
        ):
            return "demanded"  # "asked for any sign that more troops could be sent": a question, no claim
        auxes = [c for c in children if c.dep_ in ("aux", "auxpass")]
        for i, aux in enumerate(auxes):
            perfect = any(a.lemma_ == "have" for a in auxes[i + 1 :])
            if lex.modality.get(aux.lemma_.lower()) == "planned" or lex.modality.get(aux.lower_) == "planned":
                if not perfect:
                    return "planned"
            if aux.lower_ == "can" and tok is trigger and not perfect:
                return "demanded"  # "the Government can send troops abroad only with approval": an ability
            if aux.lower_ == "must" and not perfect:
                return (
                    "demanded"  # "forces must withdraw 30 km": an obligation, not a deed ("must have": one)
                )
        if (
            tok.dep_ == "xcomp"
            and tok.head.lemma_ == "be"
            and tok.head.pos_ in ("AUX", "VERB")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
        ):
            return "planned"  # "500 more soldiers are to be moved to Lithuania", "the brigade is to deploy"
        if (
            tok.dep_ == "xcomp"
            and tok.head.lemma_ == "go"
            and tok.head.tag_ == "VBG"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
        ):
            return "planned"  # "they were going to send 300 troops"
        if (
            tok.dep_ == "xcomp"
            and tok.head.lemma_ == "have"
            and any(c.lower_ == "yet" for c in tok.head.children)
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
        ):
            return "planned"  # "Egypt's pledged contingent of 1,091 soldiers has yet to arrive"
        if (
            tok is trigger
            and tok.dep_ in ("conj", "acl", "relcl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
            and any(c.dep_ == "auxpass" and c.lower_ == "be" for c in children)
        ):
            return "planned"  # "pledged up to 5,000 soldiers, and about 5,000 more to be deployed separately"
        if tok is not trigger:
            # the word itself too: the tagger lemmatises "readied" to "readie"
            role = lex.modality.get(tok.lemma_.lower()) or lex.modality.get(tok.lower_)
            if role in ("planned", "denied", "demanded"):
                if tok.lemma_.lower() == "set" and not any(c.dep_ == "xcomp" for c in tok.children):
                    return None
                return role
        if (
            tok.dep_ in ("dobj", "nsubjpass")
            and tok.pos_ in ("NOUN", "PROPN")
            and tok.head.pos_ in ("VERB", "AUX")
            and tok.i == trigger.i
        ):
            tok = tok.head  # "will complete its withdrawal": the verb's modals govern the noun
            continue
        if (
            tok.dep_ in ("xcomp", "acl", "pcomp", "pobj", "prep", "oprd")
            or (tok.dep_ == "conj" and tok.pos_ == "NOUN")
            # "pledged to respect ... and to withdraw"
            or (tok.dep_ == "conj" and tok.head.dep_ == "xcomp" and not _own_subject(tok))
            # "the US would permanently station a headquarters in Poland and send a brigade": the modal of
            # the first verb governs the second, which has no subject or auxiliary of its own
            or (
                tok.dep_ == "conj"
                and tok.pos_ == "VERB"
                and not _own_subject(tok)
                and not any(c.dep_ in ("aux", "auxpass") for c in children)
                and any(
                    c.dep_ == "aux" and lex.modality.get(c.lower_) == "planned" for c in tok.head.children
                )
            )
            or (tok.dep_ == "ccomp" and tok.head.lemma_.lower() == "see")  # "could see troops deployed"
            or (  # "which offered in February to send up to 2,000 soldiers" (the tagger's advcl for an xcomp)
                tok.dep_ == "advcl"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
                and lex.modality.get(tok.head.lemma_.lower()) in ("planned", "denied", "demanded")
            )
            or (
                tok.dep_ in ("dobj", "conj", "ccomp")
                and tok.head.lemma_.lower() in lex.modality
                and lex.modality[tok.head.lemma_.lower()] in ("planned", "denied", "demanded")
                # not "had decided to send 12,000, and that a first 1,500 had been shipped": a clause of its own
                and not (tok.dep_ == "conj" and _own_subject(tok))
            )
        ):
            tok = tok.head
            continue
        break
    return None


_CUT_VERBS = frozenset({"cut", "remove", "trim", "shed", "recall"})
# verbs that are a deployment only with the troops in one slot: "Ghana contributes 800 soldiers" (what is
# given), "a further 200 followed" / "27,000 troops took part" (who moved)
_ARGUMENT_ONLY = {  # fmt: skip
    "contribute": ("dobj",),
    "provide": ("dobj",),
    "offer": ("dobj",),  # "offered 800 troops"; not "offered training to 5,000 soldiers"
    "promise": ("dobj",),
    "supply": ("dobj",),
    "follow": ("nsubj",),
    "participate": ("nsubj",),
    "take": ("nsubj",),
    "carry": ("dobj", "nsubjpass"),  # "ships carried 1,500 troops"; not "one of the men carried an ID card"
    "post": ("dobj", "nsubjpass", "nsubj"),  # "300 soldiers were posted to Gao"; not "posted a video showing"
    # "has cut about 5,000 troops", "removed 2,000 soldiers", "recalled 3,000 soldiers"; not "5,000 troops cut
    # off the road", "soldiers recalled the attack"
    **dict.fromkeys(_CUT_VERBS, ("dobj", "nsubjpass")),
}


def _argument_ok(trigger: Token, tok: Token) -> bool:
    """The token fills the slot the trigger needs ('follow' without an object: not 'followed the convoy')."""
    lemma = trigger.lemma_.lower()
    slots = _ARGUMENT_ONLY.get(lemma, ())
    if "nsubj" in slots and trigger.dep_ in ("acl", "relcl") and tok.i == trigger.head.i:
        return True  # "the number of troops taking part"
    if lemma == "carry" and any(c.dep_ == "auxpass" for c in trigger.children):
        return True  # "the first contingent, about 1,500 soldiers, was carried on landing ships"
    if lemma == "follow" and tok.dep_ == "pobj" and tok.head.dep_ == "agent" and tok.head.head.i == trigger.i:
        # "sent about 11,000 troops last autumn, followed by some 3,000 more", "The first wave was followed
        # by a further 3,000 soldiers" (an addition, not a ranking: "followed by Nepal with 4,400")
        return _additive(tok) or any(
            _additive(c) if c.dep_ == "nummod" else c.dep_ in ("amod", "det") and c.i < tok.i and _adds(c)
            for c in tok.children
        )
    raiser = trigger.head.head if trigger.head.dep_ == "acomp" else trigger.head  # "are due to follow"
    if lemma == "follow" and trigger.dep_ == "xcomp" and tok.dep_ in _SUBJECTS and tok.head.i == raiser.i:
        # "a second group of about 75 is slated to follow", "the remaining 350 are due to follow" (not "are
        # expected to follow the convoy", nor "are due to take part in the parade")
        return not any(c.dep_ in ("dobj", "auxpass", "agent") for c in trigger.children)
    misparsed = tok.dep_ == "npadvmod" and "nsubj" in slots and tok.i < trigger.i and _additive(tok)
    if tok.head.i != trigger.i or (tok.dep_ not in slots and not misparsed):
        return False  # (the tagger may hang a fronted "About 3,000 more followed" on the verb as a modifier)
    if lemma == "follow":
        return not any(c.dep_ in ("dobj", "auxpass", "agent") for c in trigger.children)
    if lemma in _CUT_VERBS:
        return not any(c.dep_ == "prt" for c in trigger.children)  # not "cut off 300 soldiers": surrounded
    return True


_MILITARY_SITES = {
    "camp",
    "base",
    "garrison",
    "outpost",
    "post",
    "position",
    "barracks",
    "airbase",
    "fob",
    "bases",
}
_LEAVE_VERBS = {"leave", "vacate", "abandon", "evacuate", "withdraw", "depart", "exit", "quit"}


_EQUIPMENT = frozenset(
    {
        "humvee",
        "vehicle",
        "tank",
        "weapon",
        "equipment",
        "gun",
        "ammunition",
        "truck",
        "helicopter",
        "aircraft",
    }
)


def _has_troop_argument(trigger: Token) -> bool:
    """A plan or withdrawal needs troops as its argument ('send more units', 'North Korean troops were
    withdrawn'); a pronoun alone ('they would be deployed') points back to a claim made elsewhere."""
    if _last_of(trigger) or _that_group(trigger) or _readies_force(trigger):
        return True
    if trigger.lemma_.lower() in ("send", "dispatch", "deploy") and any(
        c.dep_ == "dobj" and c.lower_ == "more" and not list(c.children) for c in trigger.children
    ):
        return True  # "expected Pyongyang to dispatch more": more of the troops the article counts
    hosts = ("join", "reinforce")  # "expected to join Russian units": the object is who is joined
    stack = [
        c
        for c in trigger.children
        if c.dep_ in _ARG_DEPS and not (c.dep_ == "dobj" and trigger.lemma_ in hosts)
    ]
    own_subject = _own_subject(trigger)  # "signs that Pyongyang may send"
    if trigger.dep_ == "acl" and trigger.head.pos_ == "NOUN" and not own_subject:
        if not (_is_person_noun(trigger.head) or _is_unit_noun(trigger.head)):
            return False  # "a drone returning to the base": the drone moves, not troops
    if trigger.dep_ in ("conj", "xcomp") and not any(c.dep_ in _SUBJECTS for c in trigger.children):
        # "completed their exercises and were returning", "troops began pulling out"
        stack += [c for c in trigger.head.children if c.dep_ in _SUBJECTS]
    if trigger.dep_ in ("acl", "relcl", "amod") and (
        _is_person_noun(trigger.head) or _is_unit_noun(trigger.head)
    ):
        return True
    if trigger.lemma_.lower() in _LEAVE_VERBS:
        # "the camp in Kidal was vacated", "left the garrison of Abeche": a military site is left by its force
        args = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
        sites = [a for a in args if a.lemma_.lower() in _MILITARY_SITES and a.dep_ != "nsubj"]
        if sites and not any(a.lemma_.lower() in _NOT_FORCES for a in args):
            return True
        if any(a.dep_ == "dobj" and a.lower_.rstrip("s") in _EQUIPMENT for a in args):
            return False  # "Iraqi forces abandoned some 2,300 Humvees": gear left behind, no withdrawal
    # what a transport verb carries (not a place left, "tens of thousands" of fighters, or a misparsed
    # "..., the latest sign" after a comma)
    moved = [
        c
        for c in trigger.children
        if c.dep_ == "dobj"
        and c.pos_ == "NOUN"
        and c.ent_type_ not in ("GPE", "LOC", "FAC", "CARDINAL")
        and not any(t.text == "," for t in trigger.doc[trigger.i : c.i])
    ]
    if (
        moved
        and trigger.lemma_.lower() not in _LEAVE_VERBS | {"hand"}  # "handed over their posts"
        and not any(_is_person_noun(c) or _is_unit_noun(c) or _is_force_noun(c) for c in moved)
    ):
        return False  # "brought back memories of Bulo Marer": what the verb moves is no force
    seen = 0
    while stack and seen < 40:
        tok = stack.pop()
        seen += 1
        if tok.dep_ in _SUBJECTS and tok.lemma_.lower() in _DEPLOYED_BODIES - {"operation", "deployment"}:
            return True  # "the Mission vacated its camps": a mission is its troops
        modifier = tok.dep_ == "compound" and not (_is_person_noun(tok.head) or _is_unit_noun(tok.head))
        if any(c.dep_ in _MODIFIERS and c.lemma_.lower() in _NOT_FORCES for c in tok.children):
            continue  # "displaced Israelis can go home": civilians
        if not modifier and (
            (_is_person_noun(tok) and tok.lower_ not in _PRONOUNS and tok.pos_ != "PRON")
            or _is_unit_noun(tok)
        ):
            return True  # not "leaves (the) fighters question open": a noun naming a topic
        if tok.lower_ in ("their", "its") and tok.dep_ == "poss" and tok.head.i == trigger.i:
            return True  # "their withdrawal": the possessor is the force itself
        if tok.dep_ in _SUBJECTS and tok.pos_ == "PROPN":
            named = actors_in(tok.doc[tok.left_edge.i : tok.i + 1].text)
            lex = lexicon()
            if named and named[-1] in lex.armed_groups and lex.actor_kinds.get(side_of(named[-1])) == "state":
                return True  # "Wagner is going home": a state's armed group is a force by itself
        stack.extend(c for c in tok.children if c.dep_ not in _CLAUSE_DEPS)
    return False


def _clean_span(tokens: list[Token]) -> str:
    kept = [t for t in tokens if not t.is_space]
    # the words as written ("Tuareg-led", not "Tuareg - led"), a space where words were cut out between
    text = "".join(
        t.text + ("" if nxt is None else t.whitespace_ if nxt.i == t.i + 1 else " ")
        for t, nxt in zip(kept, [*kept[1:], None], strict=True)
    )
    text = re.sub(r"\s+([,.;:'’)])", r"\1", text).replace("( ", "(").replace(" 's", "'s").replace(" ’s", "’s")
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    text = re.sub(r"['’]s$", "", text)  # "the agency's (earlier count)": the possessor alone
    return text.strip(" ,.;:“”\"'")


def _noun_phrase_tokens(tok: Token) -> list[Token]:
    """The words of a subject without the clauses, appositions and dates hanging off it."""
    cut: set[int] = set()
    for child in tok.children:
        if child.dep_ in ("relcl", "acl", "appos", "advcl", "parataxis"):
            cut.update(t.i for t in child.subtree)
        elif child.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree):
            cut.update(t.i for t in child.subtree)  # "Ukraine on Sunday released ...": not the claimant
    for child in tok.children:
        if child.dep_ == "appos":
            cut.update(t.i for t in tok.subtree if t.i > tok.i and t.dep_ == "punct")
    out = [t for t in tok.subtree if t.i not in cut]
    while out and out[-1].dep_ in ("punct", "cc"):
        out.pop()
    return out


def _noun_phrase(tok: Token) -> str:
    """The words of a subject without the clauses and appositions hanging off it."""
    return _clean_span(_noun_phrase_tokens(tok))


def canonical_source(text: str) -> str:
    """Map a source's words to a canonical claimant where the alias lexicon knows it."""
    lex = lexicon()
    text = text.replace("’", "'").replace("‘", "'")
    m = lex.source_regex.search(text)
    if m:
        return lex.source_aliases[m.group(1).lower()]
    return text


_PERSONAL = {"it", "they", "he", "she"}


def _antecedent(pronoun: Token) -> Token | None:
    """Who 'it said' / 'he said' points back to: the last named subject before it in the sentence,
    else the subject of the sentence before ('Russia's defence ministry does not publish its figures;
    it last did so in 2022, when it said ...')."""
    sent = pronoun.sent
    doc = pronoun.doc

    def named(t: Token) -> bool:
        return (
            t.dep_ in ("nsubj", "nsubjpass")
            and t.pos_ in ("NOUN", "PROPN")
            and not (t.tag_ == "NNS" and _is_person_noun(t))  # "three soldiers were wounded, it said"
            and t.lemma_.lower() not in _FIGURE_NOUNS  # "The new death toll is higher ... it had put"
            and t.ent_type_ not in ("DATE", "TIME")  # a timeline's "- 18 October – the NIS said": no subject
            and (t.pos_ == "PROPN" or any(c.dep_ in ("poss", "compound", "amod") for c in t.children))
        )

    # not the passive subject of the clause the pronoun reports ("The strike group is expected to ...,
    # they said": what is said of it)
    reported = {t.i for c in pronoun.head.children if c.dep_ == "ccomp" for t in c.subtree}
    before = [
        t for t in sent if t.i < pronoun.i and named(t) and not (t.dep_ == "nsubjpass" and t.i in reported)
    ]
    if before:
        return before[-1]
    if sent.start > 0:
        prev = doc[sent.start - 1].sent
        subjects = [c for c in prev.root.children if named(c)]
        if subjects:
            return subjects[0]
        bodies = [t for t in prev if t.lemma_.lower() in _GENERIC_BODIES and t.pos_ == "NOUN"]
        if bodies:  # "The new death toll is higher than the agency's earlier count. In April, it had put"
            return bodies[0]
    return None


def _source_from(tok: Token, depth: int = 0) -> tuple[str, str] | None:
    """(source, source_text) for the subject or possessor token of a claim, or None if generic."""
    lex = lexicon()
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    if tok.lower_ in _PERSONAL and depth == 0:
        antecedent = _antecedent(tok)
        return _source_from(antecedent, depth + 1) if antecedent is not None else None
    for child in tok.children:  # "lawmakers briefed by the NIS": the briefer makes the claim
        if child.dep_ == "acl" and child.lemma_.lower() in ("brief", "inform", "tell"):
            agents = [p for c in child.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            if agents:
                return _source_from(agents[0])
    low = tok.lemma_.lower()
    if low in lex.generic_sources or tok.lower_ in lex.generic_sources:
        author = _document_author(tok)
        if author is not None:
            return _source_from(author, depth)
        if depth == 0 and any(c.lower_ in ("the", "this") for c in tok.children):
            earlier = _earlier_document_author(tok)  # "The report said": the report named before
            if earlier is not None:
                return _source_from(earlier, 1)
        modifiers = [c for c in tok.children if c.dep_ in ("compound", "amod", "poss") and c.i < tok.i]
        if not modifiers:
            return None
    tokens = _noun_phrase_tokens(tok)
    text = _clean_span(tokens)
    if not text or len(text) > 120:
        return None
    # a person may be named in an apposition ("Their spokesman, Zabihullah Mujahid,"), not in a clause
    own = {t.i for t in tokens} | {t.i for c in tok.children if c.dep_ == "appos" for t in c.subtree}
    persons = [e.text for e in tok.doc.ents if e.label_ == "PERSON" and e.root.i in own]
    if not persons:
        persons = _trailing_name(tok)
    if tok.lemma_.lower() in _GENERIC_BODIES and not persons:
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
        antecedent = _antecedent(owner) if owner is not None else None
        named = actors_in(_clean_span(list(antecedent.subtree))) if antecedent is not None else []
        if named:  # "Moscow last gave a figure in March, when its defence ministry said": Russia's
            text = f"{named[0]}'s " + re.sub(r"^(?:its|their)\s+", "", text, flags=re.I)
    shown = display_source(text, persons=persons)
    names = [
        c.text
        for c in tok.children
        if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ != "PERSON" and not list(c.children)
    ]
    if names and not persons and names[0] not in shown:
        shown = f"{shown} ({names[0]})"  # "the UN mission, MONUSCO, said": the body's own name
    return shown, text


def _document_author(tok: Token) -> Token | None:
    """Who issued a report or estimate: 'estimates from various sources', 'a report by the NIS', 'a
    written report that the NIS submitted to the committee'."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
        if child.dep_ in ("relcl", "acl"):
            subj = [
                c for c in child.children if c.dep_ == "nsubj" and c.lower_ not in ("that", "which", "who")
            ]
            if subj and subj[0].pos_ in ("NOUN", "PROPN"):
                return subj[0]
    return None


def _earlier_document_author(tok: Token) -> Token | None:
    """'According to a report the NIS submitted ... The report said': the author of the same document
    named in the two sentences before."""
    doc = tok.doc
    for prev in reversed(doc[_from_sentence_before(tok.sent) : tok.i]):
        if prev.lemma_.lower() == tok.lemma_.lower() and prev.i != tok.i:
            author = _document_author(prev)
            if author is not None:
                return author
    return None


def _trailing_name(tok: Token) -> list[str]:
    """'according to a spokesman for the mission, Jack Ombaka.': a name set off after the phrase, which the
    parser may hang elsewhere, closing the sentence or the clause."""
    doc = tok.doc
    j = tok.right_edge.i + 1
    if j + 1 >= len(doc) or doc[j].text != ",":
        return []
    ent = next((e for e in doc.ents if e.start == j + 1 and e.label_ == "PERSON"), None)
    if ent is None or (ent.end < len(doc) and not (doc[ent.end].is_punct or doc[ent.end].is_space)):
        return []
    return [ent.text]


def display_source(text: str, span: Span | None = None, persons: list[str] | None = None) -> str:
    """The claimant as shown: a person by name; a known body by its short name with the words the
    text used ('South Korea's spy agency (NIS)'); anyone else as the text names them."""
    lex = lexicon()
    clean = text.replace("’", "'").replace("‘", "'")
    m = lex.source_regex.search(clean)
    short = lex.source_aliases[m.group(1).lower()] if m else None
    is_person = short is not None and " " in short and not short.isupper()
    if persons is None and span is not None:
        persons = [e.text for e in span.ents if e.label_ == "PERSON"]
    if persons and (short is None or is_person or lex.source_regex.search(persons[-1]) is None):
        return persons[-1].strip(" ,.'’s")
    if short is not None:
        if is_person:
            return m.group(1)  # a person as the text spells the name ("Zelenskyy", not a respelling)
        undotted = clean.lower().replace(".", "")
        return (
            clean
            if short.lower() in clean.lower() or short.lower() in undotted.split()
            else f"{clean} ({short})"
        )
    return clean


def source_key(text: str | None) -> str | None:
    """The claimant's grouping key: the alias lexicon's name, else the words, lower case."""
    if not text:
        return None
    return canonical_source(text).lower()


# plans made by saying so: the subject is the claimant, and a date on the verb is the claim's
_SPEECH_PLANS = {  # fmt: skip
    "pledge",
    "promise",
    "vow",
    "threaten",
    "offer",
    "propose",
    "announce",
    "agree",
    "approve",
    "authorize",
    "authorise",
    "decide",
    "vote",  # "parliament voted on January 2 to authorise the deployment": the decision's day
    "sign",  # "Panetta signed an order committing about 400 troops"
}
_CONTRAST = {"while", "although", "though", "whereas", "but"}
_CLAIMANTS = {"nsubj", "csubj"}  # the passive subject of "are believed to", "were reported" is the event's


_SERVING = frozenset({"serve", "deploy", "station", "attach", "assign", "post"})


def _serving_in_mission(noun: Token | None) -> bool:
    """'Four Ugandan soldiers serving with ATMIS', 'Nepali peacekeepers with UNIFIL': a contingent of a
    peacekeeping mission, whose losses are the mission's whatever the article's main actor."""
    if noun is None:
        return False
    preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("with", "in")]
    for clause in (c for c in noun.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in _SERVING):
        preps += [
            c for c in clause.children if c.dep_ == "prep" and c.lower_ in ("with", "in", "under", "for")
        ]
    for prep in preps:
        named = actors_in(" ".join(t.text for t in prep.subtree))
        if any(_peacekeeping(a) for a in named):
            return True
    return False


def _claimants(verb: Token) -> list[Token]:
    """The subjects of a reporting verb, without a run-in label or a date the parser hung on it as a
    second subject ("Troop movements: Thailand moved 3,000 troops ..., an official told us")."""
    subjects = [c for c in verb.children if c.dep_ in _CLAIMANTS]
    if verb.lemma_.lower() == "quote":  # "officials were quoted as saying": the quoted speak
        subjects += [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not subjects and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _claimants(verb.head)  # "Shoigu flew to Pyongyang and announced that ...": a shared subject
    subjects = [  # "19 December – lawmakers said": the parser makes the date the subject, the claimant its apposition
        next((a for a in c.children if a.dep_ == "appos"), c) if c.ent_type_ in ("DATE", "TIME") else c
        for c in subjects
    ]
    if len(subjects) > 1:
        labels = [  # a run-in label, or a date with no apposition to stand in for it
            s
            for s in subjects
            if any(c.dep_ == "punct" and c.text == ":" for c in s.children) or s.ent_type_ in ("DATE", "TIME")
        ]
        subjects = [s for s in subjects if s not in labels] or subjects
    return subjects


def _find_source(trigger: Token) -> tuple[str, str, Token | None] | None:
    """Who makes the claim the trigger belongs to: walk up to reporting verbs, 'according to', 'X's statement'."""
    lex = lexicon()
    candidates: list[tuple[str, str, Token | None]] = []
    chain = [trigger, *trigger.ancestors]
    for tok in chain:
        role = lex.modality.get(tok.lemma_.lower())
        if role == "reporting" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in ("life", "lives") for c in tok.children
        ):
            role = None  # "the attack claimed the lives of 12 soldiers": no claimant
        relayed: list[tuple[str, str, Token | None]] = []
        relayed_as: list[tuple[str, str, Token | None]] = []
        for child in tok.children:
            contrast = any(c.dep_ == "mark" and c.lower_ in _CONTRAST | _TIME_PREPS for c in child.children)
            # "Both were captured on 9 January, the SBU said at the time, one with ...": the tagger may
            # make a final attribution a conjunct (with no "and" before it)
            tacked_on = (
                child.dep_ == "conj"
                and tok.i == trigger.i
                # not "X has warned that Moscow could send ..., Y told parliament": X's claim, relayed
                and not any(lex.modality.get(a.lemma_.lower()) == "reporting" for a in trigger.ancestors)
                and not any(c.dep_ == "cc" and tok.i < c.i < child.i for c in tok.children)
            )
            if (
                (child.dep_ in ("advcl", "parataxis") or tacked_on)
                and lex.modality.get(child.lemma_.lower()) == "reporting"
                and not contrast  # "..., while Wagner itself acknowledged only heavy losses", "days after
                # Cairo acknowledged ...": another claim
            ):
                subj = [c for c in _claimants(child) if c.lower_ not in ("it", "this")]
                agents = [
                    p for c in child.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                ]
                as_reported = any(c.dep_ == "mark" and c.lower_ == "as" for c in child.children)
                for s in subj + agents:
                    found = _source_from(s)
                    if found:  # "..., as reported by the agency": a relay, after 'according to'
                        (relayed_as if as_reported else candidates).append((*found, child))
            if (
                tok.lemma_ == "be"
                and child.dep_ == "nsubj"
                and lex.modality.get(child.lemma_.lower()) == "reporting"
            ):  # "The NIS's latest estimate, shared with lawmakers, is of some 6,000 casualties"
                for poss in (c for c in child.children if c.dep_ == "poss"):
                    found = _source_from(poss)
                    if found:
                        candidates.append((*found, tok))
            if child.dep_ == "prep" and child.lower_ == "by":  # "by the government's own estimate"
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    if lex.modality.get(obj.lemma_.lower()) == "reporting":
                        for poss in (c for c in obj.children if c.dep_ == "poss"):
                            found = _source_from(poss)
                            if found:
                                candidates.append((*found, tok))
            if child.lower_ == "according":
                objs = [c for c in child.subtree if c.dep_ == "pobj"]
                if objs:
                    found = _source_from(objs[0])
                    if found:
                        relayed.append((*found, tok))
        speech = tok.lemma_.lower() in _SPEECH_PLANS and tok.i != trigger.i  # "Ruto pledged to send 600"
        if speech and tok.lemma_.lower() == "decide":  # "Pyongyang has decided to send 12,000, the NIS said":
            speech = not any(lex.modality.get(t.lemma_.lower()) == "reporting" for t in tok.ancestors)
        if (role == "reporting" or speech) and (
            tok.i != trigger.i or tok.lemma_.lower() in _MEASURE_OBJECT_VERBS | {"show"}
        ):  # "the Pentagon's figures show 900 troops in Syria": the verb is the head count's and the claim's
            if tok.pos_ in ("VERB", "AUX"):
                for cite in (c for c in tok.children if c.dep_ == "advcl" and c.lemma_.lower() == "cite"):
                    for obj in (c for c in cite.children if c.dep_ == "dobj" and c.pos_ == "PROPN"):
                        found = _source_from(obj)
                        if found:  # "lawmakers, citing the NIS, said": the cited body makes the claim (not
                            # "citing assessments by several countries, the paper puts ...": the paper's)
                            candidates.append((*found, tok))
                subj = _claimants(tok)  # not "troops are believed to"
                agents = [
                    p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                ]
                for s in subj + agents:
                    found = _source_from(s)
                    if found:
                        candidates.append((*found, tok))
            elif tok.pos_ in ("NOUN", "PROPN"):
                poss = [c for c in tok.children if c.dep_ in ("poss", "nsubj")]
                by = [
                    p
                    for c in tok.children
                    if c.dep_ == "prep" and c.lower_ in ("by", "from")
                    for p in c.children
                    if p.dep_ == "pobj"
                ]
                for s in poss + by:
                    found = _source_from(s)
                    if found:
                        candidates.append((*found, tok))
        # "According to lawmakers, the agency assessed that ...": the verb's own subject makes the claim,
        # the 'according to' phrase relays it
        candidates += relayed + relayed_as
    if not candidates:
        for verb in trigger.sent:
            name = _tacked_on_relcl(verb, trigger)
            found = _source_from(name) if name is not None else None
            if found:
                return (*found, verb)
        # "a soldier went missing, and two others were wounded, according to a spokesman": a closing
        # 'according to' on the last of coordinated clauses sources them all
        root = chain[-1]
        for conj in (c for c in root.children if c.dep_ in ("conj", "advcl") and c.i > trigger.i):
            # "..., according to officials, a figure swollen by ...", "stationed in Kursk, according to the
            # NIS, most of them guarding the border": the parser may hang the phrase on the next clause
            # even where it stands before it
            for child in (
                c
                for c in conj.children
                if c.lower_ == "according" and c.i > trigger.i and (conj.dep_ == "conj" or c.i < conj.i)
            ):
                objs = [c for c in child.subtree if c.dep_ == "pobj"]
                found = _source_from(objs[0]) if objs else None
                if found:
                    return (*found, conj)
        return None
    named = [c for c in candidates if c[0] != c[1] or any(ch.isupper() for ch in c[1][:1])]
    return (named or candidates)[0]


def _location(trigger: Token, noun: Token | None, actor: str | None) -> str | None:
    """Where: a place the trigger or its troops are sent to or fight in."""
    sent = trigger.sent
    places = [e for e in sent.ents if e.label_ in ("GPE", "LOC", "FAC")]
    if not places:
        return None
    heads = {trigger.i} | ({noun.i} if noun is not None else set())

    def score(ent: Span) -> tuple[int, int]:
        prep = ent.root.head
        near = prep.head.i in heads if prep.dep_ == "prep" else False
        own = actor is not None and actor in actors_in(ent.text)
        loc = ent.label_ in ("LOC", "FAC") or "kursk" in ent.text.lower()
        return (0 if own else 1, int(near) * 2 + int(loc) + int(prep.lower_ in ("to", "in", "into")))

    best = max(places, key=score)
    if actor is not None and actor in actors_in(best.text):
        return None
    return re.sub(r"(’s|'s)$", "", best.text).strip()


# ---------------------------------------------------------------------------------------------
# time


@dataclass(frozen=True)
class When:
    """The period an event happened in, and the words it came from."""

    start: date | None
    end: date | None
    text: str | None
    precision: str | None
    reporting_time: bool = False
    claim_start: date | None = None  # with reporting_time: when the claim was made starts here


def _timex_tokens(sdoc: Doc, tx: TemporalExpression) -> Span | None:
    return sdoc.char_span(tx.start, tx.end, alignment_mode="expand")


_ASPECTUAL = frozenset({"begin", "start", "end", "finish", "conclude", "continue", "resume"})


def _assign_timexes(sent: Span, triggers: list[Token], timexes: list[TemporalExpression]) -> dict[int, list]:
    """Give each dated expression of the sentence to the trigger it is closest to in the parse."""
    out: dict[int, list] = {}
    if not triggers:
        return out
    for tx in timexes:
        recent = tx.type == "DURATION" and tx.period_start is not None  # see _recent_span
        if (
            tx.type not in ("DATE", "TIME")
            and not recent
            or (tx.period_start is None and tx.period_end is None)
        ):
            continue
        span = _timex_tokens(sent.doc, tx)
        if span is None:
            continue
        root = span.root
        attach = root.head if root.head.i != root.i else root
        if (
            tx.value == "PRESENT_REF"
            and attach.lemma_ == "be"
            and any(c.lower_ == "what" for c in attach.children)
        ):
            continue  # "an ambush at Tulung La, in what is now Arunachal Pradesh": a name of today, no date
        if any(_comma_remark(a) for a in (root, *root.ancestors)):
            continue  # "had died, a sharp rise from its estimates earlier in the year": the remark's date
        candidates = triggers
        clause = _own_clause(root)
        if clause is not None:
            # "..., both of which were closed on Sunday": the date belongs to that clause's own event
            candidates = [
                t
                for t in triggers
                if clause.left_edge.i <= t.i <= clause.right_edge.i
                or (
                    clause.dep_ in ("relcl", "acl") and t.i == clause.head.i
                )  # "the nine deaths it reported on Saturday", "troops deployed in May"
                or (  # "the departure of 1,000 troops that began in May": the clause is the departure's
                    clause.dep_ == "relcl"
                    and clause.lemma_.lower() in _ASPECTUAL
                    and clause.head.dep_ == "pobj"
                    and clause.head.head.lower_ == "of"
                    and t.i == clause.head.head.head.i
                )
            ]
            if not candidates:
                continue
        best = min(candidates, key=lambda t: (_tree_distance(attach, t), abs(t.i - root.i)))
        out.setdefault(best.i, []).append((tx, attach, span))
        for t in candidates:  # "the pullout began in late July, when 600 men sailed home": both then
            if t.i != best.i and _when_clause(span, t) is not None:
                out.setdefault(t.i, []).append((tx, attach, span))
    return out


def _dates_the_report(span: Span, trigger: Token) -> bool:
    """The date hangs off the report, not the event: 'said in a video released the following day that',
    'according to a statement released on 4 August', 'Ukraine on Sunday released video of two captured'."""
    lex = lexicon()
    above = {t.i for t in trigger.ancestors}
    chain = list(span.root.ancestors)
    if chain and any(c.lower_ == "had" for c in trigger.children):
        # "on Thursday gave the most detailed account yet, telling a press conference that fourteen of them
        # had died": a date above the telling dates the occasion, and the deaths came before it
        tellings = [a for a in trigger.ancestors if lex.modality.get(a.lemma_.lower()) == "reporting"]
        attach = next((t for t in chain if t.pos_ != "ADP"), chain[0])
        if any(attach in t.ancestors for t in tellings):
            return True
    for steps, tok in enumerate(chain):
        occasion = (  # "On a visit to Pyongyang on June 17, Shoigu said ...": the date of the occasion
            steps == 3
            and [t.pos_ for t in chain[:3]] == ["ADP", "NOUN", "ADP"]
            and tok.pos_ == "VERB"
            and tok.i != trigger.i
            and lex.modality.get(tok.lemma_.lower()) == "reporting"
        )
        if occasion:
            return True
        if tok.i == trigger.i or steps > 1 and tok.pos_ != "ADP" or steps > 2:
            return False  # only a date right on the report ("statement on Monday", "video released Friday")
        if tok.pos_ in ("VERB", "NOUN", "PROPN") and lex.modality.get(tok.lemma_.lower()) == "reporting":
            return True
        if tok.dep_ in ("nsubj", "csubj") and lex.modality.get(tok.head.lemma_.lower()) == "reporting":
            # "Ukraine on Sunday released video of ...": the date is parsed onto the subject
            return tok.head.i != trigger.i
        if tok.i in above:
            return False
    return False


def _clause_head(tok: Token) -> Token:
    """The verb of the clause a token belongs to (itself if it has none)."""
    for t in [tok, *tok.ancestors]:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return tok


def _coordinated(a: Token, b: Token) -> bool:
    return a.i != b.i and (a.dep_ == "conj" and a.head.i == b.i or b.dep_ == "conj" and b.head.i == a.i)


_SPOKEN = frozenset({"answer", "speech", "remark", "comment", "response", "reply", "address", "message"})
_OWN_TIME_MARKS = frozenset({"if", "unless", "because", "although", "though", "whereas"})


def _own_clause(tok: Token) -> Token | None:
    """The relative clause, or the coordinated clause with a subject of its own, that a token sits in."""
    for t in [tok, *tok.ancestors]:
        if t.dep_ == "relcl":
            return t
        if (
            t.dep_ == "acl"
            and t.tag_ == "VBN"
            and t.head.pos_ in ("NOUN", "PROPN")
            and t.head.dep_ != "advcl"  # "hurt when their vehicle overturned in May": the noun is the subject
            and not _in_verbless_conjunct(t.head)
            and lexicon().modality.get(t.head.lemma_.lower()) != "reporting"
            and t.head.lemma_.lower() not in _SPOKEN
        ):
            return t  # "a defence pact signed in August": a reduced relative clause (not "an interview aired
            # on Sunday", "his answer, delivered last week,": those date the claim)
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _OWN_TIME_MARKS for c in t.children):
            return t  # "could send more troops if the truce agreed on Jan. 12 collapsed"
        if (
            t.dep_ == "conj"
            and t.pos_ in ("VERB", "AUX")
            and any(c.dep_ in _SUBJECTS for c in t.children)
            # not "France will deploy 600 soldiers, the minister said on Sunday", which the tagger may
            # join as a second clause: the report's date is the claim's
            and lexicon().modality.get(t.lemma_.lower()) != "reporting"
        ):
            return t
    return None


def _in_verbless_conjunct(tok: Token) -> bool:
    """'landed in early February, and a further 3,000 from the same division followed in mid-February': the
    parser makes the count a conjunct of the first verb and the second verb a clause on a noun inside it."""
    for a in [tok, *tok.ancestors]:
        if a.pos_ in ("VERB", "AUX"):
            return False
        if a.dep_ == "conj" and a.pos_ in ("NUM", "NOUN", "PROPN") and a.head.pos_ in ("VERB", "AUX"):
            return True
    return False


def _reporting_verb_before(span: Span) -> Token | None:
    """A reporting verb right before a date, past its object or the occasion: 'said on Sunday', 'told
    reporters on Monday', 'said during a visit to Pyongyang on June 17'."""
    doc = span.doc
    lex = lexicon()
    j = span.start - 1
    steps = 0
    while j >= 0 and steps < 7:  # "said during a visit to Pyongyang on June 17"
        tok = doc[j]
        if lex.modality.get(tok.lemma_.lower()) == "reporting" and tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.pos_ not in ("ADP", "DET", "NOUN", "PROPN", "PRON"):
            return None
        j -= 1
        steps += 1
    return None


def _in_attribution(tok: Token, trigger: Token) -> bool:
    """The token hangs on the reporting verb of the trigger's claim, not on the trigger's own clause:
    'X told reporters after a closed-door session on Tuesday'."""
    above = {t.i for t in trigger.ancestors}
    for t in [tok, *tok.ancestors]:
        if t.i == trigger.i:
            return False
        if t.i in above:
            return lexicon().modality.get(t.lemma_.lower()) == "reporting"
        if t.pos_ in ("VERB", "AUX") and t.i != tok.i:
            # "a fresh contingent reached Kursk in early April, the agency said": another deed's date; but
            # "France will deploy 600 more soldiers, the minister said on Sunday" with "said" parsed as a
            # conjunct of "deploy" is still the claim's attribution
            return _postposed_attribution(t, trigger, above)
    return False


def _tacked_on_relcl(verb: Token, trigger: Token) -> Token | None:
    """'Chad will deploy 1,200 soldiers to the area where the borders meet, President Deby said on Monday':
    the parser makes a closing attribution a relative clause on a noun of the claim. A reporting verb
    with nothing said (no clause, no object), after the claim, right after a name set off by a comma:
    that name, the claimant."""
    if (
        verb.dep_ != "relcl"
        or verb.i < trigger.i
        or not trigger.left_edge.i <= verb.head.i <= trigger.right_edge.i
    ):
        return None
    if lexicon().modality.get(verb.lemma_.lower()) != "reporting":
        return None
    if any(c.dep_ in ("ccomp", "xcomp", "dobj", "dative", "mark") for c in verb.children):
        return None
    name = verb.nbor(-1) if verb.i > 0 else None
    if name is None or name.pos_ not in ("PROPN", "NOUN") or name.left_edge.i == 0:
        return None
    return name if verb.doc[name.left_edge.i - 1].text == "," else None


def _postposed_attribution(verb: Token, trigger: Token, above: set[int]) -> bool:
    """A reporting verb with its own subject after the claim, hung by the parser on the claim's clause as a
    conjunct, parataxis or unmarked adverbial clause ('X will deploy 600 soldiers, the minister said on
    Sunday'), not an adverbial clause of its own ('... after the minister said on Sunday that ...')."""
    if _tacked_on_relcl(verb, trigger) is not None:
        return True
    return (
        verb.dep_ in ("conj", "parataxis", "advcl")
        and not any(c.dep_ == "mark" for c in verb.children)
        and (verb.head.i == trigger.i or verb.head.i in above)
        and verb.i > trigger.i
        and lexicon().modality.get(verb.lemma_.lower()) == "reporting"
        # its own subject, or a name just before it that the parser hung elsewhere ("..., to Niger, Defence
        # Minister Marco Rossi said", with "Rossi" as an apposition of "Niger")
        and (any(c.dep_ == "nsubj" for c in verb.children) or verb.nbor(-1).pos_ in ("PROPN", "NOUN"))
    )


def _bare_period(value: str | None) -> tuple[date, date] | None:
    """The period of a plain TIMEX value ('2024', '2024-01', '2024-01-15'), without its modifier."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value or "")
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        day = date(year, int(m.group(2)), int(m.group(3)))
        return day, day
    if m.group(2):
        month = int(m.group(2))
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return date(year, month, 1), nxt - timedelta(days=1)
    return date(year, 1, 1), date(year, 12, 31)


def _when_clause(span: Span, trigger: Token) -> Token | None:
    """The 'when' clause hanging on the date that the trigger sits in: 'since January 2024, when rebels
    killed'."""
    for tok in span:
        for clause in (c for c in tok.children if c.dep_ in ("relcl", "advcl")):
            inside = clause.left_edge.i <= trigger.i <= clause.right_edge.i
            if inside and any(t.lower_ == "when" for t in clause.subtree):
                return clause
    doc, j = span.doc, span.end + (span.end < len(span.doc) and span.doc[span.end].text == ",")
    if j < len(doc) and doc[j].lower_ == "when" and doc[j].head.i != doc[j].i:
        # "came in October 1975, when four soldiers were killed": the parser hangs the clause on the main one
        clause = doc[j].head
        if clause.i > j and clause.left_edge.i <= trigger.i <= clause.right_edge.i:
            return clause
    return None


def _said_in_when_clause(clause: Token | None, trigger: Token) -> bool:
    """'a promise made in June, when Shoigu said that the North would send 1,000 sappers': the date is
    the claim's, told in the 'when' clause (see _when_clause), and the event is what was said."""
    if clause is None or clause.i == trigger.i:
        return False
    reporting = lexicon().modality
    for tok in trigger.ancestors:
        if reporting.get(tok.lemma_.lower()) == "reporting" and tok.pos_ in ("VERB", "AUX"):
            return True
        if tok.i == clause.i:
            return False
    return False


def _in_year_of_when_clause(tx: TemporalExpression, trigger: Token, assigned: list) -> TemporalExpression:
    """'had been in the Congo in 1960, when nine soldiers were killed at Niemba on 8 November': a day
    named without its year inside the 'when' clause of a year is a day of that year."""
    if (
        tx.granularity != "day"
        or tx.period_start is None
        or tx.period_end is None
        or re.search(r"\d{4}", tx.text)
    ):
        return tx
    year = next(
        (
            int(a[0].value)
            for a in assigned
            if a[0] is not tx
            and a[0].granularity == "year"
            and re.fullmatch(r"\d{4}", a[0].value or "")
            and _when_clause(a[2], trigger) is not None
        ),
        None,
    )
    if year is None or year == tx.period_start.year:
        return tx
    shift = year - tx.period_start.year
    start, end = _years_later(tx.period_start, shift), _years_later(tx.period_end, shift)
    return replace(tx, value=start.isoformat(), period_start=start, period_end=end)


def _years_later(day: date, n: int) -> date:
    """The same day n years on (28 February for a 29th)."""
    return day.replace(year=day.year + n, day=min(day.day, 28) if day.month == 2 else day.day)


def _when_for(trigger: Token, assigned: list, doc: Document) -> When | None:
    """The period from the expressions assigned to a trigger; None when it has none."""
    if not assigned:
        return None
    lex = lexicon()
    tx, attach, span = min(
        assigned,
        key=lambda a: (
            # "would now deploy in November": a date on the verb's phrase says more than "now" on the verb
            _tree_distance(a[1], trigger) + (a[0].value == "PRESENT_REF"),
            a[0].value == "PRESENT_REF",
            # "I can confirm today that 1,000 troops will deploy in the autumn": the deed's own date first
            a[1].i != trigger.i and lex.modality.get(a[1].lemma_.lower()) == "reporting",
            -(a[0].period_start is not None),
        ),
    )
    tx = _in_year_of_when_clause(tx, trigger, assigned)
    if tx.value == "PRESENT_REF":
        said = [
            a[0]
            for a in assigned
            if a[0] is not tx
            and a[0].granularity == "day"
            and a[0].period_start is not None
            and a[0].period_start == a[0].period_end
            and (
                lex.modality.get(a[1].lemma_.lower()) == "reporting"
                or _reporting_verb_before(a[2]) is not None
                or a[1].pos_ == "ADP"
                and lex.modality.get(a[1].head.lemma_.lower()) == "reporting"
                or _in_attribution(a[1], trigger)
            )  # "On Monday, an army spokesman said about 1,500 soldiers were currently ..."
        ]
        if said:  # "told this newspaper on Monday that 800 soldiers were now in Juba": now is that Monday
            day = said[0].period_start
            return When(day, day, said[0].text, "day")
    when_clause = _when_clause(span, trigger)
    # "late July" stays late
    bare = _bare_period(tx.value) if tx.mod not in (None, "START", "MID", "END") else None
    if bare is not None and when_clause is not None:
        # "the deadliest since January 2024, when rebels killed six": the event is in January 2024 itself
        return When(bare[0], bare[1], tx.text, tx.granularity)
    if tx.type == "DURATION" and tx.period_start is not None:  # "in the past two weeks" dates the deed
        return When(tx.period_start, tx.period_end, _with_signal(_text_of(trigger.doc), tx), tx.granularity)
    reporting = False
    if attach.i != trigger.i and lex.modality.get(attach.lemma_.lower()) == "reporting":
        chain = [trigger, *trigger.ancestors]
        if attach in chain:
            link = chain[chain.index(attach) - 1]
            inside = link.left_edge.idx <= tx.start and tx.end <= link.right_edge.idx + len(
                link.right_edge.text
            )
            reporting = not inside
    planner = attach.head if attach.dep_ == "prep" and attach.pos_ == "ADP" else attach
    if (
        planner.i != trigger.i
        and planner.pos_ == "VERB"
        and planner.lemma_.lower() in _SPEECH_PLANS
        and planner in trigger.ancestors
        # a dated moment, not a deadline ("approved the deployment ... by the end of the year")
        and tx.period_start is not None
        and (doc.published is None or tx.period_start <= doc.published)
    ):
        reporting = True  # "pledged in January to send 600 more": the date is the pledge's, the claim's own
    reporter = _reporting_verb_before(span)
    if reporter is not None and reporter.i != trigger.i:
        reporting = True  # "said on Sunday (that) it had killed", "told reporters on Monday"
    if (
        planner.lemma_ == "be"
        and any(c.dep_ == "expl" for c in planner.children)
        and any(
            c.dep_ == "attr" and lex.modality.get(c.lemma_.lower()) == "reporting" for c in planner.children
        )
    ):
        reporting = True  # "In July there were reports that Pyongyang could send ...": the reports' date
    reporting = reporting or _dates_the_report(span, trigger) or _said_in_when_clause(when_clause, trigger)
    text = _with_signal(_text_of(trigger.doc), tx)
    if reporting:
        return When(None, tx.period_end, text, tx.granularity, True, tx.period_start)
    if tx.period_start is not None and when_clause is not None:
        # "the last clash before Galwan came in October 1975, when four soldiers were killed": the 'when'
        # clause's event is on that date, whatever 'before' or 'since' bounds the main clause
        return When(tx.period_start, tx.period_end, text, tx.granularity)
    signal = _clause_signal(span, trigger)
    if re.match(r"as (?:of|at)\b", text, re.I):  # "as of this morning, 40 had been wounded": a running tally
        return When(None, tx.period_end, text, tx.granularity)
    if _dated_after(span, trigger):
        return When(None, tx.period_end, text, tx.granularity)
    if signal == "before":
        return When(None, tx.period_end, text, tx.granularity)
    if signal == "since" and doc.published is not None and tx.period_start is not None:
        return When(tx.period_start, max(doc.published, tx.period_start), text, tx.granularity)
    return When(tx.period_start, tx.period_end, text, tx.granularity)


def _dated_after(span: Span, trigger: Token) -> bool:
    """'jets struck on Sunday after attacks killed 12 soldiers': the date is the main clause's; the event
    of the 'after' clause happened by then, not on that day."""
    doc = trigger.doc
    for tok in [trigger, *trigger.ancestors]:
        if tok.dep_ == "advcl" and tok.head.i < tok.i:
            # "after" as the clause's mark, or parsed as a preposition of the main verb ("hit ... after a
            # weekend of attacks killed"): either way the first word of the clause
            after = [
                t
                for t in doc[tok.head.i + 1 : tok.i]
                if t.lower_ == "after" and t.head.i in (tok.i, tok.head.i)
            ]
            verbs = [t for t in doc[after[-1].i + 1 : tok.i] if t.pos_ in ("VERB", "AUX")] if after else []
            if after and not verbs:
                return not (after[-1].i <= span.root.i <= tok.right_edge.i)
        if tok.dep_ in ("relcl", "ccomp"):
            return False
    return False


def _clause_signal(span: Span, trigger: Token) -> str | None:
    """'before' or 'since' when the date sits in a clause they open: 'stood at 4,000 before the
    offensive began on Nov. 27' bounds the count from above; 'since it began on Oct. 1' from below."""
    for tok in [span.root, *span.root.ancestors]:
        if tok.i == trigger.i:
            return None
        if tok.lower_ in ("before", "since") and tok.dep_ == "prep" and tok.i < span.start - 1:
            return tok.lower_  # "before the offensive on Nov. 27" (the tagger reads "since Nov. 27" itself)
        for c in tok.children:
            if c.dep_ == "mark" and c.lower_ in ("before", "since"):
                return c.lower_
    return None


_SIGNAL = re.compile(
    r"(?:\b(?:since|by|until|till|before|after|from|in|during|through|on|as of|as at)\s+)+$", re.I
)


def _with_signal(text: str, tx: TemporalExpression) -> str:
    """The expression with the preposition in front of it: 'since October', 'by mid-April'."""
    m = _SIGNAL.search(text[max(0, tx.start - 24) : tx.start])
    return (m.group(0) + tx.text) if m else tx.text


# ---------------------------------------------------------------------------------------------
# events


@dataclass
class _Mention:
    event_type: str
    subtype: str
    trigger: Token
    count: Count | None
    noun: Token | None
    when: When | None = None
    source: tuple[str, str, Token | None] | None = None
    actor: str | None = None
    actor_explicit: bool = False
    negated: bool = False
    location: str | None = None
    paragraph: int = 0
    sentence_index: int = 0
    extra: dict = field(default_factory=dict)


_TARGET_SIZE = {"size", "strength", "capacity", "level"}


def _idiom(span: Span) -> bool:
    """'in return for its troops' is an exchange, not a return home; 'will take months to reach that
    size' a target strength, not troops arriving; 'carried out' a deed, not a transport; 'had fallen to
    7,600' a level, not deaths."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if span.text.lower() == "return" and before == "in" and (after == "for" or span.root.dep_ == "pobj"):
        return True  # "and in return is believed to have received air-defence systems"
    if span.root.lemma_.lower() == "carry" and any(c.dep_ == "prt" for c in span.root.children):
        return True  # "carried out three offensives", "carried on fighting": not a transport
    if span.root.lower_ == "fallen" and any(
        c.dep_ == "prep" and c.lower_ in ("to", "from", "below", "by") for c in span.root.children
    ):
        return True  # "its strength had fallen to about 7,600 troops": a level that dropped, not deaths
    ahead = {t.lemma_.lower() for t in doc[span.end : span.end + 3]}
    if span.root.lower_ in ("went", "gone") and span.root.dep_ in ("relcl", "acl"):
        # "40 of its members who had gone to Sudan were unaccounted for": who they are, not a move
        return True
    if ahead & {"coffin", "casket", "body"} and span.label_ == "deployment/withdrawn":
        return True  # "the last senior officer to come home in a coffin": a death, not a withdrawal
    return span.root.lemma_.lower() == "reach" and bool(ahead & _TARGET_SIZE)  # "to reach full strength"


def _trigger_tokens(spans: list[Span]) -> dict[int, Span]:
    """A sentence's trigger spans (nlp.sentence_triggers) by the tokens that carry them."""
    out = {}
    for span in filter_spans(spans):
        if _idiom(span):
            continue
        head = span.root
        if span.label_ == "deployment/planned":
            head = span[0]
            deps = {c.dep_ for c in head.children}
            if "dobj" not in deps or deps & {"xcomp", "ccomp"}:
                continue  # "pledged to send 600 officers": the sending verb carries the plan
        out[head.i] = span
        for t in span:
            out.setdefault(t.i, span)
    for i, span in list(out.items()):
        carrier = span.root
        if i != carrier.i or carrier.lemma_.lower() != "carry" or carrier.dep_ != "acl":
            continue
        vehicle = carrier.head  # "convoys carrying some 600 fighters had left the camp": what the convoy did
        moved = out.get(vehicle.head.i) if vehicle.dep_ in ("nsubj", "nsubjpass") else None
        if moved is not None and moved.label_ != span.label_:
            out[i] = Span(span.doc, span.start, span.end, label=moved.label_)
    # "two soldiers were hit by gunfire and killed": being hit is how they died, no wounding of its own
    hit = [span for i, span in out.items() if i == span.root.i and _hit_then_killed(span.root, out)]
    return {i: span for i, span in out.items() if not any(span is h for h in hit)}


def _label_at(tok: Token, triggers: dict[int, Span]) -> str:
    """The event label of the trigger at a token ('casualty/killed'), or '' where there is none."""
    return getattr(triggers.get(tok.i), "label_", "")


_NOT_FORCES = {
    "civilian",
    "civil",
    "child",
    "woman",
    "refugee",
    "migrant",
    "journalist",
    "aid",
    "people",
    "person",
    "resident",
    "inhabitant",
    "villager",
    "patient",
    "student",
    "family",
    "relative",
    "staff",  # "staff members of the aid agency"
    "displace",  # "60,000 displaced Israelis can go home"
    "displaced",
    "pirate",  # "eight pirates were killed and five were captured": the five are pirates too
    "smuggler",
    "hostage",
    "fisherman",
    "passenger",
    "tourist",
}
_MODIFIERS = ("amod", "compound", "nmod", "npadvmod", "poss")
_ARG_OF_VERB = ("xcomp", "attr", "acomp", "oprd", "dobj", "nsubj", "nsubjpass")


def _next_content_token(span: Span) -> Token | None:
    """The first word after a count, past quotes and punctuation ('"as many as 1,500" additional fighters')."""
    doc = span.doc
    for j in range(span.end, min(span.end + 3, len(doc))):
        if doc[j].is_punct or doc[j].is_quote:
            continue
        return doc[j] if not doc[j].is_sent_start else None
    return None


def _casualty_complement(noun: Token, triggers: dict[int, Span]) -> Token | None:
    """The casualty word a verb predicates of its subject: 'declared dead', 'found dead', 'listed as missing'."""
    if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.pos_ not in ("VERB", "AUX"):
        return None
    if noun.head.i in triggers and triggers[noun.head.i].label_.startswith("casualty"):
        return noun.head  # "three wounded soldiers died in hospital"
    for child in noun.head.children:
        if child.dep_ in ("oprd", "acomp", "xcomp") and child.i in triggers:
            if triggers[child.i].label_.startswith("casualty"):
                return child
    return None


def _framed_casualty(span: Span, following: Token | None, triggers: dict[int, Span]) -> Token | None:
    """The casualty word a count is set against: 'put its dead at 25,000 and its wounded at 55,000',
    'lists 1,460 as killed and 2,900 as wounded' (the parser often hangs the second count on the first word)."""
    doc = span.doc
    if following is not None and following.i in triggers:
        return None  # "put losses at 300 dead": the word after the count says it
    candidates = []
    if span.start >= 2 and doc[span.start - 1].lower_ == "at":
        candidates.append(doc[span.start - 2])
    if following is not None and following.lower_ == "as" and following.i + 1 < len(doc):
        candidates.append(doc[following.i + 1])
    for tok in candidates:
        if tok.i in triggers and triggers[tok.i].label_.startswith("casualty"):
            return tok
    return None


def _casualty_verb_beside(span: Span, triggers: dict[int, Span]) -> Token | None:
    """'we lost four of our soldiers and nine were injured': a casualty verb right before the count
    ('lost four'), or right after it past its auxiliaries ('nine were injured'), takes it, whatever
    the parser made of the coordination."""
    doc = span.doc

    def casualty(i: int) -> Token | None:
        ok = 0 <= i < len(doc) and i in triggers and triggers[i].label_.startswith("casualty")
        return doc[i] if ok and doc[i].pos_ == "VERB" else None

    j = span.end
    while j < len(doc) and doc[j].lower_ in ("were", "was", "had", "have", "has", "been"):
        j += 1
    if j > span.end and casualty(j) is not None:
        return doc[j]  # "nine were injured"
    before = casualty(span.start - 1)
    if before is not None and span.end < len(doc) and doc[span.end].lower_ == "of":
        return before  # "lost four of our soldiers"
    return None


_LEDGER_LINE = re.compile(
    r"^[ \t]*(?:[-•*–][ \t]*)?(?P<when>[^,:\n]{3,30}),[ \t]*(?P<who>[A-Z][\w'’.&() -]{1,45}?):[ \t]+\S",
    re.M,
)
_MONTH_OR_YEAR = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|\b(?:19|20)\d\d\b", re.I
)


def _ledger_claimant(text: str, at: int) -> str | None:
    """The claimant of a line of a dated list of claims, 'Mid-January 2025, President Zelensky: about 3,800
    killed or wounded': the name between the date and the colon."""
    line_start = text.rfind("\n", 0, at) + 1
    m = _LEDGER_LINE.match(text, line_start)
    if m is None or m.end("who") + 1 > at or not _MONTH_OR_YEAR.search(m.group("when")):
        return None
    return m.group("who").strip()


_RETURNED_DEAD = frozenset({"remains", "bodies", "coffins"})
# verbs whose subject is the subject of the clause under them: "were expected / set / believed to arrive"
_RAISING = frozenset(
    {"expect", "schedule", "set", "slate", "seem", "appear", "believe", "report", "say", "think"}
)


def _added_to_toll(span: Span, triggers: dict[int, Span]) -> Token | None:
    """'... and 60 civilians had been killed since the offensive began, as well as six Turkish soldiers': a
    count tacked on with 'as well as' after a casualty verb shares it (the parser may hang it anywhere)."""
    doc = span.doc
    if [t.lower_ for t in doc[max(0, span.start - 3) : span.start]] != ["as", "well", "as"]:
        return None
    before = [i for i, t in triggers.items() if span.sent.start <= i < span.start - 3]
    last = max(before, default=None)
    return doc[last] if last is not None and triggers[last].label_.startswith("casualty") else None


def _ranking(tok: Token) -> bool:
    """'the largest contributor with 5,800 troops, followed by Nepal with 4,400': an order, not a move."""
    return tok.lemma_.lower() == "follow" and any(c.dep_ == "agent" for c in tok.children)


def _trigger_for_count(noun: Token, span: Span, triggers: dict[int, Span]) -> Token | None:
    """The trigger a counted noun belongs to: the word right after the number ('2,000 killed'),
    the noun itself, a clause on it, the verb above it or that verb's other arguments."""
    following = _next_content_token(span)
    surface = _casualty_verb_beside(span, triggers) or _added_to_toll(span, triggers)
    if surface is not None:
        return surface
    said = _casualty_complement(noun, triggers)
    if said is not None and (following is None or following.head.i == noun.i):
        return said  # "two missing sailors declared dead": what the verb says of them, not the adjective
    if (
        following is not None
        and following.i in triggers
        and triggers[following.i].label_.startswith("casualty")
    ):
        return following
    if noun.i in triggers:
        return noun
    vessel = _with_holder(noun)
    moved = _moved_with(vessel, triggers) if vessel is not None and vessel.pos_ in ("NOUN", "PROPN") else None
    if moved is not None:
        return moved  # "the strike group, with upward of 6,000 sailors and Marines, returned to the Red Sea"
    anchor = _count_anchor(span)
    subject = noun.head.head if noun.dep_ == "pobj" and noun.head.head.lower_ in ("last", "rest") else noun
    verb = subject.head
    if (
        subject.dep_ in ("nsubj", "nsubjpass")
        and verb.i in triggers
        and not triggers[verb.i].label_.endswith(("sent", "planned"))
        and any(c.dep_ == "acl" and _label_at(c, triggers) == "deployment/sent" for c in noun.children)
    ):
        return verb  # "the 1,500 soldiers stationed there left in 2023": the stay says who, the verb what
    if (
        noun.dep_ == "dobj"
        and _label_at(noun.head, triggers) == "deployment/withdrawn"
        and any(
            c.dep_ in ("acl", "relcl") and _label_at(c, triggers) == "deployment/sent" for c in noun.children
        )
    ):
        return noun.head  # "withdrew about 3,000 soldiers it had stationed in Somalia": the stay says which
    head_label = _label_at(noun.head, triggers)
    killed_by_head = noun.dep_ == "dobj" and head_label.startswith("casualty")
    # "75 soldiers of the Guatemalan Army, who arrived on Thursday": a "who" clause the parser hangs on the
    # army the soldiers belong to is about the soldiers
    whose = [
        r
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
        for r in o.children
        if r.dep_ == "relcl"
        and any(w.lower_ == "who" and w.dep_ in _SUBJECTS for w in r.children)
        # "113 members of Iran's armed forces killed in Syria": the participle hung on the forces
        or r.dep_ == "acl"
        and r.i in triggers
        and triggers[r.i].label_.startswith("casualty")
        and (o.lemma_.lower() in _ARMY_NOUNS | {"force"} or _is_force_noun(o))
    ]
    for child in [
        *noun.children,
        *(c for c in anchor.children if c.dep_ == "relcl" and anchor.i != noun.i),
        *whose,
    ]:
        if child.dep_ in ("acl", "relcl", "amod") and child.i in triggers and not _ranking(child):
            # also "a battalion of some 600 that landed in late June": the clause on the count (not "with
            # 5,800 troops, followed by Nepal with 4,400": a ranking)
            return child
        if child.dep_ in ("acl", "relcl"):
            for grand in child.children:
                if grand.dep_ in ("xcomp", "conj", "ccomp", "acomp", "oprd") and grand.i in triggers:
                    if killed_by_head and triggers[grand.i].label_.startswith("deployment"):
                        # "killing about 40 fighters it said had been brought in": the killing
                        return noun.head
                    return grand  # "troops who were later killed", "five soldiers it said it had captured"
    doc = span.doc
    after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if (
        noun.dep_ == "conj"
        and after is not None
        and after.dep_ in ("aux", "auxpass")
        and after.head.i in triggers
    ):
        return after.head  # "embraced shahadat and three others were injured": the parser joined the nouns
    tok = noun
    for _ in range(4):
        if tok.head.i == tok.i:
            break
        came_from = tok
        tok = tok.head
        if (
            came_from.dep_ == "nsubj"
            and tok.lemma_.lower() in ("remain", "stay")
            and tok.i not in triggers
            # not "three servicemen remain missing", "27 soldiers remain in the hands of the group"
            and not any(t.i in triggers for c in tok.children for t in (c, *c.children))
        ):
            return None  # "units were pulled out, but around 1,500 remained": what stays, not the pullout
        if came_from.dep_ == "prep" and any(
            c.dep_ == "mark" and c.lower_ in _TIME_PREPS for c in tok.children
        ):
            continue  # "killed since the deployment began ... at about 2,000": the tagger's misplaced "at"
        if came_from.dep_ == "dobj":
            said_of = [
                c
                for c in tok.children
                if (
                    c.dep_ in ("oprd", "acomp", "xcomp")
                    # "left 30 soldiers wounded", "lost 3,000 troops, dead and wounded combined"
                    or (
                        c.dep_ in ("advcl", "ccomp")
                        or c.dep_ == "conj"
                        and _label_at(c, triggers) == "casualty/killed_or_wounded"
                    )
                    and c.i > came_from.i
                    and tok.lemma_.lower() in ("leave", "lose")
                    and not any(g.dep_ in _SUBJECTS for g in c.children)  # not "..., while 23 were wounded"
                )
                and c.i in triggers
                and triggers[c.i].label_.startswith("casualty")
            ]
            if said_of:
                # "the ambush left nine soldiers dead / 30 soldiers wounded": what the verb says of its object
                return said_of[0]
        if tok.i in triggers:
            return tok
        for child in tok.children:
            if child is came_from:
                continue
            if (
                child.dep_ in _ARG_OF_VERB or child.dep_ == "advcl" and child.pos_ == "ADJ"
            ) and child.i in triggers:
                return child  # "went missing" (parsed as an adjectival clause)
            raised = came_from.dep_ in _SUBJECTS and tok.lemma_.lower() in _RAISING
            if child.dep_ == "xcomp" and (came_from.dep_ == "dobj" or raised) and tok.pos_ == "VERB":
                # also "the first units, roughly 2,600 soldiers, were expected to reach Kursk by Sunday"
                # "ordered 2,000 troops to prepare to deploy": the object is the subject of the xcomp chain
                inner = child
                for _ in range(3):
                    if inner.i in triggers:
                        return inner
                    inner = next((c for c in inner.children if c.dep_ == "xcomp"), None)
                    if inner is None:
                        break
            if child.dep_ in (
                "acomp",
                "attr",
                "oprd",
            ):  # "500 officers are due to arrive", "likely to be sent"
                for grand in child.children:
                    if grand.dep_ == "xcomp" and grand.i in triggers:
                        return grand
            if child.dep_ == "conj" and child.i in triggers and child.pos_ == "VERB" and tok.pos_ == "VERB":
                if not any(c.dep_ in _SUBJECTS for c in child.children):
                    return child  # "400 soldiers were recruited and sent abroad": the subject is shared
            if child.dep_ == "prep" and tok.pos_ in ("VERB", "AUX") and child.lower_ not in _TIME_PREPS:
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp") and obj.i in triggers:
                        return obj  # "killed in action", "listed as missing" (not "before the drawdown")
                    if obj.dep_ == "pobj" and child.lower_ == "among":
                        for grand in obj.children:  # "eight peacekeepers were among those killed"
                            if grand.dep_ in ("acl", "relcl", "amod") and grand.i in triggers:
                                return grand
        if tok.dep_ in _CLAUSE_DEPS or (tok.dep_ == "conj" and came_from.dep_ in _SUBJECTS):
            break  # "54 had died ... and that two commanders who fled were to face": a clause of its own
    for j in range(span.end, min(span.end + 3, len(doc))):
        if (
            j in triggers
            and not any(doc[k].is_sent_start for k in range(span.end, j + 1))
            and not _ranking(doc[j])
        ):
            return doc[j]
    if span.end <= noun.i <= span.end + 3:
        # "said upward of 5,000 North Koreans were killed", "Two Navy SEALs went missing": however the parser
        # hangs the counted words, a trigger right after them, past only an auxiliary, is theirs
        for j in range(noun.i + 1, min(noun.i + 4, len(doc))):
            if j in triggers and all(t.lemma_ in _LINKING for t in doc[noun.i + 1 : j]):
                return doc[j] if not any(doc[k].is_sent_start for k in range(span.end, j + 1)) else None
    return None


_EXCEED = {"pass", "top", "exceed", "surpass"}
_LINKING = {"be", "go", "get", "remain", "have"}  # "were killed", "went missing", "remain missing"
_TIME_PREPS = {"before", "after", "since", "until", "till", "during", "following", "ahead"}
_PRESENCE = {
    "have",
    "keep",
    "maintain",
    "number",
    "total",
    "field",
    "count",
    "remain",
    "stay",
    "serve",
    "host",
    "house",  # "the base now houses around 2,000 personnel" (not "could house": a capacity)
    "comprise",
    "show",
}

# "put the toll at 50", "brings the number of troops to 20,000": the object is what the count measures
_MEASURE_OBJECT_VERBS = {
    "put",
    "place",
    "estimate",
    "bring",
    "raise",
    "set",
    "peg",
    "revise",
    "push",
    "lift",
    "take",
}
# "casualties stood at 4,700", "the death toll rose to 50", "losses topped 1,000": the subject is
_MEASURE_SUBJECT_VERBS = {  # fmt: skip
    "stand",
    "reach",
    "rise",
    "climb",
    "total",
    "grow",
    "increase",
    "top",
    "exceed",
    "surpass",
    "pass",
    "jump",
    "mount",
    "swell",
    "shrink",
    "fall",
    "drop",
    "decline",
    "dwindle",
    "range",
    "number",
    "hit",
    "peak",
    "be",
}
# verbs a count passes on its way up to a verb that measures it (and the argument-only ones)
_MEASURING_VERBS = frozenset(_MEASURE_OBJECT_VERBS | _MEASURE_SUBJECT_VERBS | set(_ARGUMENT_ONLY))
_MEASURE_NOUNS = {
    "level",
    "number",
    "figure",
    "toll",
    "tally",
    "count",
    "total",
    "strength",
    "size",
    "estimate",
    "posture",
    "footprint",
    "headcount",
}
# what a force's own head count is called: "the mission's strength / the US force posture stood at N personnel"
_FORCE_SIZE_NOUNS = {"strength", "size", "posture", "footprint", "headcount"}
_TROOP_MEASURES = _FORCE_SIZE_NOUNS | {"number", "level", "total"}  # "troop numbers / levels / strength"
# a figure, not who gave it: "The new death toll is higher than the agency's count. In April, it had put ..."
_FIGURE_NOUNS = _MEASURE_NOUNS - _FORCE_SIZE_NOUNS
_FORCE_NOUNS = {"contingent", "force", "presence", "garrison", "deployment", "troop", "rotation"}


def _measured(span: Span, noun: Token, triggers: dict[int, Span]) -> tuple[Token, Token] | None:
    """(noun, trigger) of what a count measures when it is the complement of a measuring verb:
    'put the group's casualties at upwards of 1,000', 'the number of wounded stood at 25', 'brings
    the number of troops taking part to 20,000', 'estimates put the contingent at 4,000 personnel'."""
    anchor = _count_anchor(span)
    following = _next_content_token(span)
    if following is not None and following.i in triggers:
        return None  # "losses stood at about 2,000 killed": the word after the count says what it counts
    verb = None
    for node in dict.fromkeys((anchor, noun)):
        ranged = node.head.lower_ == "from" and node.head.head.lemma_.lower() == "range"
        if node.dep_ == "pobj" and (
            node.head.lower_ in ("at", "to") or ranged
        ):  # "range from 11,000 to 15,000"
            up = node.head.head
            for _ in range(5):  # "the number of troops taking part ... to 20,000": past the object's clause
                if up.i in triggers and up.lemma_.lower() not in _MEASURING_VERBS:
                    break  # "the number of Russians killed ... at 20": the trigger on the way takes the count
                if (
                    (
                        up.pos_ in ("VERB", "AUX")
                        or up.lemma_.lower() == "range"
                        and any(c.dep_ == "nsubj" for c in up.children)
                    )
                    and up.lemma_.lower() in _MEASURE_OBJECT_VERBS | _MEASURE_SUBJECT_VERBS
                ):  # "range" read as a noun
                    verb = up
                    break
                if up.head.i == up.i:
                    break
                up = up.head
        elif node.dep_ in ("dobj", "attr") and node.head.lemma_.lower() in _MEASURE_SUBJECT_VERBS:
            verb = node.head
        elif (
            node.dep_ == "pobj"
            and node.head.dep_ == "prep"
            and node.head.lower_ in _APPROX_WORDS
            and node.head.head.lower_ in ("numbers", "numbered")
            and node.head.head.pos_ == "NOUN"
        ):
            # "the contingent numbers around 4,500", "Uganda's contingent, the largest, numbers around 4,500":
            # the tagger reads the verb as a noun, compounded with or set beside the force it counts
            numbers = node.head.head
            force = [c for c in numbers.children if c.dep_ in ("compound", "nsubj")] + (
                [numbers.head] if numbers.dep_ == "appos" else []
            )
            force = [
                f for f in force if f.lemma_.lower() in _FORCE_NOUNS or _is_unit_noun(f) or _mission_name(f)
            ]
            if force:
                return (force[0], numbers) if _deployment_trigger(numbers, triggers) else None
        elif (
            node.dep_ in ("appos", "dobj", "attr", "npadvmod")
            and node.head.lower_ in ("number", "numbers", "numbered")
            and any(c.dep_ == "nsubj" for c in node.head.children)
        ):
            verb = (
                node.head
            )  # 'its forces now number "several thousand"' (the tagger may read "number" as a noun)
        if verb is not None:
            break
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    deps = ("dobj", "oprd") if lemma in _MEASURE_OBJECT_VERBS else ("nsubj", "nsubjpass")
    measured = [c for c in verb.children if c.dep_ in deps and c.i != anchor.i and c.i != noun.i]
    if verb.dep_ == "relcl":  # "the contingent, which it put at around 11,000 troops": the antecedent
        measured = [verb.head if c.tag_ in ("WDT", "WP") else c for c in measured]
    if not measured and deps[0] == "nsubj" and verb.dep_ in ("advcl", "conj") and verb.tag_ == "VBG":
        # "its presence grew steadily, peaking at some 5,200 troops in 2016": the subject of the clause
        measured = [c for c in verb.head.children if c.dep_ in deps]
    if lemma == "be" and not any(m.lemma_.lower() in _MEASURE_NOUNS for m in measured):
        return None  # "the dead were 12" is rare; "the soldiers were 20 km away" is not a count
    candidates: list[Token] = []
    for m in measured:
        if m.lemma_.lower() in _MEASURE_NOUNS:
            whole = m
            for _ in range(2):  # "estimates of the total number of personnel sent": past the inner measure
                inner = [
                    o
                    for c in whole.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for o in c.children
                    if o.dep_ == "pobj" and o.lemma_.lower() in _MEASURE_NOUNS
                ]
                whole = inner[0] if inner else whole
            # "put the total dispatched at around 14,000": the participle on the measure says what it counts
            candidates += [c for c in whole.children if c.dep_ in ("acl", "amod") and c.i in triggers]
            for prep in (c for c in whole.children if c.dep_ == "prep" and c.lower_ == "of"):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    candidates += [c for c in obj.children if c.dep_ in ("acl", "relcl", "amod")]
                    candidates.append(obj)
            among = [
                o
                for prep in [*m.children, *(c for c in verb.children if c.lower_ == "among")]
                if prep.dep_ == "prep" and prep.lower_ in ("among", "of", "for")
                for o in prep.children
                if o.dep_ == "pobj" and _is_person_noun(o) and o.pos_ != "PRON"
            ]
            counted_people = noun.i != anchor.i and _is_person_noun(noun) and noun.pos_ != "PRON"
            troop = [c for c in m.children if c.dep_ == "compound" and c.lemma_.lower() == "troop"]
            if troop and m.lemma_.lower() in _TROOP_MEASURES and not counted_people:
                if anchor.head.lower_ == "to" and any(
                    c.dep_ == "aux" and c.lower_ in _MIGHT for c in verb.children
                ):
                    return None  # "troop numbers would fall to 4,500 by Christmas": a target, not a force
                candidates.append(troop[0])  # "British troop numbers in Iraq stood at 5,500", "troop levels"
                continue
            if counted_people and m.lemma_.lower() in _FORCE_SIZE_NOUNS:
                candidates.append(noun)  # "the mission's military strength stood at 13,211 personnel"
                continue
            if (
                among or counted_people
            ):  # "the death toll among the peacekeepers rose to 14", "rose to 14 soldiers"
                candidates += [c for c in m.children if c.dep_ in ("compound", "amod") and c.i in triggers]
            if _running_total(verb, m, triggers):
                candidates.append(verb.head)  # "Another 1,500 arrived, bringing the total in Russia to 3,000"
            continue  # "the death toll rose to 50" alone may count civilians too
        candidates.append(m)
    for cand in candidates:
        label = triggers[cand.i].label_ if cand.i in triggers else None
        if label is not None and label.startswith("casualty"):
            return cand, cand
    for cand in candidates:
        if cand.i in triggers:
            return cand, cand
        is_force = cand.lemma_.lower() in _FORCE_NOUNS or _is_unit_noun(cand)
        if (
            is_force
            or _mission_name(cand)  # "UNAMSIL numbered more than 17,000": a mission's strength is its troops
            or (_is_person_noun(cand) and cand.pos_ != "PRON" and cand.lower_ not in _PRONOUNS)
        ):
            return (cand, verb) if _deployment_trigger(verb, triggers) else None
    return None


def _running_total(verb: Token, measure: Token, triggers: dict[int, Span]) -> bool:
    """'Another 1,500 troops arrived, bringing the total in Russia to roughly 3,000': a bare total that a
    deployment's own clause brings to a figure is that force's new strength."""
    head = verb.head
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in ("advcl", "xcomp", "conj")
        and head.i in triggers
        and triggers[head.i].label_ == "deployment/sent"
        and measure.lemma_.lower() in ("total", "number", "tally", "strength")
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in measure.children)
    )


def _deployment_trigger(tok: Token, triggers: dict[int, Span]) -> bool:
    """Make a measuring word that counts a force a 'sent' trigger, unless it already triggers something
    else; whether it is a deployment trigger now."""
    if tok.i not in triggers:
        triggers[tok.i] = Span(tok.doc, tok.i, tok.i + 1, label="deployment/sent")
    return triggers[tok.i].label_.startswith("deployment")


_PLACE_NOUNS = {  # fmt: skip
    "soil",  # "on Congolese soil"
    "outpost",
    "camp",
    "post",
    "garrison",
    "border",
    "frontier",
    "line",
    "country",
    "region",
    "area",
    "province",
    "zone",
    "city",
    "town",
    "base",
    "territory",
    "district",
    "mission",
    "operation",
    "sector",
    "front",
    "airport",
    "airfield",
    "airbase",
    "port",
    "capital",
    "island",
    "ground",  # "some 5,800 troops are now on the ground"
    "barracks",
    "compound",
    "headquarters",
    "facility",
    "village",
    "coast",
    "waters",
    "theatre",
    "theater",
}


def _place_complement(verb: Token) -> bool:
    """The verb has 'in/at/inside <place>' after it (a place name, even one the tagger calls a person:
    'in eastern Ladakh', 'in Sectors Two and Six'), or is the clause of a place ('the base in Gyumri,
    where Moscow keeps about 3,000 troops')."""
    if verb.dep_ == "relcl" and any(c.lower_ == "where" and c.dep_ == "advmod" for c in verb.children):
        return True
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in (
            "in",
            "at",
            "inside",
            "across",
            "alongside",
            "along",
            "near",
            "on",
        ):
            if child.lower_ == "alongside":
                return True  # "fighting alongside the M23"
            if any(
                o.ent_type_ in ("GPE", "LOC", "FAC")
                or o.lemma_.lower() in _PLACE_NOUNS
                or (  # "150 troops at Rukla": a base the tagger takes for an organisation
                    o.dep_ == "pobj"
                    and child.lower_ == "at"
                    and o.pos_ == "PROPN"
                    and o.ent_type_ == "ORG"
                    and not actors_in(o.text)
                )
                or (  # "300 soldiers in the battlegroup", "180 sailors in UNIFIL's Maritime Task Force"
                    o.dep_ == "pobj"
                    and child.lower_ == "in"
                    and (
                        o.lemma_.lower() == "battlegroup"
                        or any(map(_peacekeeping, actors_in(o.doc[o.left_edge.i : o.i + 1].text)))
                    )
                )
                or (
                    o.dep_ == "pobj"
                    and o.pos_ == "PROPN"
                    and o.ent_type_ not in ("DATE", "TIME", "ORG", "NORP")
                )
                or (  # "has 3,000 troops in the AU force": a mission's force, not the country's own forces
                    o.dep_ == "pobj"
                    and child.lower_ == "in"
                    and o.lemma_.lower() in ("force", "coalition")
                    and any(d.lower_ == "the" for d in o.children)
                    and not any(d.lower_ in _HOME_FORCE_WORDS for d in o.children)
                )
                or (  # "in the Maldives", "in the Philippines": a country the tagger takes for a body
                    o.dep_ == "pobj"
                    and o.tag_ in ("NNP", "NNPS")
                    and o.lower_.endswith("s")
                    and child.lower_ == "in"
                    and any(d.lower_ == "the" for d in o.children)
                )
                or (  # "in Niger when ...", "in the DRC": a state the tagger takes for a date or a body
                    o.dep_ == "pobj"
                    and o.pos_ == "PROPN"
                    and any(lexicon().actor_kinds.get(a) == "state" for a in actors_in(o.text))
                )
                for o in child.subtree
            ):
                return True
        if child.dep_ == "prep" and child.lower_ == "with":  # "had some 1,400 troops with the UN mission"
            # (also "keeps 1,100 troops with the Force Intervention Brigade of the UN mission")
            objs = [o for o in child.subtree if o.dep_ == "pobj" and o.head.lower_ in ("with", "of")]
            if any(
                o.lemma_.lower() in _DEPLOYED_BODIES - {"force", "garrison"}
                or any(map(_peacekeeping, actors_in(o.text)))
                # "with the U.N. Interim Force in Lebanon": a named force (not "the Lebanese Armed Forces")
                or o.text == "Force"
                and not _home_army(o)
                for o in objs
            ):
                return True
    return False


def _mission_name(tok: Token) -> bool:
    """'UNAMSIL', 'MONUSCO': a proper noun naming a peacekeeping mission."""
    return tok.pos_ == "PROPN" and any(_peacekeeping(a) for a in actors_in(tok.text))


def _peacekeeping(actor: str) -> bool:
    """The actor is a peacekeeping mission (its side in actors.csv says so): one force of many contingents."""
    return "peacekeep" in side_of(actor).lower()


_POSTED_NOUNS = {"peacekeeper"}  # serve abroad by definition: "the mission has 10,000 peacekeepers"
# a body that is itself a deployment: "the mission has 3,200 troops", "the force counts 1,000 personnel"
_DEPLOYED_BODIES = {
    "mission",
    "force",
    "contingent",
    "operation",
    "coalition",
    "garrison",
    "detachment",
    "deployment",
}
_HOME_FORCE_WORDS = {  # fmt: skip
    "own",
    "armed",
    "air",
    "naval",
    "ground",
    "land",
    "defence",
    "defense",
    "security",
    "police",
    "border",
    "national",
    "regular",
    "reserve",
    "government",  # "the Rwandan Government Forces (FAR) number some 30,000 soldiers"
}
_HEADCOUNT = re.compile(r"\s*-?\s*(strong)\b|\s*-\s*(member|man|men|person|soldier|troop)\b", re.I)
# nouns for a party of troops whose head count may follow with the people unnamed: "a second group of 75"
_COLLECTIVE = {  # fmt: skip
    "group",
    "column",
    "batch",
    "wave",
    "contingent",
    "detachment",
    "rotation",
    "unit",
    "company",
    "battalion",
    "brigade",
    "force",
    "echelon",
    "tranche",
}


def _is_force_noun(tok: Token) -> bool:
    return tok.lemma_.lower() in _FORCE_NOUNS | _COLLECTIVE or _is_unit_noun(tok)


def _headcount_of(span: Span, after: str) -> Token | None:
    """The unit a '-strong' / '-member' / '-man' count sizes: 'a 24-member contingent', 'the 1,000-strong force'."""
    m = _HEADCOUNT.match(after)
    if m is None:
        return None
    doc = span.doc
    end = min(span.end + 6, len(doc))
    word = (m.group(1) or m.group(2)).lower()
    suffix = next((t for t in doc[span.end : end] if t.lower_ == word), None)
    if suffix is None:
        return None
    comma = span.start - 1
    while comma > 0 and comma >= span.start - 2 and doc[comma].pos_ == "ADV":
        comma -= 1  # "the garrison, currently about 900 strong, ...": past an adverb of time
    if word == "strong" and comma >= 1 and doc[comma].text == ",":
        before = doc[comma - 1]  # "a second contingent, 300-strong, flew in": set off after its unit
        for _ in range(3):  # also "The Nepali battalion in the CAR, about 750-strong,": past its "in" phrase
            if before.lemma_.lower() in _FORCE_NOUNS | _COLLECTIVE or _is_unit_noun(before):
                return before
            if before.dep_ not in ("pobj", "prep") or before.head.i == before.i:
                break
            before = before.head
    if word == "strong" and suffix.dep_ == "acomp" and suffix.head.lemma_ == "be":
        # "the battalion had been some 600 strong", "the mission, which was then about 10,000 strong"
        subject = _subject_of(suffix.head)
        return subject if subject is not None and _is_force_noun(subject) else None
    unit = next((t for t in doc[suffix.i + 1 : end] if t.pos_ in ("NOUN", "PROPN")), None)
    while unit is not None and unit.dep_ == "compound" and unit.head.i > unit.i and unit.head.i < end + 2:
        unit = unit.head  # "a 280-strong engineering contingent": the contingent, not its trade
    return unit


_READYING = frozenset({"prepare", "ready"})


def _readies_force(verb: Token) -> bool:
    """'is preparing another batch', 'may be readying additional units': readying a force to go is a plan,
    with or without its head count (not 'preparing the ground', 'preparing a report')."""
    return verb.lemma_.lower() in _READYING and any(
        c.dep_ == "dobj"
        and (_is_force_noun(c) or _is_person_noun(c))
        # "another batch", "a replacement unit", "additional units" (not "preparing its troops for battle")
        and any(w.lower_ in _ANOTHER for w in c.lefts)
        for c in verb.children
    )


def _readies_alone(verb: Token, triggers: dict[int, Span]) -> bool:
    """Readying a force is a plan of its own unless a verb under it says the sending ('readying more crews
    that could be sent early next year': the sending is the plan)."""
    return _readies_force(verb) and not any(
        t.i in triggers and t.pos_ == "VERB" for t in verb.subtree if t.i != verb.i
    )


def _readied(noun: Token, trigger: Token, triggers: dict[int, Span]) -> bool:
    """A count belongs to 'preparing' only as the force readied: 'preparing 12,000 troops', 'preparing
    another rotation of up to 6,000 troops' (not 'preparing new facilities for up to 5,000 soldiers')."""
    if trigger.lemma_.lower() not in _READYING or triggers[trigger.i].label_ != "deployment/planned":
        return True
    obj = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
    return obj.dep_ == "dobj" and obj.head.i == trigger.i


_PROPOSALS = frozenset({"activation", "creation", "establishment", "formation", "proposal", "plan", "idea"})
_FOUNDING = frozenset({"create", "establish", "form", "found", "build", "assemble"})


def _sized_force(noun: Token, headcount: Token | None) -> Token | None:
    """'Ghana's roughly 870-strong battalion', 'the 10,000-strong force, which patrols the border': a unit
    sized by a '-strong' count is a force in place, with no verb of its own (not a country's own army,
    nor a force still to be set up: 'the activation of a 5,000-strong standby force')."""
    if headcount is None or noun.i != headcount.i or not _is_force_noun(noun) or _home_army(noun):
        return None
    if any(a.lemma_.lower() in _PROPOSALS for a in noun.ancestors):
        return None
    verb = noun.head if noun.dep_ == "dobj" else None
    if verb is not None and (
        verb.lemma_.lower() in _FOUNDING
        or verb.lemma_.lower() == "set"
        and any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
    ):
        return None  # "pledged to set up an 8,000-strong standby force": a force still to be made
    return noun


# parties sized by "of N" that stand for troops only when a service names them ("an Indian Army team of
# about 40"; not "a team of 40", who may be medics or monitors)
_CREWS = frozenset({"team", "crew", "platoon", "squad", "squadron"})


def _collective_of(span: Span, noun: Token) -> Token | None:
    """'a second group of 75', 'a further batch of 300': the party a bare count sizes (no people named);
    'fresh units totalling some 3,000', 'reinforcements numbering about 2,000': the force a bare count
    is the total of."""
    anchor = _count_anchor(span)
    if noun.i != anchor.i:
        return None
    if (
        anchor.dep_ == "dobj"
        and anchor.head.lemma_.lower() in ("number", "total")
        and anchor.head.dep_ == "acl"
    ):
        force = anchor.head.head
        return force if _is_force_noun(force) or _is_person_noun(force) else None
    if anchor.dep_ != "pobj" or anchor.head.lower_ != "of":
        return None
    party = anchor.head.head
    if party.pos_ != "NOUN":
        return None
    if party.lemma_.lower() in _CREWS:
        return party if any(c.lower_ in _SERVICE_WORDS for c in party.lefts) else None
    return party if party.lemma_.lower() in _COLLECTIVE else None


def _subject_of(verb: Token) -> Token | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ == "relcl":
        return verb.head  # "UNISFA, which was set up that year, has about 3,200 troops"
    if subj is not None and subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        return verb.head
    if subj is None and verb.dep_ == "conj":
        return _subject_of(verb.head)
    return subj


_LEVEL_CHANGES = frozenset(
    {"rise", "climb", "grow", "increase", "jump", "swell", "shrink", "fall", "drop", "decline"}
)


def _earlier_level(anchor: Token, count: Count, mentions: list) -> _Mention | None:
    """'about 43,000 troops were deployed, up from roughly 34,000 in September 2023': the level the count
    of the clause rose (or fell) from is a claim of its own, dated inside its 'from' phrase. Only a dated
    one: without a date it says nothing the timeline can place."""
    # (the tagger may hang the count on the date: "from more than 10,000 last year")
    prep = next((t for t in list(anchor.ancestors)[:2] if t.lower_ == "from" and t.dep_ == "prep"), None)
    if prep is None:
        return None
    if prep.head.lower_ in ("up", "down"):
        verb = prep.head.head
    elif prep.head.lemma_.lower() in _LEVEL_CHANGES:  # "had fallen to about 7,600, from more than 10,000"
        verb = prep.head
    else:
        return None
    phrase = anchor.doc[prep.left_edge.i : prep.right_edge.i + 1]
    if not any(t.ent_type_ == "DATE" for t in phrase):
        return None
    for m in reversed(mentions):
        if m.count is not None and m.trigger.i == verb.i and m.noun is not None:
            extra = {"from_phrase": (phrase.start_char, phrase.end_char)}
            return _Mention(m.event_type, m.subtype, m.trigger, count, m.noun, extra=extra)
    return None


def _dates_of_earlier_levels(mentions: list, by_trigger: dict[int, list]) -> dict[int, list]:
    """The date in an earlier level's 'from' phrase is that level's; the clause's own count keeps the
    others (keyed by id of the mention, as _dates_of_coordinated_counts)."""
    out: dict[int, list] = {}
    for m in mentions:
        if "from_phrase" not in m.extra:
            continue
        a, b = m.extra["from_phrase"]
        assigned = by_trigger.get(m.trigger.i, [])
        inside = [x for x in assigned if a <= x[2].start_char < b]
        out[id(m)] = inside
        for other in mentions:
            if other is not m and other.trigger.i == m.trigger.i and id(other) not in out:
                out[id(other)] = [x for x in assigned if not a <= x[2].start_char < b]
    return out


def _dates_of_coordinated_counts(mentions: list, by_trigger: dict[int, list]) -> dict[int, list]:
    """'sent 11,000 troops in October and some 3,000 more early this year': counts coordinated under one
    verb, each followed by a date of its own, take their own dates (keyed by id of the mention)."""
    out: dict[int, list] = {}
    groups: dict[int, list] = {}
    for m in mentions:
        if m.count is not None:
            groups.setdefault(m.trigger.i, []).append(m)
    for i, group in groups.items():
        if len(group) < 2:
            continue
        trigger = group[0].trigger  # (one trigger for the whole group)
        group.sort(key=lambda m: m.count.start)
        starts = [m.count.start for m in group]
        assigned = [  # the dates of the deeds, not the day of the report ("officials said on Monday") or "now"
            a
            for a in by_trigger.get(i, [])
            if not _dates_the_report(a[2], trigger)
            and _reporting_verb_before(a[2]) is None
            # not "now" either, unless it is a count's own ("numbered 10,000 last summer and now has 7,500")
            and (
                not (a[0].value or "").endswith("_REF")
                or a[0].value == "PRESENT_REF"
                and a[2].start_char > starts[0]
            )
        ]
        if len(assigned) < len(group):
            continue
        segments: list[list] = [[] for _ in group]
        for a in assigned:
            at = a[2].start_char
            if a[0].value == "PRESENT_REF":  # "and now has around 7,500": the count after it
                k = bisect.bisect_right(starts, at)
            else:  # "11,000 troops in October and some 3,000 more early this year": the count before it
                k = bisect.bisect_left(starts, at) - 1
            if 0 <= k < len(group):
                segments[k].append(a)
        if all(len(seg) == 1 for seg in segments):
            out.update({id(m): seg for m, seg in zip(group, segments, strict=True)})
    return out


def _comma_remark(tok: Token) -> bool:
    """'had died, a sharp rise from its estimates': a remark set off by a comma that the parser made the
    object of a verb that takes none."""
    return (
        tok.dep_ == "dobj"
        and tok.head.lemma_.lower() in _INTRANSITIVE_DEATHS
        and tok.left_edge.i > 0
        and tok.doc[tok.left_edge.i - 1].text == ","
    )


_INTRANSITIVE_DEATHS = frozenset({"die", "perish", "drown", "succumb"})


def _doer_of(verb: Token, noun: Token, trigger: Span) -> bool:
    """The counted people are the active subject of a casualty verb that has an object of its own
    ('Col Goita seized power', 'two snipers killed a soldier'; not 'soldiers lost their lives')."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    inside = any(s.left_edge.i <= noun.i <= s.right_edge.i for s in subjects)
    objects = [c for c in verb.children if c.dep_ == "dobj" and not trigger.start <= c.i < trigger.end]
    # not "had died, a sharp rise from its estimates": a remark the parser made an object
    return inside and bool(objects) and verb.lemma_.lower() not in _INTRANSITIVE_DEATHS


_ARMY_NOUNS = {"army", "military", "navy", "gendarmerie"}


def _home_army(tok: Token) -> bool:
    """'Niger's army', 'the Turkish Air Force', 'the Rwandan Government Forces': a country's own army or service."""
    service = tok.lemma_.lower() in ("force", "forces") or tok.lower_ in ("force", "forces")
    if any(c.lower_ in ("task", "strike", "expeditionary") for c in tok.children if c.dep_ == "compound"):
        return False  # "a naval task force": a formation sent somewhere, not the navy
    return (
        tok.lemma_.lower() in _ARMY_NOUNS
        or service
        and any(c.lower_ in _HOME_FORCE_WORDS for c in tok.children if c.dep_ in ("amod", "compound"))
    )


def _home_army_size(verb: Token, noun: Token) -> bool:
    """'Niger's army, which numbers about 33,000 troops', 'a Turkish Air Force that fields 60,000
    personnel': the head count of a country's own army or service, held nowhere in particular."""
    if verb.lemma_.lower() not in _PRESENCE or _place_complement(verb) or _place_complement(noun):
        return False
    holder = _subject_of(verb)
    if holder is None:
        return False
    if any(any(ch.isdigit() for ch in c.text) for c in holder.children):
        return False  # "the Soviet 14th Army ... numbered some 14,000 men": a formation, not a whole army
    return _home_army(holder)


def _number_of_people_put_at(anchor: Token) -> Token | None:
    """'the NIS put the total number of North Korean troops sent to Russia since October at about
    15,000': the count a measuring verb puts on 'the number of <troops>', or on 'the number' of troops
    named just before (the tagger may hang the 'at' on the clause about the troops). Returns 'number'."""
    if anchor.dep_ != "pobj" or anchor.head.lower_ not in ("at", "to", "past", "above"):
        return None
    for verb in anchor.head.ancestors:
        if verb.lemma_.lower() in _MEASURE_OBJECT_VERBS and verb.pos_ == "VERB":
            return next(
                (
                    o
                    for o in verb.children
                    if o.dep_ == "dobj"
                    and o.lemma_.lower() in ("number", "total", "strength", "size")
                    and (
                        any(_is_person_noun(p) for c in o.children if c.lower_ == "of" for p in c.children)
                        # "put the number still in Russia at 11,000", the troops named before
                        or _number_still_there(o, anchor)
                    )
                ),
                None,
            )
    return None


_STILL_THERE = frozenset(
    {"still", "there", "in", "deployed", "remaining", "stationed", "serving", "dispatched", "sent"}
)


def _number_still_there(number: Token, anchor: Token) -> bool:
    """'the number still in Russia', 'the total dispatched', 'their number': 'the number' alone, said of the
    troops named just before and placed or sent somewhere (not 'the sappers killed ..., putting their
    number at 18', 'raise that number')."""
    if number.lemma_.lower() not in ("number", "total") or any(c.lower_ == "of" for c in number.children):
        return False
    before = number.doc[number.i - 1].lower_ if number.i > 0 else ""
    if any(t.lemma_.lower() in _FATES for t in number.sent):
        return False  # "named only the sappers killed ..., putting their number at 18": a toll
    between = number.doc[number.i + 1 : anchor.i]
    placed = before == "the" and any(t.lower_ in _STILL_THERE for t in between)
    # "Western governments put their number at between 1,000 and 1,500"
    theirs = (
        before in ("their", "its")
        and bool(between)
        and between[0].lower_ in ("at", "to")
        and len(between) <= 3
    )
    return (placed or theirs) and _troops_named_before(number)


def _own_troops(noun: Token) -> bool:
    """'about 50,000 of its own troops', 'their own soldiers': a state's forces at home, set against the
    foreign force the article is about."""
    return any(c.lower_ == "own" for c in noun.children if c.dep_ == "amod") and any(
        c.dep_ == "poss" and c.lower_ in ("its", "their") for c in noun.children
    )


def _army_with(noun: Token) -> bool:
    """'one of the world's largest armed forces, with about 1.2 million active-duty troops': the size of
    a country's own army, told in a 'with' phrase on it."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "with":
        return False
    held = noun.head.head  # the army, or the verb whose object it is ("maintains ... armed forces, with")
    return any(
        _home_army(t) for t in [held, *(t for c in held.children if c.dep_ == "dobj" for t in c.subtree)]
    )


def _deployed_body(verb: Token, noun: Token) -> bool:
    """'have N troops' names a deployment without a place when the holder is itself a mission or force
    ('the mission has 3,200 troops', 'UNISFA has ...'), when the troops come 'from eight countries', or when
    the clause is one of a list whose other entry qualifies ('Jamaica has a 24-member contingent, and El
    Salvador has eight soldiers')."""
    for prep in (c for t in (noun, verb) for c in t.children if c.dep_ == "prep" and c.lower_ == "from"):
        if any(o.lemma_.lower() in ("country", "nation", "state") for o in prep.children if o.dep_ == "pobj"):
            return True
    subj = _subject_of(verb)
    if subj is not None:
        home = any(
            c.lower_ in _HOME_FORCE_WORDS for c in subj.children if c.dep_ in ("amod", "compound", "poss")
        )
        if subj.lemma_.lower() in _DEPLOYED_BODIES and not home:
            return True  # not "Chad's own army", "Nigeria's armed forces", "the air force"
        if home and subj.lemma_.lower() in ("force", "forces", "army", "military"):
            return False  # "the Estonian Defence Forces have around 7,700 active personnel": a home army
        named = actors_in(subj.doc[subj.left_edge.i : subj.i + 1].text)
        if named and _peacekeeping(named[-1]):
            return True
        if subj.lower_ == "it" and subj.sent.start > 0:  # "The EU runs its own mission, Aspides. It now has
            # around 600 personnel": the body named in the sentence before
            before = subj.doc[_from_sentence_before(subj.sent) : subj.sent.start]
            if any(t.lemma_.lower() in _DEPLOYED_BODIES and t.pos_ == "NOUN" for t in before):
                return True
    if noun.lemma_.lower() in _POSTED_NOUNS or noun.lemma_.lower() in _FORCE_NOUNS - {"force", "troop"}:
        return True
    for other in [c for c in verb.children if c.dep_ == "conj"] + (
        [verb.head] if verb.dep_ == "conj" else []
    ):
        if other.lemma_ != verb.lemma_:
            continue
        objs = [c for c in other.children if c.dep_ == "dobj"]
        if any(
            _place_complement(other) or _place_complement(o) or o.lemma_.lower() in _FORCE_NOUNS for o in objs
        ):
            return True
    return False


def _destination(verb: Token) -> bool:
    """The verb names where the troops go: 'to the border', 'into Lebanon', 'along the frontier'."""
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        if prep.lower_ in ("to", "into", "towards", "toward", "along", "near", "in") and any(
            o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN") for o in prep.children
        ):
            return True
    return False


def _ordered_to(noun: Token) -> Token | None:
    """'ordered 1,500 troops to the border', 'Estonia hosts 800 British troops': the verb sends or holds
    the troops only with them as its object (and, for 'order', a place to go to)."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB":
        return None
    if verb.lemma_.lower() == "host":
        return verb
    if verb.lemma_.lower() == "order":
        for prep in (
            c for t in (verb, noun) for c in t.children if c.dep_ == "prep" and c.lower_ in ("to", "into")
        ):
            if any(o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN") for o in prep.children):
                return verb
    return None


_ORDERING = frozenset({"order", "tell", "instruct", "direct"})


def _ordered_away(trigger: Token) -> bool:
    """'ordered the troops in Syria to leave', 'will pull the troops in Iraq out': a withdrawal still to come."""
    if trigger.dep_ in ("xcomp", "ccomp") and trigger.head.lemma_.lower() in _ORDERING:
        return True
    return _modality(trigger) == "planned"


def _stationed_noun(noun: Token) -> Token | None:
    """'roughly 10,000 US troops already in the region': a counted force placed with no verb of its own."""
    if (
        noun.pos_ != "NOUN"
        or _irregular(noun)
        # (but "they include 1,050 soldiers in South Sudan": where they are)
        or noun.dep_ == "dobj"
        and noun.head.pos_ == "VERB"
        and noun.head.lemma_.lower() not in ("include", "comprise")
    ):
        return None  # "neutralised 41 militants in operations": what a verb did to them, not where they are
    return noun if _in_a_place(noun) else None


def _in_a_place(noun: Token) -> bool:
    """'troops already in the region', 'troops in northern Syria': the noun is followed by where it is."""
    doc = noun.doc
    j = noun.i + 1
    while j < len(doc) and doc[j].lower_ in (
        "already",
        "still",
        "now",
        "currently",
        "stationed",
        "based",
        "deployed",
    ):
        j += 1  # "troops already in the region" (the parser may hang "in" on another word)
    if j >= len(doc) or doc[j].lower_ not in ("in", "inside") or doc[j].dep_ != "prep":
        return False
    places = _PLACE_NOUNS - {"mission", "operation", "sector", "front", "line", "post"}
    return any(_names_a_place(o) or o.lemma_.lower() in places for o in doc[j].children if o.dep_ == "pobj")


def _names_a_place(tok: Token) -> bool:
    """A place's name, or a state's the tagger takes for something else ('Mali' as a person, 'Niger' as
    a date)."""
    return tok.ent_type_ in ("GPE", "LOC") or tok.pos_ == "PROPN" and bool(actors_in(tok.text))


_NUMBERS_WORDS = {
    "number",
    "numbers",
    "numbered",
    "field",
    "fields",
    "fielded",
    "totals",
    "totalled",
    "totaled",
}


def _force_numbers(span: Span) -> Token | None:
    """'the Rwanda Security Forces in Mozambique number just under 2,000 personnel', 'It now numbers
    about 2,500' after the contingent was named, 'the soldiers sent in October numbered about 11,000':
    the word before the count says a force's strength,
    whatever part of speech the tagger gave it. The force is named before it in the sentence (or, for
    'it'/'they', in the sentence before)."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].lower_ not in _NUMBERS_WORDS:
        return None
    word = doc[span.start - 1]
    if word.i > 0 and doc[word.i - 1].lower_ in ("the", "a", "of"):
        return None  # "the number 2,000", "a number of"
    if word.lower_.endswith("ed") and any(t.dep_ == "relcl" for t in [word, *word.ancestors]):
        # "the contingent, which numbered about 2,000, completed its withdrawal": the main clause's count
        # (but "would pull out the force, which officials say numbers about 2,000": its strength now)
        return None
    sent = word.sent
    before = [t for t in doc[sent.start : word.i] if not t.is_punct]  # the tagger may call "UNMISS" a verb
    if any(_home_army(t) for t in before):
        return None  # "the Rwandan Government Forces number some 30,000 soldiers": a home army
    if any(
        _is_force_noun(t)
        or _is_person_noun(t)  # "the soldiers sent last autumn numbered about 11,000"
        or t.lower_ in ("forces", "mission")
        or any(map(_peacekeeping, actors_in(t.text)))
        for t in before
    ):
        return word
    if before and before[0].lower_ in ("it", "they") and sent.start > 0:
        last = doc[_from_sentence_before(sent) : sent.start]
        if any(_is_force_noun(t) and t.pos_ == "NOUN" for t in last):
            return word
    return None


def _listed_strength(noun: Token, event_words: bool) -> Token | None:
    """'Australia: about 5,500 personnel', a line of a list of forces: the name before the colon has the
    counted people. The name is the trigger, so that it is also the actor. `event_words`: the sentence
    has trigger words of its own."""
    sent = noun.sent
    colon = next((t for t in sent if t.text == ":" and t.i < noun.i), None)
    if colon is None or event_words or any(t.pos_ in ("VERB", "AUX") for t in sent):
        return None  # "Kyiv: 30 soldiers dead in raid" is a headline, not a line of a list
    label = [t for t in sent if t.i < colon.i and not t.is_punct]
    names = [t for t in label if t.ent_type_ in ("GPE", "NORP", "ORG") or t.pos_ == "PROPN"]
    if not names or len(label) > 4 or len(names) < len(label) - 1:
        return None
    return names[-1]


_CONTRIBUTORS = re.compile(r"\b(?:troop|troops|soldiers|contribut\w*|contingents?|peacekeepers)\b", re.I)


def _carrier_moved(trigger: Token, triggers: dict[int, Span]) -> Token:
    """'The Bataan amphibious group, carrying some 2,000 Marines, was sent to the eastern Mediterranean
    last fall': what a ship or group carries moves with it, so the count is the move's."""
    if trigger.lemma_.lower() not in ("carry", "transport") or trigger.dep_ not in ("acl", "relcl"):
        return trigger
    return _moved_with(trigger.head, triggers) or trigger


def _arrived_after_call_up(trigger: Token, triggers: dict[int, Span]) -> Token:
    """'About 600 soldiers mobilized in October 2005, trained at Camp Shelby and arrived in Iraq in April
    2006': a call-up at home is no deployment; the conjoined move to a place is the count's."""
    if trigger.lemma_.lower() not in ("mobilize", "mobilise") or _place_complement(trigger):
        return trigger
    moves = [
        c
        for c in trigger.subtree
        if c.dep_ == "conj"
        and c.i in triggers
        and triggers[c.i].label_.startswith("deployment")
        and _place_complement(c)
    ]
    return moves[0] if moves else trigger


def _moved_with(vessel: Token, triggers: dict[int, Span]) -> Token | None:
    """The deployment verb a ship or group is the subject of: its people move with it."""
    main = vessel.head
    if (
        vessel.dep_ in ("nsubj", "nsubjpass")
        and main.i in triggers
        and triggers[main.i].label_.startswith("deployment")
    ):
        return main
    return None


def _parenthesized_strength(span: Span) -> Token | None:
    """'the other main troop-contributing countries are Ethiopia (about 2,500 soldiers), Kenya (around
    1,400)': a count in brackets right after a country, in a sentence about troops, is that country's
    contingent. The country is the trigger, so that it is also the actor; after a unit placed in a
    country ('the Hanbit Unit in South Sudan (about 270)'), the unit is."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text != "(":
        return None
    end = span.end
    if end < len(doc) and _is_person_noun(doc[end]):
        end += 1
    if end >= len(doc) or doc[end].text != ")":
        return None
    name = doc[span.start - 2]
    # (the tagger may take "Togo" for a person; "South Sudan", "the United Arab Emirates" are several words)
    if not (name.pos_ == "PROPN" and actors_in(doc[name.left_edge.i : name.i + 1].text)):
        return None
    placed = name.head if name.head.lower_ == "in" else None
    if placed is not None and placed.head.i < placed.i and _is_force_noun(placed.head):
        # "serving abroad, including the Dongmyeong Unit in Lebanon (about 280)": the unit's strength there
        return placed.head
    return name if _CONTRIBUTORS.search(span.sent.text) else None


_GAP_LEAD = frozenset(
    {
        "about",
        "around",
        "some",
        "roughly",
        "nearly",
        "almost",
        "approximately",
        "over",
        "under",
        "more",
        "than",
    }
    | {"fewer", "at", "least", "up", "to", "an", "estimated", "just", "another", "a", "further"}
)
# "Ethiopia with about 2,500": a contributors' ranking ("the largest contributor with 4,500 troops, followed
# by Ethiopia with about 2,500, Kenya with 1,520 and Djibouti with some 1,500")
_GAP_HAVE = frozenset(
    {"has", "have", "had", "fields", "contributes", "provides", "keeps", "kept", "maintains", "with"}
)
_GAP_BEFORE = frozenset({",", "and", ";", ":", "while", "whereas", "but", "by"})


def _named_count(span: Span) -> Token | None:
    """The country named right before a count, past its approximators and a 'has' ('Italy about 1,000',
    'Indonesia has some 1,100'), when a comma, 'and' or the sentence's start comes before the name."""
    doc, sent = span.doc, span.sent
    i = span.start
    while i > sent.start and doc[i - 1].lower_ in _GAP_LEAD:
        i -= 1
    if i > sent.start and doc[i - 1].lower_ in _GAP_HAVE:
        i -= 1
    start = i
    # (the tagger may take "Belize" for a verb: a capitalised word is read as part of the name)
    while start > sent.start and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].is_title):
        if doc[start - 1].lower_ in _GAP_BEFORE:
            break
        start -= 1
    if start > sent.start and doc[start - 1].lower_ == "the":
        start -= 1  # "the United Arab Emirates"
    if start == i or start > sent.start and doc[start - 1].lower_ not in _GAP_BEFORE:
        return None
    return doc[i - 1] if actors_in(doc[start:i].text) else None


def _gapped_strength(span: Span, triggers: dict[int, Span]) -> Token | None:
    """'Among the contributors, Indonesia has some 1,100, Italy about 1,000 and France around 650': in a
    list of contingents where the verb and the troops are left out, a count right after a country's name
    is that country's contingent. The name is the trigger, so that it is also the actor."""
    sent = span.sent
    end = span.end
    if end < sent.end and _is_person_noun(span.doc[end]):
        end += 1
    if end < sent.end and not (span.doc[end].is_punct or span.doc[end].lower_ in ("and", "in", "with", "at")):
        return None  # "France around 650 million": not a head count (but "Germany some 4,800 in Lithuania")
    name = _named_count(span)
    if name is None or not _CONTRIBUTORS.search(sent.text):
        return None
    if any(t.label_.startswith("casualty") for k, t in triggers.items() if sent.start <= k < sent.end):
        return None  # "Russia lost about 1,000 soldiers and Ukraine around 650": losses, not contingents
    listed = any(
        t.like_num
        and t.pos_ == "NUM"
        and not span.start <= t.i < span.end
        and _named_count(span.doc[t.i : t.i + 1])
        for t in sent
    )
    return name if listed else None


_HEARSAY = {"believe", "think", "say", "report", "estimate", "understand", "know", "assess"}
_PICTURES = {"video", "footage", "photo", "photograph", "picture", "clip", "image", "film"}
_STAYING = {"be", "remain", "stay"}


_HELD_GROUND = frozenset({"position", "post", "outpost", "hilltop", "hill", "bridgehead", "base", "line"})


def _hired(noun: Token) -> bool:
    """'contractors', 'contractor personnel', 'workers': people hired, not soldiers."""
    return any(t.lemma_.lower() == "contractor" or t.lemma_.lower() in _WORKERS for t in noun.subtree)


def _spread_over_places(verb: Token) -> bool:
    """'had 5,100 troops spread across the Sahel': where a force is, not a disease spreading."""
    participle = verb.tag_ == "VBN" or verb.dep_ == "ccomp" and verb.head.lemma_.lower() in ("have", "keep")
    return verb.lemma_.lower() == "spread" and participle and _place_complement(verb)


_CONTRIBUTOR_NOUNS = frozenset({"contributor", "provider"})


def _withdrew_them(verb: Token, triggers: dict[int, Span]) -> Token | None:
    """'Burundi, which had about 3,000 soldiers in ATMIS, withdrew them in December', 'France, which kept
    about 400 soldiers near Ouagadougou, completed their withdrawal': the withdrawal its subject makes of
    the troops a relative clause on that subject counts (its trigger), else None."""
    if verb.dep_ != "relcl" or verb.head.dep_ != "nsubj":
        return None
    main = verb.head.head
    for tok in [main, *(c for c in main.children if c.dep_ == "dobj")]:
        span = triggers.get(tok.i)
        if span is None or span.label_ != "deployment/withdrawn":
            continue
        back = "dobj" if tok.i == main.i else "poss"  # "withdrew them", "their withdrawal"
        if any(c.dep_ == back and c.lower_ in ("them", "their") for c in tok.children):
            return tok
    return None


def _presence_verb(noun: Token) -> Token | None:
    """'Iran had 3,000 advisers in Syria', 'the contingent numbers 1,500 men': a head count of forces present."""
    # "the 1,500 soldiers who still make up the garrison"; "troops serving with the mission, some 4,300
    # soldiers": the clause on the noun a count is set beside
    beside = [c for c in noun.head.children if c.i != noun.i] if noun.dep_ == "appos" else []
    for clause in [*noun.children, *beside]:
        if clause.dep_ == "relcl" and clause.pos_ in ("VERB", "AUX"):
            lemma = clause.lemma_.lower()
            up = any(c.dep_ == "prt" and c.lower_ == "up" for c in clause.children)
            # also "the contingent of about 190 personnel, which has been in The Gambia since July" (not
            # "the 1,000 service members who had been in Niger were gone")
            still = lemma != "be" or not (
                clause.tag_ == "VBD" or any(c.lower_ == "had" for c in clause.children)
            )
            if (lemma == "make" and up) or (
                lemma in _PRESENCE - {"have", "keep", "maintain"} | {"be"}
                and still
                and _place_complement(clause)
            ):
                return clause
        if (
            clause.dep_ == "acl"
            and clause.lemma_.lower() in _SERVING
            and (
                _place_complement(clause)
                or any(
                    c.dep_ == "prep"
                    and c.lower_ == "with"
                    and o.lemma_.lower() in ("force", "mission", "operation")
                    for c in clause.children
                    for o in c.children
                )
            )
        ):
            # "the roughly 370 Irish troops serving with the UN mission in Lebanon are safe", "about 1,200
            # soldiers serving with the UN force in southern Lebanon"
            return clause
        if _spread_over_places(clause):
            return clause  # "which has about 4,000 soldiers spread across Romania, Bulgaria and Hungary"
        if (
            clause.dep_ == "acl"
            and clause.lemma_.lower() in ("guard", "protect", "man", "secure", "defend")
            and any(o.dep_ == "dobj" and o.lemma_.lower() in _MILITARY_SITES for o in clause.children)
        ):
            return clause  # "Estonia, which has about 95 soldiers guarding the base at Gao": a force there
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "with" and head.head.lemma_.lower() in _CONTRIBUTOR_NOUNS:
        return head.head  # "Uganda, the largest contributor with some 4,500 troops": its contingent
    raised = None
    if head.lemma_.lower() in _HEARSAY and noun.dep_ == "nsubjpass":
        # "around 2,000 troops were still believed to be in the Kursk region": the belief is about presence
        raised = next((c for c in head.children if c.dep_ == "xcomp" and c.lemma_.lower() in _STAYING), None)
        head = raised or head
    if _spread_over_places(head) and noun.dep_ in ("nsubj", "nsubjpass"):
        return head  # "had about 5,100 troops spread across the Sahel", "40,000 troops were spread across the region"
    for _ in range(3):  # "a total of 3,100 troops serve in the mission": past "of" and its quantity noun
        # (the tagger may read a fronted "between 6,000 and 10,000 soldiers" as a phrase on the verb)
        fronted = noun.dep_ == "pobj" and noun.head.lower_ == "between" and noun.i < head.i
        if (
            head.lemma_.lower() in ("fight", "operate", "train", "work")
            and head.pos_ == "VERB"
            and (noun.dep_ == "nsubj" or fronted)
            # not "180,000 contractors are working in Iraq": hired civilians
            and not (head.lemma_.lower() == "work" and _hired(noun))
        ):
            # "3,000 soldiers were fighting alongside the rebels / in North Kivu": a force present there
            return head if _place_complement(head) else None
        if (
            head.lemma_.lower() == "hold"
            and noun.dep_ == "nsubj"
            and any(c.dep_ == "dobj" and c.lemma_.lower() in _HELD_GROUND for c in head.children)
        ):
            return head  # "roughly 500 soldiers are holding the five positions": a force present there
        subject = next((t for t in [noun, *noun.ancestors] if t.head.i == head.i), noun)
        if (
            head.lemma_.lower() == "expect"
            and subject.dep_ == "nsubjpass"
            and (
                _place_complement(head)
                or _is_force_noun(noun)
                or _additive(noun)
                or subject.lemma_.lower() in _COLLECTIVE  # "a second group of about 75 soldiers is expected"
            )
        ):  # also "Egypt's first contingent, 850-strong, is now expected in July", "a further 300 are expected"
            # "about 300 officers are expected in Mogadishu", "a team of 300 officers is expected in ...":
            # a planned arrival
            return head
        verbal = head.pos_ in ("VERB", "AUX") or head.lemma_.lower() == "host" and head.dep_ == "ROOT"
        if head.lemma_.lower() in _PRESENCE and verbal:  # the tagger takes "hosts" for a noun at times
            hosting = head.lemma_.lower() in ("host", "house")
            host = _subject_of(head) if hosting else None
            if hosting and host is None and head.pos_ == "NOUN":  # "The base hosts ..." with "hosts" a noun
                host = next((c for c in head.children if c.dep_ in ("compound", "nmod")), None)
            if hosting and not (
                host is not None
                and (
                    host.lemma_.lower() in _MILITARY_SITES
                    or host.pos_ == "PROPN"
                    and host.ent_type_ != "PERSON"
                )
            ):
                return None  # "the base hosts 3,000 servicemen", not "the city hosts 3,000 refugees"
            if head.lemma_.lower() == "comprise":
                whole = _subject_of(head)
                if whole is None or not (
                    _is_force_noun(whole) or whole.lemma_.lower() in ("component", "mission")
                ):
                    return None  # "the police component comprised 1,440 personnel", not "the crowd comprised"
            if head.lemma_.lower() in ("have", "keep", "maintain", "count", "show") and not (
                _place_complement(head) or _place_complement(noun) or _deployed_body(head, noun)
            ):
                return None  # "Colombia has 220,000 soldiers": its army at home, not a deployment
            shower = head.head if head.dep_ == "acl" else _subject_of(head)
            if head.lemma_.lower() == "show" and shower is not None and shower.lemma_.lower() in _PICTURES:
                return None  # "a video showing two men in camouflage being questioned": a picture, no force
            return head
        if head.lemma_ == "make" and any(c.dep_ == "prt" and c.lower_ == "up" for c in head.children):
            return head  # "the 1,500 soldiers who make up the group"
        if head.lemma_ == "be" and any(c.dep_ == "expl" for c in head.children):
            return head
        if (
            head.lemma_ == "be"
            and ("nsubj" in (noun.dep_, subject.dep_) or head is raised)
            and _place_complement(head)
        ):
            return head  # "some 2,000 Cuban officers are in Venezuela", "some 600 of its troops were at the base"
        if head.head.i == head.i:
            break
        head = head.head
    return None


# a single person under arms, as a casualty: "a Kenyan officer went missing", "Sgt. Jane Roe was shot dead"
_SINGLE_EXCLUDED = {
    "man",
    "member",
    "other",
    "worker",
    "prisoner",
    "guard",
    "volunteer",
    "contractor",
    "recruit",
}
_RANKS = {
    "officer",
    "sergeant",
    "corporal",
    "lieutenant",
    "captain",
    "colonel",
    "private",
    "sgt",
    "cpl",
    "lt",
    "capt",
    "col",
    "specialist",
    "spc",
    "pvt",
    "pfc",
    "major",
    "maj",
    "general",
    "gen",
    "admiral",
    "brigadier",
}
# the ranks of _RANKS that name no firm and are no common word, so that one before a proper noun is a title
_NAME_RANKS = frozenset({"sergeant", "corporal", "lieutenant", "sgt", "cpl", "pfc", "pvt", "spc"})
_GENERIC_CLAUSE = re.compile(
    r"\b(?:every|each) time\b|\bwhenever\b|\bif\b|\bunless\b|\bwhen(?:ever)? an?\b", re.I
)


_FATES = {"kill", "die", "wound", "injure", "capture", "abduct"}


_SERVICE_WORDS = frozenset({"navy", "army", "marine", "military", "naval"})


def _of_a_service(tok: Token) -> bool:
    """'a Navy bomb disposal technician', 'an Army mechanic': someone a service's name puts under arms."""
    return tok.pos_ == "NOUN" and any(t.lower_ in _SERVICE_WORDS for t in tok.doc[tok.left_edge.i : tok.i])


def _own_fate(tok: Token) -> bool:
    """'the remains of a Turkish private who was killed', 'the family of Corporal X, who died': the person
    the 'of' names, whose own fate a clause tells."""
    return (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "of"
        and any(c.dep_ == "relcl" and c.lemma_.lower() in _FATES for c in tok.children)
    )


def _singular_people(sent: Span, counts: list[Count]) -> dict[int, Token]:
    """Token index of the word that counts one person -> that person: the article of 'a Ghanaian
    peacekeeper', the rank of 'Officer John Doe'. Ordinals ('a ninth soldier') add to a toll told elsewhere."""
    out: dict[int, Token] = {}
    taken = [(c.start, c.end) for c in counts]
    for tok in sent:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ not in ("NN", "NNP"):
            continue
        low = tok.lemma_.lower()
        if (
            low in _SINGLE_EXCLUDED
            or not (_is_person_noun(tok) or low in _RANKS or _of_a_service(tok))
            or tok.lower_ in _PRONOUNS
        ):
            continue
        if any(c.dep_ in ("nummod", "poss") or c.ent_type_ == "ORDINAL" for c in tok.children):
            continue
        own_fate = _own_fate(tok)  # "the remains of a Turkish private who was killed there in 2022"
        if tok.dep_ in ("pobj", "appos", "conj") and not own_fate:
            continue  # "twenty soldiers, including a commanding officer": one of a toll told in full
        if tok.dep_ == "nsubj" and any(c.dep_ == "prep" and c.lower_ == "among" for c in tok.head.children):
            continue  # "a general was among the dead": one of a toll told elsewhere
        if any(a <= tok.idx < b for a, b in taken):
            continue
        # "a Ghanaian peacekeeper", "another soldier was seriously injured"
        det = next((c for c in tok.children if c.dep_ == "det" and c.lower_ in ("a", "an", "another")), None)
        word = det
        # "Officer Samuel Rono", "Sgt. Marvin Tum" (the tagger may make the title a modifier)
        if (
            det is None
            and tok.dep_ in ("compound", "nmod")
            and (
                tok.head.ent_type_ == "PERSON"
                # "Lance Corporal Morgan" (which the tagger may call an organisation): a rank no firm is named for
                or low in _NAME_RANKS
                and tok.head.pos_ == "PROPN"
                and tok.head.text[:1].isupper()
            )
            and tok.text[:1].isupper()
            # not "seven Guards members, among them Brigadier General X", nor "Corporal X, Lance Corporal Y
            # and Z were killed": one of a toll told in full, one of a list of names
            and (tok.head.dep_ not in ("pobj", "appos", "conj") or _own_fate(tok.head))
            and not any(c.dep_ == "conj" for c in tok.head.children)
        ):
            word = tok  # "Officer Samuel Rono was shot dead": a rank before a name
        if word is None or _GENERIC_CLAUSE.search(sent.doc.text[sent.start_char : word.idx]):
            continue
        out[word.i] = tok.head if word is tok else tok  # the named person, whose clauses tell her fate
    return out


def _from_sentence_before(sent: Span) -> int:
    """Where the sentence before this one starts (this one's start if it is the first)."""
    return sent.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start


def _both_of_two(sent: Span) -> list[int]:
    """'Two soldiers were captured on 9 January. Both were wounded': 'both' as the subject (or the
    determiner of the subject) counts the two troops named just before, in its sentence or the last."""
    doc = sent.doc
    first = _from_sentence_before(sent)
    out = []
    for tok in sent:
        if tok.lower_ != "both":
            continue
        subject = tok if tok.dep_ in ("nsubj", "nsubjpass") else tok.head
        if subject.dep_ not in ("nsubj", "nsubjpass") or subject.i != tok.i and not _is_person_noun(subject):
            continue
        two = [
            t
            for t in doc[first : tok.i]
            if (t.lower_ in ("two", "2") and t.dep_ == "nummod" and _is_person_noun(t.head))
            or (  # "He and a 26-year-old sniper are the only North Korean soldiers held by Ukraine"
                t.dep_ == "conj"
                and t.pos_ in ("NOUN", "PROPN")
                and t.head.pos_ in ("NOUN", "PROPN", "PRON")
                and (_is_person_noun(t) or _is_person_noun(t.head))
                and sum(c.dep_ == "conj" for c in t.head.children) == 1
            )
        ]
        if two:
            out.append(tok.i)
    return out


_ORDINAL_WORDS = frozenset("second third fourth fifth sixth seventh eighth ninth tenth".split())


def _one_more(sent: Span) -> list[int]:
    """'Two soldiers were killed and a third was wounded', 'killing two crew members and wounding a third',
    'an Irish soldier was killed and another seriously injured': 'a third' (subject or object) or a bare
    'another' (subject), after troops counted in its sentence, is one more of them."""
    out = []
    for tok in sent:
        if tok.lower_ in _ORDINAL_WORDS:
            if tok.dep_ not in ("nsubj", "nsubjpass", "dobj"):
                continue
            if not any(c.dep_ == "det" and c.lower_ == "a" for c in tok.children):
                continue
        elif tok.lower_ == "another":
            subject = tok.pos_ == "PRON" and tok.dep_ in ("nsubj", "nsubjpass")
            if not subject and not (tok.dep_ == "det" and tok.head.pos_ == "VERB"):
                continue  # (the parser may make "and another badly hurt" a determiner of the verb)
        else:
            continue
        if any(
            _is_person_noun(t.head) and (t.dep_ == "nummod" or t.dep_ == "det" and t.lower_ in ("a", "an"))
            for t in sent
            if t.i < tok.i
        ):
            out.append(tok.i)
    return out


_ADDITIVE = {"further", "another", "additional", "more", "extra"}
# "another batch", "a replacement unit": a force beyond the one already counted
_ANOTHER = frozenset(_ADDITIVE | {"new", "replacement", "fresh", "second", "third", "next"})


def _troops_before(anchor: Token, noun: Token) -> bool:
    """'Wagner contractors arrived in Bamako ... By mid-2022 an estimated 1,500 were deployed': a bare
    count as the subject stands for the people named last, in its sentence or the one before, when they
    are troops (not 'About 580,000 refugees ... have since returned')."""
    kept = anchor.dep_ == "dobj" and anchor.head.lemma_.lower() in ("have", "keep", "maintain")
    if noun.i != anchor.i or anchor.dep_ not in ("nsubj", "nsubjpass") and not kept:
        return False  # (also "how many troops are in Syria? - We have about 2,000 in Syria right now")
    doc = anchor.doc
    if anchor.i > 0 and doc[anchor.i - 1].lower_ == "the":
        return False  # "the two had been flown to Bangui": people counted before, not a new party
    return _troops_named_before(anchor)


def _troops_named_before(tok: Token) -> bool:
    """Whether the people named last before the token, in its sentence or the one before, are troops."""
    for prev in reversed(tok.doc[_from_sentence_before(tok.sent) : tok.i]):
        if prev.pos_ not in ("NOUN", "PROPN"):
            continue
        if prev.lemma_.lower() in _NOT_FORCES or prev.lower_ in _NOT_FORCES:
            return False
        if _is_person_noun(prev) and prev.lower_ not in _PRONOUNS:
            return True
    return False


_EVACUEES = _NOT_FORCES | {"citizen", "national", "foreigner", "tourist"}


def _evacuates_others(trigger: Token) -> bool:
    """'evacuated more than 600 Chinese citizens', 'covering the evacuation of wounded soldiers': the
    evacuation moves civilians or casualties, not the force out of the country."""
    if trigger.lemma_.lower() not in ("evacuate", "evacuation"):
        return False
    moved = [c for c in trigger.children if c.dep_ == "dobj"] + [
        o
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
        if o.dep_ == "pobj"
    ]
    return any(
        o.lemma_.lower() in _EVACUEES
        or any(a.lower_ in ("wounded", "injured", "sick", "dead") for a in o.children if a.dep_ == "amod")
        for o in moved
    )


def _that_group(trigger: Token) -> bool:
    """'Jamaica first sent 20 soldiers to Haiti in June last year. That group returned home in December':
    a party named by a demonstrative is the troops named just before."""
    subjects = [c for c in trigger.children if c.dep_ in _SUBJECTS and c.lemma_.lower() in _COLLECTIVE]
    return any(
        any(d.lower_ in ("that", "this", "these", "those") for d in s.children) and _troops_named_before(s)
        for s in subjects
    )


def _last_of(trigger: Token) -> bool:
    """'the last of its troops left in October 2017', 'The last of them left in June' (the troops named
    just before): the end of a force's stay, with no number."""
    heads = [trigger.head] if trigger.dep_ == "acl" else []  # the tagger may hang the verb on "last"
    heads += [c for c in trigger.children if c.dep_ in _SUBJECTS]
    for head in (h for h in heads if h.lower_ in ("last", "rest", "remainder", "most", "bulk")):
        for obj in (o for p in head.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"):
            if obj.lower_ in ("them", "those"):
                # troops of the sentence before, or of its own ("sent 2,500 troops; the last of them left")
                named_here = any(_is_person_noun(t) for t in obj.sent if t.i < obj.i)
                return named_here or _troops_named_before(obj)
            if _is_person_noun(obj) or _is_unit_noun(obj):
                return True
    return False


def _joined_force(trigger: Token, noun: Token) -> bool:
    """'They will join some 150 Guatemalan troops who have been there since January': the force joined is
    already there, whatever the joining's mood."""
    return (
        trigger.lemma_.lower() in ("join", "reinforce") and noun.dep_ == "dobj" and noun.head.i == trigger.i
    )


def _adds(tok: Token) -> bool:
    """'further', 'another', 'additional', 'more' (not 'more than 130'): a word that adds to a force."""
    doc = tok.doc
    return tok.lower_ in _ADDITIVE and not (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "than")


def _additive(anchor: Token) -> bool:
    """'a further 200 followed', 'another 300 arrived', '500 more': an addition to the force named before."""
    doc = anchor.doc
    following = doc[anchor.i + 1] if anchor.i + 1 < len(doc) else None
    return anchor.pos_ == "NUM" and (
        any(_adds(c) for c in anchor.children if c.dep_ in ("amod", "advmod", "det", "quantmod"))
        # "about 3,000 more followed": the tagger may hang "more" on the verb
        or (following is not None and following.lower_ == "more" and _adds(following))
    )


def _added_noun(anchor: Token, noun: Token) -> bool:
    """'about 900 additional troops': the noun the number counts says it is an addition."""
    return anchor.head.i == noun.i and any(
        c.dep_ == "amod" and c.i > anchor.i and _adds(c) for c in noun.children
    )


def _elided_subject_of(anchor: Token, trigger: Token) -> bool:
    """'around 300 have died', 'upwards of 2,700 injured': the number stands for the people."""
    first = anchor
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "appos" and first.head.pos_ == "NOUN" and not _is_person_noun(first.head):
        return False  # "lost two friends there, one to a roadside bomb and one to an accident"
    counted = [
        c
        for c in trigger.children
        if c.dep_ in ("dobj", "nsubjpass") and c.i < anchor.i and any(n.dep_ == "nummod" for n in c.children)
    ]
    if first.dep_ in ("npadvmod", "appos") and counted and not any(map(_is_person_noun, counted)):
        return False  # the same, parsed as a modifier of "lost": the count splits the friends
    if anchor.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "appos"):
        return True
    path = []
    for tok in anchor.ancestors:
        if tok.i == trigger.i:
            return not any(t.pos_ in ("NOUN", "PROPN") for t in path)
        path.append(tok)
    return False


def _content_end_text(sent: Span) -> str:
    return sent.doc.text[sent.start_char : _content_end(sent)].rstrip(" \"”’')")


def _content_end(sent: Span) -> int:
    """Where a sentence's words end: a trailing whitespace token may span blanked lines (a byline,
    a date line under a headline) whose text is no part of the sentence."""
    for tok in reversed(sent):
        if not tok.is_space:
            return tok.idx + len(tok.text)
    return sent.start_char


_HEADING_MAX = 160


def _is_heading(text: str, start: int, end: int) -> bool:
    """A line of its own without a closing full stop, short: the title or a section or live-blog heading."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    stamp = _LIVE_STAMP.match(text, line_start)
    if stamp is not None and stamp.end(1) == start:
        line_start = start  # "08:40 GMT - Troops may follow": a live-blog entry's heading
    if text[line_start:start].strip() or text[end:line_end].strip() or end - start > _HEADING_MAX:
        return False
    return not text[start:end].rstrip("\"'”’)]").endswith((".", "!", "?", "…"))


def _overnight(
    tx: TemporalExpression, sentence: list[TemporalExpression], published: date | None
) -> TemporalExpression:
    """'overnight' spans the night before the day the sentence reports on ('said on Sunday that 29 were
    wounded in overnight clashes': Saturday to Sunday), else the night before publication."""
    if not (tx.value or "").endswith("TNI") or tx.text.lower().strip() != "overnight":
        return tx
    days = [t.period_end for t in sentence if t is not tx and t.granularity == "day" and t.period_end]
    day = days[0] if days else published
    if day is None:
        return tx
    return replace(tx, period_start=day - timedelta(days=1), period_end=day, granularity="day")


_AT_THE_TIME = re.compile(
    r"\b(?:said|says|reported|announced|claimed|stated) at the time\b|\bat the time,? (?:said|reported)\b",
    re.I,
)
_LATER = re.compile(r"\s*(?:later|afterwards|after that)\b", re.I)
_SPAN_DAYS = {"D": 1, "W": 7}


_RECENT = re.compile(r"^(?:the\s+)?(?:past|last)\s", re.I)


def _recent_span(timexes: list[TemporalExpression], published: date | None) -> list[TemporalExpression]:
    """'in the past two weeks' runs from that many days before the publication date to it."""
    out = []
    for tx in timexes:
        m = re.fullmatch(r"P(\d+)([DW])", tx.value or "")
        if m and published is not None and tx.type == "DURATION" and _RECENT.match(tx.text):
            days = int(m.group(1)) * _SPAN_DAYS[m.group(2)]
            tx = replace(tx, period_start=published - timedelta(days=days), period_end=published)
        out.append(tx)
    return out


def _resolve_later(timexes: list[TemporalExpression], text: str) -> list[TemporalExpression]:
    """'A day later', 'two days later': that many days after the last day the text named before."""
    out: list[TemporalExpression] = []
    for tx in timexes:
        m = re.fullmatch(r"P(\d+)([DW])", tx.value or "")
        if tx.type == "DURATION" and m and _LATER.match(text, tx.end):
            days = [t for t in out if t.type == "DATE" and t.granularity == "day" and t.period_start]
            if days:
                day = days[-1].period_start + timedelta(days=int(m.group(1)) * _SPAN_DAYS[m.group(2)])
                end = _LATER.match(text, tx.end).end()
                tx = replace(
                    tx,
                    end=end,
                    text=text[tx.start : end],
                    type="DATE",
                    value=day.isoformat(),
                    period_start=day,
                    period_end=day,
                    granularity="day",
                )
        out.append(tx)
    return out


_BODY_NOUNS = {"group", "army", "movement", "militia", "organisation", "organization", "force", "military"}


def _possessed_by_claimant(noun: Token | None) -> bool:
    """'its soldiers', 'the group's fighters', 'two of their men': troops the claimant calls its own."""
    if noun is None:
        return False
    for child in noun.children:
        if child.dep_ != "poss":
            continue
        if child.lower_ in ("its", "their", "our"):
            return True
        if child.lemma_.lower() in _BODY_NOUNS and any(d.lower_ == "the" for d in child.children):
            return True
    return False


def _paragraph_index(pos: int, breaks: list[int]) -> int:
    """How many line breaks come before pos (breaks sorted)."""
    return bisect.bisect_left(breaks, pos)


_IRREGULAR_BODIES = {"militia", "gang", "cartel", "insurgency", "guerrilla"}


@lru_cache(maxsize=8)
def _names_proxy(text: str) -> bool:
    """Whether the article names an armed group that fights for a state (Wagner, Africa Corps)."""
    lex = lexicon()
    return any(a in lex.armed_groups and side_of(a) != a for a in actors_in(text))


def _held_by_armed_group(verb: Token) -> bool:
    """'the group still has between 1,500 and 3,000 fighters', 'JNIM is estimated to have several thousand
    fighters': a strength held by an armed group fighting for itself (not Wagner, which fights for a state)."""
    holder = _subject_of(verb) if verb.lemma_.lower() in _PRESENCE else None
    if holder is None and verb.lemma_.lower() in _PRESENCE and verb.dep_ == "xcomp":
        holder = _subject_of(verb.head)  # "JNIM is estimated to have"
    if holder is None:
        return False
    if holder.pos_ == "PROPN":
        named = actors_in(holder.doc[holder.left_edge.i : holder.i + 1].text)
        return (
            bool(named)
            and lexicon().actor_kinds.get(named[-1]) == "group"
            and side_of(named[-1]) == named[-1]
        )
    return holder.pos_ == "NOUN" and holder.lemma_.lower() in _IRREGULAR_BODIES | {"group"}


def _irregular(noun: Token | None) -> bool:
    """'100 rebels', 'a senior militia commander', 'two insurgent fighters': people of an irregular force."""
    if noun is None:
        return False
    words = lexicon().irregular_nouns | _IRREGULAR_BODIES
    return noun.lemma_.lower() in lexicon().irregular_nouns or any(
        c.dep_ in ("compound", "amod") and c.lemma_.lower() in words for c in noun.children
    )


_INFLICT = {"kill", "capture", "wound", "injure", "slay", "eliminate", "liquidate"}
_LOSS_WORDS = {"loss", "losses", "casualty", "casualties", "toll", "death", "dead", "fatality", "fatalities"}


def _loser(trigger: Token, noun: Token | None) -> str | None:
    """The lemma of who 'lost' the troops ('the attackers lost 11 fighters' -> attacker)."""
    verb = noun.head if noun is not None and noun.dep_ == "dobj" else trigger
    if verb.lemma_.lower() not in ("lose", "suffer"):
        return None
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj and verb.dep_ == "conj":
        subj = [c for c in verb.head.children if c.dep_ == "nsubj"]  # "the gunmen ... lost 14 fighters"
    return subj[0].lemma_.lower() if subj else None


def _killer(trigger: Token) -> Token | None:
    """The subject of an active 'kill'/'capture' ('the group claimed to have killed 100'): the side
    that inflicted the losses, not the side that suffered them."""
    if trigger.lemma_.lower() not in _INFLICT or trigger.pos_ != "VERB" or trigger.dep_ in ("acl", "amod"):
        return None
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children):
        return None
    tok = trigger
    for _ in range(2):
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if subj:
            return subj[0]
        if tok.dep_ not in ("xcomp", "conj"):
            return None
        tok = tok.head
    return None


_ARMED_PEOPLE = {"soldier", "troop", "serviceman", "servicemen", "military"}
_ARMED_BODIES = {"army", "force", "military", "navy"}


def _military_share(anchor: Token) -> bool:
    """'of them, 5,200 are from the armed forces', 'Of the 181 ..., 157 were soldiers', 'Of them, 161
    belonged to the Army': the count is the armed forces' part of the whole named before it."""
    verb = anchor.head
    if anchor.dep_ != "nsubj" or verb.pos_ not in ("VERB", "AUX"):
        return False
    partitive = any(c.dep_ == "prep" and c.lower_ == "of" and c.i < anchor.i for c in verb.children) or any(
        c.dep_ == "prep" and c.lower_ == "of" for c in anchor.children
    )
    if not partitive:
        return False
    lemma = verb.lemma_.lower()
    if lemma == "be" and any(c.dep_ == "attr" and c.lemma_.lower() in _ARMED_PEOPLE for c in verb.children):
        return True
    wanted = {"be": "from", "come": "from", "belong": "to"}.get(lemma)
    return wanted is not None and any(
        c.dep_ == "prep" and c.lower_ == wanted and any(o.lemma_.lower() in _ARMED_BODIES for o in c.children)
        for c in verb.children
    )


def _sent_onward(trigger: Token, triggers: dict) -> Token | None:
    """'were pulled out of South Korea and sent to Iraq': a sending verb joined to a withdrawal, with the
    same subject and a destination of its own."""
    for c in trigger.children:
        if (
            c.dep_ == "conj"
            and c.i in triggers
            and triggers[c.i].label_ == "deployment/sent"
            and not _own_subject(c)
            and any(
                g.dep_ in ("prep", "dative")
                and g.lower_ in ("to", "into")
                and any(o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC") for o in g.children)
                for g in c.children
            )  # another country or region, not "moved to the camp"
        ):
            return c
    return None


def _hit_then_killed(tok: Token, triggers: dict) -> bool:
    """'two soldiers were hit by gunfire and killed': the wounding trigger whose same subjects are then
    killed."""
    return (
        tok.lemma_.lower() in ("hit", "strike")
        and _label_at(tok, triggers) == "casualty/wounded"
        and any(
            _label_at(c, triggers) == "casualty/killed" and not _own_subject(c)
            for c in tok.children
            if c.dep_ == "conj"
        )
    )


def _wounded_captive(trigger: Token, noun: Token, triggers: dict) -> Token | None:
    """'captured two wounded soldiers', 'a wounded soldier was taken prisoner': the other of the two fates
    a counted captive has (the capture for the 'wounded' that takes the count, or the reverse)."""
    if (
        trigger.dep_ == "amod"
        and trigger.head.i == noun.i
        and _label_at(trigger, triggers) == "casualty/wounded"
    ):
        verb = noun.head if noun.dep_ in ("dobj", "nsubjpass") else None
        return verb if verb is not None and _label_at(verb, triggers) == "casualty/captured" else None
    if _label_at(trigger, triggers) == "casualty/captured":
        return next(
            (c for c in noun.children if c.dep_ == "amod" and _label_at(c, triggers) == "casualty/wounded"),
            None,
        )
    return None


_RESCUED_FROM = frozenset({"water", "sea", "ocean", "river", "rubble", "wreckage", "debris", "captivity"})


_CAPTIVITY = re.compile(r"\b(?:exchange[sd]?|swap(?:s|ped)?|prisoners?|captivity|POWs?)\b", re.I)


def _back_from_captivity(trigger: Token) -> bool:
    """A return told in a prisoner exchange ('94 Russian servicemen had been returned' just after the swap
    is told; 'brought home 110 servicemen from captivity'): prisoners freed."""
    sent = trigger.sent
    if _CAPTIVITY.search(sent.text):
        return True
    if trigger.lemma_.lower() not in ("return", "release", "free", "repatriate", "hand"):
        return False  # "about 100 have come home", "12 soldiers were moved back": not a handover
    earlier = sent.start
    for _ in range(2):  # a handover told just after the swap: the two sentences before
        earlier = _from_sentence_before(trigger.doc[earlier].sent)
    return bool(_CAPTIVITY.search(trigger.doc[earlier : sent.start].text))


def _rescued(*tokens: Token) -> bool:
    """'pulled from the water', 'brought home 110 servicemen from Russian captivity': people rescued or
    freed, not troops moved."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in ("from", "of", "out")
        and any(t.lemma_.lower() in _RESCUED_FROM for t in c.subtree)
        for tok in tokens
        for c in tok.children
    )


def _trainees(noun: Token, trigger: Token) -> bool:
    """'we have trained more than 1,500 Ukrainians': the people a force trains (unless the training verb
    is joined to the sending one: 'trained and deployed 500 soldiers')."""
    trainer = noun.head
    return (
        noun.dep_ == "dobj"
        and trainer.lemma_.lower() in ("train", "teach", "instruct")
        and trigger.i not in {trainer.i, *(c.i for c in trainer.children if c.dep_ == "conj")}
    )


def _with_their_year(timexes: list[TemporalExpression], text: str) -> list[TemporalExpression]:
    """'on April 1 last year', 'June 15 that year': the year after a day or month only says which year
    it is in; the two are one date, the finer one's."""
    out: list[TemporalExpression] = []
    for tx in timexes:
        before = out[-1] if out else None
        if (
            before is not None
            and tx.granularity == "year"
            and 0 <= tx.start - before.end <= 1
            and before.granularity in ("day", "month")
            and None not in (before.period_start, before.period_end, tx.period_start)
            and before.period_start.year == before.period_end.year  # not "since Oct. 27 last year"
            and not re.search(r"\d{4}", before.text)
        ):
            year = tx.period_start.year  # "April 1 last year", told in October: the April of last year
            try:
                start, end = before.period_start.replace(year=year), before.period_end.replace(year=year)
            except ValueError:  # February 29
                out.append(tx)
                continue
            value = (
                f"{year}{before.value[4:]}" if before.value and before.value[:4].isdigit() else before.value
            )
            out[-1] = replace(
                before,
                end=tx.end,
                text=text[before.start : tx.end],
                value=value,
                period_start=start,
                period_end=end,
            )
            continue
        out.append(tx)
    return out


def _among_whole(noun: Token | None) -> bool:
    """'six soldiers were among eight peacekeepers killed': the counted noun after 'among' is the whole
    the subject's own count belongs to."""
    if noun is None or noun.dep_ != "pobj" or noun.head.lower_ != "among" or noun.head.head.lemma_ != "be":
        return False
    return any(
        s.dep_ == "nsubj" and any(c.dep_ == "nummod" for c in s.children) for s in noun.head.head.children
    )


def _with_holder(noun: Token) -> Token | None:
    """The ship or group whose 'with' phrase counts the people: 'the strike group, with upward of 6,000
    sailors and Marines, returned ...' (past 'of' and the quantity word the parser may hang it on)."""
    tok = noun
    for _ in range(3):
        if tok.dep_ != "pobj":
            return None
        if tok.head.lower_ == "with":
            return tok.head.head
        tok = tok.head.head
    return None


def _including_whole(noun: Token | None) -> Token | None:
    """The counted people an 'including N ...' phrase is part of (wherever the parser hangs 'including')."""
    if noun is None or noun.dep_ != "pobj" or noun.head.lower_ not in ("including", "among"):
        return None
    before = [
        t
        for t in noun.sent
        if t.i < noun.head.i
        and t.pos_ == "NOUN"
        and _is_person_noun(t)
        and any(c.dep_ == "nummod" for c in t.children)
    ]
    return before[-1] if before else None


def _without_clauses(tok: Token) -> str:
    """A phrase's words without the clauses on it: 'Iran's armed forces killed in Syria' -> 'Iran's armed forces'."""
    cut = {t.i for c in tok.subtree if c.dep_ in ("acl", "relcl") for t in c.subtree}
    return " ".join(t.text for t in tok.subtree if t.i not in cut)


# "fighters of the Turkish-backed factions", "Iranian-funded militias": the backer is not whose forces they are
_PROXIES = "forces backed by another state"
_BACKERS = re.compile(r"\b[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s*-\s*(?:backed|sponsored|funded|supported)\b")


def _own_country(tok: Token) -> bool:
    """'her country', 'his government': the speaker's own state, named by the claim's speaker."""
    return tok.lemma_.lower() in ("country", "government", "nation") and any(
        c.dep_ == "poss" and c.lower_ in ("her", "his", "their", "our") for c in tok.children
    )


def _explicit_actor(trigger: Token, noun: Token | None) -> tuple[str | None, bool]:
    """Actor named on the troops ('North Korean soldiers') or as the sender; 'mixed' if several."""
    names: list[str] = []
    whole = _including_whole(noun)
    if whole is not None:
        outer = actors_in(whole.doc[whole.left_edge.i : whole.i + 1].text)
        if outer and _peacekeeping(outer[-1]):
            return outer[
                -1
            ], True  # "30 UNISFA peacekeepers ..., including three Ethiopian troops": the mission's
    if noun is not None and noun.lower_ in ("them", "they", "those"):
        # "a vehicle carrying Russian officers came under fire ... several of them were killed"
        earlier = [t for t in noun.sent if t.i < noun.i and t.pos_ == "NOUN" and _is_person_noun(t)]
        if earlier:
            names = actors_in(noun.doc[earlier[-1].left_edge.i : earlier[-1].i + 1].text)
    if not names and noun is not None and noun.pos_ in ("NOUN", "PROPN", "PRON"):
        # "soldiers of a brigade from Washington state" (not the clause on them: "members of Iran's armed
        # forces killed in Syria" are Iran's)
        texts = [noun.doc[noun.left_edge.i : noun.i + 1].text] + [
            _without_clauses(p)
            for child in noun.children
            if child.dep_ == "prep" and child.lower_ == "of"
            for p in child.children
            if p.dep_ == "pobj"
        ]
        names = [a for text in texts for a in actors_in(_BACKERS.sub(" ", text))]
        if not names and any(_BACKERS.search(text) for text in texts):
            return _PROXIES, True  # "72 fighters of the Turkish-backed factions": no state's own forces
    if not names and trigger.pos_ in ("NOUN", "PROPN"):
        left = trigger.doc[trigger.left_edge.i : trigger.i + 1]
        names = actors_in(left.text)
    losing = None  # "Russia had lost 38,000 troops killed or wounded": the loser is the subject of 'lose'
    if noun is not None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in ("lose", "suffer"):
        losing = noun.head
    else:
        first = trigger
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head  # "had lost 61,207 killed and 49,368 wounded": the second is lost too
        if first.dep_ in ("advcl", "xcomp", "oprd", "dobj") and first.head.lemma_.lower() in (
            "lose",
            "suffer",
        ):
            losing = first.head
        elif first is not trigger and first.lemma_.lower() in ("lose", "suffer"):
            losing = first  # (the tagger may join "49,368 wounded" to "lost" itself)
    if not names and losing is not None:
        subj = [c for c in losing.children if c.dep_ == "nsubj"]
        if subj:
            names = actors_in(losing.doc[subj[0].left_edge.i : subj[0].i + 1].text)
    if not names and trigger.pos_ == "VERB" and _killer(trigger) is None:
        subj = [c for c in trigger.children if c.dep_ == "nsubj"]
        if not subj and trigger.dep_ == "xcomp":  # "Russia is preparing to redeploy 5,000 troops"
            subj = [c for c in trigger.head.children if c.dep_ == "nsubj"]
        if subj and subj[0].pos_ == "PRON" and trigger.lemma_ == "lose":
            # "The SDF says it lost 11,000 fighters": the loser is the claimant
            up = trigger.head if trigger.dep_ in ("ccomp", "conj") else None
            subj = [c for c in up.children if c.dep_ == "nsubj"] if up is not None else []
        elif subj and (subj[0].lower_ in ("it", "they") or _own_country(subj[0])):
            # "South Africa announced that it would send 2,900 troops": the sender is the announcer
            clause = trigger
            while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
                clause = clause.head
            up = clause.head if clause.dep_ == "ccomp" else None
            if up is not None and lexicon().modality.get(up.lemma_.lower()) == "reporting":
                subj = [c for c in up.children if c.dep_ == "nsubj"] or subj
        if subj and subj[0].tag_ in ("WDT", "WP"):  # "Burundi, which it says has 1,070 soldiers in ..."
            relcl = next((t for t in subj[0].ancestors if t.dep_ == "relcl"), None)
            subj = [relcl.head] if relcl is not None else subj
        if subj and subj[0].lemma_.lower() in _CARRIERS:
            subj = []  # "Russian navy landing ships carried the 1,500 troops": the carrier is not the sender
        if subj:
            words = trigger.doc[subj[0].left_edge.i : subj[0].i + 1]
            names = actors_in(words.text)
            if not names:  # a state missing from actors.csv: "Guatemala, which sent 75 soldiers"
                labels = ("ORG", "NORP", "GPE") if trigger.lemma_ == "lose" else ("GPE",)
                names = [
                    e.text
                    for e in words.ents
                    if e.label_ in labels and not _is_unit_noun(e.root)  # not "3rd Battalion"
                ]
    if not names and noun is not None and noun.pos_ in ("NOUN", "PROPN"):
        left = noun.doc[noun.left_edge.i : noun.i + 1]
        names = [e.text for e in left.ents if e.label_ == "NORP"]
    if noun is not None and noun.lemma_.lower() in _POSTED_NOUNS:
        # "two Indonesian peacekeepers": a contingent of a multinational mission, which is one force
        names = [n for n in names if _peacekeeping(n)]
    sides = list(dict.fromkeys(side_of(n) for n in names))
    if len(sides) > 1:
        return "mixed", True
    if names:
        return names[0], True
    return None, False


_CARRIERS = {
    "ship",
    "plane",
    "aircraft",
    "vessel",
    "train",
    "truck",
    "bus",
    "convoy",
    "flight",
    "jet",
    "ferry",
}


def _word_count(tok: Token, n: int) -> Count:
    """A word that counts people without a figure ('both', 'a third', the 'a' of 'a soldier') as a count."""
    return Count(n, n, "exact", tok.text, tok.idx, tok.idx + len(tok.text))


_FIGURE_WORDS = frozenset({"figure", "toll", "tally", "count", "number", "total"})


def _raised_figure(anchor: Token) -> Token | None:
    """'The Pentagon raised the figure to 34 on Jan. 24, to 50 on Jan. 28 and to 64 on Jan. 30', 'the
    tally has since risen to 40': a bare figure moved to a count (the verb), with nothing said of what
    it counts; the claim of the sentence before says."""
    if anchor.dep_ != "pobj" or anchor.head.lower_ not in ("to", "at"):
        return None
    up = anchor.head
    while up.dep_ in ("conj", "prep") and up.head.pos_ == "ADP":  # "to 34 ..., to 50 ... and to 64"
        up = up.head
    verb = up.head
    lemma = verb.lemma_.lower()
    if lemma in _MEASURE_OBJECT_VERBS:
        deps = ("dobj",)
    elif lemma in _MEASURE_SUBJECT_VERBS - {"be", "number", "total", "range"}:
        deps = ("nsubj",)
    else:
        return None
    figures = [
        c
        for c in verb.children
        if c.dep_ in deps
        and c.lemma_.lower() in _FIGURE_WORDS
        and not any(g.dep_ in ("prep", "compound", "amod", "acl", "relcl") for g in c.children)
        and any(g.lower_ in ("the", "that", "this", "its") for g in c.children)
    ]
    return verb if figures else None


def _learned_trigger(anchor: Token) -> Token:
    """What a learned mention's date, source and modality are read from: the nearest verb above its count,
    else the noun it counts (else the count itself)."""
    tok = anchor
    for _ in range(4):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return anchor.head if anchor.dep_ == "nummod" else anchor


def _learned_mentions(
    sent: Span, triggers: list[Span], untriggered: list[tuple[Count, Span]], model: classify_counts.Model
) -> list[_Mention]:
    """The counts no rule found a trigger for that the count classifier (tasks/classify_counts.py) reads as
    claims, as mentions (`triggers`: the sentence's trigger spans). A count a rule turned down for a reason
    of its own (a rate, a date, the whole of a share, civilians) is not asked about."""
    if not untriggered:
        return []
    sentence = model.logits(classify_counts.sentence_features(sent, triggers))
    out = []
    for count, span in untriggered:
        read = model.classify(classify_counts.count_features(sent, span, count, triggers), sentence)
        if read is None:
            continue
        event_type, subtype = read[0].split("/")
        anchor = span[-1]
        noun = anchor.head if anchor.dep_ == "nummod" else anchor
        out.append(
            _Mention(event_type, subtype, _learned_trigger(anchor), count, noun, extra={"learned": read[1]})
        )
    return out


def _mentions_in_sentence(
    sent: Span,
    timexes: list[TemporalExpression],
    doc: Document,
    count_model: classify_counts.Model,
    told: _Mention | None = None,
) -> list[_Mention]:
    """The event mentions of a sentence: the rules', then those `count_model` reads in the counts no rule
    found a trigger for. `told`: the counted casualty claim of the sentence before, which a bare figure
    moved to a new count ('raised the figure to 34') carries on."""
    spans = sentence_triggers(sent)
    triggers = _trigger_tokens(spans)
    event_words = bool(triggers)  # before the presence words found below are added
    sdoc = sent.doc
    doc_text = _text_of(sdoc)
    timex_ranges = [(t.start, t.end, any(ch.isdigit() for ch in t.text)) for t in timexes]
    mentions: list[_Mention] = []
    used_triggers: set[int] = set()
    counts = [
        replace(c, start=c.start + sent.start_char, end=c.end + sent.start_char)
        for c in find_counts(sent.text)
    ]
    numbers = {c.start for c in counts}  # the counts the classifier was trained on ("both" is not one)
    untriggered: list[tuple[Count, Span]] = []  # counts no rule found a trigger for: the classifier's
    both = [_word_count(sdoc[i], 2) for i in _both_of_two(sent)] + [
        _word_count(sdoc[i], 1) for i in _one_more(sent)
    ]
    counts = sorted(counts + both, key=lambda c: c.start)
    singular = _singular_people(sent, counts)
    counts += [_word_count(sdoc[i], 1) for i in singular]
    civilians_before = None  # where the last count that named its people counted civilians
    for count in counts:
        if any(a < count.end and count.start < b for a, b, digits in timex_ranges if digits):
            continue  # a number that is a date; "two thousand troops" is not the year 2000
        span = _count_tokens(sdoc, count)
        if span is None:
            continue
        one = singular.get(span.start)
        anchor = _count_anchor(span)
        pool = anchor.head if anchor.dep_ == "nummod" else anchor
        if (
            pool.dep_ == "pobj"
            and pool.head.lower_ == "of"
            and pool.head.head.lower_ == "out"
            and not any(c.dep_ in ("acl", "relcl") and c.i in triggers for c in pool.children)
        ):  # "two prisoners out of many thousands", "4,000 out of 12,000 troops were killed": the whole
            continue  # (but "4,000 out of some 12,000 troops deployed last year" names a deployment)
        earlier = _earlier_level(anchor, count, mentions)
        if earlier is not None:  # "43,000 troops were deployed, up from roughly 34,000 in September 2023"
            mentions.append(earlier)
            continue
        whole = next((m for m in reversed(mentions) if m.count), None) if _military_share(anchor) else None
        if whole is not None:
            # "Of the 181 peacekeepers martyred since 1960, 157 were soldiers and the rest police officers",
            # "5,800 ..., including police officers, ...; of them, about 5,200 are from the armed forces": the
            # armed forces' share stands for the mixed total
            whole.count = count
            whole.extra["military_share"] = True
            continue
        noun, via_of = (one, False) if one is not None else _count_noun(span)
        if _among_whole(noun):
            continue  # "six Pakistani soldiers were among eight peacekeepers killed": the whole
        national = _nationality_after(noun) if via_of else _national_among(span, noun)
        if national is not None:
            # "a force of about 1,600 troops, roughly 900 of them German", "15 prisoners, seven of them
            # Russians": a nation's share of the count made before it, an event of its own
            whole = next((m for m in reversed(mentions) if m.count), None)
            if whole is not None:
                part = _Mention(whole.event_type, whole.subtype, whole.trigger, count, whole.noun)
                part.extra["nationality"] = national
                mentions.append(part)
                continue
        if one is None and noun is not None:
            if noun.i != anchor.i:  # the count names its people
                civilians_before = noun.i if noun.lemma_.lower() in _NOT_FORCES else None
                if civilians_before is not None and noun.i > span.start:
                    continue  # "3,200 injured ..., most of them civilians": a count of civilians
            elif civilians_before is not None and civilians_before < span.start:
                continue  # "330 people have been killed and 3,200 injured": the second count is people too
        if one is None and _blocked(doc_text, count, noun):
            continue
        headcount = None if one is not None else _headcount_of(span, doc_text[count.end : count.end + 12])
        collective = _collective_of(span, noun)
        if headcount is not None:  # "the 1,000-strong French contingent": the count is the unit's head count
            if headcount.dep_ != "compound" and _home_army(headcount) and not _place_complement(headcount):
                continue  # "the North's 1.2-million-strong army": a whole army's size, held nowhere in particular
            noun = headcount
        elif collective is not None:  # "a second group of 75 arrived": the group's head count
            noun = collective
        following = _next_content_token(span)
        trigger = _framed_casualty(span, following, triggers)
        framed = trigger is not None
        measured = None if framed else _measured(span, noun, triggers)
        if measured is not None:
            noun, trigger = measured
        if (
            (measured is not None or anchor.dep_ == "dobj")
            and anchor.head.lemma_.lower() in _EXCEED
            or anchor.dep_ == "pobj"
            and anchor.head.lower_ in ("past", "above")
            and anchor.head.head.lemma_.lower() in _MEASURE_OBJECT_VERBS
        ) and count.qualifier in ("exact", "approx"):
            # "losses passed 33,000", "casualties had exceeded 3,800 killed and wounded", "push the
            # number of troops past 40,000"
            count = replace(count, count_max=None, qualifier="at_least")
        if via_of and trigger is None:
            trigger = _trigger_for_count(anchor, span, triggers)
        listed = (
            _parenthesized_strength(span) or _gapped_strength(span, triggers) if trigger is None else None
        )
        if listed is not None:  # "Ethiopia (about 2,500 soldiers), Kenya (around 1,400)"
            trigger, noun = listed, listed
            moves = {t.label_ for k, t in triggers.items() if sent.start <= k < span.start}
            # "The departing troops were drawn from all five contributors: Uganda (600), Burundi (550)"
            label = "deployment/withdrawn" if moves == {"deployment/withdrawn"} else "deployment/sent"
            triggers[listed.i] = Span(sdoc, listed.i, listed.i + 1, label=label)
        trigger = trigger or _trigger_for_count(noun, span, triggers)
        raised = _raised_figure(anchor) if trigger is None and told is not None else None
        if raised is not None:  # "The Pentagon raised the figure to 34 on Jan. 24, to 50 on Jan. 28"
            triggers.setdefault(
                raised.i, Span(sdoc, raised.i, raised.i + 1, label=f"{told.event_type}/{told.subtype}")
            )
            mentions.append(
                _Mention(told.event_type, told.subtype, raised, count, told.noun, extra={"tally": True})
            )
            continue
        ordered = _ordered_to(noun) if trigger is not None and noun.i == anchor.i else None
        if ordered is not None and ordered.i != trigger.i:
            # "the Pentagon flew about 750 paratroopers to Kuwait, and on Jan. 3 it ordered roughly 3,000 more
            # to the region": the order is the count's own verb, a decision to send
            trigger = ordered
            triggers[ordered.i] = Span(sdoc, ordered.i, ordered.i + 1, label="deployment/planned")
        if trigger is not None:
            trigger = _carrier_moved(trigger, triggers)
            trigger = _arrived_after_call_up(trigger, triggers)
        if (
            collective is not None
            and trigger is not None
            and not triggers[trigger.i].label_.startswith("deployment")
        ):
            continue  # "a group of 40 were killed": whose people the group holds is not said
        if one is not None and (trigger is None or not triggers[trigger.i].label_.startswith("casualty")):
            continue  # "a soldier" counts as one only in a casualty claim
        # "... 5,000 soldiers. Today fewer than 400 remain.", "a further 300 or so are expected"
        elided_troops = _troops_before(anchor, noun) or (noun.i == anchor.i and _additive(anchor))
        numbers_word = _force_numbers(span)  # "MONUSCO numbers about 11,000"
        put_at = _number_of_people_put_at(anchor)  # "put the number of troops there at 1,500"
        present = (
            _is_person_noun(noun)
            or (headcount is not None and _is_force_noun(noun))
            or elided_troops
            or numbers_word is not None
            or put_at is not None
        )
        stationed = False
        if trigger is None and present and noun.lower_ not in _PRONOUNS:
            presence = (
                _presence_verb(noun)
                or _stationed_noun(noun)
                or _ordered_to(noun)
                or _listed_strength(noun, event_words)
                or numbers_word
                or _sized_force(noun, headcount)
                or put_at
            )
            # the holder's withdrawal of the troops it had is the claim, not their presence
            withdrew = _withdrew_them(presence, triggers) if presence is not None else None
            if withdrew is not None:
                trigger = withdrew
            elif presence is not None:
                trigger = presence
                # "the 2,500 US troops in Iraq will be cut to 2,000": the troops are there now, whatever the
                # verb says will become of them
                stationed = presence.i == noun.i
                # "ordered about 600 soldiers to Country D" is the decision to send them (heldout32, 39)
                planned = presence.lemma_.lower() in ("expect", "order")
                label = "deployment/planned" if planned else "deployment/sent"
                triggers[presence.i] = Span(sdoc, presence.i, presence.i + 1, label=label)
        if trigger is None:
            if count.start in numbers:
                untriggered.append((count, span))
            continue
        if not _readied(noun, trigger, triggers):
            continue
        strong = (
            headcount is not None
            or collective is not None
            or measured is not None
            or framed
            or listed is not None
        )
        person = (
            strong
            or put_at is not None
            or one is not None
            or _is_person_noun(noun)
            or noun.i in triggers
            or (noun.i == anchor.i and _elided_subject_of(anchor, trigger))
            or (following is not None and following.i == trigger.i)
        )
        if not person or (_is_unit_noun(noun) and not _is_person_noun(noun) and not strong):
            continue
        if _in_source_phrase(noun, trigger) or _elided_with_other_subject(anchor, trigger, noun):
            continue
        if any(
            c.lemma_.lower() in _NOT_FORCES
            and (c.dep_ in _MODIFIERS or not _is_person_noun(noun))
            and not (c.lower_ == "staff" and t.lemma_.lower() == "officer")  # "20 staff officers" serve
            for t in (noun, trigger)
            for c in t.children
        ):
            continue  # "civilian fatalities", "civilian deaths": not an armed actor's losses (but "killed
            # three civilians and five soldiers" counts the soldiers)
        if noun.lemma_.lower() in ("force", "unit") and (count.count_max or count.count_min or 0) < 10:
            continue  # "the two forces": formations, not a head count
        deploying = triggers[trigger.i].label_.startswith("deployment")
        if (
            deploying
            and measured is None
            and numbers_word is None  # "the soldiers sent last autumn numbered about 11,000"
            and trigger.lemma_.lower() in _ARGUMENT_ONLY
            and not any(
                _argument_ok(trigger, t)
                for t in (
                    noun,
                    anchor,
                    # "a battalion of 800", "a smaller contingent, around 100 soldiers"
                    noun.head.head if noun.head.lower_ == "of" else noun,
                    noun.head if noun.dep_ == "appos" else noun,
                )
            )
        ):
            continue  # "provided training to 5,000 soldiers", "the 200 soldiers who followed the convoy"
        if trigger.lemma_.lower() in ("mobilize", "mobilise") and not _destination(trigger):
            continue  # "300,000 reservists were mobilized": a call-up, not a deployment somewhere
        trigger_span = triggers[trigger.i]
        if _rate_follows(doc_text, sdoc[trigger_span.end - 1].idx + len(sdoc[trigger_span.end - 1].text)):
            continue  # "around 92 soldiers are killed every day": a rate, not an event
        label = triggers[trigger.i].label_
        level = (label == "deployment/withdrawn" and _level_after(anchor, trigger)) or _joined_force(
            trigger, noun
        )
        if not level and label == "deployment/withdrawn" and _in_a_place(noun) and _ordered_away(trigger):
            # "Trump had ordered the roughly 1,000 American troops in northern Syria to leave": the troops
            # are there now, whatever they were told to do
            level = True
        if level:
            label = "deployment/sent"  # "scaled down its force in the Sahel to 2,500 troops": what stays
        event_type, subtype = label.split("/")
        if (
            event_type == "deployment"
            and not (
                strong
                or _is_person_noun(noun)
                or _additive(anchor)
                or elided_troops
                # "MONUSCO numbers about 11,000", "the soldiers sent last autumn numbered about 11,000" (see
                # _force_numbers); not "sent 300 to Mali"
                or numbers_word is not None
                or put_at is not None
            )
            and noun.i not in triggers
        ):
            continue  # "About 580,000 have since returned": a deployment names its troops (or adds to them)
        if label == "deployment/sent" and (
            trigger.lemma_.lower() in _PRESENCE | {"be", "make"} or trigger.i == noun.i
        ):
            if (count.count_max or count.count_min or 0) < 5:
                continue  # "only one officer has served there": not a force's presence
        if trigger.lower_ == "lives" and noun.i == trigger.i:
            continue  # "the conflict has cost more than 40,000 lives": whose lives is not said
        if noun.lemma_.lower() == "hostage" and noun.i == trigger.i:
            continue  # "the army freed 76 hostages held by bandits": captives no force is named for
        if event_type == "casualty" and _doer_of(trigger, noun, triggers[trigger.i]):
            continue  # "Col Goita seized power", "two snipers killed a soldier": the doer, not the victim
        if _with_civilians(noun):
            continue  # "4,400 peacekeepers, including soldiers, police and civilian staff, have died"
        if _civilian_crowd(noun):
            continue  # "more than 60,000 Congolese have crossed the border ..., many into transit camps"
        if _merchant_crew(noun):
            continue  # "the 14 crew members of the dhow were detained": seafarers, not a force
        if _members_of_body(noun):
            continue  # "among the five permanent members of the UN Security Council": not a force
        if event_type == "deployment" and _career_total(trigger, doc.published):
            continue  # "more than 235,000 Pakistani personnel have served in 48 missions since 1960"
        if event_type == "deployment" and (
            _trainees(noun, trigger) or _rescued(trigger, noun) and not _back_from_captivity(trigger)
        ):
            continue  # "have trained 1,500 Ukrainians", "pulled from the water"
        if event_type == "deployment" and _capacity(anchor):
            continue  # "the camp can accommodate up to 1,500 personnel": room for a force, not a force
        if event_type == "deployment" and _own_troops(noun):
            continue  # "Russia had massed about 50,000 of its own troops to push the Ukrainians out of Kursk"
        if label == "deployment/sent" and (_home_army_size(trigger, noun) or _army_with(noun)):
            continue  # "Niger's army, which numbers about 33,000 troops": a country's own army, not a deployment
        if event_type == "deployment" and _monitors(noun):
            continue  # "a monitoring team of 10 officers arrived": observers, not a force (README 5, 7)
        if via_of and noun.lower_ in _PRONOUNS and any(m.trigger.i == trigger.i for m in mentions):
            continue  # "Eleven soldiers were wounded, two of them seriously": a part of the same claim
        if noun.i == anchor.i and count.count_max == 1 and any(m.trigger.i == trigger.i for m in mentions):
            continue  # "Both were wounded, one in the jaw and one in the legs": a part of the same claim
        # "pledged 150 soldiers on Tuesday": a decision word is the plan itself, its date the decision's
        extra = {"decision": True} if label == "deployment/planned" and trigger.lemma_ != "expect" else {}
        if level or stationed:
            extra["level"] = True  # a standing force: not turned into a withdrawal or a plan by its verb
        if noun.lemma_.lower() == "contractor" and not _military_contractor(noun):
            extra["bare_contractor"] = True  # see extract_events: a state's article means civilians
        if _additive(anchor):
            extra["additive"] = True  # "a further 3,000 followed in January": a later batch, its own date
        elif _added_noun(anchor, noun):
            extra["added"] = True  # "sent 900 additional troops in October": not the 900 stationed there
        if level or stationed or trigger.lemma_.lower() in _PRESENCE:
            extra["standing"] = True
        mentions.append(_Mention(event_type, subtype, trigger, count, noun, extra=extra))
        used_triggers.add(triggers[trigger.i].start)
        onward = _sent_onward(trigger, triggers) if label == "deployment/withdrawn" else None
        if onward is not None:  # "3,600 soldiers were pulled out of South Korea and sent to Iraq": both moves
            mentions.append(_Mention("deployment", "sent", onward, count, noun, extra=dict(extra)))
            used_triggers.add(triggers[onward.i].start)
        other = _wounded_captive(trigger, noun, triggers) if event_type == "casualty" else None
        if other is not None:  # "captured two wounded soldiers": taken prisoner, and wounded
            mentions.append(_Mention("casualty", triggers[other.i].label_.split("/")[1], other, count, noun))
            used_triggers.add(triggers[other.i].start)
    for m in _learned_mentions(sent, spans, untriggered, count_model):
        triggers.setdefault(
            m.trigger.i, Span(sdoc, m.trigger.i, m.trigger.i + 1, label=f"{m.event_type}/{m.subtype}")
        )
        used_triggers.add(triggers[m.trigger.i].start)
        mentions.append(m)
    for i, span in {s.start: s for s in triggers.values()}.items():
        if i in used_triggers:
            continue
        event_type, subtype = span.label_.split("/")
        trigger = span[0] if span.label_ == "deployment/planned" else span.root
        if (
            event_type != "deployment"
            or span.label_ == "deployment/planned"
            and not _readies_alone(trigger, triggers)
        ):
            continue  # a decision word ("authorised 400 soldiers") is a plan only with its head count
        if trigger.lemma_.lower() in _ARGUMENT_ONLY and not any(
            _argument_ok(trigger, c) and (_is_person_noun(c) or _is_force_noun(c)) for c in trigger.children
        ):
            continue  # "will provide training to Ukrainian soldiers": the troops are not what is provided
        if trigger.lemma_.lower() in _CUT_VERBS:
            continue  # "has also cut its presence": a cut is told by its head count
        if _evacuates_others(trigger) or _rescued(trigger):
            continue  # "ships of the task force evacuated 600 citizens": the force moves others
        if any(_merchant_crew(c) for c in trigger.children if c.dep_ in _SUBJECTS):
            continue  # "all 17 crew members of the vessel were evacuated"
        mentions.append(_Mention(event_type, subtype, trigger, None, None, extra={"countless": True}))
    for m in mentions:
        if m.event_type == "deployment" and not m.extra.get("level"):
            m.subtype = _refine_deployment(m.trigger, m.subtype)
        dead = m.noun is not None and (
            m.noun.lower_ in _RETURNED_DEAD
            or m.noun.head.lower_ == "of"
            and m.noun.head.head.lower_ in _RETURNED_DEAD
        )  # "the remains of 79 servicemen repatriated": the dead, not prisoners
        if m.subtype == "withdrawn" and m.count is not None and not dead and _back_from_captivity(m.trigger):
            # "94 Russian servicemen had been returned" in a prisoner exchange: they had been captured
            m.event_type, m.subtype = "casualty", "captured"
            m.extra["freed"] = True
        elif m.event_type == "deployment" and m.count is not None and _flown_for_care(m.trigger):
            # "11 service members had been flown to Germany for treatment": the move says they were hurt
            m.event_type, m.subtype = "casualty", "wounded"
        elif _in_condition(m.trigger) or (m.event_type == "deployment" and _to_treatment(m.trigger)):
            m.extra["hypothetical"] = True
        if _own_side(m.trigger, m.noun):
            m.extra["own_side_of_claimant"] = True
        if _SIDE_UNSAID.search(sent.text):
            m.extra["side_unknown"] = True
        if _RETRACTION.search(sent.text):
            m.negated = True
            m.extra["retracted"] = True
        mod = _modality(m.trigger)
        if mod == "planned" and m.event_type == "deployment" and _terms_or_target(m.trigger):
            m.extra["hypothetical"] = True
        if mod == "denied":
            m.negated = True
        elif mod == "demanded":
            m.extra["hypothetical"] = (
                True  # "demanded that the soldiers be brought home": a wish, not an event
            )
        elif (
            (mod == "planned" or _headline_infinitive(m.trigger))
            and m.event_type == "deployment"
            and m.subtype == "sent"
            and not m.extra.get("level")
            # not "the roughly 5,100 French troops would stay in the region": they are there now
            and not (
                m.trigger.lemma_.lower() in _STAYING
                and m.noun is not None
                and any(c.dep_ == "poss" or c.lower_ == "the" for c in m.noun.children)
            )
        ):
            m.subtype = "planned"
        elif (mod == "planned" or _headline_infinitive(m.trigger)) and (
            m.event_type == "casualty" or m.subtype == "withdrawn"
        ):
            # a casualty that may happen, a withdrawal to come ("X to pull out")
            m.extra["hypothetical"] = True
    mentions += _force_totals(mentions)
    end = _content_end(sent)  # not the masked furniture in the whitespace after a headline
    inside = [t for t in timexes if sent.start_char <= t.start and t.end <= end]
    inside = [_overnight(t, inside, doc.published) for t in inside]
    inside = _with_their_year(inside, _text_of(sdoc))
    by_trigger = _assign_timexes(sent, [m.trigger for m in mentions], inside)
    for m in mentions:
        if m.trigger.i not in by_trigger and not any(c.lower_ in _NOW_WORDS for c in m.trigger.children):
            # "35 were killed and about 20 wounded on Sunday": coordinated triggers share their date (not
            # "numbered about 10,000 last summer and now has around 7,500")
            t = m.trigger
            partners = [t.head] if t.dep_ in ("conj", "advcl") else []
            verb = _clause_head(t)
            if (
                m.count
                and verb.i != t.i
                and not any(o.trigger.i == verb.i and o.count and o.count is not m.count for o in mentions)
            ):
                # "... in 2024, and sent around 3,000 reinforcements early last year": the noun trigger's own
                # verb carries its date (not "sent 11,000 troops last autumn and 3,000 reinforcements ...";
                # but "captured two wounded soldiers on 9 January" counts the same two twice)
                partners.insert(0, verb)
            if t.head.dep_ == "conj":  # "killed and about 20 wounded": the count is the conjunct
                partners.append(t.head.head)
            if t.dep_ == "amod" and m.count:  # "captured two wounded soldiers on 9 January": the noun's verb
                partners.append(_clause_head(t.head))
            partners += [  # "plans to dispatch a team of 30 to join the unit in June": the purpose's date
                c
                for c in t.children
                if c.dep_ in ("xcomp", "advcl")
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            ]
            partners += [  # "preparing another contingent for dispatch in the spring"
                g
                for c in t.children
                if c.dep_ == "prep" and c.lower_ == "for"
                for g in c.children
                if g.dep_ == "pobj" and g.i in triggers
            ]
            if t.dep_ == "relcl" and m.count:
                # "It was joined in April by the Vinson group, which brought another 6,000 sailors": an
                # undated relative clause tells part of the dated clause its noun belongs to
                partners.append(_clause_head(t.head))
            partners += [c for c in m.trigger.children if c.dep_ == "conj"]
            speech = t.head if t.dep_ == "ccomp" else None
            if (
                speech is not None
                and speech.dep_ == "conj"
                and speech.head.i in by_trigger
                and lexicon().modality.get(speech.lemma_.lower()) == "reporting"
            ):
                # "In June, Shoigu flew to Pyongyang and announced that the North would send 1,000 deminers":
                # the claim is as old as the visit it was made on (the date of a report, not of the sending)
                by_trigger[t.i] = [(tx, speech, span) for tx, _, span in by_trigger[speech.head.i]]
                continue
            # "two soldiers lost their lives and five others sustained injuries on Sunday"
            partners += [
                o.trigger for o in mentions if _coordinated(_clause_head(t), _clause_head(o.trigger))
            ]
            if m.event_type == "casualty" and _clause_head(t).dep_ == "ccomp":
                # "Burundi said 10 of its soldiers were killed, 25 wounded and five are missing after ... on
                # Tuesday": a toll's parts the parser made separate clauses of one report share its date
                said = _clause_head(t).head
                partners += [
                    o.trigger
                    for o in mentions
                    if o.event_type == "casualty"
                    and o.trigger.i > t.i
                    and _clause_head(o.trigger).dep_ in ("ccomp", "conj")
                    and said in _clause_head(o.trigger).ancestors
                ]
            later = {o.trigger.i for o in mentions if o.extra.get("additive") and o is not m}
            for p in partners:
                if (
                    p.i in by_trigger and p.i not in later
                ):  # not the date of "a further 3,000 followed in May"
                    by_trigger[m.trigger.i] = by_trigger[p.i]
                    break
    own_dates = _dates_of_coordinated_counts(mentions, by_trigger)
    own_dates.update(_dates_of_earlier_levels(mentions, by_trigger))
    for m in mentions:
        m.when = _when_for(m.trigger, own_dates.get(id(m)) or by_trigger.get(m.trigger.i, []), doc)
        dead = m.trigger.head if m.trigger.lower_ == "of" else m.trigger  # the matcher's "remains of"
        if (
            m.when is not None
            and (dead.lower_ in _RETURNED_DEAD or m.extra.get("freed"))
            and m.event_type == "casualty"
        ):
            # "the remains of 14 volunteers were flown home on Friday": they died (or, freed in an exchange,
            # were taken) by then, not on that day
            m.when = replace(m.when, start=None, precision="open")
        if m.extra.get("level") and m.when is not None and (m.when.start or date.min) > doc.published:
            m.when = None  # "the 340-strong battalion is due home next week": the date is the move's; the
            # force is there now
        if m.extra.get("force_total"):  # the force is there when the claim is made, not when it leaves
            whens = [_when_for(m.trigger, [a], doc) for a in by_trigger.get(m.trigger.i, [])]
            m.when = next((w for w in whens if w is not None and w.reporting_time), None)
        m.source = _find_source(m.trigger)
        m.actor, m.actor_explicit = _explicit_actor(m.trigger, m.noun)
        if "nationality" in m.extra:
            m.actor, m.actor_explicit = m.extra.pop("nationality"), True
        killer = _killer(m.trigger) if m.event_type == "casualty" else None
        if killer is not None:
            named = actors_in(sdoc[killer.left_edge.i : killer.i + 1].text)
            elided = m.noun is None or not _is_person_noun(m.noun) or m.noun.pos_ == "NUM"
            if named and elided:
                m.extra["killer_side"] = side_of(named[0])  # "Wagner says it killed more than 100"
            elif not named and (killer.lower_ in ("it", "they", "we") or killer.head.i != m.trigger.i):
                m.extra["killer_is_claimant"] = True  # "it said it had killed", "claimed to have killed"
    return mentions


_PARTS = {
    "some",
    "most",
    "part",
    "half",
    "many",
    "several",
    "rest",
    "portion",
    "bulk",
    "majority",
    "third",
    "quarter",
}


def _force_totals(mentions: list[_Mention]) -> list[_Mention]:
    """'would withdraw its roughly 300 troops', 'began pulling out some of its 3,000 troops': the count is
    the force that is there (sent); the withdrawal itself has no number of its own."""
    out = []
    for m in mentions:
        if m.event_type != "deployment" or m.subtype != "withdrawn" or m.count is None or m.noun is None:
            continue
        owned = any(c.dep_ == "poss" for c in m.noun.children)
        of = m.noun.head if m.noun.dep_ == "pobj" and m.noun.head.lower_ == "of" else None
        part = of is not None and of.head.lower_ in _PARTS
        unreal = m.negated or m.extra.get("hypothetical")
        if part or owned and unreal:  # "half of the 1,200-strong contingent has been flown home"
            out.append(
                _Mention("deployment", "sent", m.trigger, m.count, m.noun, extra={"force_total": True})
            )
            m.count = None
            m.extra["countless"] = True
    return out


def _in_source_phrase(noun: Token, trigger: Token | None = None) -> bool:
    """'according to two officers', 'two security sources said': a count that names the claimant.
    Not when the event verb hangs on the noun: 'The two divers disappeared on May 1, the navy said'
    parsed with 'divers' as the subject of 'said'."""
    lex = lexicon()
    if (
        trigger is not None
        and trigger.head.i == noun.i
        and trigger.dep_ in ("acl", "relcl")
        and trigger.tag_ == "VBD"
    ):
        return False
    tok = noun
    for _ in range(3):
        if tok.dep_ in ("nsubj", "csubj") and lex.modality.get(tok.head.lemma_.lower()) == "reporting":
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according":
            return True
        if tok.head.i == tok.i or tok.head.pos_ in ("VERB", "AUX") or tok.dep_ in _CLAUSE_DEPS:
            break  # the phrase ends where a clause begins
        tok = tok.head
    return False


def _own_side(trigger: Token, noun: Token | None) -> bool:
    """'its own losses', 'their own fighters': the figure is the claimant's, said of itself."""
    if _OWN.search(trigger.sent.text) or _ON_ITS_SIDE.search(trigger.sent.text):
        return True
    heads = [t for t in (noun, trigger) if t is not None]
    clause = trigger
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    heads.append(clause)
    heads += [c for c in clause.children if c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")]
    return any(c.lower_ == "own" for h in heads for c in h.children) or any(
        c.lower_ == "own"
        for h in heads
        for ch in h.children
        if ch.dep_ == "prep"
        for p in ch.children
        for c in p.children
    )


_ON_ITS_SIDE = re.compile(r"\bon (?:its|their|his|her) (?:own )?side\b", re.I)
_OWN = re.compile(
    r"\b(?:its|their|our|his)\s+own\s+(?:\w+\s+)?(?:loss|losses|casualties|dead|killed|wounded|men|troops|soldiers|fighters|personnel|forces)\b",
    re.I,
)
# "three soldiers were missing, but it did not say which army they belonged to": no side's casualties
_SIDE_UNSAID = re.compile(
    r"\b(?:not|never|no one|nobody)\s+(?:\w+\s+){0,3}?(?:say|said|specify|specified|clear|known|disclose|disclosed"
    r"|identify|identified|state|stated)\s+(?:from\s+)?(?:which|what|whose)\s+(?:\w+\s+)?"
    r"(?:side|army|armies|country|nationality|force|forces|camp)\b"
    r"|\bnationalit(?:y|ies)\s+(?:was|were|is|are|remain|remains|remained)\s+(?:not\s+known|unknown|unclear)",
    re.I,
)
_RETRACTION = re.compile(r"^\W*(correction|clarification|update)\b|\ban earlier version\b", re.I)


_MONITORING = {"monitor", "monitoring", "observer", "observation", "verification", "inspection", "inspector"}


def _monitors(noun: Token) -> bool:
    """People counted as a monitoring or observer team: 'a monitoring team of 10 officers', '40 observers'."""
    if noun.lemma_.lower() in _MONITORING:
        # "15 military observers": officers of an army on a UN mission, not an unarmed monitoring team
        return not any(c.lower_ == "military" for c in noun.children if c.dep_ in ("amod", "compound"))
    tok = noun
    for _ in range(3):
        if any(
            c.lemma_.lower() in _MONITORING for c in tok.children if c.dep_ in ("compound", "amod", "nmod")
        ):
            return True
        if tok.head.i == tok.i or tok.head.pos_ in ("VERB", "AUX"):
            break
        tok = tok.head
    return False


def _elided_with_other_subject(anchor: Token, trigger: Token, noun: Token) -> bool:
    """'330 people had been killed and nearly 3,200 wounded': the elided count shares a non-troop subject."""
    if noun.i != anchor.i:
        return False
    before = [
        t for t in anchor.sent if t.i < anchor.i and t.pos_ in ("NOUN", "PROPN") and t.lemma_ != "-PRON-"
    ]
    counted = [t for t in before if any(c.dep_ == "nummod" for c in t.children)]
    if counted and counted[-1].lemma_.lower() in _NOT_FORCES:
        return True  # "some 200 people were killed; more than 400 were wounded": the same people
    for tok in (trigger, anchor):
        if tok.dep_ != "conj":
            continue
        subjects = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(s.lemma_.lower() in _NOT_FORCES for s in subjects):
            return True
    return False


_MOVE_VERBS = {  # fmt: skip
    "pull",
    "force",
    "rotate",
    "draw",
    "fly",
    "move",
    "bring",
    "ship",
    "send",
    "take",
    "airlift",
    "ferry",
    "truck",
    "bus",
    "redeploy",
    "redeployment",
    "deploy",
    "rotation",
    "transfer",
    "relocate",
    "reposition",
    "travel",
}
_OUTWARD = {"out", "back", "home", "away"}
_FRONT = {"forward", "front", "frontline", "front-line", "exposed", "advanced"}


_HOME_BASES = {"fort", "camp", "base", "barracks", "garrison"}  # a unit returning to one goes home
_PORTS = {"airport", "airbase", "port", "harbour", "harbor", "naval", "air"}  # what a unit leaves from


# "sent back to the front", "back to the front lines": into the fight
_FIGHT = _FRONT | {"line", "lines", "battle", "fighting", "combat"}


def _out_of(out: Token) -> bool:
    """'out of Syria' (not 'out to the front')."""
    return out.lower_ == "out" and any(c.lower_ == "of" for c in out.children) and not _to_front(out)


def _to_front(back: Token) -> bool:
    """'back to the front lines', 'back into Somalia': back into the fight or the field, not home."""
    after = back.doc[back.i + 1 : back.i + 5]
    return any(w.lower_ in _FIGHT for w in after) or (
        len(after) > 1 and after[0].lower_ == "into" and any(map(_names_a_place, after[1:]))
    )


_PULLOUT_NOUNS = frozenset(
    {"withdrawal", "pullout", "pull-out", "drawdown", "departure", "exit", "cut", "reduction"}
)
_TOURS = frozenset({"mission", "deployment", "tour", "operation", "rotation", "posting", "assignment"})
_RELIEVE = frozenset(
    {"join", "reinforce", "relieve", "replace", "prepare"}
)  # "left last week to prepare the handover"


def _bound_for(trigger: Token) -> list[Token]:
    """The places a movement is 'for': 'flew out of Zhengzhou for South Sudan', 'were flown out in March,
    bound for Nyala'."""
    heads = [trigger, *(c for c in trigger.children if c.dep_ in ("advcl", "acl") and c.lower_ == "bound")]
    return [
        o
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "for"
        for o in c.children
        if o.ent_type_ in ("GPE", "LOC")
    ]


_STAGES = frozenset({"convoy", "phase", "stage", "part", "wave", "leg", "step", "round", "plan"})
# the withdrawals a journey can be a stage of (not a cut or a reduction, which are numbers)
_JOURNEY_PULLOUTS = _PULLOUT_NOUNS - {"cut", "reduction", "exit"}


def _part_of_withdrawal(trigger: Token) -> bool:
    """'crossed into Rwanda in the first convoy of the withdrawal', 'flew to Kuwait as part of the
    pullout', 'moved under the drawdown plan': a move told as a stage of a withdrawal is that withdrawal."""
    for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("in", "under", "as")):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            words = [obj, *(c for c in obj.children if c.dep_ == "compound")]
            if obj.lemma_.lower() in _STAGES:
                words += [
                    o for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                ]
            if any(
                w.lemma_.lower() in _JOURNEY_PULLOUTS
                and not any(c.dep_ == "prep" and c.lower_ == "of" for c in w.children)  # maybe another's
                for w in words
            ):
                return True
    return False


def _refine_deployment(trigger: Token, subtype: str) -> str:
    """'pulled 1,500 soldiers back', 'flew out of Agadez', 'sent home': movements away are withdrawals;
    'returned to Iraq', 'returned in 2014 at the invitation of Baghdad': a return to the field is a deployment."""
    if trigger.lemma_.lower() == "commit" and subtype == "planned":
        if any(c.dep_ == "aux" and c.lemma_ == "have" or c.lower_ == "since" for c in trigger.children):
            return "sent"  # "Pyongyang has committed some 14,000 servicemen to Russia since October"
    if trigger.lemma_.lower() == "leave" and subtype == "withdrawn" and trigger.tag_ == "VBG":
        kept = [c for c in trigger.children if c.dep_ == "dobj"]
        # "brought home 10,000 soldiers, leaving a force of about 5,000 in Yemen": what stays
        if (
            trigger.dep_ == "advcl"
            and kept
            and (_place_complement(trigger) or any(map(_place_complement, kept)))
        ):
            return "sent"
    if trigger.lemma_.lower() == "leave" and subtype == "withdrawn" and trigger.tag_ != "VBG":
        mover = _subject_of(trigger)
        if (
            mover is not None
            and mover.lemma_.lower() in _PULLOUT_NOUNS
            and not any(c.dep_ == "aux" for c in trigger.children)  # not "the cuts will leave 2,500"
        ):
            return "sent"  # "the pullout leaves the AU force, some 19,000 soldiers, as the main presence"
    if trigger.lemma_.lower() == "ship" and subtype == "withdrawn":
        out = any(c.lower_ == "out" for c in trigger.children)
        away = any(c.lower_ in ("of", "from", "home", "back") for c in trigger.subtree if c.i > trigger.i)
        if out and not away:
            return "sent"  # "a second group was expected to be shipped out in the coming days": off to war
    if trigger.lemma_.lower() in ("leave", "depart", "take") and subtype == "withdrawn":
        bound = [o for c in trigger.children if c.dep_ == "prep" and c.lower_ == "for" for o in c.children]
        bound += [  # "took off from the air base aboard a chartered aircraft bound for Port-au-Prince"
            o
            for t in trigger.subtree
            if t.lower_ == "bound"
            for c in t.children
            if c.dep_ == "prep" and c.lower_ == "for"
            for o in c.children
        ]
        # "left Mali for France": home; not "left Incheon International Airport for South Sudan"
        left_somewhere = any(
            c.dep_ == "dobj" and not any(t.lower_ in _PORTS for t in c.subtree) for c in trigger.children
        )
        if not left_somewhere and any(o.ent_type_ in ("GPE", "LOC") or o.pos_ == "PROPN" for o in bound):
            return "sent"  # "200 more officers would leave for Haiti next month": bound for the field
        after_for = []  # the words after "for", up to the next comma
        for c in (c for c in trigger.children if c.lower_ == "for"):
            for t in trigger.doc[c.i + 1 : trigger.sent.end]:
                if t.text in (",", ";", ".", "–", "—"):
                    break
                after_for.append(t)
        if any(t.lemma_.lower() in _TOURS for t in after_for):
            # "left Accra on Friday for a six-month tour in Lebanon", "departs Busan for Red Sea mission"
            return "sent"
        if not left_somewhere and any(  # (not "left Burkina Faso to join the fighting in Kursk": it left)
            c.dep_ in ("xcomp", "advcl")
            and c.lemma_.lower() in _RELIEVE
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            and not any(a.dep_ == "auxpass" for a in c.children)  # not "left ..., to be replaced by"
            for c in trigger.children
        ):
            return "sent"  # "300 sailors departed from Busan on Tuesday to join the mission"
    if trigger.lemma_.lower() == "send" and subtype == "withdrawn":
        heads = [trigger, *(c for c in trigger.children if c.lower_ == "back")]
        to = [
            o for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "to" for o in c.children
        ]
        if any(o.lemma_.lower() in _FIGHT for o in to):
            return "sent"  # "sent back to the front" goes into the fight, not home
    if trigger.lemma_.lower() == "return" and subtype == "withdrawn":
        home = any(c.lower_ in ("home", "back", "from") for c in trigger.children)
        to_place = any(
            c.dep_ == "prep"
            and c.lower_ in ("to", "into")
            and any(o.ent_type_ in ("GPE", "LOC") for o in c.children)
            and not any(t.lower_ in _HOME_BASES for t in c.subtree)  # "return to Fort Campbell, Kentucky"
            for c in trigger.children
        )
        invited = any(
            t.lemma_.lower() in ("invitation", "request") for c in trigger.children for t in c.subtree
        )
        if not home and (to_place or invited):
            return "sent"
    if subtype == "sent" and _part_of_withdrawal(trigger):
        return "withdrawn"  # "crossed from Goma into Rwanda in the first convoy of the SADC's withdrawal"
    mover = _subject_of(trigger)
    if trigger.lemma_.lower() in ("land", "arrive", "touch") and subtype == "sent":
        if mover is not None and any(t.lower_ == "outgoing" for t in mover.subtree):
            return "withdrawn"  # "the first 120 members of the outgoing battalion landed at Baldonnel": home
    if trigger.lemma_.lower() in _MOVE_VERBS:
        if (
            mover is not None
            and mover.lemma_.lower() in ("replacement", "reinforcement")
            and not any(c.lower_ in ("home", "back") for c in trigger.children)
        ):
            return "sent"  # "the battalion's replacements flew out earlier this month": off to relieve it
        if _bound_for(trigger) and not any(c.lower_ in ("home", "back") for c in trigger.children):
            return "sent"  # "flew out of Zhengzhou for South Sudan" (if that is home, _returned_home says so)
        for child in trigger.children:
            if child.dep_ in ("prt", "advmod", "prep") and child.lower_ in _OUTWARD and not _to_front(child):
                return "withdrawn"
            # "has flown at least 1,500 military personnel out of Syria": the parser hangs "out of" on the
            # people moved
            if child.dep_ == "dobj" and any(c.dep_ == "prep" and _out_of(c) for c in child.children):
                return "withdrawn"
        doc = trigger.doc
        for back in (t for t in trigger.subtree if t.lower_ == "back" and trigger.i < t.i < len(doc) - 2):
            # "moved on Saturday from a post close to the Blue Line back to the main camp" (the parser may
            # hang the "back" low)
            if doc[back.i + 1].lower_ in ("to", "into") and not _to_front(back):
                return "withdrawn"
        for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "from"):
            place = [t.lower_ for o in prep.children for t in o.subtree]
            to = [
                o
                for c in trigger.children
                if c.dep_ == "prep" and c.lower_ in ("to", "into")
                for o in c.children
            ]
            rear = all(
                {o.lemma_.lower(), o.lower_} & (_MILITARY_SITES | {"rear", "home", "barrack"}) for o in to
            )
            if any(w in _FRONT for w in place) and rear:
                # "relocated 300 peacekeepers from forward posts to larger bases"; not "moved 10,000 troops
                # from its western front to the China border", a redeployment
                return "withdrawn"
        nxt = trigger.doc[trigger.i + 1] if trigger.i + 1 < len(trigger.doc) else None
        if nxt is not None and nxt.lower_ == "home":
            return "withdrawn"  # "completed its redeployment home", "the rotation home of 600 troops"
        # (not "it sent 2,500 soldiers into Nigeria, and in January it brought 1,200 troops home": a clause
        # with a subject of its own is another move)
        legs = [c for c in trigger.children if c.dep_ == "conj" and c.pos_ == "VERB" and not _own_subject(c)]
        if any(c.lower_ == "home" for leg in legs for c in leg.children):
            return "withdrawn"  # "will travel by road to Tanzania, and will be flown home from Dar es Salaam"
        objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        if any(
            t.lower_ == "home" and t.dep_ in ("advmod", "npadvmod") and t.i > trigger.i
            for o in objects
            for t in o.subtree
        ):
            return "withdrawn"  # "sent its contingent of about 1,500 soldiers home": parsed onto the object
    return subtype


_HURT = {"wounded", "wound", "injured", "injure", "casualty", "sick", "dead", "body", "remains"}
_CARE = {"hospital", "clinic", "treatment", "medical", "care", "surgery", "infirmary"}
_SWAP = {"exchange", "swap", "trade"}


_NOT_SAVED = re.compile(r"\bcould not be saved\b|\bdied\b|\bsuccumbed\b", re.I)
_CARE_MOVES = frozenset(
    {"fly", "evacuate", "airlift", "transfer", "take", "rush", "move", "medevac", "send", "bring"}
)


def _flown_for_care(trigger: Token) -> bool:
    """'eight service members were flown out of Jordan for more advanced treatment', '11 troops were
    airlifted to hospital in Germany': people moved to care, not a force moved (a count of the hurt)."""
    if trigger.lemma_.lower() not in _CARE_MOVES or not any(c.dep_ == "auxpass" for c in trigger.children):
        return False
    if any(c.dep_ in ("nsubjpass", "dobj") and c.lemma_.lower() in _HURT for c in trigger.children):
        return False  # "several of the wounded were flown to hospital": counted as wounded already
    if _NOT_SAVED.search(trigger.sent.text):
        return False  # "was flown to a hospital but could not be saved": a death
    # "for treatment", "to a hospital in Germany" (not "to Jacmel, where they ran a field hospital")
    return any(
        t.lemma_.lower() in _CARE
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ in ("for", "to")
        for o in c.children
        if o.dep_ == "pobj"
        for t in [o, *(m for m in o.children if m.dep_ in ("compound", "amod"))]
    )


def _to_treatment(trigger: Token) -> bool:
    """'the wounded were evacuated by helicopter to a hospital': a casualty flown to care; '5,800 were
    returned in exchanges': prisoners handed back. Neither is a force leaving or arriving."""
    doc = trigger.doc
    if trigger.lemma_.lower() == "return":
        for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "to"):
            if any(o.lemma_.lower() in _BACK_TO_DUTY for o in prep.children if o.dep_ == "pobj"):
                return True  # "the soldier has since returned to duty": recovered, not withdrawn
    for obj in (c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")):
        if obj.lemma_.lower() in _HURT or any(
            c.lemma_.lower() in _HURT for c in obj.children if c.dep_ == "amod"
        ):
            return True  # "trying to evacuate wounded soldiers", "the injured were airlifted"
    for child in trigger.children:
        # (not "a force of 2,000 soldiers, with engineers, medical units and logistics": what it brings)
        if child.dep_ in ("prep", "advcl", "xcomp", "agent") and child.lower_ not in ("from", "with"):
            # (not the clause on the place: "sent to Jacmel, where they ran a field hospital")
            aside = {t.i for c in child.subtree if c.dep_ == "relcl" for t in c.subtree}
            for t in (t for t in child.subtree if t.i not in aside):
                if t.lemma_.lower() in _CARE:
                    return True
                following = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
                if t.lemma_.lower() in _SWAP and following != "for":  # not "sent in exchange for aid"
                    return True
    return False


_BACK_TO_DUTY = {"duty", "service", "action", "work", "unit", "rank", "ranks", "combat"}
_LEFT_STATES = {"dead", "wounded", "injured", "homeless", "missing", "stranded", "displaced"}


def _in_condition(trigger: Token) -> bool:
    """Inside an 'if'/'unless' clause, a question nobody answered ('did not say when the troops would
    arrive') or a possibility not ruled out: a hypothetical, not a claim; so is what was 'left behind'
    (not a withdrawal)."""
    if trigger.lemma_.lower() == "leave":
        objects = [c for c in trigger.children if c.dep_ == "dobj"]
        if any(o.lemma_.lower() in _ARMY_NOUNS | {"service", "ranks"} for o in objects):
            return True  # "former soldiers who left the army": they quit the service, no force departed
        if any(
            c.lower_ == "behind" or c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and c.i > trigger.i
            for c in trigger.children
        ):
            # "left behind", "leaving about 70 personnel injured": no departure (not "talks failed; the
            # troops left", a clause before the semicolon that the parser hangs on the verb)
            return True
        if any(
            c.dep_ in ("acl", "amod") and c.pos_ in ("VERB", "ADJ") and c.i > o.i
            for o in objects
            for c in o.children
        ):
            return True  # "leaving 30 soldiers injured" (not "left the northern base")
        doc = trigger.doc
        after = [doc[o.right_edge.i + 1].lower_ for o in objects if o.right_edge.i + 1 < len(doc)]
        if any(w in _LEFT_STATES for w in after):
            return True  # "left at least 52 people dead" (however the parser hangs "dead")
        hurt = {"injury", "wound", "burn", "casualty", "loss", "damage"}
        if objects and any(
            c.dep_ == "prep" and c.lower_ == "with" and any(p.lemma_.lower() in hurt for p in c.children)
            for t in (trigger, *objects)
            for c in t.children
        ):
            return True  # "leaving soldiers on both sides with injuries": no departure
    if trigger.tag_ == "VBG" and trigger.dep_ in ("csubj", "nsubj"):
        return True  # "Losing a hundred men in one battle is a blow": a generic remark, not a claim
    for tok in [trigger, *trigger.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
            return True
        if any(
            c.dep_ == "prep" and c.lower_ == "in" and any(map(_contingency, c.children)) for c in tok.children
        ):
            # "could fly a battalion to Romania within 48 hours in a crisis" (not "sent, in a crisis,", nor
            # "earmarked 4,000 soldiers that could be deployed in a crisis": the earmarking is the plan)
            if tok.dep_ not in ("relcl", "acl") and any(
                c.dep_ == "aux" and c.lower_ in _MIGHT for c in tok.children
            ):
                return True
        near = [*tok.children, *(g for c in tok.children if c.i < tok.i for g in c.subtree)]  # "how many"
        asks = any(c.tag_ == "WRB" and c.lower_ in ("when", "how", "whether", "where") for c in near)
        if tok.dep_ == "relcl" and asks:
            return False  # "... could be sent to Syria, where about 1,000 troops are based": a fact told in passing
        if asks and tok.dep_ == "ccomp" and any(c.dep_ == "neg" for c in tok.head.children):
            return True
        if tok.lemma_ == "rule" and any(c.lower_ == "out" for c in tok.children):
            if any(c.dep_ == "neg" for c in tok.children):
                return True  # "could not rule out that Pyongyang would send more troops": no claim
    return False


_MIGHT = frozenset({"can", "could", "would", "will", "may", "might"})


def _contingency(tok: Token) -> bool:
    """'a crisis', 'an emergency', 'the event of an attack': a case that may come, not one that has."""
    if tok.lemma_.lower() == "event":
        return any(c.lower_ == "of" for c in tok.children)
    return tok.lemma_.lower() in ("crisis", "emergency", "contingency") and any(
        c.lower_ in ("a", "an") for c in tok.children
    )


_GROWTH_VERBS = frozenset({"rise", "grow", "reach", "climb", "swell"})  # not "plans to increase its presence"
_TERMS = frozenset({"ceasefire", "truce", "armistice"})  # and a "peace deal / agreement / accord"


def _terms_or_target(trigger: Token) -> bool:
    """Not a plan to send troops: a target strength ('the force would eventually rise to 2,500') or the
    terms of a truce or peace deal ('under the draft ceasefire, the army would deploy about 5,000
    soldiers'), which are the parties' obligations, not a plan of their own."""
    if trigger.lemma_.lower() in _GROWTH_VERBS:
        # "the 430 soldiers are expected to reach Kuwait in early March": a place reached is a movement
        return not (
            trigger.lemma_.lower() == "reach"
            and any(
                c.dep_ == "dobj"
                and (
                    c.ent_type_ in ("GPE", "LOC", "FAC")
                    # "to reach Russia's Kursk region": a place noun named by its place
                    or c.lemma_.lower() in _PLACE_NOUNS
                    and any(
                        t.ent_type_ in ("GPE", "LOC", "FAC") or t.pos_ == "PROPN"
                        for t in c.subtree
                        if t.i < c.i
                    )
                )
                for c in trigger.children
            )
        )
    if any(c.dep_ == "dobj" and _home_army(c) for c in trigger.children):
        return True  # "Poland plans to expand its armed forces to 300,000 personnel": a home army's target
    for tok in [trigger, *trigger.ancestors]:
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "under"):
            for o in (c for c in prep.children if c.dep_ == "pobj"):
                if o.lemma_.lower() in _TERMS or any(c.lower_ in _TERMS | {"peace"} for c in o.lefts):
                    return True
        if tok.dep_ in ("ccomp", "relcl", "advcl"):
            break
    return False


def _carry_key(m: _Mention) -> str:
    """Casualty figures carry context to the next casualty sentence; deployments to the same subtype."""
    return m.event_type if m.event_type == "casualty" else f"{m.event_type}/{m.subtype}"


_NARRATIVE_DAYS = 14  # a day named in the paragraph before still dates a claim only if it is this recent


def _told_in_past(sent: Span) -> bool:
    """'the minister said ...', 'Shoigu told reporters ...': a claim reported in the past tense."""
    modality = lexicon().modality
    return any(t.tag_ == "VBD" and modality.get(t.lemma_.lower()) == "reporting" for t in sent)


def _same_speaker(source_text: str, sentence: str) -> bool:
    """Whether a sentence names the claimant again: 'the minister' in 'Defence Minister Khurram Dastgir Khan
    assured the Senate on Monday', 'Shoigu' in 'When Sergei Shoigu stepped off his plane on Tuesday'."""
    words = re.findall(r"[A-Za-z][\w'’-]+", source_text)
    if not words or words[-1].lower() in ("he", "she", "they", "it", "we", "i"):
        return False
    return re.search(rf"\b{re.escape(words[-1])}\b", sentence, re.I) is not None


def _period(m: _Mention, published: date | None) -> When:
    w = m.when
    if (
        w is not None
        and m.subtype == "planned"
        and w.end is None
        and w.precision is None
        and not w.reporting_time
    ):
        w = None  # "would follow in the near future": an undatable plan phrase leaves the plan on the claim date
    if w is not None and m.subtype == "planned" and w.reporting_time:
        # "Last month, the ministry said it was considering sending ...": the plan dates from the claim
        start, end = w.claim_start or w.end, w.end
        if published and end and end > published and not re.search(r"\d{4}", w.text or ""):
            # "On June 17, Shoigu said the North would send ...", told in September: a claim is made
            # before it is reported, whatever the future tense of the plan suggested to the tagger
            start, end = _year_earlier(start), _year_earlier(end)
        return When(start, end, w.text, w.precision)
    if (
        w is not None
        and w.start is not None
        and w.end is not None
        and published
        and w.end <= published
        and (m.extra.get("decision") or m.subtype == "planned" and _told_on(m, w))
    ):
        return w  # "the Bundestag voted on 14 December to authorise up to 400 soldiers": the decision's day
    if w is not None and m.subtype == "planned" and published and w.end is not None and w.end < published:
        ahead = _ahead_of_plan(m, w, published)
        if ahead is not None:
            return ahead
        if (published - w.end).days > 31 or w.start is None:
            w = None  # a plan is about what comes next; an older date in its sentence dates something else
        else:
            return When(w.start, w.end, w.text, w.precision)  # when the plan was announced
    if w is not None:
        if m.subtype == "planned" and not w.reporting_time:
            return When(w.start or published, w.end, w.text, w.precision)
        return w
    if m.subtype == "planned":
        return When(published, published, None, "day" if published else None)
    return When(None, published, None, "open")


def _told_on(m: _Mention, w: When) -> bool:
    """'Brown announced in April a temporary increase of 700', 'the troops Obama ordered last December':
    a plan whose own verb, in the simple past, carries the date was made on that date."""
    if m.trigger.tag_ != "VBD" or not w.text:
        return False
    sent = m.trigger.sent
    at = sent.text.find(w.text)
    if at < 0:
        return False
    span = sent.doc.char_span(
        sent.start_char + at, sent.start_char + at + len(w.text), alignment_mode="expand"
    )
    return span is not None and _clause_head(span.root).i == m.trigger.i


def _ahead_of_plan(m: _Mention, w: When, published: date) -> When | None:
    """'preparing to send 150 more soldiers in November', told in October: a month with no year after
    the planned sending is the next such month, not the last one."""
    if w.start is None or not w.text or re.search(r"\d{4}", w.text):
        return None  # (a decision's own day is kept before this is asked: see _period)
    if w.precision == "day" and not re.search(r"\d", w.text):
        return None  # "on Tuesday", "yesterday": the tagger already read the weekday's direction
    sent = m.trigger.sent
    at = sent.text.find(w.text.split()[-1])
    if at < 0 or sent.start_char + at < m.trigger.idx:
        return None
    start, end = _year_later(w.start), _year_later(w.end)
    # (not eleven months ahead: "had said last week that troops were expected in combat on Oct. 27 and 28",
    # told on Oct. 29, is about the days just gone, as the tagger reads a future cue)
    return (
        When(start, end, w.text, w.precision)
        if published < start <= published + timedelta(days=300)
        else None
    )


def _year_later(day: date) -> date:
    return _years_later(day, 1)


_AHEAD_WORDS = re.compile(r"\b(?:next|tomorrow|coming)\b", re.I)


def _named_ahead(w: When | None, published: date | None) -> bool:
    """'next Tuesday', 'tomorrow', 'in the coming week': a date the words themselves put after the report
    (not a bare month the tagger read ahead, which _clamp_to_report takes back a year)."""
    return (
        w is not None
        and published is not None
        and w.start is not None
        and w.start > published
        and _AHEAD_WORDS.search(w.text or "") is not None
    )


def _clamp_to_report(w: When, subtype: str, published: date | None) -> When:
    """What already happened happened by the time it was reported: 'sent this year' ends at publication."""
    if subtype == "planned" or published is None or w.end is None or w.end <= published:
        return w
    if w.start is not None and w.start > published and not re.search(r"\d{4}", w.text or ""):
        # "captured in January" told in September: a past event's month is last January, whatever
        # the tense of the rest of the sentence ("remain", "would accept") suggested to the tagger
        back = _year_earlier(w.start), _year_earlier(w.end)
        if back[1] <= published:
            return When(back[0], back[1], w.text, w.precision, w.reporting_time)
    start = w.start if w.start is None or w.start <= published else published
    return When(start, published, w.text, w.precision, w.reporting_time)


def _year_earlier(day: date) -> date:
    return _years_later(day, -1)


def _reported_date(m: _Mention, published: date | None) -> date | None:
    """When the claim was made: the day its reporting verb names ('said on Feb. 7'), else publication."""
    w = m.when
    if w is not None and w.reporting_time and w.precision == "day" and w.end is not None:
        if published is None or w.end <= published:
            return w.end
    return published


_GENERIC_BODIES = {  # fmt: skip
    "agency",
    "ministry",
    "service",
    "army",
    "military",
    "command",
    "group",
    "force",
    "forces",
    "spokesman",
    "spokesperson",
    "government",
    "mission",
    "office",
    "department",
    "channel",
    "outlet",
    "newspaper",
    "broadcaster",
    "monitor",
}


def _resolve_generic_source(source: str | None, text: str | None, seen: list[tuple[str, str]]) -> tuple:
    """'the agency said' after 'South Korea's National Intelligence Service said': the same claimant."""
    if not source or not text or source != text.replace("’", "'").replace("‘", "'"):
        return source, text
    words = re.sub(r"^(the|its|their|a)\s+", "", text.lower()).split()
    if (
        not words
        or len(words) > 3
        or words[-1] not in _GENERIC_BODIES
        or any(
            w[0].isupper() or "'" in w for w in text.split() if w.lower() not in ("the", "its", "their", "a")
        )
    ):  # "Russia's defence ministry" names its claimant already
        return source, text
    head = words[-1].rstrip("s") if words[-1] != "forces" else "force"
    lex = lexicon()
    for prev, prev_text in reversed(seen):
        key = source_key(prev_text)
        names = [prev.lower(), prev_text.lower()] + [
            a for a, c in lex.source_aliases.items() if c.lower() == key
        ]
        mission = head == "mission" and any(_peacekeeping(a) for a in actors_in(prev_text))  # "UNIFIL said"
        if (mission or any(head in n for n in names)) and prev.lower() != source.lower():
            return prev, prev_text
    return source, text


_SIDE_NOUNS = {"side", "country", "army", "nation", "party"}


def _each_of(trigger: Token, noun: Token | None) -> list[str]:
    """'India and China each keep 50,000 troops' -> both actors; 'each side has kept 50,000 troops' -> ['*']
    (both camps of the article): one head count that holds for every one of them."""
    if noun is None:
        return []
    for verb in dict.fromkeys((noun.head, trigger, trigger.head)):
        for subj in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            each = any(c.lower_ == "each" for c in subj.children) or any(
                c.lower_ == "each" and c.dep_ in ("advmod", "appos", "dep", "npadvmod") for c in verb.children
            )
            if not each:
                continue
            if subj.lemma_.lower() in _SIDE_NOUNS and not any(c.dep_ == "conj" for c in subj.children):
                return ["*"]
            names = actors_in(subj.doc[subj.left_edge.i : subj.right_edge.i + 1].text)
            sides = list(dict.fromkeys(side_of(n) for n in names))
            if len(sides) >= 2:
                return sides
    return []


def _distribute_each(
    mentions: list[_Mention], prior: dict[str, float], primary: str | None
) -> list[_Mention]:
    """One counted deployment per actor when the text says each of them has that many troops."""
    camps = [primary] + [a for a in sorted(prior, key=lambda a: -prior[a]) if a != side_of(primary)][:1]
    out = []
    for m in mentions:
        names = _each_of(m.trigger, m.noun) if m.event_type == "deployment" and m.count is not None else []
        if names == ["*"]:
            names = [c for c in camps if c]
        if len(names) < 2:
            out.append(m)
            continue
        for name in names:
            out.append(replace(m, actor=name, actor_explicit=True, extra={**m.extra, "each_of": name}))
    return out


def _dated_claims(text: str, timexes: list[TemporalExpression], skip: list) -> list[tuple[int, str, date]]:
    """(position, claimant key, day) for each known claimant named in a sentence that gives a day:
    'In a closed-door session on Wednesday, South Korea's National Intelligence Service offered ...'."""
    lex = lexicon()
    days = [
        t for t in timexes if t.granularity == "day" and t.period_start and t.period_start == t.period_end
    ]
    out = []
    clean = text.replace("’", "'")
    for m in lex.source_regex.finditer(clean):
        if _in_ranges(m.start(), skip):
            continue
        head = max(clean.rfind(". ", 0, m.start()), clean.rfind("\n", 0, m.start())) + 1
        ends = [i for i in (clean.find(". ", m.end()), clean.find("\n", m.end())) if i >= 0]
        tail = min(ends) if ends else len(clean)
        near = [t for t in days if head <= t.start and t.end <= tail]
        if near:
            key = lex.source_aliases[m.group(1).lower()].lower()
            day = min(near, key=lambda t: abs(t.start - m.start())).period_start
            out.append((m.start(), key, day))
    return out


def _attribution_date(trigger: Token, timexes: list[TemporalExpression]) -> TemporalExpression | None:
    """The day (or week, month) a claim was made when its attribution gives one: 'the ministry, in a
    briefing on Monday, said Pyongyang appeared ready to send more troops', 'was announced in June by
    Shoigu, who said that the North would send 1,000 deminers'."""
    sent = trigger.sent
    end = _content_end(sent)
    for t in timexes:
        if not (sent.start_char <= t.start and t.end <= end) or t.granularity not in ("day", "week", "month"):
            continue
        if t.period_start is None or t.period_end is None or t.value == "PRESENT_REF":
            continue
        tok = sent.doc.char_span(t.start, t.end, alignment_mode="expand")
        if tok is not None and _in_attribution(tok.root, trigger):
            return t
    return None


def _claimant_day(key: str | None, before: int, claims: list, published: date | None) -> date | None:
    """The last day the article gave for a statement of this claimant, before the given position."""
    days = [d for pos, k, d in claims if k == key and pos < before and (published is None or d <= published)]
    return days[-1] if days else None


def _event_id(doc: Document, m: _Mention) -> str:
    anchor = m.count.start if m.count else m.trigger.idx
    key = f"{doc.content_hash}:{m.trigger.sent.start_char}:{anchor}:{m.event_type}/{m.subtype}"
    if m.extra.get("each_of"):
        key += f":{m.extra['each_of']}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def extract_batch(
    docs: list[Document],
    timexes: list[list[TemporalExpression]],
    model: str | None = None,
    batch_size: int = 8,
) -> list[list[Event]]:
    """Parse documents in this process (nlp.pipe, what can hold an event only) and extract their events.

    The flow spreads batches over worker processes with tasks/parse_pool.py, which calls this."""
    if not docs:
        return []  # an unchanged batch never loads the model
    from tasks.nlp import load_pipeline

    nlp = load_pipeline(model)
    parsed = nlp.pipe((parse_text(doc.text) for doc in docs), batch_size=batch_size)
    return [extract_events(doc, sdoc, tx) for doc, sdoc, tx in zip(docs, parsed, timexes, strict=True)]


def extract_events(
    doc: Document,
    sdoc: Doc,
    timexes: list[TemporalExpression],
    count_model: classify_counts.Model | None = None,
) -> list[Event]:
    """All deployment and casualty claims of one article, one event per distinct claim. `count_model`: the
    classifier of the counts no rule claims (the shipped one unless given)."""
    count_model = count_model or classify_counts.load_model()
    skip = boilerplate_ranges(doc.text) + dateline_ranges(doc.text)
    timexes = _recent_span(
        _resolve_later([t for t in timexes if not any(a < t.end and t.start < b for a, b in skip)], doc.text),
        doc.published,
    )
    prior = actor_prior(sdoc, skip, doc.title)
    breaks = [m.start() for m in re.finditer(r"\n", doc.text)]
    mentions: list[_Mention] = []
    previous: dict[str, _Mention] = {}
    last_dated: tuple[int, int, When] | None = None
    # the last past day the text named: its paragraph, sentence, day and sentence text
    narrative: tuple[int, int, When, str] | None = None
    paragraphs = [-1, -1]  # the line index of the paragraph before this one, and of this one
    past_days = sorted(
        (
            t
            for t in timexes
            if t.type == "DATE"
            and t.granularity == "day"
            and t.period_start is not None
            and t.period_start == t.period_end
            and (doc.published is None or t.period_end <= doc.published)
            and t.value != "PRESENT_REF"
        ),
        key=lambda t: t.start,
    )
    day_starts = [t.start for t in past_days]
    lede = None  # the first paragraph of body text
    told: _Mention | None = None  # the counted casualty claim of the sentence before
    for n, sent in enumerate(sdoc.sents):
        stripped = sent.text.lstrip()
        if not stripped or _in_ranges(sent.start_char + len(sent.text) - len(stripped), skip):
            continue
        paragraph = _paragraph_index(sent.start_char, breaks)
        if paragraph != paragraphs[1]:
            paragraphs = [paragraphs[1], paragraph]
        if _content_end_text(sent).endswith("?"):
            continue  # "Has the army pulled its troops back?" asks, it claims nothing
        found = _mentions_in_sentence(
            sent, timexes, doc, count_model, told if told and told.sentence_index == n - 1 else None
        )
        heading = _is_heading(doc.text, sent.start_char + len(sent.text) - len(stripped), _content_end(sent))
        if lede is None and not heading and len(stripped.split()) >= 8 and sent.text.rstrip().endswith("."):
            lede = paragraph
        for m in found:
            vague = m.count is not None and m.count.qualifier == "vague" and m.event_type == "casualty"
            if heading or (paragraph == lede and vague):
                # the lede's "hundreds of them had been killed" restates a body figure, as a headline does
                m.extra["heading"] = True
        then = _AT_THE_TIME.search(sent.text)
        for m in found:
            m.paragraph, m.sentence_index = paragraph, n
            undated = (
                m.when is None or m.when.end is None and m.when.precision is None
            )  # "in the near future"
            if then and undated and last_dated is not None and last_dated[:2] == (paragraph, n - 1):
                # "The channel said at the time that a further 200 would follow": the claim is as old as the
                # date the sentence before gave
                w = last_dated[2]
                m.when = When(None, w.end, w.text, w.precision, True, w.start)
                m.extra["date_from_previous_sentence"] = True
            if m.subtype == "planned" and undated and m.source and narrative is not None:
                day_paragraph, day_sentence, w, day_text = narrative
                recent = doc.published is None or (doc.published - w.end).days <= _NARRATIVE_DAYS
                if (
                    (day_paragraph == paragraph or day_paragraph == paragraphs[0] and recent)
                    and day_sentence < n
                    and _same_speaker(m.source[1], day_text)
                    and _told_in_past(m.trigger.sent)
                ):
                    # "The minister assured the Senate on Monday ... [next paragraph] the minister said 1,000
                    # troops would shortly be dispatched": the claimant's plan dates from the day the text
                    # last showed the claimant on
                    m.when = When(w.start, w.end, w.text, w.precision, True, w.start)
                    m.extra["date_from_narrative"] = True
            prev = previous.get(_carry_key(m))
            if prev is not None and prev.paragraph == paragraph and prev.sentence_index == n - 1:
                if m.when is None and prev.when is not None:
                    m.when = prev.when
                    m.extra["date_from_previous_sentence"] = True
                if m.source is None and prev.source is not None and prev.count is not None:
                    m.source = prev.source
                    m.extra["source_from_previous_sentence"] = True
        for m in found:
            if m.count is not None or m.event_type == "deployment":
                previous[_carry_key(m)] = m
        told = next((m for m in reversed(found) if m.event_type == "casualty" and m.count is not None), None)
        dated = [m.when for m in found if m.when is not None and m.when.start is not None]
        if not dated:  # "... came on January 15, 2016, when X overran a base. Officials said at the time ..."
            dated = [
                When(t.period_start, t.period_end, t.text, t.granularity)
                for t in timexes
                if sent.start_char <= t.start < sent.end_char
                and t.type == "DATE"
                and t.period_start is not None
                and t.granularity == "day"
            ]
        if dated:
            last_dated = (paragraph, n, dated[0])
        days = past_days[
            bisect.bisect_left(day_starts, sent.start_char) : bisect.bisect_left(day_starts, sent.end_char)
        ]
        if days:
            day = When(days[-1].period_start, days[-1].period_end, days[-1].text, "day")
            narrative = (paragraph, n, day, sent.text)
        mentions.extend(found)
    primary = primary_actor(prior, mentions)
    places = place_counts(sdoc, skip, doc.title)
    place = host_side(places, None)
    deployed = _deployed_sides(mentions)
    abroad = deployed - {place}
    if primary is not None and side_of(primary) == place and place not in deployed and abroad:
        # "Haitian police officers were killed" five times in an article about the Kenyan-led mission: the
        # country the events happen in is not the article's force while a foreign force is deployed there
        primary = primary_actor(
            {k: v for k, v in prior.items() if k in abroad},
            [m for m in mentions if m.actor and side_of(m.actor) in abroad],
        )
    mentions = _distribute_each(mentions, prior, primary)
    host = host_side(places, primary)
    expeditionary = _deployed_sides(mentions)
    for m in mentions:
        if _returned_home(m, primary, expeditionary - {host}):
            if m.subtype == "planned":  # "the exercise forces will return to the UK in early June"
                m.extra["hypothetical"] = True  # a withdrawal to come is not annotated
            m.subtype = "withdrawn"  # "the 123rd Battalion returned to Dublin", "150 have returned to Syria"
    events = []
    issuer = issuer_of(doc)
    turns = speaker_turns(doc) or interview_turns(doc, sdoc)
    seen_sources: list[tuple[int, str, str]] = []
    dated_claims = _dated_claims(doc.text, timexes, skip)
    lex = lexicon()
    named_bodies = [  # "South Korea's National Intelligence Service (NIS) offered ...": a claimant named in passing
        (m.start(), display_source(m.group(1)), m.group(1))
        for m in lex.source_regex.finditer(doc.text.replace("’", "'"))
        if not _in_ranges(m.start(), skip)
    ]
    # "contractors" are a private military company's fighters only in an article that names one (or a
    # group that fights for a state's side: Wagner, Africa Corps); the text is scanned only if needed
    hired_guns = any(m.extra.get("bare_contractor") for m in mentions) and (
        bool(_PMC_WORDS.search(doc.text)) or _names_proxy(doc.text)
    )
    for m in mentions:
        if m.extra.get("hypothetical"):
            continue
        if m.count is None:
            if m.subtype not in ("planned", "withdrawn"):
                continue
            if not _has_troop_argument(m.trigger):
                m.extra["weak"] = True  # may corroborate a claim made elsewhere in the article, not start one
        if not m.actor_explicit and m.source and _possessed_by_claimant(m.noun):
            # the claimant's own troops are another side's only where the claimant is an armed group or
            # the host country's army; a second expeditionary force's losses stay in ("SANDF said 13 of its")
            named = [
                a
                for a in actors_in(m.source[1])
                if side_of(a) == host or lexicon().actor_kinds.get(side_of(a)) == "group"
            ]
            irregular = {w.rstrip("s") for w in re.findall(r"[a-z]+", m.source[1].lower())} & {
                w.rstrip("s") for w in lexicon().irregular_nouns
            }
            states = [a for a in actors_in(m.source[1]) if lexicon().actor_kinds.get(side_of(a)) == "state"]
            if named:  # "a Houthi spokesman said five of the group's fighters were killed": the Houthis'
                m.actor, m.actor_explicit = named[0], True
            elif (
                m.event_type == "deployment" and states
            ):  # "Rwanda said 500 more of its soldiers had arrived"
                m.actor, m.actor_explicit = states[0], True
                if m.count is not None:
                    expeditionary.add(side_of(m.actor))  # so that its losses count too
            elif irregular and lexicon().actor_kinds.get(side_of(primary)) == "state":
                m.extra["other_actor"] = True  # "a rebel spokesman said nine of its fighters": the rebels'
            elif (
                not actors_in(m.source[1])
                and m.noun.lemma_.lower() == "fighter"
                and re.fullmatch(r"(?:the )?[A-Z][A-Z-]{1,7}", m.source[1])
                and lexicon().actor_kinds.get(side_of(primary)) == "state"
            ):
                m.extra["other_actor"] = True  # "The SNA said 17 of its fighters had been killed": a group's
        if (
            m.event_type == "casualty"
            and m.actor_explicit
            and side_of(m.actor) != side_of(primary)
            and not (side_of(m.actor) in expeditionary and side_of(m.actor) != host)
            and not _serving_in_mission(m.noun)
            and not _peacekeeping(m.actor)  # a mission's losses are always a foreign force's
        ):
            m.extra["other_actor"] = True  # losses of other sides are not this article's casualties
        if (
            m.event_type == "casualty"
            and not m.actor_explicit
            and (
                _irregular(m.noun)
                or any(  # "put insurgent losses at more than 60 dead"
                    t.lemma_.lower() in _LOSS_WORDS and _irregular(t) for t in m.trigger.sent
                )
                or _loser(m.trigger, m.noun) in lexicon().irregular_nouns
            )
            and lexicon().actor_kinds.get(side_of(primary)) == "state"
        ):
            m.extra["other_actor"] = True  # "100 rebels killed" in an article about a state's forces
        if (
            m.event_type == "deployment"
            and not m.actor_explicit
            and _held_by_armed_group(m.trigger)
            and lexicon().actor_kinds.get(side_of(primary)) == "state"
            and not _names_proxy(doc.text)  # Wagner is "the group" of an article about Wagner
        ):
            m.extra["other_actor"] = True  # "the group still has 1,500 fighters" in an article about an army
        if _host_army_at_home(m, host, primary):
            m.extra["other_actor"] = True  # "the Lebanese army has deployed thousands south of the Litani"
        if _on_own_soil(m):
            m.extra["other_actor"] = True  # "killed 40 Chadian soldiers on the Chadian side of the lake"
        if m.extra.pop("bare_contractor", False) and not hired_guns:
            continue  # "two American contractors were also hurt" at a state's base: civilians (not Wagner's)
        if m.extra.pop("side_unknown", False):
            m.extra["other_actor"] = True  # a count whose side the text leaves open is no side's
        if m.extra.pop("own_side_of_claimant", False) and m.event_type == "casualty":
            claimant = actors_in(m.source[1]) if m.source else []
            if not claimant or side_of(claimant[0]) != side_of(primary):
                m.extra["other_actor"] = (
                    True  # "their own fighters": the claimant's losses, not the subject's
                )
        if m.event_type == "deployment" and m.subtype != "planned" and _named_ahead(m.when, doc.published):
            m.subtype = "planned"  # "the remaining 88 fly out next Tuesday": a move still to come
        when = _clamp_to_report(_period(m, doc.published), m.subtype, doc.published)
        sent = m.trigger.sent
        source, source_text = (m.source[0], m.source[1]) if m.source else (None, None)
        start = m.trigger.sent.start_char
        if source is None:
            ledger = _ledger_claimant(doc.text, m.trigger.idx)
            if ledger is not None:  # "- 19 December 2024, NIS: at least 100 dead"
                source, source_text = display_source(ledger), ledger
        earlier = sorted(seen_sources + [b for b in named_bodies if b[0] < start])
        source, source_text = _resolve_generic_source(source, source_text, [(s, t) for _, s, t in earlier])
        if source is None:
            source, source_text = _quote_speaker(sdoc, m.trigger.idx) or (None, None)
        if issuer and (source is None or _FIRST_PERSON.match(source_text or "")):
            source, source_text = issuer, issuer  # a press release or report speaks for its issuer
        speaker = _speaker_at(turns, start) if turns else None
        if speaker and (
            source is None or _I.match(source_text or "") or _FIRST_PERSON.match(source_text or "")
        ):
            source, source_text = speaker, speaker  # an interviewee's answer is her claim
        if source_text and _BARE_PRONOUN.match(source_text):
            # "our own estimate is" with no speaker to stand for "our": no claimant
            source = source_text = None
        if source:
            seen_sources.append((start, source, source_text))
        reported = _reported_date(m, doc.published)
        if m.subtype == "planned" and m.when is None and source_text:
            # "the ministry, in a briefing on Monday, said X appeared ready to send"; else "The NIS said on
            # Wednesday ... The NIS assessed that X is preparing to": the plan is as old as its telling
            said = _attribution_date(m.trigger, timexes)
            if said is not None:
                when = When(said.period_start, said.period_end, None, said.granularity)
            else:
                said_on = _claimant_day(source_key(source_text), m.trigger.idx, dated_claims, doc.published)
                when = When(said_on, said_on, None, "day") if said_on is not None else when
            if when.precision == "day" and when.end is not None:
                reported = when.end  # the day it was said (the publication date when none is given)
        killer_side = m.extra.pop("killer_side", None)
        if m.extra.pop("killer_is_claimant", False) and source_text and actors_in(source_text):
            killer_side = side_of(actors_in(source_text)[0])
        if (
            m.event_type == "casualty"
            and not m.actor_explicit
            and killer_side
            and killer_side == side_of(primary)
        ):
            m.extra["other_actor"] = True  # "the group claimed to have killed more than 100": its enemies
        events.append(
            Event(
                event_id=_event_id(doc, m),
                doc_id=doc.doc_id,
                content_hash=doc.content_hash,
                event_type=m.event_type,
                subtype=m.subtype,
                count_min=m.count.count_min if m.count else None,
                count_max=m.count.count_max if m.count else None,
                count_qualifier=m.count.qualifier if m.count else None,
                count_text=m.count.text if m.count else None,
                period_start=when.start,
                period_end=when.end,
                date_text=when.text,
                date_precision=when.precision,
                reported_date=reported,
                source=source,
                source_text=source_text,
                actor=m.actor if m.actor_explicit else primary,
                location=_location(m.trigger, m.noun, m.actor if m.actor_explicit else primary),
                evidence=doc.text[sent.start_char : _content_end(sent)].strip(),
                evidence_start=sent.start_char,
                evidence_end=_content_end(sent),
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
                is_negated=m.negated,
                source_id=source_key(source_text),
                extra={
                    "is_primary_actor": not m.extra.get("other_actor") and m.actor != "mixed",
                    "trigger": m.trigger.text,
                    "trigger_start": m.trigger.idx,
                    **{k: v for k, v in m.extra.items() if k != "other_actor"},
                },
            )
        )
    events = _as_of_entry_days(doc, events, past_days)
    listed = _table_events(doc, timexes, primary)
    listed += _mission_breakdown(doc, [e for e in events if "learned" not in e.extra] + listed, primary)
    # a table's or a list's reading of a count stands over the count classifier's
    events = [e for e in events if "learned" not in e.extra or not any(_same_count(t, e) for t in listed)]
    return consolidate([_sent_by_publication(e, doc.published) for e in events + listed])


def _same_count(listed: Event, learned: Event) -> bool:
    """A listed event (a table cell, a list item) reads the count the learned event was made from."""
    inside = learned.sentence_start <= listed.evidence_start < learned.sentence_end
    return inside and (listed.count_min, listed.count_max) == (learned.count_min, learned.count_max)


def _sent_by_publication(e: Event, published: date | None) -> Event:
    """A force sent was there by the time the article said so, whatever date a table's caption or a
    rule gave it ('as of Feb. 20' in a piece dated Feb. 18); and a period never ends before it starts:
    the invariants sql/checks holds the warehouse to, kept here so that one odd article cannot stop a
    run (an upside-down period keeps its end and loses its start)."""
    if e.period_start is not None and e.period_end is not None and e.period_start > e.period_end:
        e = replace(e, period_start=None)
    if e.subtype != "sent" or published is None or e.period_end is None or e.period_end <= published:
        return e
    start = e.period_start if e.period_start is None or e.period_start <= published else published
    return replace(e, period_start=start, period_end=published)


_ENTRY_LEAD = re.compile(r"[ \t]*(?:[-•*–—][ \t]*)?")  # "- ", "• " or nothing before the day
_ENTRY_TAIL = re.compile(r"[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*[:–—-]")  # " (DR Congo):" after it


def _as_of_entry_days(doc: Document, events: list[Event], past_days: list[TemporalExpression]) -> list[Event]:
    """A digest's or a chronology's entry that opens with its day ('- Wed 12 Mar: ... About 2,000 US
    troops are currently in the country.') is told as of that day: an event of the entry that its
    sentence gives no date of holds up to the entry's day, not the publication's, and is claimed then."""
    entries = []
    for t in past_days:
        line_start = doc.text.rfind("\n", 0, t.start) + 1
        if _ENTRY_LEAD.fullmatch(doc.text, line_start, t.start) and _ENTRY_TAIL.match(doc.text, t.end):
            line_end = doc.text.find("\n", t.end)
            entries.append((line_start, len(doc.text) if line_end < 0 else line_end, t.period_end))
    out = []
    for e in events:
        day = next((d for a, b, d in entries if a <= e.evidence_start < b), None)
        if day is not None and e.period_end == doc.published and e.period_start in (None, doc.published):
            e = replace(
                e,
                period_start=None if e.period_start is None else day,
                period_end=day,
                reported_date=day if e.reported_date == doc.published else e.reported_date,
            )
        out.append(e)
    return out


# "1. UNMISS (South Sudan): 2,380", "the United Nations Mission in South Sudan (UNMISS) - 2,387; ...": a
# mission named, then a bare figure that ends its item
_BREAKDOWN_WORD = r"(?:[A-Z][\w'\u2019.-]*|in|of|for|the|and|on|\([^()\n]{2,80}\))"
_BREAKDOWN_ITEM = re.compile(
    rf"(?P<name>{_BREAKDOWN_WORD}(?:[ \t]+{_BREAKDOWN_WORD}){{0,14}})"
    r"[ \t]*(?::|[ \t]-|\u2013|\u2014)[ \t]*(?P<num>\d{1,3}(?:,\d{3})+|\d{1,6})(?=[ \t]*(?:[;.,]|and\b|\n|$))"
)
_LOSSES_BEFORE = re.compile(
    r"\b(?:killed|died|deaths?|fatalit|lost their lives|wounded|injured|martyr|casualt)", re.I
)


def _mission_breakdown(doc: Document, events: list[Event], primary: str | None) -> list[Event]:
    """A force's total broken down by mission, in a list or a run of items ('The major contingents are with
    ... (UNMISS) - 2,387; ... (MONUSCO) - 1,834', '1. UNMISS (South Sudan): 2,380'): one deployment per
    mission, the article's force's, as of the date of the claim the list follows (else the publication);
    not a list of losses by mission."""
    out = []
    text = doc.text
    for m in _BREAKDOWN_ITEM.finditer(text):
        name = m.group("name")
        missions = [a for a in actors_in(name) if _peacekeeping(a)]
        if not missions or re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
            continue  # (not "UNIFIL (Lebanon) - 1978": a year)
        if _LOSSES_BEFORE.search(text[max(0, m.start() - 250) : m.start()]):
            continue  # "Fatalities by mission: MONUSCO: 12"
        if any(
            e.evidence_start <= m.start("num") < e.evidence_end and e.count_min == _int(m.group("num"))
            for e in events
        ):
            continue  # the sentence's own reading already has it
        prior = [e for e in events if e.evidence_end <= m.start() and m.start() - e.evidence_end < 600]
        anchor = max(prior, key=lambda e: e.evidence_end) if prior else None
        start, end, date_text, precision = (
            (anchor.period_start, anchor.period_end, anchor.date_text, anchor.date_precision)
            if anchor is not None and anchor.event_type == "deployment"
            else (None, doc.published, None, "open")
        )
        n = _int(m.group("num"))
        out.append(
            _listed_event(
                doc,
                f"{doc.content_hash}:breakdown:{m.start('num')}",
                ("deployment", "sent"),
                Count(n, n, "exact", m.group("num"), m.start("num"), m.end("num")),
                When(start, end, date_text, precision),
                anchor.reported_date if anchor is not None else doc.published,
                anchor.source_text if anchor is not None else None,
                primary,
                Cell(m.group(0), m.start(), m.end()),
                {"is_primary_actor": True, "breakdown": missions[0]},
            )
        )
    return out


def _int(s: str) -> int:
    return int(s.replace(",", ""))


def _listed_event(
    doc: Document,
    key: str,
    kind: tuple[str, str],
    count: Count,
    when: When,
    reported: date | None,
    source_text: str | None,
    actor: str | None,
    item: Cell,
    extra: dict,
) -> Event:
    """An event read from a table row or a list item rather than a parsed sentence: the item is its
    evidence and its sentence."""
    return Event(
        event_id=hashlib.sha256(key.encode()).hexdigest()[:16],
        doc_id=doc.doc_id,
        content_hash=doc.content_hash,
        event_type=kind[0],
        subtype=kind[1],
        count_min=count.count_min,
        count_max=count.count_max,
        count_qualifier=count.qualifier,
        count_text=count.text,
        period_start=when.start,
        period_end=when.end,
        date_text=when.text,
        date_precision=when.precision,
        reported_date=reported,
        source=canonical_source(source_text) if source_text else None,
        source_text=source_text,
        actor=actor,
        location=None,
        evidence=item.text,
        evidence_start=item.start,
        evidence_end=item.end,
        sentence_start=item.start,
        sentence_end=item.end,
        source_id=source_key(source_text),
        extra=extra,
    )


def _table_events(doc: Document, timexes: list[TemporalExpression], primary: str | None) -> list[Event]:
    """The counts of the article's text tables (see tasks/tables.py), one event per count cell: the row's
    force is the actor (else the article's), its source cell the claimant, its date cell the day of the
    claim (counts up to then), else a date in the caption above the table ('estimates as of December
    2024'), else the publication date."""
    lex = lexicon()
    out = []
    for claim in table_claims(doc.text):
        actor, explicit = primary, False
        if claim.force is not None:
            words = re.findall(r"[a-z]+", claim.force.text.lower())
            named = actors_in(claim.force.text)
            only_named = named and all(
                w[0].isupper() or w in ("of", "the", "and") for w in claim.force.text.split()
            )
            if not only_named and not any(
                w in lex.person_nouns or w.rstrip("s") in lex.person_nouns for w in words
            ):
                continue  # "| Drones | 40 |": no people; "| Ghana | 870 |" under "Troops" is Ghana's troops
            actor, explicit = (named[0], True) if named else (primary, False)
        start, end, date_text, precision, reported = None, doc.published, None, "open", doc.published
        # a date cell, else a date in the source cell ("Pentagon (Dec. 19)"), is the day of the claim
        said = claim.date or claim.source
        dated = [
            t
            for cell in (said, claim.caption)
            if cell is not None
            for t in timexes
            if cell.start <= t.start and t.end <= cell.end and t.type == "DATE" and t.period_end is not None
        ]
        if dated:
            t = dated[0]
            claimed = said is not None and said.start <= t.start < said.end
            start = None if claimed else t.period_start
            end, date_text, precision = t.period_end, t.text, t.granularity
            if (
                claimed
                and t.granularity == "day"
                and (doc.published is None or t.period_end <= doc.published)
            ):
                reported = t.period_end
        source_text = claim.source.text.split(",")[0].strip() if claim.source is not None else None
        if source_text and dated and claimed and claim.date is None:
            source_text = re.sub(r"\s*\([^)]*\)\s*$", "", source_text) or None  # "Pentagon (Dec. 19)"
        other = claim.event_type == "casualty" and explicit and side_of(actor) != side_of(primary or "")
        out.append(
            _listed_event(
                doc,
                f"{doc.content_hash}:table:{claim.count.start}:{claim.event_type}/{claim.subtype}",
                (claim.event_type, claim.subtype),
                claim.count,
                When(start, end, date_text, precision),
                reported,
                source_text,
                actor,
                claim.row,
                {"is_primary_actor": not other, "table_row": True},
            )
        )
    return out


def _overlaps(a: Event, b: Event) -> bool:
    if a.period_start and b.period_end and a.period_start > b.period_end:
        return False
    if b.period_start and a.period_end and b.period_start > a.period_end:
        return False
    return True


def _same_claim(a: Event, b: Event) -> bool:
    if (a.event_type, a.subtype, a.count_min, a.count_max, a.is_negated) != (
        b.event_type,
        b.subtype,
        b.count_min,
        b.count_max,
        b.is_negated,
    ):
        return False
    if a.extra.get("is_primary_actor") != b.extra.get("is_primary_actor"):
        return False
    if a.actor and b.actor and side_of(a.actor) != side_of(b.actor):
        return False
    if (
        a.event_type == "deployment"
        and a.count_min is not None
        and a.extra.get("additive") != b.extra.get("additive")
    ):
        return False  # "a first contingent of around 1,500 ... another 1,500 had followed": two batches
    if a.extra.get("standing") and b.extra.get("added") or b.extra.get("standing") and a.extra.get("added"):
        return False  # "keeps about 900 in Syria" and "sent about 900 additional troops in October"
    if a.count_min is None and a.count_max is None:
        # a withdrawal dated only by its report ("said on Thursday") is not dated itself
        undated_a = a.date_text is None or a.subtype == "withdrawn" and a.period_start is None
        undated_b = b.date_text is None or b.subtype == "withdrawn" and b.period_start is None
        if undated_a and undated_b:
            return True
        if a.subtype == "withdrawn" and (undated_a or undated_b):
            return _overlaps(a, b)
        return (a.period_start, a.period_end) == (b.period_start, b.period_end)
    return _overlaps(a, b)


def _dated(e: Event) -> bool:
    return bool(e.date_text) and e.period_start is not None


def _fits_dated(group: list[Event], ev: Event) -> bool:
    """A plan or withdrawal without a number that the text dates joins only a group whose dated mentions
    it overlaps: 'left Shire in late December' and 'left Axum on Friday' are two claims, even when an
    undated 'have begun pulling out' could go with either."""
    if ev.count_min is not None or ev.count_max is not None or not _dated(ev):
        return True
    return all(_overlaps(e, ev) for e in group if _dated(e) and e.count_min is None and e.count_max is None)


def _same_side(a: Event, b: Event) -> bool:
    return not (a.actor and b.actor) or side_of(a.actor) == side_of(b.actor)


def _within(a: Event, b: Event) -> bool:
    """a's period lies inside b's: 'withdrawn in mid-January' inside the count's 'since January';
    'pulled back since Dec. 8' is no part of '500 flown out over the weekend'."""
    if b.period_start and (a.period_start is None or a.period_start < b.period_start):
        return False
    return not (b.period_end and (a.period_end is None or a.period_end > b.period_end))


def _same_role(a: Event, b: Event) -> bool:
    """Both asserted or both negated, both about the article's force or both about another side."""
    return (a.is_negated, a.extra.get("is_primary_actor")) == (b.is_negated, b.extra.get("is_primary_actor"))


def _same_kind(a: Event, b: Event) -> bool:
    """Two claims of the same type, subtype, negation, actor role and side."""
    return (a.event_type, a.subtype) == (b.event_type, b.subtype) and _same_role(a, b) and _same_side(a, b)


def _long_before(a: Event, b: Event) -> bool:
    """a is dated over a year before b's undated claim ends: 'in October 2019, when troops pulled back'
    is an earlier withdrawal, not the date of '500 have been pulled out', told in 2025."""
    return (
        _dated(a)
        and b.period_start is None
        and a.period_end is not None
        and b.period_end is not None
        and (b.period_end - a.period_end).days > 365
    )


def _fold_countless(groups: list[list[Event]]) -> list[list[Event]]:
    """A plan or withdrawal mentioned without a number joins the same claim made with one."""
    counted = [g for g in groups if g[0].count_min is not None or g[0].count_max is not None]
    out = []
    for group in groups:
        base = group[0]
        if base.count_min is None and base.count_max is None and base.subtype in ("planned", "withdrawn"):
            host = next(
                (
                    g
                    for g in counted
                    if _same_kind(g[0], base)
                    and _overlaps(g[0], base)
                    and not _long_before(base, g[0])
                    and all(not _dated(e) or _within(e, g[0]) for e in group)
                    and not any(_a_day_of_a_longer_move(e, g[0]) for e in group)
                ),
                None,
            )
            if host is not None:
                host.extend(group)
                continue
        out.append(group)
    return out


def _a_day_of_a_longer_move(e: Event, host: Event) -> bool:
    """'peacekeepers left the camp at Tessalit on 21 October' inside 'some 10,800 were repatriated
    between 1 July and 30 November': a dated step of a drawdown told over months is a claim of its own."""
    return (
        _dated(e)
        and e.period_start == e.period_end
        and host.period_start is not None
        and host.period_end is not None
        and (host.period_end - host.period_start).days > 31
        and host.period_start < e.period_start < host.period_end  # not the day it began or ended
    )


def _count_value(e: Event) -> int | None:
    return e.count_min if e.count_min is not None else e.count_max


def _restates(head: Event, host: Event) -> bool:
    """A headline's figure restates a body claim: the same number, no number (a plan or withdrawal
    told in the headline), or vague words whose range holds it ('dozens hurt' for '34 wounded')."""
    if head.count_min is None and head.count_max is None:
        return True
    if (head.count_min, head.count_max) == (host.count_min, host.count_max):
        return True
    value = _count_value(host)
    if value is None:
        return False
    if head.count_qualifier == "vague":
        return (head.count_min or 0) <= value <= (head.count_max or value)
    if head.count_qualifier == "at_least" and head.count_min is not None:
        return head.count_min <= value <= head.count_min * 1.1  # "losses pass 33,000" over "33,600 killed"
    return _count_value(head) == value  # "100 killed" over "at least 100 were killed"


def _same_figure(head: Event, host: Event) -> bool:
    """'Obama sends up to 450 more troops to Iraq' over the body's 'authorised up to 450 additional
    troops': a headline's verb is loose, its figure is not."""
    return (
        head.event_type == host.event_type == "deployment"
        and head.count_max is not None
        and (head.count_min, head.count_max) == (host.count_min, host.count_max)
        and _same_role(head, host)
    )


def _losses_of(head: Event, host: Event) -> bool:
    """A headline's 'losses pass 33,000' may restate a body's '33,600 killed': losses without a split
    cover any casualty figure of the same side."""
    return (
        head.event_type == host.event_type == "casualty"
        and head.subtype == "killed_or_wounded"
        and _same_role(head, host)
        and _same_side(head, host)
    )


def _fold_headings(groups: list[list[Event]]) -> list[list[Event]]:
    """A claim told only in a headline (the title, a live blog's entry heading) joins the body claim it
    restates, whatever the dates: a headline is dated by the day it ran, not by the event."""
    # a headline group may have picked up weak mentions (no troops named) from the body: still a headline
    body = [
        g
        for g in groups
        if not (g[0].extra.get("heading") and all(e.extra.get("heading") or e.extra.get("weak") for e in g))
    ]
    out = []
    for group in groups:
        base = group[0]
        if group in body or not body:
            out.append(group)
            continue
        host = next(
            (
                g
                for g in body
                if (_same_kind(g[0], base) or _losses_of(base, g[0]) or _same_figure(base, g[0]))
                and _restates(base, g[0])
            ),
            None,
        )
        if host is None:
            out.append(group)
        else:
            host.extend(group)
    return out


_NOW_WORDS = frozenset({"now", "currently", "right now", "at present", "presently", "at the moment"})


def consolidate(events: list[Event]) -> list[Event]:
    """Merge repeated mentions of one claim in an article: dated period and first named source win."""
    groups: list[list[Event]] = []
    for ev in sorted(events, key=lambda e: bool(e.extra.get("weak"))):
        for group in groups:
            if _same_claim(group[0], ev) and _fits_dated(group, ev):
                group.append(ev)
                break
        else:
            if not ev.extra.get("weak"):
                groups.append([ev])
    order = {e.event_id: n for n, e in enumerate(events)}
    for group in groups:
        group.sort(key=lambda e: order[e.event_id])
    groups = _fold_headings(_fold_countless(groups))
    out = []
    for group in groups:
        base = group[0]
        dated = sorted(
            (e for e in group if e.date_text),
            # a counted mention first, then one that dates the event itself rather than only its report;
            # a headline's date is the day it ran, the body's the day it happened
            key=lambda e: (
                e.count_min is None and e.count_max is None,
                bool(e.extra.get("heading")),
                e.period_start is None,
                # "at least nine had now died" in the lede, "killed since 2022" in the body: the span wins
                (e.date_text or "").lower() in _NOW_WORDS,
            ),
        )
        when = dated[0] if dated else base
        # the body names the claimant in full ("the National Intelligence Service"), a headline in short
        sourced = sorted((e for e in group if e.source), key=lambda e: bool(e.extra.get("heading")))
        located = [e for e in group if e.location]
        merged = replace(
            base,
            period_start=when.period_start,
            period_end=when.period_end,
            date_text=when.date_text,
            date_precision=when.date_precision,
            source=sourced[0].source if sourced else None,
            source_text=sourced[0].source_text if sourced else None,
            location=located[0].location if located else None,
            mentions=len(group),
            extra={**base.extra, "mention_ids": [e.event_id for e in group]},
        )
        if any("learned" not in e.extra for e in group):  # a rule found the claim too
            merged.extra.pop("learned", None)
        out.append(merged)
    return out
