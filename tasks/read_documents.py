"""Discover input files and read them into Documents (text, metadata, reference date) or Rejections."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from tasks.errors import InputError
from tasks.records import Document, Rejection

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("file", "published")  # required; publisher, title, url optional
TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
MAX_BYTES = 5_000_000  # larger files are rejected with a clear reason (documented in README)
MIN_CHARS = 40


@dataclass(frozen=True)
class ManifestRow:
    """One manifest line: the file it names and its metadata."""

    file: str
    line: int
    published: str
    publisher: str | None
    title: str | None
    url: str | None


@dataclass(frozen=True)
class Candidate:
    """A file to read, with its manifest row if it has one."""

    path: Path
    rel: str
    meta: ManifestRow | None


def content_hash(data: bytes) -> str:
    """Key of a document: sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> tuple[dict[str, ManifestRow], list[Rejection]]:
    """Manifest rows by relative file name, and rejections for rows that cannot be used."""
    path = folder / MANIFEST
    if not path.exists():
        return {}, []
    rows: dict[str, ManifestRow] = {}
    rejected: list[Rejection] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc.reason})") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path}:1: manifest lacks columns {missing} (has {reader.fieldnames})")
    root = folder.resolve()
    for number, rec in enumerate(reader, start=2):
        name = (rec.get("file") or "").strip()
        where = f"{MANIFEST}:{number}"
        if not name:
            rejected.append(Rejection(where, None, "manifest_row_invalid", "empty file name"))
            continue
        target = (folder / name).resolve()
        if not target.is_relative_to(root) or Path(name).is_absolute():
            rejected.append(
                Rejection(name, None, "path_outside_input", f"{where} names a path outside {folder}")
            )
            continue
        if not target.is_file():
            rejected.append(
                Rejection(name, None, "missing_file", f"{where} names a file that does not exist")
            )
            continue
        rel = target.relative_to(root).as_posix()
        if rel in rows:
            rejected.append(
                Rejection(name, None, "manifest_row_invalid", f"{where} repeats line {rows[rel].line}")
            )
            continue
        rows[rel] = ManifestRow(
            rel,
            number,
            (rec.get("published") or "").strip(),
            (rec.get("publisher") or "").strip() or None,
            (rec.get("title") or "").strip() or None,
            (rec.get("url") or "").strip() or None,
        )
    return rows, rejected


def discover(folder: Path, limit: int | None = None) -> tuple[list[Candidate], list[Rejection]]:
    """Files under the input folder in sorted order, matched with their manifest rows."""
    if not folder.is_dir():
        raise InputError(f"{folder}: input folder does not exist")
    manifest, rejected = read_manifest(folder)
    root = folder.resolve()
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name == MANIFEST or path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        target = path.resolve()
        if not target.is_relative_to(root):
            name = path.relative_to(folder).as_posix()
            if not any(r.path == name and r.reason == "path_outside_input" for r in rejected):
                rejected.append(
                    Rejection(name, None, "path_outside_input", f"{name} links to {target}, outside {folder}")
                )
            continue
        rel = target.relative_to(root).as_posix()
        if path.suffix.lower() not in TEXT_SUFFIXES and path.suffix and rel not in manifest:
            continue  # not an article by its name; a manifest row still brings it in
        if any(c.rel == rel for c in found):
            continue  # a symlink to another file of the folder: the file itself is read once
        found.append(Candidate(path, rel, manifest.get(rel)))
    if limit is not None:
        found = found[:limit]
    return found, rejected


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32"),
    (b"\xff\xfe", "utf-16", "utf-16"),
    (b"\xfe\xff", "utf-16", "utf-16"),
)
# Bytes 0x80-0x9f: C1 controls in Latin-1, punctuation (curly quotes, dashes, euro) in Windows-1252.
_C1 = re.compile("[\x80-\x9f]")


