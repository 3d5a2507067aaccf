"""What one batch's load costs in memory as the warehouse grows, with the loader's settings and without.

    python benchmarks/load_memory.py --docs 20000      # about 15 minutes for the three variants

The flow's loading step without the NLP: batches of BATCH_SIZE articles from the throughput corpus
generator (the same texts), each with 25 temporal expressions and 2 events of the warehouse's
real row shapes, loaded the way `timeline_flow._load` does it (one connection per batch,
`load_batch` in one transaction, close). Each variant runs in a fresh child process and reports,
for every load, the peak RSS above the process's size before its first load:

  loader: the loader as it is (`load_warehouse.connect`: no vacuum at the checkpoint; raw tables
          without primary keys);
  vacuum: the same with DuckDB's default checkpoint, which merges the row groups earlier
          checkpoints left behind (two equal ones into one, so now and then the whole documents
          table is rewritten);
  keys:   the loader with the unique indexes the raw tables had as primary keys until this
          benchmark (documents.content_hash, events.event_id, timexes (content_hash, start_char)).

Prints, for each variant, the highest load peak in each tenth of the run, the ratio of the last
tenth's to the first's (flat is 1.0), and the warehouse file's size at the end.

20,000 articles in batches of 128 (2 cores), highest peak per tenth, MB above the base:

  loader  42 46 46 47 47 48 46 44 45 46      file 160 MB
  vacuum  50 72 60 99 99 83 52 169 47 66     file  73 MB   (without keys)

In batches of 64 the vacuum's merges show as a doubling series: a load rewrote 92 MB at 7,872
articles and 165 MB at 15,808 (1.3 s in the close), each twice the last, while between them the
loads stayed under 45 MB. Vacuum off with the keys kept: 21 -> 60 MB over the run, the indexes'
growth; both off: 34 -> 40. What vacuum off costs: a row group per table per load, so a file about
twice as large, and a join of the three raw tables in 0.08 s instead of 0.04.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TIMEXES_PER_DOC = 25
EVENTS_PER_DOC = 2


def _batches(n_docs: int):
    """Documents, timexes and events of the benchmark corpus, a batch at a time (deterministic)."""
    import hashlib

    from benchmarks.corpus import article
    from flows.options import BATCH_SIZE
    from tasks.records import Document, Event, TemporalExpression

    rng = random.Random(20250101)
    docs, txs, evs = [], [], []
    for i in range(n_docs):
        text, row = article(rng, i)
        h = hashlib.sha256(text.encode()).hexdigest()
        published = date.fromisoformat(row["published"])
        doc = Document(f"{i:06d}", h, row["file"], text, published, "manifest", title=row["title"])
        step = max(1, len(text) // (TIMEXES_PER_DOC + 1))
        tx = [
            TemporalExpression(
                k * step,
                k * step + 8,
                text[k * step : k * step + 8],
                "DATE",
                published.isoformat(),
                None,
                published - timedelta(days=k),
                published,
                "day",
            )
            for k in range(TIMEXES_PER_DOC)
        ]
        ev = [
            Event(
                f"{h[:16]}-{k}",
                doc.doc_id,
                h,
                "casualty",
                "killed",
                10 * k,
                20 * k,
                "range",
                "10-20",
                published,
                published,
                "last week",
                "week",
                published,
                "officials",
                "officials said",
                "the army",
                "the border",
                text[:200],
                0,
                200,
                0,
                200,
            )
            for k in range(EVENTS_PER_DOC)
        ]
        docs.append(doc)
        txs.append(tx)
        evs.append(ev)
        if len(docs) == BATCH_SIZE:
            yield docs, txs, evs
            docs, txs, evs = [], [], []
    if docs:
        yield docs, txs, evs


def _connect(warehouse: Path, mode: str):
    import duckdb

    from tasks import load_warehouse as wh

    if mode == "vacuum":
        return duckdb.connect(str(warehouse))  # DuckDB's default settings
    return wh.connect(warehouse)


KEYS = (
    "create unique index documents_key on documents (content_hash)",
    "create unique index events_key on events (event_id)",
    "create unique index timexes_key on timexes (content_hash, start_char)",
)


def _child(n_docs: int, mode: str) -> None:
    import psutil

    from tasks import load_warehouse as wh

    me = psutil.Process()
    peak = [0]

    def poll() -> None:
        while True:
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.002)

    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "w.duckdb"
        con = _connect(warehouse, mode)
        wh.create_schema(con)
        for statement in KEYS if mode == "keys" else ():
            con.execute(statement)
        con.close()
        batches = _batches(n_docs)
        first = next(batches)  # built before the base is taken: the base includes one batch's records
        base = me.memory_info().rss
        threading.Thread(target=poll, daemon=True).start()
        peaks = []
        for docs, txs, evs in itertools.chain([first], batches):
            peak[0] = 0
            con = _connect(warehouse, mode)
            wh.load_batch(con, docs, txs, evs, new_hashes={d.content_hash for d in docs})
            wh.clear_rejections(con, [d.path for d in docs])
            con.close()
            time.sleep(0.01)
            peaks.append(max(peak[0], me.memory_info().rss) - base)
        size = warehouse.stat().st_size
        compacted = None
        if mode == "loader":  # what `timeline compact` makes of the loader's file, and how fast
            t0 = time.perf_counter()
            done = wh.compact(warehouse)
            compacted = [
                done.bytes_after,
                time.perf_counter() - t0,
                done.row_groups_before,
                done.row_groups_after,
            ]
    print(json.dumps({"peaks": peaks, "size": size, "compacted": compacted}))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=20000, help="articles to load (default 20,000)")
    parser.add_argument(
        "--variants", default="loader,vacuum,keys", help="which of loader, vacuum, keys (default all)"
    )
    args = parser.parse_args()
    ratios = {}
    for label in args.variants.split(","):
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(args.docs), label]
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"child failed ({out.returncode}):\n{out.stderr[-2000:]}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        peaks = result["peaks"]
        n = len(peaks)
        bounds = [n * k // 10 for k in range(11)] if n >= 10 else list(range(n + 1))  # tenths, or each load
        windows = [max(peaks[a:b]) / 2**20 for a, b in itertools.pairwise(bounds)]
        ratios[label] = windows[-1] / windows[0]
        print(
            f"{label:<7} load peak above base (MB), highest in each tenth of {args.docs:,} articles: "
            + " ".join(f"{w:.0f}" for w in windows)
            + f"; file {result['size'] / 2**20:.0f} MB",
            flush=True,
        )
        if result.get("compacted"):
            after, seconds, groups_before, groups_after = result["compacted"]
            print(
                f"{'':<7} `timeline compact` then: file {after / 2**20:.0f} MB, "
                f"{groups_before:,} -> {groups_after:,} row groups, in {seconds:.1f}s",
                flush=True,
            )
    for label, ratio in ratios.items():
        print(f"{label:<7} last tenth / first tenth: {ratio:.2f}")


if __name__ == "__main__":
    main()
