from __future__ import annotations

import pytest

from tasks import lexicons
from tasks.errors import ResourceError


@pytest.fixture
def resources(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicons, "RESOURCES", tmp_path)
    return tmp_path


def test_loads_rows_after_format_lines(resources):
    (resources / "x.csv").write_text("# FORMAT: word,kind\nword,kind\nTroops,person\n")
    rows = lexicons.load_csv("x.csv", ["word", "kind"], lower=["word"])
    assert rows[0]["word"] == "troops" and rows[0]["_line"] == "3"


def test_wrong_columns_name_the_file_and_line(resources):
    (resources / "x.csv").write_text("# FORMAT\nword,sort\n")
    with pytest.raises(ResourceError, match=r"x\.csv:2: columns"):
        lexicons.load_csv("x.csv", ["word", "kind"])


def test_value_outside_allowed_set_is_rejected(resources):
    (resources / "x.csv").write_text("word,kind\nfoo,bar\n")
    with pytest.raises(ResourceError, match=r"x\.csv:2: kind='bar'"):
        lexicons.load_csv("x.csv", ["word", "kind"], allowed={"kind": ["person"]})


def test_duplicates_after_case_folding_are_rejected(resources):
    (resources / "x.csv").write_text("word,kind\nTroop,a\ntroop,a\n")
    with pytest.raises(ResourceError, match="duplicate"):
        lexicons.load_csv("x.csv", ["word", "kind"], unique=["word"], lower=["word"])


def test_bad_json_line_is_reported(resources):
    (resources / "p.jsonl").write_text('# FORMAT\n{"a": 1}\n{oops\n')
    with pytest.raises(ResourceError, match=r"p\.jsonl:3: invalid JSON"):
        lexicons.load_jsonl("p.jsonl")


def test_every_shipped_lexicon_loads():
    from tasks.extract_events import lexicon
    from tasks.nlp import event_patterns
    from tasks.parse_counts import _lexicon

    assert lexicon().person_nouns and _lexicon().words and event_patterns()


@pytest.mark.slow
def test_every_event_pattern_fires_on_its_own_example(nlp):
    from tasks.lexicons import load_jsonl
    from tasks.nlp import TRIGGER_KEY

    for obj in load_jsonl("events/event_patterns.jsonl"):
        doc = nlp(obj["example"])
        labels = {s.label_ for s in doc.spans[TRIGGER_KEY]}
        assert obj["label"] in labels, (obj["id"], obj["example"], labels)


def test_upper_case_only_aliases_do_not_match_ordinary_words():
    from tasks.extract_events import actors_in

    assert actors_in("the last US troops left") == ["United States"]
    assert actors_in("they told us the troops left") == []
    assert actors_in("Guatemalan and Salvadoran soldiers") == ["Guatemala", "El Salvador"]


def test_a_place_in_no_known_state_is_rejected(resources):
    import shutil
    from pathlib import Path

    from tasks.extract_events import lexicon

    shutil.copytree(Path(lexicons.__file__).parent / "resources" / "events", resources / "events")
    with open(resources / "events" / "places.csv", "a", encoding="utf-8") as handle:
        handle.write("atlantis,Atlantis\n")
    lexicon.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"places\.csv: 'Atlantis' is no state in actors\.csv"):
            lexicon()
    finally:
        lexicon.cache_clear()
