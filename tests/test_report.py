from __future__ import annotations

import html
import io
import re
from datetime import date

from PIL import Image

from tasks.build_report import write_report
from tests.rows import add_document, add_event


def seed_rows(con):
    """A small timeline with every shape the chart draws: ranges, open bounds, no count, both bounds null."""
    add_document(
        con, "a", date(2025, 2, 12), title="Troops sent to Kursk", url="https://example.org/a?x=1&y=2"
    )
    add_document(con, "b", date(2025, 2, 27), title="Casualties mount", url="http://example.com/b")
    add_event(
        con,
        "d-range",
        "a",
        event_type="deployment",
        subtype="sent",
        count_min=10000,
        count_max=12000,
        period_start=date(2024, 10, 1),
        period_end=date(2025, 2, 12),
        source="NIS",
        reported_date=date(2025, 2, 12),
        count_text="between 10,000-12,000",
    )
    add_event(
        con,
        "d-atleast",
        "a",
        event_type="deployment",
        subtype="sent",
        count_min=10000,
        period_end=date(2025, 1, 24),
        source="Authorities in Seoul",
    )
    add_event(
        con,
        "d-atmost",
        "a",
        event_type="deployment",
        subtype="sent",
        count_max=12000,
        period_start=date(2024, 9, 1),
        period_end=date(2024, 11, 30),
    )
    add_event(
        con,
        "d-nocount",
        "a",
        event_type="deployment",
        subtype="withdrawn",
        period_start=date(2025, 1, 11),
        period_end=date(2025, 1, 20),
        source="JCS",
    )
    add_event(
        con,
        "d-planned",
        "a",
        event_type="deployment",
        subtype="planned",
        period_start=date(2025, 1, 24),
        source="Kyrylo Budanov",
    )  # edge: open end
    add_event(
        con,
        "c-exact",
        "b",
        count_min=4000,
        count_max=4000,
        subtype="killed_or_wounded",
        period_end=date(2025, 2, 27),
        source="Ukraine",
        reported_date=date(2025, 2, 27),
    )
    add_event(con, "c-undated", "b", count_min=300, count_max=300, source="Seoul")  # edge: both periods open
    add_event(con, "c-bare", "b", subtype="wounded")  # edge: no count, no period, no source


def text_of(page):
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def read_png(path):
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        return data, img.size


def test_writes_a_png_of_sensible_size_and_a_report(con, tmp_path):
    seed_rows(con)
    paths = write_report(con, tmp_path / "exports")
    assert paths == {
        "timeline.png": tmp_path / "exports/timeline.png",
        "report.html": tmp_path / "exports/report.html",
    }
    data, (width, height) = read_png(paths["timeline.png"])
    assert 800 <= width <= 4000 and 400 <= height <= 3000
    assert len(data) > 10_000
    page = paths["report.html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")


def test_report_lists_every_event_with_evidence_source_title_and_link(con, tmp_path):
    seed_rows(con)
    page = write_report(con, tmp_path)["report.html"].read_text(encoding="utf-8")
    for event_id in (
        "d-range",
        "d-atleast",
        "d-atmost",
        "d-nocount",
        "d-planned",
        "c-exact",
        "c-undated",
        "c-bare",
    ):
        assert f'id="ev-{event_id}"' in page
        assert f"evidence sentence {event_id}" in page
    for text in ("NIS", "Authorities in Seoul", "Kyrylo Budanov", "Ukraine", "Seoul", "(unattributed)"):
        assert f"<strong>{text}</strong>" in page
    assert page.count(">Troops sent to Kursk</a>") >= 5 and ">Casualties mount</a>" in page
    assert 'href="https://example.org/a?x=1&amp;y=2"' in page
    assert "10,000–12,000" in page and "≥ 10,000" in page and "≤ 12,000" in page and "no count" in page
    assert "2025-01-24 – …" in text_of(page) and "undated" in page


def test_report_groups_the_claims_view_by_claim(con, tmp_path):
    add_document(con, "a", date(2025, 2, 10), title="First report")
    add_document(con, "b", date(2025, 2, 12), title="Second report")
    same = {"subtype": "killed_or_wounded", "count_min": 4000, "count_max": 4000, "source": "Ukraine"}
    add_event(con, "a1", "a", period_end=date(2025, 2, 10), reported_date=date(2025, 2, 10), **same)
    add_event(con, "b1", "b", period_end=date(2025, 2, 12), reported_date=date(2025, 2, 12), **same)
    page = write_report(con, tmp_path)["report.html"].read_text(encoding="utf-8")
    claims = page[page.index('<section id="claims">') :]
    assert claims.count('<tr id="claim-') == 1
    assert "First report" in claims and "Second report" in claims
    assert "2025-02-10 – 2025-02-12" in text_of(claims)
    assert re.search(r"<td class=\"num\">2 · 2</td>", claims)


