from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tasks import read_documents as reader
from tasks.records import Document, Rejection
from tests.conftest import ROOT, SEEDS

BAD = Path(__file__).resolve().parent / "bad_inputs"
HELDOUT = Path(__file__).resolve().parent / "heldout"
LOADED = "loaded"

# every file of tests/bad_inputs (and the cases a test adds), with what the pipeline does with it
EXPECTED = {
    "good_article.txt": LOADED,
    "good_article_copy.txt": "duplicate",
    "bad_date.txt": "bad_date",
    "cp1252_curly_quotes.txt": LOADED,
    "latin1.txt": LOADED,
    "utf16_bom.txt": LOADED,
    "utf16_no_bom.txt": "binary",
    "utf8_bom.txt": LOADED,
    "crlf_line_endings.txt": LOADED,
    "very_long_line.txt": LOADED,
    "article_page.html": LOADED,
    "empty.txt": "empty",
    "whitespace_only.txt": "empty",
    "too_short.txt": "too_short",
    "binary_noise.txt": "binary",
    "image.png": "binary",
    "french_article.txt": "not_english",
    "german_article.txt": "not_english",
}
MANIFEST_EXPECTED = {
    "missing_article.txt": "missing_file",
    "../outside.txt": "path_outside_input",
    "/etc/hostname": "path_outside_input",
}
GENERATED_EXPECTED = {
    "too_large.txt": "too_large",
    "link_outside.txt": "path_outside_input",
}


def outcome(path: str, docs: list[Document], rejected: list[Rejection]) -> str:
    reasons = [r.reason for r in rejected if r.path == path]
    if any(d.path == path for d in docs):
        return LOADED if not reasons else f"loaded and rejected {reasons}"
    return reasons[0] if len(reasons) == 1 else f"{reasons}"


