from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import SEEDS, SHARED, load_shared_script

pytestmark = pytest.mark.slow

DATA_TABLES = ("documents", "timexes", "events")


def snapshot(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {t: con.execute(f"select * from {t} order by all").fetchall() for t in DATA_TABLES}
        out["rejected_documents"] = con.execute(
            "select path, content_hash, reason, detail, first_seen from rejected_documents order by all"
        ).fetchall()
        out["timeline"] = con.execute("select * from timeline").fetchall()
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def seeded_run(tmp_path_factory, prefect_harness):
    from flows.timeline_flow import timeline_flow

    root = tmp_path_factory.mktemp("run")
    warehouse = root / "timeline.duckdb"
    exports = root / "exports"
    summary = timeline_flow(input_dir=SEEDS, warehouse=warehouse, exports=exports, formats=("csv", "parquet"))
    return summary, warehouse, exports


def test_seed_run_loads_every_article_and_writes_the_exports(seeded_run):
    summary, warehouse, exports = seeded_run
    assert summary.status == "ok" and summary.loaded == 5 and not summary.rejected
    for name in ("timeline", "deployments", "casualties", "claims", "casualty_estimates"):
        assert (exports / f"{name}.csv").exists() and (exports / f"{name}.parquet").exists()
    assert summary.events_by_type["deployment"] > 0 and summary.events_by_type["casualty"] > 0


def test_seed_export_scores_at_least_080_against_gold(seeded_run):
    _, _, exports = seeded_run
    scorer = load_shared_script("score_events")
    import csv
    import json

    with open(SHARED / "gold" / "seeds.jsonl", encoding="utf-8") as handle:
        gold = [scorer._norm(json.loads(line)) for line in handle if line.strip()]
    with open(exports / "timeline.csv", newline="", encoding="utf-8") as handle:
        pred = [scorer._norm(row) for row in csv.DictReader(handle)]
    result = scorer.score(gold, pred)
    assert result["f1"] >= 0.80, result


def test_export_has_the_columns_the_scorer_reads(seeded_run):
    _, _, exports = seeded_run
    header = (exports / "timeline.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    for column in (
        "doc_id",
        "published",
        "event_type",
        "subtype",
        "count_min",
        "count_max",
        "count_text",
        "period_start",
        "period_end",
        "date_text",
        "source",
        "location",
        "evidence",
    ):
        assert column in header


def test_every_event_keeps_its_evidence_offsets(seeded_run):
    _, warehouse, _ = seeded_run
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute(
        "select e.evidence, e.evidence_start, e.evidence_end, d.text from events e join documents d using (content_hash)"
    ).fetchall()
    con.close()
    assert rows
    for evidence, start, end, text in rows:
        assert text[start:end].strip() == evidence


def test_second_run_on_same_input_leaves_identical_tables(seeded_run, tmp_path):
    from flows.timeline_flow import timeline_flow

    _, warehouse, exports = seeded_run
    before = snapshot(warehouse)
    summary = timeline_flow(input_dir=SEEDS, warehouse=warehouse, exports=exports)
    assert summary.unchanged == 5 and summary.loaded == 0
    assert snapshot(warehouse) == before
    # and a fresh warehouse built from scratch holds the same rows
    fresh = tmp_path / "fresh.duckdb"
    timeline_flow(input_dir=SEEDS, warehouse=fresh, exports=tmp_path / "ex")
    assert snapshot(fresh) == before


def test_changed_file_replaces_its_own_rows_and_removed_file_is_kept_unless_pruned(tmp_path, prefect_harness):
    from flows.timeline_flow import timeline_flow

    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    warehouse = tmp_path / "w.duckdb"
    timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex")
    target = folder / "001_0ae446809ec54135.txt"
    target.write_text(
        target.read_text(encoding="utf-8") + "\nSeoul said 77 more North Korean soldiers were killed.\n"
    )
    summary = timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex")
    assert summary.loaded == 1 and summary.unchanged == 4
    con = duckdb.connect(str(warehouse), read_only=True)
    assert (
        con.execute("select count(*) from documents where path = '001_0ae446809ec54135.txt'").fetchone()[0]
        == 1
    )
    assert con.execute("select count(*) from events where count_min = 77").fetchone()[0] == 1
    con.close()
    (folder / "000_685a5b475c44e0ed.txt").unlink()
    timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex")
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from documents").fetchone()[0] == 5
    con.close()
    summary = timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex", prune=True)
    assert summary.pruned == ["000_685a5b475c44e0ed.txt"]
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from documents").fetchone()[0] == 4
    con.close()


def test_new_pipeline_version_or_corrected_manifest_row_redoes_only_what_it_touches(
    tmp_path, prefect_harness, monkeypatch
):
    from flows.timeline_flow import timeline_flow
    from tasks import versioning

    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    warehouse = tmp_path / "w.duckdb"
    timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex")
    before = snapshot(warehouse)

    # a corrected publication date: the same bytes, read against another reference date
    manifest = folder / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    assert "001_0ae446809ec54135.txt,2025-01-24," in text
    manifest.write_text(
        text.replace("001_0ae446809ec54135.txt,2025-01-24,", "001_0ae446809ec54135.txt,2025-01-31,")
    )
    summary = timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex")
    assert (summary.loaded, summary.redone, summary.unchanged) == (1, 1, 4)
    con = duckdb.connect(str(warehouse), read_only=True)
    reported = con.execute(
        "select distinct e.reported_date from events e join documents d using (content_hash) "
        "where d.path = '001_0ae446809ec54135.txt' and e.reported_date is not null"
    ).fetchall()
    con.close()
    assert reported and all(str(r[0]) >= "2025-01-31" for r in reported)
    manifest.write_text(text)
    timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex")
    assert snapshot(warehouse) == before

    # an upgraded pipeline (code, lexicons, model or libraries): every document is extracted again
    monkeypatch.setattr(
        versioning, "pipeline_version", lambda model=None, min_confidence=None: "another-version"
    )
    summary = timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex")
    assert (summary.loaded, summary.redone, summary.unchanged) == (5, 5, 0)
    monkeypatch.undo()
    summary = timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex")
    assert (summary.loaded, summary.redone) == (5, 5)
    assert snapshot(warehouse) == before

    # a warehouse made before versions were recorded gets the column, and its documents are redone once
    con = duckdb.connect(str(warehouse))
    con.execute("alter table documents drop column extracted_with")
    con.close()
    summary = timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex")
    assert (summary.loaded, summary.redone) == (5, 5)
    assert snapshot(warehouse) == before
    summary = timeline_flow(input_dir=folder, warehouse=warehouse, exports=tmp_path / "ex")
    assert (summary.loaded, summary.unchanged) == (0, 5)
