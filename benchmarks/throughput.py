"""Throughput of `timeline run` against plain spaCy, in one process, on a generated corpus.

    python benchmarks/throughput.py --docs 1000            # ~15 min on 2 busy cores
    python benchmarks/throughput.py --rss-sweep 1000,5000,20000   # peak RSS per size; hours

Builds N articles with benchmarks/corpus.py (seeded, with manifest.csv) in a temp folder, then
measures, one after the other:
  1. plain `spacy.load(model)` + `nlp.pipe(texts)` with the full pipeline, single process, over
     the same texts (the model load is not counted, only the pipe);
  2. `timeline run` cold (empty warehouse) in a child process: the same typer command as
     `python -m flows.cli run`, started through this script's --child mode so that the time inside
     our code (every Prefect task body, the flow's loads, the model load) can be told apart from
     Prefect's own (API server start, task orchestration, imports). The wall time is the parent's,
     from spawn to exit: everything a user waits for;
  3. the same command again on the unchanged folder.
Peak RSS is the sum over the child's process tree (Prefect's temporary API server included),
sampled every 0.1 s (PSS every 0.5 s); it counts the model's pages, shared by the run process and the workers forked
from it, once per process. Peak PSS (/proc/PID/smaps_rollup) counts each page once. Prints docs/s,
words/s, the ratios and PASS/FAIL per target. Timings on a shared machine are noisy: compare the
ratios, which come from the same run.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SPEEDUP = 1.5
TARGET_RERUN = 0.20
TARGET_RSS_SPREAD = 0.20
TARGET_PREFECT_SHARE = 0.05


# ----------------------------------------------------------------------------------------------
# child: run the CLI command with our code's intervals recorded


def _child(out_path: Path, cli_args: list[str]) -> None:
    t_start = time.perf_counter()
    intervals: list[tuple[float, float]] = []
    by_name: dict[str, float] = {}
    lock = threading.Lock()

    def timed(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                t1 = time.perf_counter()
                with lock:
                    intervals.append((t0, t1))
                    by_name[fn.__name__] = by_name.get(fn.__name__, 0.0) + t1 - t0

        return wrapper

    # What `timeline run` does first, before Prefect and spaCy are imported: start its temporary API
    # server (flows/cli.py). Started here so that the imports below overlap its start-up as they do
    # in the command, and handed to the command instead of a second one.
    import flows.server as server_mod
    from flows.cli import exit_fast, start_temporary_server

    status = [1]
    exit_fast(status)  # and it ends as the `timeline` command does
    early = start_temporary_server()

    t0 = time.perf_counter()
    import prefect  # noqa: F401

    prefect_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    import spacy  # noqa: F401

    import flows.timeline_flow as flow_mod
    import tasks.nlp as nlp_mod
    import tasks.parse_pool as pool_mod

    ours_import = time.perf_counter() - t0
    from prefect import Task

    for obj in list(vars(flow_mod).values()):
        if isinstance(obj, Task):
            obj.fn = timed(obj.fn)
    flow_mod._load = timed(flow_mod._load)
    # the flow body's own calls between tasks: opening the warehouse, recording the run, stopping the pool
    for name in ("connect", "create_schema", "start_run", "finish_run", "record_rejections", "prune_missing"):
        setattr(flow_mod.wh, name, timed(getattr(flow_mod.wh, name)))
    flow_mod.parse_pool.shutdown = timed(flow_mod.parse_pool.shutdown)
    nlp_mod.load_pipeline = timed(nlp_mod.load_pipeline)
    pool_mod.warm_up = timed(pool_mod.warm_up)  # the CLI's preload, while the server starts

    waits: list[float] = []
    wait = server_mod.TemporaryServer.wait

    def timed_wait(self):
        t0 = time.perf_counter()
        try:
            return wait(self)
        finally:
            waits.append(time.perf_counter() - t0)

    server_mod.TemporaryServer.wait = timed_wait

    import flows.cli as cli_mod
    from flows.cli import app

    cli_mod.start_temporary_server = lambda: early

    code = 0
    try:
        app(cli_args, standalone_mode=False)
    except SystemExit as exc:
        code = exc.code or 0
    except Exception as exc:  # noqa: BLE001 - report any failure to the parent
        print(f"child failed: {exc!r}", file=sys.stderr)
        code = 1
    if not isinstance(code, int):
        code = 1
    status[0] = code
    t_end = time.perf_counter()
    busy = _union(intervals)
    out_path.write_text(
        json.dumps(
            {
                "code": code,
                "wall": t_end - t_start,
                "ours_busy": busy,
                "ours_import": ours_import,
                "prefect_import": prefect_import,
                "calls": len(intervals),
                "server_wait": sum(waits),
                "by_name": by_name,
            }
        )
    )


def _union(intervals: list[tuple[float, float]]) -> float:
    total, end = 0.0, float("-inf")
    for a, b in sorted(intervals):
        if a > end:
            total += b - a
            end = b
        elif b > end:
            total += b - end
            end = b
    return total


# ----------------------------------------------------------------------------------------------
# parent


def _role(proc, p) -> str:
    if p is proc:
        return "run"
    try:
        return "server" if any("uvicorn" in part for part in p.cmdline()) else f"child{p.pid}"
    except Exception:  # noqa: BLE001 - a process that just ended
        return f"child{p.pid}"


def _pss(pid: int) -> int | None:
    """Proportional set size in bytes (each shared page split among the processes sharing it)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class TreeSampler:
    """Memory of a process tree, sampled cheaply enough not to slow the run it measures.

    RSS (from /proc/PID/statm, through psutil) is read every call, i.e. every 0.1 s; the tree's
    process list is refreshed and PSS (/proc/PID/smaps_rollup, which walks every page table: about
    3 ms per 150 MB) is read every `slow_every` seconds. Reading both every 0.1 s took 12% of a core
    on a 300-article run, on a machine of 2.

    Summed RSS counts a page shared by several processes once per process: the workers are forked
    from the run process after it loaded the model, so its pages count three times. PSS counts
    each page once, split among its sharers: the memory the tree actually holds."""

    def __init__(self, proc, slow_every: float = 0.5) -> None:
        self.proc = proc
        self.slow_every = slow_every
        self.procs = [proc]
        self.next_slow = 0.0

    def sample(self, t: float, trace=None) -> tuple[int, int, int | None]:
        """RSS of the process, summed RSS of its tree and, on a slow tick, summed PSS of the tree
        (else None, and None where the system has no smaps_rollup); with `trace`, one line per
        process (role, RSS, PSS)."""
        import psutil

        slow = t >= self.next_slow or trace is not None
        if slow:
            self.next_slow = t + self.slow_every
            try:
                self.procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.NoSuchProcess:
                return 0, 0, None
        total = own = 0
        pss_total: int | None = 0 if slow else None
        parts = {}
        for p in self.procs:
            try:
                rss = p.memory_info().rss
            except psutil.NoSuchProcess:
                continue
            total += rss
            own = rss if p is self.proc else own
            pss = _pss(p.pid) if slow else None
            pss_total = None if pss is None or pss_total is None else pss_total + pss
            if trace is not None:
                parts[_role(self.proc, p)] = [rss // 2**20, None if pss is None else pss // 2**20]
        if trace is not None:
            totals = {"total_rss_mb": total // 2**20, "total_pss_mb": pss_total and pss_total // 2**20}
            trace.write(json.dumps({"t": round(t, 1), **totals, **parts}) + "\n")
            trace.flush()
        return own, total, pss_total


def run_timeline(
    corpus: Path,
    work: Path,
    model: str | None,
    batch_size: int | None,
    tag: str,
    runner: str = "thread",
    trace: Path | None = None,
) -> dict:
    """Run `timeline run` in a child process; its wall time, peak tree RSS and timing split."""
    import psutil

    out = work / f"{tag}.json"
    args = ["run", "--input", str(corpus), "--warehouse", str(work / "timeline.duckdb")]
    args += ["--exports", str(work / "exports"), "--task-runner", runner]
    if batch_size is not None:
        args += ["--batch-size", str(batch_size)]
    if model:
        args += ["--model", model]
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(out), "--", *args]
    log = work / f"{tag}.log"
    t0 = time.perf_counter()
    with open(log, "wb") as handle:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
        sampler = TreeSampler(psutil.Process(proc.pid))
        cpu0 = _own_cpu()
        peak = peak_own = peak_pss = 0
        trace_handle = open(trace, "a", encoding="utf-8") if trace else None  # noqa: SIM115
        next_trace = 0.0
        while proc.poll() is None:
            now = time.perf_counter() - t0
            traced = trace_handle if now >= next_trace else None
            own, total, pss = sampler.sample(now, traced)
            if traced is not None:
                next_trace = now + 1.0
            peak, peak_own = max(peak, total), max(peak_own, own)
            if pss is not None:  # None: no slow tick, no smaps_rollup, or a process ended meanwhile
                peak_pss = max(peak_pss, pss)
            time.sleep(0.1)
        if trace_handle is not None:
            trace_handle.close()
    wall = time.perf_counter() - t0
    monitor_cpu = _own_cpu() - cpu0
    if proc.returncode not in (0, 3):
        sys.exit(f"timeline run failed ({proc.returncode}); see {log}:\n{log.read_text()[-2000:]}")
    result = json.loads(out.read_text())
    result.update(
        wall_parent=wall,
        peak_rss=peak,
        peak_rss_own=peak_own,
        peak_pss=peak_pss or None,
        monitor_cpu=monitor_cpu,
        summary=_summary_line(log),
    )
    return result


def _own_cpu() -> float:
    """CPU seconds this process has used (the sampler's cost, while it watches a run)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _summary_line(log: Path) -> str:
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("documents:"):
            return line
    return ""


def plain_pipe(texts: list[str], model: str) -> dict:
    """The full pipeline of `model` over the texts, single process, nothing kept."""
    import resource

    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(model)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    n = 0
    for _doc in nlp.pipe(texts):
        n += 1
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "load": load,
        "pipes": nlp.pipe_names,
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def _mb(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 2**20:,.0f} MB"


def _row(label: str, docs: int, words: int, seconds: float, rss: str) -> str:
    return (
        f"{label:<34} {docs:>6} {words:>10,} {seconds:>9.1f} {docs / seconds:>8.2f} "
        f"{words / seconds:>9,.0f} {rss:>10}"
    )


def _prefect_seconds(run: dict) -> float:
    return run["wall_parent"] - run["ours_busy"] - run["ours_import"]


def _split(label: str, run: dict) -> str:
    return (
        f"{label} split: {run['wall_parent']:.1f}s = our code {run['ours_busy']:.1f}s (task bodies, loads, "
        f"model load; {run['calls']} calls) + our imports {run['ours_import']:.1f}s + Prefect "
        f"{_prefect_seconds(run):.1f}s (import {run['prefect_import']:.1f}s, process start/exit with the "
        f"temporary API server's shutdown {run['wall_parent'] - run['wall']:.1f}s, waiting for the temporary "
        f"API server to answer {run.get('server_wait', 0.0):.1f}s, flow and task orchestration the rest); "
        f"peak RSS of the run process alone {_mb(run['peak_rss_own'])}; the memory sampler used "
        f"{run['monitor_cpu']:.1f} CPU-s ({run['monitor_cpu'] / run['wall_parent']:.1%} of one core)\n"
        f"  time inside (threads overlap): "
        + ", ".join(f"{k} {v:.1f}s" for k, v in sorted(run["by_name"].items(), key=lambda kv: -kv[1]))
    )


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def build_corpus(n: int, seed: int, where: Path) -> tuple[Path, list[str]]:
    from benchmarks.corpus import write_corpus

    folder = where / f"corpus_{n}"
    paths = write_corpus(folder, n, seed)
    return folder, [p.read_text(encoding="utf-8") for p in paths]


def throughput(args) -> None:
    from tasks.nlp import model_name

    model = model_name(args.model)
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        corpus, texts = build_corpus(args.docs, args.seed, tmp)
        words = sum(len(t.split()) for t in texts)
        print(f"corpus: {args.docs} articles, {words:,} words ({time.perf_counter() - t0:.1f}s to write)")
        print(f"model: {model}; machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
        plain = plain_pipe(texts, model)
        print(
            f"plain nlp.pipe done in {plain['seconds']:.1f}s (pipes: {', '.join(plain['pipes'])})", flush=True
        )
        del texts
        work = tmp / "run"
        work.mkdir()
        trace = Path(f"{args.rss_trace}.cold.jsonl") if args.rss_trace else None
        cold = run_timeline(corpus, work, args.model, args.batch_size, "cold", args.task_runner, trace)
        print(f"cold run done in {cold['wall_parent']:.1f}s: {cold['summary']}", flush=True)
        rerun = run_timeline(corpus, work, args.model, args.batch_size, "rerun", args.task_runner)
        print(f"rerun done in {rerun['wall_parent']:.1f}s: {rerun['summary']}", flush=True)

    n = args.docs
    print()
    header = f"{'measure':<34} {'docs':>6} {'words':>10} {'seconds':>9} {'docs/s':>8} {'words/s':>9} {'peak RSS':>10}"
    print(header)
    print("-" * len(header))
    print(_row("plain nlp.pipe, full model", n, words, plain["seconds"], _mb(plain["peak_rss"])))
    print(_row("timeline run, cold", n, words, cold["wall_parent"], _mb(cold["peak_rss"])))
    print(_row("timeline run, unchanged rerun", n, words, rerun["wall_parent"], _mb(rerun["peak_rss"])))
    print(
        f"(peak RSS is summed over the run's process tree; the same peak as PSS, each shared page once: "
        f"cold {_mb(cold['peak_pss'])}, rerun {_mb(rerun['peak_pss'])})"
    )

    speedup = plain["seconds"] / cold["wall_parent"]
    rerun_share = rerun["wall_parent"] / cold["wall_parent"]
    prefect_share = _prefect_seconds(cold) / cold["wall_parent"]
    print()
    print(_split("cold run", cold))
    print(_split("rerun", rerun))
    print()
    print(f"{'target':<52} {'value':>10} {'goal':>10}  result")
    print(
        f"{'timeline run throughput / plain nlp.pipe':<52} {speedup:>9.2f}x {'>= 1.5x':>10}  "
        f"{_verdict(speedup >= TARGET_SPEEDUP)}"
    )
    print(
        f"{'unchanged rerun time / cold run time':<52} {rerun_share:>10.1%} {'<= 20%':>10}  "
        f"{_verdict(rerun_share <= TARGET_RERUN)}"
    )
    print(f"{'peak RSS 1,000 -> 20,000 articles (max/min - 1)':<52} {'see --rss-sweep':>21}")
    print(
        f"{'Prefect own time / cold run time':<52} {prefect_share:>10.1%} {'< 5%':>10}  "
        f"{_verdict(prefect_share < TARGET_PREFECT_SHARE)}"
    )


def rss_sweep(args) -> None:
    sizes = [int(s) for s in args.rss_sweep.split(",") if s.strip()]
    rows = []
    with tempfile.TemporaryDirectory(prefix="timeline-rss-") as tmp:
        tmp = Path(tmp)
        for n in sizes:
            corpus, texts = build_corpus(n, args.seed, tmp)
            words = sum(len(t.split()) for t in texts)
            del texts
            work = tmp / f"run_{n}"
            work.mkdir()
            trace = Path(f"{args.rss_trace}.{n}.jsonl") if args.rss_trace else None
            cold = run_timeline(corpus, work, args.model, args.batch_size, "cold", args.task_runner, trace)
            rows.append((n, words, cold))
            print(
                f"{n} articles: {cold['wall_parent']:.1f}s, peak RSS {_mb(cold['peak_rss'])}, "
                f"peak PSS {_mb(cold['peak_pss'])}",
                flush=True,
            )
            print(_split("  ", cold), flush=True)
    print()
    print(f"{'articles':>8} {'words':>11} {'seconds':>9} {'docs/s':>8} {'peak RSS':>10} {'peak PSS':>10}")
    for n, words, cold in rows:
        print(
            f"{n:>8} {words:>11,} {cold['wall_parent']:>9.1f} {n / cold['wall_parent']:>8.2f} "
            f"{_mb(cold['peak_rss']):>10} {_mb(cold['peak_pss']):>10}"
        )
    print()
    for key, label in (("peak_rss", "summed RSS (shared pages once per process)"), ("peak_pss", "PSS")):
        peaks = [cold[key] for _, _, cold in rows]
        if None in peaks:
            print(f"peak {label}: not measured on this system")
            continue
        spread = max(peaks) / min(peaks) - 1
        print(
            f"peak {label} spread {sizes[0]:,} -> {sizes[-1]:,} articles: {spread:.1%} (goal <= 20%)  "
            f"{_verdict(spread <= TARGET_RSS_SPREAD)}"
        )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        rest = sys.argv[3:]
        _child(Path(sys.argv[2]), rest[1:] if rest[:1] == ["--"] else rest)
        return
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="--rss-sweep runs one cold `timeline run` per size and takes about as long as "
        "processing all of them (at ~2-3 articles/s on 2 busy cores, 1,000+5,000+20,000 is hours).",
    )
    parser.add_argument("--docs", type=int, default=1000, help="articles in the corpus (default 1000)")
    parser.add_argument("--model", default=None, help="spaCy model (default: the project's)")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument(
        "--batch-size", type=int, default=None, help="timeline run --batch-size (default: its own)"
    )
    parser.add_argument(
        "--task-runner",
        default="thread",
        help="timeline run --task-runner (with dask, time on the workers is not seen as our code)",
    )
    parser.add_argument("--rss-sweep", default=None, help="comma-separated sizes, e.g. 1000,5000,20000")
    parser.add_argument(
        "--rss-trace",
        default=None,
        metavar="PREFIX",
        help="write each cold run's RSS per process (run, server, each worker), once a second, to "
        "PREFIX.<size or 'cold'>.jsonl",
    )
    args = parser.parse_args()
    if args.rss_sweep:
        rss_sweep(args)
    else:
        throughput(args)


if __name__ == "__main__":
    main()