def build_input(folder: Path) -> Path:
    """A copy of bad_inputs plus the cases not committed: a file over the size limit, a symlink out."""
    shutil.copytree(BAD, folder)
    (folder.parent / "outside.txt").write_text(
        "An article outside the input folder: 500 troops were sent to the border on Monday, officials said.\n",
        encoding="utf-8",
    )
    (folder / "link_outside.txt").symlink_to(folder.parent / "outside.txt")
    line = b"Officials said 500 troops were sent to the border region on Monday.\n"
    with open(folder / "too_large.txt", "wb") as handle:
        handle.write(line * (reader.MAX_BYTES // len(line) + 1))
    return folder


# ----------------------------------------------------------------------------------------------
# the reader on its own (fast)


def test_fixture_folder_has_one_expected_outcome_per_file():
    on_disk = {p.name for p in BAD.iterdir()} - {"manifest.csv", "README.md"}
    assert on_disk == set(EXPECTED)
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    for name in {**EXPECTED, **MANIFEST_EXPECTED, **GENERATED_EXPECTED}:
        assert f"`{name}`" in readme, name


def test_every_input_is_read_or_rejected_with_its_reason(tmp_path):
    folder = build_input(tmp_path / "in")
    candidates, rejected = reader.discover(folder)
    docs, more = reader.read_all(candidates)
    rejected += more
    expected = {**EXPECTED, **MANIFEST_EXPECTED, **GENERATED_EXPECTED}
    assert {p: outcome(p, docs, rejected) for p in expected} == expected
    assert {d.path for d in docs} | {r.path for r in rejected} == set(expected)
    assert all(r.detail for r in rejected)


def _doc(name: str) -> Document:
    result = reader.read_one(reader.Candidate(BAD / name, name, None))
    assert isinstance(result, Document), result
    return result


def test_windows_1252_text_decodes_to_the_exact_characters():
    doc = _doc("cp1252_curly_quotes.txt")
    assert doc.encoding == "cp1252"
    assert doc.text.startswith("Café owners in Kharkiv said the “shelling” had cost them €2,000 a week.\n")
    assert "called “deliberate” – a claim" in doc.text
    assert "Ã" not in doc.text and "â€" not in doc.text


def test_latin1_text_decodes_to_the_exact_characters():
    doc = _doc("latin1.txt")
    assert doc.text.startswith("Officials in Münster and Zürich said the naïve plan cost £400,000.\n")
    assert "-12°C" in doc.text


def test_utf16_with_bom_is_decoded_and_without_bom_is_binary():
    doc = _doc("utf16_bom.txt")
    assert doc.encoding == "utf-16" and doc.text.startswith("Published: 2025-02-10\nSudan's army said")
    assert str(doc.published) == "2025-02-10"
    rejected = reader.read_one(reader.Candidate(BAD / "utf16_no_bom.txt", "utf16_no_bom.txt", None))
    assert isinstance(rejected, Rejection) and rejected.reason == "binary"


def test_utf8_bom_and_crlf_are_normalized_away():
    bom = _doc("utf8_bom.txt")
    assert bom.text.startswith("Published: 2025-01-15\nBelarus") and "\ufeff" not in bom.text
    crlf = _doc("crlf_line_endings.txt")
    assert "\r" not in crlf.text and crlf.text.count("\n") == 3
    assert str(crlf.published) == "2024-12-02"


def test_html_page_keeps_the_article_and_drops_navigation_scripts_styles_and_footer():
    doc = _doc("article_page.html")
    assert doc.encoding == "utf-8+html"
    assert "About 100 Russian military instructors arrived in Bamako on Thursday" in doc.text
    assert "train Malian units & stay until March." in doc.text
    for furniture in ("NAV_MENU_TEXT", "NAV_SCRIPT_TEXT", "INLINE_SCRIPT_TEXT", "ASIDE_TEXT", "FOOTER_TEXT"):
        assert furniture not in doc.text
    assert "font-family" not in doc.text and "<" not in doc.text


def test_very_long_single_line_loads_whole():
    doc = _doc("very_long_line.txt")
    assert doc.text.count("\n") == 1 and len(doc.text) > 30_000
    assert doc.text.rstrip().endswith("120 Russian soldiers were killed near Pokrovsk.")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (random.Random(1).randbytes(4000).replace(b"\x00", b"\x01"), "binary-looking|undecodable"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL"),
        ("The army said 35 soldiers were killed.".encode("utf-16-le"), "NUL"),
        (b"\xff\xfe\x00\xd8", "utf-16 byte-order mark but not utf-16"),
    ],
)
def test_decode_refuses_binary(data, why):
    with pytest.raises(ValueError, match=why):
        reader.decode(data)


def test_file_over_the_size_limit_is_rejected_with_the_limit_in_the_message(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2_001)
    result = reader.read_one(reader.Candidate(path, "big.txt", None), max_bytes=2_000)
    assert isinstance(result, Rejection) and result.reason == "too_large"
    assert "2001 bytes > limit 2000" in result.detail and "--max-bytes" in result.detail


def test_symlink_out_of_the_input_folder_is_rejected_whether_listed_or_not(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("Officials said 400 soldiers were sent to the border on Monday, the ministry said.\n")
    (folder / "a.txt").symlink_to(secret)
    (folder / "manifest.csv").write_text("file,published\na.txt,2025-01-01\n../secret.txt,2025-01-01\n")
    candidates, rejected = reader.discover(folder)
    assert candidates == []
    assert sorted((r.path, r.reason) for r in rejected) == [
        ("../secret.txt", "path_outside_input"),
        ("a.txt", "path_outside_input"),
    ]


def test_files_under_a_symlinked_folder_outside_are_never_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text(
        "Officials said 400 soldiers were sent to the border, the ministry said.\n"
    )
    (folder / "sub").symlink_to(elsewhere, target_is_directory=True)
    candidates, rejected = reader.discover(folder)
    assert candidates == []  # the walk does not follow a linked folder; a file in it would be rejected
    assert all(r.reason == "path_outside_input" for r in rejected)


def test_symlink_inside_the_folder_is_read_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(BAD / "good_article.txt", folder / "a.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    candidates, rejected = reader.discover(folder)
    assert [c.rel for c in candidates] == ["a.txt"] and rejected == []


def test_a_file_that_fails_to_parse_is_rejected_not_raised(tmp_path, monkeypatch):
    def boom(html):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(reader, "html_to_text", boom)
    path = BAD / "article_page.html"
    docs, rejected = reader.read_all(
        [
            reader.Candidate(path, "article_page.html", None),
            reader.Candidate(BAD / "latin1.txt", "latin1.txt", None),
        ]
    )
    assert [d.path for d in docs] == ["latin1.txt"]
    assert [(r.reason, r.detail) for r in rejected] == [("read_error", "RuntimeError: parser exploded")]


def _paragraphs():
    for path in sorted([*SEEDS.glob("*.txt"), *HELDOUT.glob("*.txt")]):
        yield path.name, path.read_text(encoding="utf-8")
        for number, para in enumerate(path.read_text(encoding="utf-8").split("\n")):
            if para.strip():
                yield f"{path.name}:{number + 1}", para


def test_language_detector_never_rejects_the_english_seeds_heldout_or_their_paragraphs():
    wrong = {
        name: lang
        for name, text in _paragraphs()
        if (lang := reader.detect_language(text)) not in (None, "en")
    }
    assert wrong == {}


@pytest.mark.parametrize(
    "text",
    [
        "Troops arrived.",
        "SEOUL, Jan. 24 (UPI) -- Pyongyang sent 1,500 more to Kursk, Yonhap said.",
        "Tinzaouaten, Kidal, Gao, Timbuktu, Menaka: FAMa and Wagner lost 47 soldiers and 84 mercenaries.",
        "RSF: 35 killed in El Fasher, Zamzam, Abu Shouk, Tawila, Kutum, Mellit, Kabkabiya, Um Kadada.",
        "Hemedti's RSF vs. al-Burhan's SAF: El-Obeid, Kadugli, Dilling, Babanusa, En Nahud — 1,200 dead.",
        "NIS, JCS, ISW, GUR, SBU, HUR, FSB, GRU, KPA, DPRK, ROK, USFK: 11,000-12,000; 3,000; 1,500; 4,000.",
        "Kim Jong-un, Vladimir Putin, Volodymyr Zelensky, Yoon Suk-yeol: 11,000 troops; 300 killed (NIS).",
    ],
)
def test_short_english_dense_with_names_and_numbers_is_not_rejected(text):
    assert reader.detect_language(text) in (None, "en")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "nl",
            "Het Nederlandse leger heeft dinsdag 200 militairen naar Litouwen gestuurd. Volgens het "
            "ministerie van Defensie is het de bedoeling dat zij tot het einde van het jaar blijven.",
        ),
        (
            "es",
            "El ejército ucraniano informó el lunes que unos 300 soldados norcoreanos murieron en la "
            "región de Kursk, según un comunicado del estado mayor.",
        ),
        (
            "it",
            "Il ministero della Difesa ha annunciato martedì l'invio di 150 soldati in Lettonia. I militari "
            "resteranno nel paese fino alla fine dell'anno.",
        ),
    ],
)
def test_other_languages_are_detected(lang, text):
    assert reader.detect_language(text) == lang