def _check_text(text: str, encoding: str) -> tuple[str, str]:
    if len(_CONTROL.findall(text)) + len(_C1.findall(text)) > max(5, len(text) // 200):
        raise ValueError(f"binary-looking content after decoding as {encoding}")
    return text, encoding


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding of raw bytes; raise ValueError for binary or undecodable input."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(codec), name)
            except UnicodeDecodeError as exc:
                raise ValueError(f"{name} byte-order mark but not {name} ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (NUL bytes)")
    try:
        return _check_text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if len(data.translate(None, bytes(range(128)))) <= 0.1 * len(data):
        # Mostly ASCII with a few high bytes (accents, curly quotes, euro): English from Windows is
        # Windows-1252, a superset of Latin-1's printable range, far more often than the neighbour
        # charset a statistical guess picks on so few bytes.
        try:
            return _check_text(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("undecodable bytes: no text encoding fits")
    return _check_text(str(best), best.encoding)


_HTML_HINT = re.compile(r"<\s*(html|body|p|div|article|head)\b", re.I)


def html_to_text(html: str) -> str:
    """Article text of an HTML page: drop scripts, styles, navigation; keep block structure."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, noscript, nav, header, footer, aside, form, iframe, svg"):
        node.decompose()
    body = tree.css_first("article") or tree.body or tree.root
    if body is None:
        return ""
    blocks = []
    for node in body.css("h1, h2, h3, h4, p, li, blockquote, pre, td"):
        text = " ".join(node.text(separator=" ").split())
        if text and not any(text in b for b in blocks[-1:]):
            blocks.append(text)
    if not blocks:
        blocks = [" ".join(body.text(separator=" ").split())]
    return "\n".join(blocks)


# spaCy's tokenizer splits prefixes and suffixes off a whitespace-free chunk one at a time, which is
# quadratic on a long run of punctuation (5,000 dashes or quotes take ~9 s, 50,000 would take many
# minutes); a space after every 32 such characters keeps every character and the time linear.
_PUNCT_RUN = re.compile(r"[^\w\s]{32}(?=[^\w\s])")


def normalize_text(text: str) -> str:
    """NFC, unix newlines, no control characters, no trailing spaces, no endless punctuation runs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub(" ", text)
    text = _PUNCT_RUN.sub(lambda m: m.group() + " ", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


# Words found in English news and rarely in other languages' text: function words (not "in", "is",
# "was", "an", "on", which Dutch, German or French share) and the domain's own nouns and verbs.
_ENGLISH_WORDS = frozenset(
    """the and of to that with for said says from by has have had were are which their they this it its
    who after not but would than into over about been be there these those could should when while where
    killed wounded dead died injured missing captured soldiers troops forces army fighters deployed sent
    casualties officials government""".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# English paragraphs of the seeds and held-out articles: >= 0.087; Dutch and Italian news: < 0.05.
MIN_ENGLISH_SHARE = 0.06
MIN_CONFIDENCE = 0.90
MIN_WORDS = 8


def english_share(text: str) -> float:
    """Share of the words of a text that are common English words."""
    words = [w.lower() for w in _WORD.findall(text)]
    return sum(w in _ENGLISH_WORDS for w in words) / len(words) if words else 0.0


def detect_language(text: str) -> str | None:
    """ISO code of the text's language, or None when too short to tell.

    Another language is reported only when the detector is confident and the text has few common
    English words: English dense with names and numbers often looks like something else to it.
    """
    sample = " ".join(text.split()[:400])
    if len(sample) < 80 or sum(not w.isupper() for w in _WORD.findall(sample)) < MIN_WORDS:
        return None  # too little prose: acronyms, numbers, a headline
    if english_share(sample) >= MIN_ENGLISH_SHARE:
        return "en"  # what the detector's answer would come to anyway, at a hundredth of its cost
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    try:
        langs = detect_langs(sample)
    except LangDetectException:
        return None
    if not langs:
        return None
    top = langs[0]
    if top.lang == "en":
        return "en"
    if top.prob < MIN_CONFIDENCE or any(lang.lang == "en" for lang in langs):
        return None
    return top.lang


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATELINE_KEYS = re.compile(
    r"^\s*(?:published|posted|updated|date|first published)(?:\s+on)?\s*[:\-–]?\s*(?P<date>.{6,60})$", re.I
)
_WIRE = re.compile(
    r"^[A-Z][A-Za-z .'-]{1,40},\s+(?:[A-Z][a-z]+,\s+)?(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)"
    r"\s*(?:\((?P<agency>[^)]{2,30})\))?"
)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def parse_date(value: str) -> date | None:
    """A full calendar date from a manifest or dateline string; None if it is not one."""
    value = value.strip()
    m = _ISO.fullmatch(value[:10]) if len(value) >= 10 else None
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True},
    )
    return parsed.date() if parsed else None


def find_dateline(text: str) -> tuple[date | None, str | None]:
    """Publication date from a dateline in the first lines, and how it was found."""
    head = [line.strip() for line in text.split("\n")[:12] if line.strip()]
    for line in head:
        m = _DATELINE_KEYS.match(line)
        if m:
            found = parse_date(m["date"].split("|")[0].strip())
            if found:
                return found, "dateline"
    for line in head:
        m = _WIRE.match(line)
        if not m:
            continue
        raw = m["date"]
        if _YEAR.search(raw):
            found = parse_date(raw)
            if found:
                return found, "dateline"
        years = [int(y) for y in _YEAR.findall(text)]
        if years:
            found = parse_date(f"{raw} {max(years)}")
            if found:
                return found, "dateline_year_inferred"
    return None, None


def read_one(candidate: Candidate, *, max_bytes: int = MAX_BYTES) -> Document | Rejection:
    """Read one candidate file into a Document, or a Rejection with the reason."""
    rel = candidate.rel
    size = candidate.path.stat().st_size
    if size > max_bytes:
        return Rejection(rel, None, "too_large", f"{size} bytes > limit {max_bytes} (set --max-bytes)")
    data = candidate.path.read_bytes()
    digest = content_hash(data)
    if not data.strip():
        return Rejection(rel, digest, "empty", "no text")
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        return Rejection(rel, digest, "binary", str(exc))
    if candidate.path.suffix.lower() in {".html", ".htm"} or _HTML_HINT.search(text[:2000]):
        text = html_to_text(text)
        encoding = f"{encoding}+html"
    text = normalize_text(text)
    if not text.strip():
        return Rejection(rel, digest, "empty", f"no text after decoding as {encoding}")
    if len(text.strip()) < MIN_CHARS:
        return Rejection(rel, digest, "too_short", f"fewer than {MIN_CHARS} characters of text")
    language = detect_language(text)
    if language not in (None, "en"):
        return Rejection(rel, digest, "not_english", f"detected language {language!r}")
    meta = candidate.meta
    flags: list[str] = []
    published, date_source = None, None
    if meta and meta.published:
        published = parse_date(meta.published)
        if published is None:
            return Rejection(
                rel, digest, "bad_date", f"manifest line {meta.line}: {meta.published!r} is not a date"
            )
        date_source = "manifest"
    else:
        published, date_source = find_dateline(text)
        if date_source == "dateline_year_inferred":
            flags.append("dateline_year_inferred")
    if published is None:
        flags.append("no_publication_date")
    return Document(
        doc_id=Path(rel).with_suffix("").as_posix(),
        content_hash=digest,
        path=rel,
        text=text,
        published=published,
        date_source=date_source,
        title=meta.title if meta else None,
        publisher=meta.publisher if meta else None,
        url=meta.url if meta else None,
        language=language,
        encoding=encoding,
        flags=tuple(flags),
    )


def read_all(
    candidates: Iterable[Candidate], *, max_bytes: int = MAX_BYTES
) -> tuple[list[Document], list[Rejection]]:
    """Read every candidate; the same content under two names loads once."""
    docs: list[Document] = []
    rejected: list[Rejection] = []
    by_hash: dict[str, Document] = {}
    for candidate in candidates:
        try:
            result = read_one(candidate, max_bytes=max_bytes)
        except OSError as exc:
            result = Rejection(candidate.rel, None, "unreadable", str(exc))
        except Exception as exc:  # one malformed file must not stop the others; its reason is recorded
            result = Rejection(candidate.rel, None, "read_error", f"{type(exc).__name__}: {exc}")
        if isinstance(result, Rejection):
            rejected.append(result)
            continue
        first = by_hash.get(result.content_hash)
        if first is not None:
            rejected.append(
                Rejection(result.path, result.content_hash, "duplicate", f"same content as {first.path}")
            )
            continue
        by_hash[result.content_hash] = result
        docs.append(result)
    return docs, rejected


def with_flags(doc: Document, *flags: str) -> Document:
    """The document with extra flags."""
    return replace(doc, flags=tuple(dict.fromkeys(doc.flags + flags)))
