"""The confidence model: validated on load, the same features from an Event and from its exported row,
and events below the threshold flagged, not dropped."""

from __future__ import annotations

import csv
import importlib.util
import json
import math
from datetime import date
from pathlib import Path

import pytest

from tasks import rate_events as rating
from tasks.errors import ResourceError
from tasks.records import Event
from tests.conftest import ROOT


def _event(**kw) -> Event:
    fields = dict(
        event_id="e1",
        doc_id="d1",
        content_hash="h",
        event_type="casualty",
        subtype="killed",
        count_min=300,
        count_max=None,
        count_qualifier="at_least",
        count_text="at least 300",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 1, 31),
        date_text="in January",
        date_precision="month",
        reported_date=date(2025, 2, 7),
        source="NIS",
        source_text="South Korea's spy agency",
        actor="North Korea",
        location=None,
        evidence="At least 300 soldiers were killed in January, the NIS said.",
        evidence_start=10,
        evidence_end=70,
        sentence_start=10,
        sentence_end=70,
    )
    fields.update(kw)
    return Event(**fields)


MODEL = {"features_version": rating.FEATURES_VERSION, "intercept": 0.0, "weights": {}, "threshold": 0.5}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"weights": {"w=killed": "high"}}, "finite number"),
        ({"weights": {"w=killed": math.nan}}, "finite number"),
        ({"threshold": 1.5}, "within [0, 1]"),
        ({"features_version": 0}, "retrain"),
        ({"trained_on": "seeds"}, "list of set names"),
        ({"intercept": True}, "finite number"),
    ],
)
def test_a_malformed_model_is_refused_with_the_reason(change, message):
    with pytest.raises(ResourceError, match=message.replace("[", r"\[").replace("]", r"\]")):
        rating.parse_model({**MODEL, **change}, Path("m.json"))


def test_a_model_without_its_keys_is_refused():
    with pytest.raises(ResourceError, match="missing keys: intercept, weights"):
        rating.parse_model({"features_version": rating.FEATURES_VERSION, "threshold": 0.5})


@pytest.fixture(scope="module")
def train():
    spec = importlib.util.spec_from_file_location(
        "train_confidence", ROOT / "benchmarks" / "train_confidence.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_loads_and_never_saw_a_closed_set(train):
    model = rating.load_model()
    assert model.weights and 0.0 < model.threshold < 1.0
    assert "seeds" in model.trained_on
    assert not set(model.trained_on) & set(train.CLOSED)


def test_the_shipped_model_was_trained_on_the_rules_and_sets_of_this_tree(train):
    """A rule, lexicon or training set changed since the model was fitted: its weights describe events the
    pipeline no longer makes. Retrain: the README's loop (timeline run --min-confidence 0 over the seeds and
    every held-out set), then `python benchmarks/train_confidence.py --runs /tmp/runs --write`."""
    data = json.loads(rating.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["inputs"] == train.inputs_digest(data["trained_on"]), (
        "the confidence model is stale: retrain it (see this test's docstring)"
    )


def test_confidence_is_the_logistic_of_the_weights_present():
    model = rating.parse_model({**MODEL, "intercept": -1.0, "weights": {"a": 2.0, "b": 5.0}})
    assert model.confidence({"a": 1, "c": 1}) == round(1 / (1 + math.exp(-1.0)), 4)
    assert model.confidence({"b": 0}) == round(1 / (1 + math.exp(1.0)), 4)


def test_an_event_and_its_exported_row_have_the_same_features():
    event = _event(location="", mentions=2)
    exported = {  # as timeline.csv writes it: strings, empty for None
        "doc_id": "d1",
        "published": "2025-02-07",
        "event_type": "casualty",
        "subtype": "killed",
        "count_min": "300",
        "count_max": "",
        "count_qualifier": "at_least",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "date_text": "in January",
        "date_precision": "month",
        "source": "NIS",
        "actor": "North Korea",
        "location": "",
        "evidence": event.evidence,
        "evidence_start": "10",
        "mention_count": "2",
    }
    assert rating.features(rating.exported_row(event, date(2025, 2, 7)), 1) == rating.features(exported, 1)
    feats = rating.features(exported, 1)
    assert feats["has_source"] == 1 and feats["has_location"] == 0 and feats["mentions>1"] == 1
    assert feats["ts=casualty/killed"] == 1 and feats["q=at_least"] == 1 and feats["w=killed"] == 1


def test_events_below_the_threshold_are_flagged_and_others_are_not_rated():
    model = rating.parse_model({**MODEL, "weights": {"w=budget": -3.0, "w=killed": 1.0}})
    kept = _event(event_id="k")
    doubtful = _event(event_id="d", evidence="The budget pays for 300 soldiers.", evidence_start=90)
    negated = _event(event_id="n", is_negated=True)
    other_side = _event(event_id="o", extra={"is_primary_actor": False})
    rated = {
        e.event_id: e for e in rating.rate([kept, doubtful, negated, other_side], date(2025, 2, 7), model)
    }
    assert rated["k"].is_confident and rated["k"].confidence > 0.5
    assert not rated["d"].is_confident and rated["d"].confidence < 0.5
    assert rated["n"].confidence is None and rated["o"].confidence is None
    everything = rating.rate([doubtful], date(2025, 2, 7), model, min_confidence=0.0)
    assert everything[0].is_confident


def test_events_sharing_a_sentence_are_counted_among_timeline_events_only():
    model = rating.parse_model({**MODEL, "weights": {"same=1": 1.0, "same=2": -1.0}})
    a, b = _event(event_id="a"), _event(event_id="b", subtype="wounded")
    c = _event(event_id="c", subtype="captured", is_negated=True)
    alone = rating.rate([a, c], None, model)[0]
    paired = rating.rate([a, b, c], None, model)[0]
    assert alone.confidence > 0.5 > paired.confidence


def test_the_flow_rates_what_it_exports_as_the_training_script_would(tmp_path, prefect_harness):
    """Each exported event's confidence is what the model gives its exported row: training (which reads
    exports) and the pipeline (which rates Events) see the same features."""
    from flows.timeline_flow import timeline_flow
    from tests.conftest import SEEDS

    def run(min_confidence: float):
        return timeline_flow(
            input_dir=SEEDS,
            warehouse=tmp_path / "w.duckdb",
            exports=tmp_path / "out",
            report=False,
            min_confidence=min_confidence,
        )

    summary = run(0.0)
    assert summary.status == "ok" and summary.set_aside == 0
    with (tmp_path / "out" / "timeline.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    model = rating.load_model()
    same = rating.sentence_counts(rows)
    for r in rows:
        expected = model.confidence(rating.features(r, same[(r["doc_id"], r["evidence_start"])]))
        assert float(r["confidence"]) == pytest.approx(expected, abs=1e-9), r["evidence"]

    # a stricter threshold is another pipeline version: every file is redone, and what falls below it
    # leaves the timeline but stays in the warehouse, counted in the summary
    strict = run(0.99)
    below = sum(float(r["confidence"]) < 0.99 for r in rows)
    assert strict.redone == 5 and below > 0
    assert strict.set_aside == below
    assert sum(strict.events_by_type.values()) == len(rows) - below
