"""The `timeline` command: run the flow, tag dates, serve on a schedule, query, report."""

from __future__ import annotations

import os

# Prefect reads these at import; no network here, and a local run needs no server of its own.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("DO_NOT_TRACK", "1")
# a loaded machine can take longer than the default 20 s to start the temporary API server
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

import atexit  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated  # noqa: E402

import typer  # noqa: E402

from flows.options import (  # noqa: E402
    BATCH_SIZE,
    ExportsOption,
    InputOption,
    MinConfidenceOption,
    ModelOption,
    WarehouseOption,
)
from tasks.errors import TimelineError  # noqa: E402

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

EXIT_PARTIAL = 3


def _paths():
    from flows.timeline_flow import DEFAULT_EXPORTS, DEFAULT_INPUT, DEFAULT_WAREHOUSE

    return DEFAULT_INPUT, DEFAULT_WAREHOUSE, DEFAULT_EXPORTS


def _warehouse_path(warehouse: Path | None) -> Path:
    """The warehouse a command names, or the default one."""
    return warehouse or _paths()[1]


@app.command()
def run(
    input: InputOption = None,
    warehouse: WarehouseOption = None,
    exports: ExportsOption = None,
    model: ModelOption = None,
    min_confidence: MinConfidenceOption = None,
    limit: Annotated[int | None, typer.Option(help="read at most N files (smoke runs)")] = None,
    batch_size: Annotated[int, typer.Option(help="documents per task run")] = BATCH_SIZE,
    max_bytes: Annotated[int, typer.Option(help="reject files larger than this")] = 5_000_000,
    prune: Annotated[bool, typer.Option(help="delete rows of files no longer in the input folder")] = False,
    format: Annotated[
        str, typer.Option("--format", help="export formats: csv, parquet or csv,parquet")
    ] = "csv",
    lock_timeout: Annotated[
        float, typer.Option(help="seconds to wait for another run on the same warehouse")
    ] = 300.0,
    task_runner: Annotated[
        str, typer.Option(help="thread (this process) or dask (worker processes)")
    ] = "thread",
    dask_address: Annotated[
        str | None, typer.Option(help="tcp://host:port of an existing Dask cluster")
    ] = None,
    dask_workers: Annotated[int, typer.Option(help="worker processes of a local Dask cluster")] = 2,
    report: Annotated[bool, typer.Option(help="write the chart and HTML report at the end")] = True,
) -> None:
    """Run the pipeline on a folder of articles (default: the bundled seeds)."""
    server = start_temporary_server()  # first, so that it starts while we import and load the model
    from tasks.memory import limit_arenas

    limit_arenas()  # before Prefect's threads and the pool's start: see tasks/memory.py
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.timeline_flow import task_runner as make_runner
    from flows.timeline_flow import timeline_flow
    from tasks.parse_pool import warm_up

    d_in, d_wh, d_ex = _paths()
    input_dir = input or d_in
    if not Path(input_dir).is_dir():
        typer.echo(f"error: {input_dir}: input folder does not exist", err=True)
        raise typer.Exit(1)
    wh_path = warehouse or d_wh
    ex_path = exports or (wh_path.parent / "exports" if warehouse else d_ex)
    formats = tuple(f.strip() for f in format.split(",") if f.strip())
    t0 = time.perf_counter()
    try:
        warm_up(model)  # a bad model fails here, with the fix; the rest loads while the server starts
        _preload_flow_engine()
        runner = make_runner(task_runner, dask_address, dask_workers)
        if server is not None and PREFECT_API_URL.value():  # a Prefect profile names a server
            server.stop()
            server = None
        # Our own server lives and dies with this run: no heartbeats for it to watch (joining their
        # thread costs up to a second at the end); a server of the user's keeps them.
        api = (
            {PREFECT_API_URL: server.wait(), PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
            if server is not None
            else {}
        )
        with temporary_settings(updates=api):
            summary = timeline_flow.with_options(task_runner=runner)(
                input_dir=input_dir,
                warehouse=wh_path,
                exports=ex_path,
                model=model,
                limit=limit,
                batch_size=batch_size,
                max_bytes=max_bytes,
                prune=prune,
                formats=formats,
                lock_timeout=lock_timeout,
                report=report,
                min_confidence=min_confidence,
            )
    except (TimelineError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        _release_native_objects()
        raise typer.Exit(1) from None
    elapsed = time.perf_counter() - t0
    typer.echo(
        f"documents: {summary.seen} seen, {summary.loaded} loaded, {summary.unchanged} unchanged, "
        f"{len(summary.rejected)} rejected"
    )
    for r in summary.rejected:
        typer.echo(f"  rejected {r.path}: {r.reason} ({r.detail})")
    if summary.redone:
        typer.echo(
            f"  {summary.redone} loaded again: already in the warehouse, but made by another pipeline "
            "version or read with another manifest row"
        )
    if summary.pruned:
        typer.echo(f"  pruned {len(summary.pruned)} documents no longer in the input folder")
    events = ", ".join(f"{n} {t}" for t, n in sorted(summary.events_by_type.items())) or "none"
    aside = (
        f"; {summary.set_aside} set aside below the confidence threshold (stg_events where not is_confident)"
        if summary.set_aside
        else ""
    )
    typer.echo(f"timeline events: {events}{aside}")
    typer.echo(f"warehouse: {summary.warehouse}")
    for _name, path in sorted(summary.exports.items()):
        typer.echo(f"export: {path}")
    typer.echo(f"status: {summary.status} in {elapsed:.1f}s")
    if summary.partial:
        raise typer.Exit(EXIT_PARTIAL)


# What Prefect imports only when the first flow run starts (its flow and task engines, the run graph
# and FastAPI's JSON encoder for the parameters): about 0.3 s that otherwise runs after the server
# is up, on the run's critical path.
_LAZY_PREFECT_MODULES = (
    "prefect.flow_engine",
    "prefect.task_engine",
    "prefect.utilities.visualization",
    "fastapi.encoders",
)


def _preload_flow_engine() -> None:
    """Import `_LAZY_PREFECT_MODULES` now, while the temporary API server is still starting."""
    import importlib

    for name in _LAZY_PREFECT_MODULES:
        with contextlib.suppress(ImportError):  # another Prefect version may not have them all
            importlib.import_module(name)


def start_temporary_server():
    """Prefect's API server for this run, unless PREFECT_API_URL names one (see flows/server.py)."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    from flows.server import TemporaryServer

    return TemporaryServer()


def _release_native_objects() -> None:
    """Drop the failed run's frames (they hold DuckDB objects) before the interpreter exits."""
    import gc

    sys.last_traceback = sys.last_value = sys.last_type = None
    gc.collect()


def _parse_dct(value: object) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value)[:10])


