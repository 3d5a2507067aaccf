"""Print our tagger's TempEval-3 errors on the train split (missed, spurious, wrong span/value/type).

Development aid: run on train.jsonl (or a dev file of our own, --file), never on test.jsonl. Usage:
    python benchmarks/timex_errors.py [--show missed,spurious,span,value,type] [--limit N] [--grep WORD]
    python benchmarks/timex_errors.py --gold 'year.end'   # how the gold annotates matching TIMEX3s
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dates_vs_heideltime import load_scorer, load_split  # noqa: E402  (same folder)

from tasks.tag_dates import tag_timex3 as tag_text  # noqa: E402

_CLASSES = (
    ("earnings", r"quarter|year.(?:ago|earlier)|period|fiscal|year.end"),
    ("week", r"week"),
    ("weekday", r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"),
    ("decade/century", r"centur|decade|\d0s\b"),
    ("month", r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"),
)


def _value_class(text: str, gold_value: str) -> str:
    """A coarse class of a wrong value, to count which kind of error is biggest."""
    for name, pattern in _CLASSES:
        if re.search(pattern, text, re.I):
            return name
    if gold_value.startswith("P") or gold_value.endswith("_REF"):
        return "duration/ref"
    return "other"


def _gold_shapes(docs: list[dict], pattern: re.Pattern) -> int:
    """Print each gold TIMEX3 whose text matches, then its (type, value with digits as 9, mod) counts."""
    shapes = collections.Counter()
    for d in docs:
        for g in d["timexes"]:
            if pattern.search(g["text"]):
                shapes[(g["type"], re.sub(r"\d", "9", g["value"] or ""), g["mod"])] += 1
                ctx = d["text"][max(0, g["start"] - 60) : g["end"] + 30].replace("\n", " ")
                print(f"{g['text']!r} {g['type']} {g['value']} {g['mod']} dct={d['dct']} | {ctx}")
    for shape, n in shapes.most_common():
        print(n, shape)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="train", choices=["train"])
    ap.add_argument(
        "--file",
        type=Path,
        default=None,
        help="a TimeML JSON-lines file of our own (benchmarks/data/timeml_dev/dev.jsonl)",
    )
    ap.add_argument("--show", default="missed,spurious,span,value,type")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--grep", default=None, help="only errors whose gold or system text contains this")
    ap.add_argument("--corpus", default=None, help="only documents of this corpus (TimeBank, AQUAINT)")
    ap.add_argument(
        "--gold", default=None, help="count gold type/value shape/mod of TIMEX3s matching this regex"
    )
    a = ap.parse_args(argv)
    docs = load_split(a.split, None, a.file)
    if a.corpus:
        docs = [d for d in docs if d["corpus"] == a.corpus]
    if a.limit:
        docs = docs[: a.limit]
    if a.gold:
        return _gold_shapes(docs, re.compile(a.gold, re.I))
    show = set(a.show.split(","))
    system = {}
    counts = collections.Counter()
    classes = collections.Counter()
    for d in docs:
        text = d["text"]
        found = tag_text(text, dt.date.fromisoformat(d["dct"]))
        system[d["doc_id"]] = {"doc_id": d["doc_id"], "timexes": [t.__dict__ for t in found]}
        used = set()
        for g in d["timexes"]:
            match = None
            for i, t in enumerate(found):
                if i not in used and t.start < g["end"] and t.end > g["start"]:
                    match = i
                    if t.start == g["start"] and t.end == g["end"]:
                        break
            ctx = text[max(0, g["start"] - 50) : g["end"] + 30].replace("\n", " ")
            if a.grep and a.grep.lower() not in (ctx.lower()):
                continue
            if match is None:
                counts["missed"] += 1
                if "missed" in show:
                    print(f"MISSED  {g['text']!r} {g['type']} {g['value']} {g['mod']} dct={d['dct']} | {ctx}")
                continue
            used.add(match)
            t = found[match]
            if (t.start, t.end) != (g["start"], g["end"]):
                counts["span"] += 1
                if "span" in show:
                    print(f"SPAN    gold={g['text']!r} ours={t.text!r} | {ctx}")
            if (t.value or "").upper() != (g["value"] or "").upper():
                counts["value"] += 1
                classes[_value_class(g["text"], g["value"] or "")] += 1
                if "value" in show:
                    print(
                        f"VALUE   {g['text']!r} gold={g['value']} ours={t.value} ({t.type}) dct={d['dct']} | {ctx}"
                    )
            if t.type != g["type"]:
                counts["type"] += 1
                if "type" in show:
                    print(f"TYPE    {g['text']!r} gold={g['type']} ours={t.type} | {ctx}")
        for i, t in enumerate(found):
            if i in used:
                continue
            ctx = text[max(0, t.start - 50) : t.end + 30].replace("\n", " ")
            if a.grep and a.grep.lower() not in ctx.lower():
                continue
            counts["spurious"] += 1
            if "spurious" in show:
                print(f"SPURIOUS {t.text!r} {t.type} {t.value} | {ctx}")
    gold = {d["doc_id"]: d for d in docs}
    res = load_scorer().score(gold, system)
    print(dict(counts))
    print("value errors by class:", dict(classes.most_common()))
    print(
        f"strict F1 {res['strict']['f1']:.3f} relaxed F1 {res['relaxed']['f1']:.3f} "
        f"type F1 {res['type']['f1']:.3f} value F1 {res['value']['f1']:.3f} (gold {res['gold']}, ours {res['predicted']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
