from __future__ import annotations

import csv

from tasks.export_timeline import export_all, safe_cell


def test_formula_cells_are_neutralized():
    for bad in ('=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(bad) == "'" + bad
    assert safe_cell("Seoul reported") == "Seoul reported"
    assert safe_cell(300) == 300


def test_exported_csv_round_trips_with_hostile_evidence(con, tmp_path):
    con.execute(
        "insert into documents values ('h1', 'doc', 'doc.txt', '=cmd|x', null, null, date '2025-01-24', "
        "'manifest', 'en', 'utf-8', '', 10, 'text', 'v')"
    )
    evidence = '=1+1, "quoted"\nnext line'
    con.execute(
        "insert into events values ('e1', 'h1', 'doc', 'casualty', 'killed', 300, null, 'at_least', 'at least 300', "
        "null, date '2025-01-20', null, null, date '2025-01-24', '@Seoul', null, 'North Korea', null, ?, 0, 10, 0, 10, "
        "'killed', false, true, 1, '{}', null, 0.8, true)",
        [evidence],
    )
    written = export_all(con, tmp_path, ("csv", "parquet"))
    with open(written["timeline.csv"], newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["evidence"] == "'" + evidence
    assert rows[0]["source"] == "'@Seoul"
    assert rows[0]["title"] == "'=cmd|x"
    assert rows[0]["count_min"] == "300" and rows[0]["count_max"] == ""
    assert (
        con.execute("select count(*) from read_parquet(?)", [str(written["timeline.parquet"])]).fetchone()[0]
        == 1
    )


def test_csv_is_written_in_chunks_with_every_row_once(con, tmp_path, monkeypatch):
    from tasks import export_timeline

    monkeypatch.setattr(export_timeline, "CHUNK_ROWS", 2)
    con.execute("create table numbers as select range as n, '=' || range as t from range(7)")
    assert export_timeline.write_csv(con, "numbers", tmp_path / "n.csv") == 7
    with open(tmp_path / "n.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["n"], r["t"]) for r in rows] == [(str(i), f"'={i}") for i in range(7)]