# ----------------------------------------------------------------------------------------------
# the whole pipeline through the CLI, run twice (slow)


def run_cli(api_url: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )


def rows(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, prefect_harness):
    from prefect.settings import PREFECT_API_URL

    root = tmp_path_factory.mktemp("bad")
    folder = build_input(root / "in")
    warehouse = root / "w.duckdb"
    args = ("--input", str(folder), "--warehouse", str(warehouse), "--exports", str(root / "ex"))
    first = run_cli(PREFECT_API_URL.value(), *args)
    rejected_first = rows(warehouse, "select * from rejected_documents order by path, reason")
    documents_first = rows(warehouse, "select * from documents order by content_hash")
    events_first = rows(
        warehouse,
        "select e.subtype, e.count_min, d.path from events e join documents d using (content_hash) "
        "where not e.is_negated",
    )
    from flows.timeline_flow import timeline_flow

    # the rerun in this process: the same flow, without a second interpreter and model load
    second = timeline_flow(input_dir=folder, warehouse=warehouse, exports=root / "ex")
    return first, second, warehouse, rejected_first, documents_first, events_first


@pytest.mark.slow
def test_cli_run_exits_3_and_lists_every_rejection_in_the_summary(two_runs):
    first, *_ = two_runs
    assert first.returncode == 3, first.stderr[-3000:]
    rejected = {**EXPECTED, **MANIFEST_EXPECTED, **GENERATED_EXPECTED}
    rejected = {p: r for p, r in rejected.items() if r != LOADED}
    for path, reason in rejected.items():
        assert f"  rejected {path}: {reason} (" in first.stdout, path
    loaded = sum(r == LOADED for r in EXPECTED.values())
    assert f"{loaded} loaded, 0 unchanged, {len(rejected)} rejected" in first.stdout
    assert "status: partial" in first.stdout