@app.command()
def dates(
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="read {doc_id, dct, text} lines on stdin, write timexes")
    ] = False,
    text: Annotated[str | None, typer.Argument(help="a text to tag (without --jsonl)")] = None,
    dct: Annotated[str | None, typer.Option(help="reference date for TEXT, YYYY-MM-DD")] = None,
    ranges: Annotated[
        bool, typer.Option(help="merge 'from January to March' into one expression, as the timeline does")
    ] = False,
) -> None:
    """Tag temporal expressions: `timeline dates --jsonl < docs.jsonl` or `timeline dates "text" --dct 2025-02-12`."""
    from tasks.tag_dates import tag_text, tag_timex3, timex_to_json

    tag = tag_text if ranges else tag_timex3  # the same tagger; TempEval-3 keeps range ends apart

    if jsonl:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                doc_id, body = obj["doc_id"], obj["text"]
                ref = _parse_dct(obj.get("dct"))
            except (json.JSONDecodeError, KeyError, ValueError, TypeError) as exc:
                typer.echo(f"error: stdin line {number}: {exc}", err=True)
                raise typer.Exit(1) from None
            timexes = [timex_to_json(t) for t in tag(body, ref)]
            sys.stdout.write(json.dumps({"doc_id": doc_id, "timexes": timexes}) + "\n")
        return
    if text is None:
        typer.echo("error: give a TEXT or --jsonl", err=True)
        raise typer.Exit(2)
    for t in tag(text, _parse_dct(dct)):
        typer.echo(json.dumps(timex_to_json(t)))


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="a SELECT to run against the warehouse")],
    warehouse: WarehouseOption = None,
    max_rows: Annotated[int, typer.Option(help="rows to print at most")] = 200,
) -> None:
    """Print the result of a query against the warehouse as a table."""
    from rich.console import Console
    from rich.table import Table

    from tasks import load_warehouse as wh

    path = _warehouse_path(warehouse)
    if not path.exists():
        typer.echo(f"error: {path} does not exist; run `timeline run` first", err=True)
        raise typer.Exit(1)
    con = wh.connect(path, read_only=True)
    try:
        cur = con.execute(sql)
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchmany(max_rows + 1)
    except Exception as exc:  # duckdb raises many error types; show them all the same way
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        con.close()
    table = Table(*columns, show_lines=False)
    for row in rows[:max_rows]:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console(width=200).print(table)
    if len(rows) > max_rows:
        typer.echo(f"(more than {max_rows} rows; showing {max_rows})")


@app.command()
def compact(
    warehouse: WarehouseOption = None,
    lock_timeout: Annotated[float, typer.Option(help="seconds to wait for a run to release it")] = 300.0,
) -> None:
    """Rewrite the warehouse into full row groups, between runs (each load adds its own)."""
    from tasks import load_warehouse as wh

    path = _warehouse_path(warehouse)
    try:
        done = wh.compact(path, timeout=lock_timeout)
    except (TimelineError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"compacted {path}: {done.bytes_before / 2**20:,.1f} MB -> {done.bytes_after / 2**20:,.1f} MB, "
        f"{done.row_groups_before:,} -> {done.row_groups_after:,} row groups"
    )


from flows.report_cli import report  # noqa: E402

app.command()(report)
try:  # noqa: SIM105 - replaced by a plain import once flows/serve_cli.py lands
    from flows.serve_cli import serve  # noqa: E402

    app.command()(serve)
except ModuleNotFoundError as _exc:
    if _exc.name != "flows.serve_cli":
        raise


def exit_fast(status: list[int]) -> None:
    """End the process with `status[0]` once every other exit handler has run, skipping the
    interpreter's teardown (spaCy, Prefect and DuckDB, module by module: about half a second).

    Register it before Prefect is imported: exit handlers run last-registered first, so this one then
    runs after Prefect's log and event drains and the temporary server's stop. It flushes the logs
    and the standard streams first.
    """

    def leave() -> None:
        import logging

        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status[0])

    atexit.register(leave)


def main() -> None:
    """The console entry point: the command, then `exit_fast` with its status."""
    status = [0]
    exit_fast(status)
    try:
        app()
    except SystemExit as exc:
        code = exc.code
        status[0] = code if isinstance(code, int) else 0 if code is None else 1  # a message exits 1
        raise
    except KeyboardInterrupt:
        status[0] = 130
        raise
    except BaseException:
        status[0] = 1
        raise


if __name__ == "__main__":
    main()
