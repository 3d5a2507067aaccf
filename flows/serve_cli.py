"""`timeline serve`: run the flow on a schedule as a Prefect deployment (flow.serve)."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Annotated

import typer

from flows.options import (
    BATCH_SIZE,
    ExportsOption,
    InputOption,
    MinConfidenceOption,
    ModelOption,
    WarehouseOption,
)
from tasks.errors import TimelineError
from tasks.memory import ARENAS


def _raise_keyboard_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(
    cron: Annotated[
        str | None, typer.Option(help='cron schedule, e.g. "*/15 * * * *" (every 15 minutes)')
    ] = None,
    interval: Annotated[float | None, typer.Option(help="run every N seconds (instead of --cron)")] = None,
    input: InputOption = None,
    warehouse: WarehouseOption = None,
    exports: ExportsOption = None,
    model: ModelOption = None,
    min_confidence: MinConfidenceOption = None,
    name: Annotated[str, typer.Option(help="deployment name")] = "timeline-scheduled",
    prune: Annotated[bool, typer.Option(help="delete rows of files no longer in the input folder")] = False,
    batch_size: Annotated[int, typer.Option(help="documents per task run")] = BATCH_SIZE,
    port: Annotated[
        int | None,
        typer.Option(
            help="port of the Prefect server started here when PREFECT_API_URL is unset (4200 if free)"
        ),
    ] = None,
    report: Annotated[
        bool, typer.Option(help="write the chart and HTML report at the end of each run")
    ] = True,
    log_level: Annotated[str, typer.Option(help="Prefect log level of the served runs")] = "INFO",
) -> None:
    """Serve the flow on a schedule; each scheduled run processes the input folder (Ctrl-C stops)."""
    if (cron is None) == (interval is None):
        typer.echo("error: give exactly one of --cron or --interval", err=True)
        raise typer.Exit(2)
    # Before Prefect is imported: it reads its settings once.
    os.environ["PREFECT_LOGGING_LEVEL"] = log_level.upper()
    # Each scheduled run is a process of its own: glibc reads this at its start (see tasks/memory.py).
    os.environ.setdefault("MALLOC_ARENA_MAX", str(ARENAS))
    from flows.timeline_flow import DEFAULT_EXPORTS, DEFAULT_INPUT, DEFAULT_WAREHOUSE

    wh_path = (warehouse or DEFAULT_WAREHOUSE).resolve()
    parameters = {
        "input_dir": str((input or DEFAULT_INPUT).resolve()),
        "warehouse": str(wh_path),
        "exports": str((exports or (wh_path.parent / "exports" if warehouse else DEFAULT_EXPORTS)).resolve()),
        "model": model,
        "batch_size": batch_size,
        "prune": prune,
        "report": report,
        "min_confidence": min_confidence,
    }
    if not Path(parameters["input_dir"]).is_dir():
        typer.echo(f"error: input folder {parameters['input_dir']} does not exist", err=True)
        raise typer.Exit(1)
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)  # the runner replaces it while serving
    try:
        _serve(name, cron, interval, parameters, port)
    except KeyboardInterrupt:
        pass
    except TimelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _serve(name: str, cron: str | None, interval: float | None, parameters: dict, port: int | None) -> None:
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from flows.server import local_server, stop_children
    from flows.timeline_flow import timeline_flow

    def run(url: str, keep: set[int]) -> None:
        os.environ["PREFECT_API_URL"] = url  # the runs the runner starts inherit it
        with temporary_settings(updates={PREFECT_API_URL: url}):
            typer.echo(f"Prefect API: {url}  (UI: {url.removesuffix('/api')})")
            try:
                timeline_flow.serve(
                    name=name,
                    cron=cron,
                    interval=interval,
                    parameters=parameters,
                    limit=1,  # one run at a time; the warehouse lock would serialize them anyway
                    tags=["timeline", "scheduled"],
                )
            finally:
                stop_children(keep)

    existing = get_current_settings().api.url
    if existing:
        run(existing, set())
        return
    typer.echo("PREFECT_API_URL is not set: starting a local Prefect server (stopped on exit)")
    with local_server(port) as (url, proc):
        run(url, {proc.pid})
