"""`timeline report`: draw the chart and write the HTML report from an existing warehouse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def report(
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB file written by `timeline run`")] = None,
    exports: Annotated[
        Path | None,
        typer.Option(help="folder for timeline.png and report.html (default: beside the warehouse)"),
    ] = None,
    max_rows: Annotated[
        int, typer.Option(min=1, help="rows per table and chart lane: the latest by period (the CSV has all)")
    ] = 1000,
) -> None:
    """Write exports/timeline.png (the chart) and exports/report.html (chart, tables, claims; opens offline)."""
    import duckdb

    from tasks import load_warehouse as wh
    from tasks.build_report import write_report

    if warehouse is None:  # the flow module imports Prefect: only for the defaults
        from flows.timeline_flow import DEFAULT_EXPORTS, DEFAULT_WAREHOUSE

        wh_path, ex_path = DEFAULT_WAREHOUSE, exports or DEFAULT_EXPORTS
    else:
        wh_path, ex_path = warehouse, exports or warehouse.parent / "exports"
    if not wh_path.is_file():
        typer.echo(f"error: {wh_path} does not exist; run `timeline run` first", err=True)
        raise typer.Exit(1)
    try:
        con = wh.connect(wh_path, read_only=True)
    except duckdb.Error as exc:
        first_line = str(exc).splitlines()[0]
        typer.echo(f"error: {wh_path}: cannot open the warehouse read-only: {first_line}", err=True)
        raise typer.Exit(1) from None
    try:
        paths = write_report(con, ex_path, max_rows=max_rows)
    except duckdb.CatalogException as exc:
        first_line = str(exc).splitlines()[0]
        typer.echo(
            f"error: {wh_path} has no timeline views ({first_line}); run `timeline run` first", err=True
        )
        raise typer.Exit(1) from None
    finally:
        con.close()
    for name in ("timeline.png", "report.html"):
        typer.echo(f"{name}: {paths[name]}")