@pytest.mark.slow
def test_rejected_documents_table_holds_each_rejection_once(two_runs):
    _, _, _, rejected_first, *_ = two_runs
    expected = {**EXPECTED, **MANIFEST_EXPECTED, **GENERATED_EXPECTED}
    assert {(path, reason) for path, _, reason, *_ in rejected_first} == {
        (p, r) for p, r in expected.items() if r != LOADED
    }
    by_path = {path: digest for path, digest, *_ in rejected_first}
    assert by_path["empty.txt"] == reader.content_hash(b"")
    assert by_path["missing_article.txt"] is None and by_path["too_large.txt"] is None


@pytest.mark.slow
def test_good_articles_load_with_their_events_and_exact_text(two_runs):
    _, _, warehouse, _, documents_first, events = two_runs
    assert sorted(d[2] for d in documents_first) == sorted(p for p, r in EXPECTED.items() if r == LOADED)
    (text,) = rows(warehouse, "select text from documents where path = 'cp1252_curly_quotes.txt'")[0]
    assert "Café" in text and "“shelling”" in text and "€2,000" in text and "“deliberate” – a" in text
    assert ("sent", 3000, "good_article.txt") in events
    assert ("killed", 120, "very_long_line.txt") in events
    assert not any(path.startswith(("outside", "link_outside", "too_large")) for *_, path in events)


@pytest.mark.slow
def test_rerun_keeps_rejections_once_with_first_seen_kept_and_last_seen_moved(two_runs):
    _, second, warehouse, rejected_first, *_ = two_runs
    assert second.status == "partial" and second.partial
    now = {(r[0], r[2]): r for r in rows(warehouse, "select * from rejected_documents")}
    before = {(r[0], r[2]): r for r in rejected_first}
    assert len(now) == len(rows(warehouse, "select distinct path, reason from rejected_documents"))
    for key, old in before.items():
        new = now[key]
        assert new[:4] == old[:4] and new[4] == old[4], key
        assert new[5] > old[5], key
    statuses = rows(warehouse, "select status, documents_rejected from runs order by started_at")
    assert [s for s, _ in statuses] == ["partial", "partial"]


@pytest.mark.slow
def test_rerun_still_loads_the_original_and_rejects_its_copy(two_runs):
    _, second, warehouse, _, documents_first, _ = two_runs
    assert rows(warehouse, "select * from documents order by content_hash") == documents_first
    assert second.loaded == 0
    assert rows(warehouse, "select reason from rejected_documents where path = 'good_article_copy.txt'") == [
        ("duplicate",)
    ]