def test_hostile_evidence_titles_and_urls_are_escaped(con, tmp_path):
    add_document(
        con, "a", date(2025, 2, 1), title='<img src=x onerror="alert(2)">', url="javascript:alert(1)"
    )
    add_document(
        con, "b", date(2025, 2, 2), title="data link", url="data:text/html,<script>alert(3)</script>"
    )
    add_document(con, "c", date(2025, 2, 3), title="quote link", url='https://e.org/"onmouseover="alert(4)')
    add_event(
        con,
        "e1",
        "a",
        evidence="<script>alert(1)</script> 300 killed",
        source="</td><b>NIS</b>",
        count_min=300,
        count_max=300,
        period_end=date(2025, 2, 1),
    )
    add_event(con, "e2", "b", count_min=5, period_end=date(2025, 2, 2))
    add_event(con, "e3", "c", count_min=6, period_end=date(2025, 2, 3))
    page = write_report(con, tmp_path)["report.html"].read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 300 killed" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in page
    assert "</td><b>NIS" not in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert all(h.startswith(("#", "https://", "http://", "data:,")) for h in hrefs), hrefs
    assert not any("javascript" in h.lower() for h in hrefs)
    assert "javascript:alert(1)" in html.unescape(page)  # shown as text, not a link
    assert 'href="https://e.org/&#34;onmouseover=&#34;alert(4)"' in page  # the quote cannot end the attribute


def test_empty_warehouse_says_so_in_chart_and_report(con, tmp_path):
    paths = write_report(con, tmp_path)
    _, (width, _) = read_png(paths["timeline.png"])
    assert width >= 800
    page = paths["report.html"].read_text(encoding="utf-8")
    assert "No events in the warehouse yet" in page
    assert "<table" not in page


def test_reruns_give_identical_files(con, tmp_path):
    seed_rows(con)
    first = {k: p.read_bytes() for k, p in write_report(con, tmp_path / "one").items()}
    second = {k: p.read_bytes() for k, p in write_report(con, tmp_path / "two").items()}
    assert first == second


def test_report_is_self_contained(con, tmp_path):
    seed_rows(con)
    page = write_report(con, tmp_path)["report.html"].read_text(encoding="utf-8")
    assert re.findall(r'<img src="([a-z]+:)', page) == ["data:"]
    assert '<link rel="stylesheet"' not in page and "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page


def test_many_sources_and_long_evidence(con, tmp_path):
    add_document(con, "a", date(2025, 3, 1))
    for i in range(40):
        add_event(
            con,
            f"e{i:02d}",
            "a",
            count_min=100 + i,
            count_max=200 + i * 10,
            source=f"source number {i:02d}",
            period_start=date(2025, 1, 1 + i % 28),
            period_end=date(2025, 2, 1 + i % 28),
        )
    long_evidence = "A very long sentence " * 200
    add_event(
        con,
        "long",
        "a",
        event_type="deployment",
        subtype="sent",
        count_min=1,
        evidence=long_evidence,
        source="A source whose name is far too long to fit in any legend at all",
    )
    paths = write_report(con, tmp_path)
    read_png(paths["timeline.png"])
    page = paths["report.html"].read_text(encoding="utf-8")
    assert all(f"source number {i:02d}" in page for i in range(40))
    assert "<details>" in page and long_evidence.strip() in page


def test_only_http_urls_with_a_host_become_links(con, tmp_path):
    bad = [None, "", "ftp://e.org/x", "//e.org/x", "https:///nohost", "https://e.org/a b", " vbscript:x"]
    for i, url in enumerate(bad):
        add_document(con, f"d{i}", date(2025, 3, 1), title=f"title number {i}", url=url)
        add_event(con, f"e{i}", f"d{i}", count_min=1, period_end=date(2025, 3, 1))
    page = write_report(con, tmp_path)["report.html"].read_text(encoding="utf-8")
    for i in range(len(bad)):
        assert f"title number {i}" in page and f">title number {i}</a>" not in page


def test_report_command_writes_both_files_and_fails_clearly_without_a_warehouse(tmp_path):
    import typer
    from typer.testing import CliRunner

    from flows.report_cli import report
    from tasks import load_warehouse as wh

    app = typer.Typer()
    app.command()(report)
    app.command("noop")(lambda: None)  # two commands, so `report` is a subcommand as in `timeline report`
    runner = CliRunner()
    missing = runner.invoke(app, ["report", "--warehouse", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "run `timeline run` first" in missing.output
    path = tmp_path / "wh" / "timeline.duckdb"
    con = wh.connect(path)
    wh.create_schema(con)
    wh.build_views(con)
    seed_rows(con)
    con.close()
    ok = runner.invoke(app, ["report", "--warehouse", str(path)])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "wh" / "exports" / "report.html").exists() and "timeline.png:" in ok.output


def test_a_large_timeline_shows_its_latest_rows_and_says_how_many_there_are(con, tmp_path):
    add_document(con, "a", date(2025, 3, 1))
    add_document(con, "b", date(2025, 3, 2))
    for i in range(12):
        add_event(
            con,
            f"c{i:02d}",
            "a" if i % 2 else "b",
            count_min=100 + i,
            count_max=100 + i,
            source=f"source {i % 3}",
            period_start=date(2025, 1, 1 + i),
            period_end=date(2025, 1, 1 + i),
        )
    page = write_report(con, tmp_path, max_rows=5)["report.html"].read_text(encoding="utf-8")
    shown = re.findall(r'id="ev-(c\d\d)"', page)
    assert shown == [f"c{i:02d}" for i in range(7, 12)]  # the five latest periods, in period order
    assert "Showing the 5 latest of 12 casualty claims" in text_of(page)
    assert "casualty claims (12)" in text_of(page)
    assert "12 events from 2 articles and 3 named sources" in text_of(page)
    full = write_report(con, tmp_path / "all")["report.html"].read_text(encoding="utf-8")
    assert len(re.findall(r'id="ev-c\d\d"', full)) == 12 and "Showing the" not in full
