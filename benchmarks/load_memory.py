"""What one batch's load costs in memory as the warehouse grows, with and without the delete scan.

    python benchmarks/load_memory.py --docs 20000      # about 8 minutes

The flow's loading step without the NLP: batches of 64 articles from the throughput corpus
generator (the same texts), each with 25 temporal expressions and 2 events of the warehouse's
real row shapes, loaded the way `timeline_flow._load` does it (one connection per batch,
`load_batch` in one transaction, close). Each variant runs in a fresh child process and reports,
for every load, the peak RSS above the process's size before its first load:

  delete: every document's hash is deleted from the raw tables before its insert (the loader's
          behaviour before this benchmark: on a cold run, a scan of three growing tables per batch);
  skip:   the hashes the warehouse did not hold when the run began are passed as `new_hashes`,
          so a cold run deletes nothing;
  held:   as skip, through one connection held for all the loads (DuckDB then checkpoints when
          its write-ahead log passes 16 MB, and at the close) instead of one per batch.

Prints, for each variant, the highest load peak in each tenth of the run, and the ratio of the
last tenth's peak to the first's (flat is 1.0).

20,000 articles (2 cores, machine shared), highest peak per tenth, MB above the base:

  delete  56 67 65 106 86 78 72 188 188 123
  skip    47 64 67 103 86 73 62 186 186 109
  held    49 75 66 120 88 128 186 155 137 122

The peaks are DuckDB's checkpoints (at each close, or at the log threshold when held), and they grow
with the warehouse in all three. Skipping the delete saves three table scans per batch, not memory;
holding one connection does not help either. The same with empty article texts (skip): 28 35 53 47
78 47 65 109 60 110, so the texts are part of it, not all; `set threads=1` on the load connection:
42 57 52 98 77 67 57 179 179 102.
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

BATCH = 64
TIMEXES_PER_DOC = 25
EVENTS_PER_DOC = 2


def _batches(n_docs: int):
    """Documents, timexes and events of the benchmark corpus, a batch at a time (deterministic)."""
    import hashlib

    from benchmarks.corpus import article
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
        if len(docs) == BATCH:
            yield docs, txs, evs
            docs, txs, evs = [], [], []
    if docs:
        yield docs, txs, evs


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
        con = wh.connect(warehouse)
        wh.create_schema(con)
        con.close()
        batches = _batches(n_docs)
        first = next(batches)  # built before the base is taken: the base includes one batch's records
        base = me.memory_info().rss
        threading.Thread(target=poll, daemon=True).start()
        peaks = []
        held = wh.connect(warehouse) if mode == "held" else None
        for docs, txs, evs in itertools.chain([first], batches):
            peak[0] = 0
            con = held or wh.connect(warehouse)
            new = {d.content_hash for d in docs} if mode != "delete" else set()
            wh.load_batch(con, docs, txs, evs, new_hashes=new)
            wh.clear_rejections(con, [d.path for d in docs])
            if held is None:
                con.close()
            time.sleep(0.01)
            peaks.append(max(peak[0], me.memory_info().rss) - base)
        if held is not None:
            held.close()
    print(json.dumps(peaks))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=20000, help="articles to load (default 20,000)")
    parser.add_argument(
        "--variants", default="delete,skip,held", help="which of delete, skip, held (default all)"
    )
    args = parser.parse_args()
    ratios = {}
    for label in args.variants.split(","):
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(args.docs), label]
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"child failed ({out.returncode}):\n{out.stderr[-2000:]}")
        peaks = json.loads(out.stdout.strip().splitlines()[-1])
        tenth = max(1, len(peaks) // 10)
        windows = [max(peaks[i : i + tenth]) / 2**20 for i in range(0, len(peaks) - tenth + 1, tenth)]
        ratios[label] = windows[-1] / windows[0]
        print(
            f"{label:<7} load peak above base (MB), highest in each tenth of {args.docs:,} articles: "
            + " ".join(f"{w:.0f}" for w in windows),
            flush=True,
        )
    for label, ratio in ratios.items():
        print(f"{label:<7} last tenth / first tenth: {ratio:.2f}")


if __name__ == "__main__":
    main()
