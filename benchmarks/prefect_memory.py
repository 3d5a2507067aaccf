"""How much of a long run's batches Prefect's client keeps alive, with and without `_release`.

    python benchmarks/prefect_memory.py --batches 300      # about 3 minutes

The flow's shape without the NLP: per batch, three tasks on the thread runner (read -> tag ->
extract, the last two taking the first's result as `opaque`), four batches in flight, and the
flow process taking each batch's results in turn. The payload is a batch of 64 documents of 5,000
characters, as `read_documents` returns. Each variant runs in a fresh child process with its own
temporary Prefect API server and reports the flow process's RSS after every 50 batches:

  kept:     the flow drops its references to the batch and goes on (what it did before);
  released: the flow empties the batch's containers in place (`timeline_flow._release`).

Prefect 3.8.8 keeps about 45% of finished task runs' engines, and with them their parameters and
results, until the flow ends, through references the garbage collector cannot see. Prints each
variant's growth between batch 50 and the last, and the ratio released/kept.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import deque
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOCS_PER_BATCH = 64
CHARS = 5_000
AHEAD = 4
EVERY = 50


def _child(batches: int, release: bool) -> None:
    from flows.cli import start_temporary_server

    server = start_temporary_server()
    import psutil
    from prefect import flow, task
    from prefect.cache_policies import NONE
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect.utilities.annotations import opaque

    from flows.timeline_flow import BatchRead, _release
    from tasks.memory import limit_arenas, trim_heap
    from tasks.records import Document, TemporalExpression

    limit_arenas()
    me = psutil.Process()
    samples: list[tuple[int, int]] = []

    @task(cache_policy=NONE)
    def read(i: int) -> BatchRead:
        docs = [  # a text of its own per document, as read from its file
            Document(
                f"d{i}-{j}",
                f"{i:032x}{j:032x}",
                f"{i}/{j}.txt",
                f"{i} {j} " + "x" * CHARS,
                date(2025, 1, 1),
                None,
            )
            for j in range(DOCS_PER_BATCH)
        ]
        return BatchRead(docs=docs)

    @task(cache_policy=NONE)
    def tag(batch: BatchRead) -> list[list[TemporalExpression]]:
        return [[TemporalExpression(k, k + 4, "2025", "DATE", "2025") for k in range(25)] for _ in batch.docs]

    @task(cache_policy=NONE)
    def extract(batch: BatchRead, timexes: list) -> list[list[str]]:
        return [[d.doc_id, d.doc_id] for d in batch.docs]

    @flow(task_runner=ThreadPoolTaskRunner(max_workers=2))
    def shape(n: int) -> None:
        todo, pending = deque(range(n)), deque()

        def submit() -> None:
            r = read.submit(todo.popleft())
            t = tag.submit(opaque(r))
            pending.append((r, t, extract.submit(opaque(r), opaque(t))))

        while todo and len(pending) < AHEAD:
            submit()
        done = 0
        while pending:
            r, t, e = pending.popleft()
            if todo:
                submit()
            batch, timexes, events = r.result(), t.result(), e.result()
            if release:
                _release(batch, timexes, events)
            del batch, timexes, events
            trim_heap()
            done += 1
            if done % EVERY == 0:
                samples.append((done, me.memory_info().rss))

    with temporary_settings(
        updates={PREFECT_API_URL: server.wait(), PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    ):
        shape(batches)
    server.stop()
    print(json.dumps(samples))


def _run(batches: int, release: bool) -> list[tuple[int, int]]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(batches), str(int(release))]
    out = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"},
    )
    if out.returncode != 0:
        sys.exit(f"child failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return [tuple(s) for s in json.loads(out.stdout.strip().splitlines()[-1])]


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(int(sys.argv[2]), bool(int(sys.argv[3])))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batches", type=int, default=300, help="batches of 64 documents (default 300)")
    args = parser.parse_args()
    growth = {}
    for label, release in (("kept", False), ("released", True)):
        samples = _run(args.batches, release)
        line = "  ".join(f"{n}: {rss / 2**20:.0f}" for n, rss in samples)
        growth[label] = (samples[-1][1] - samples[0][1]) / 2**20
        print(f"{label:<9} flow process RSS (MB) after batch  {line}", flush=True)
    span = f"batch {EVERY} -> {args.batches - args.batches % EVERY}"
    for label, mb in growth.items():
        print(f"{label:<9} growth {span}: {mb:+.0f} MB")
    if growth["kept"] > 0:
        print(f"released / kept growth: {growth['released'] / growth['kept']:.2f}")


if __name__ == "__main__":
    main()
