"""The count classifier: validated on load, trained on this tree's rules and sets, and its reading of a
count the rules left turned into an event with the rules' date, source and actor."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from tasks import classify_counts
from tasks.errors import ResourceError
from tests.test_extract_events import extract
from tests.test_rate_events import train  # noqa: F401  (the training script, as a fixture)

MODEL = {
    "features_version": classify_counts.FEATURES_VERSION,
    "classes": ["casualty/killed", "deployment/sent", "none"],
    "intercepts": [0.0, 0.0, 0.0],
    "weights": {},
    "threshold": 0.5,
}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"features_version": 0}, "retrain"),
        ({"classes": ["casualty/killed", "deployment/sent"]}, "with 'none'"),
        ({"classes": ["none", "casualty/eaten", "deployment/sent"]}, "unknown classes: casualty/eaten"),
        ({"intercepts": [0.0, 0.0]}, "intercepts must be a list of 3 numbers"),
        ({"weights": {"w=troop": [1.0, math.inf, 0.0]}}, "finite number"),
        ({"weights": {"w=troop": 1.0}}, "list of 3 numbers"),
        ({"threshold": -0.1}, "within [0, 1]"),
    ],
)
def test_a_malformed_model_is_refused_with_the_reason(change, message):
    with pytest.raises(ResourceError, match=message.replace("[", r"\[").replace("]", r"\]")):
        classify_counts.parse_model({**MODEL, **change}, Path("m.json"))


def test_the_best_event_class_is_read_only_at_the_threshold():
    model = classify_counts.parse_model(
        {**MODEL, "weights": {"R=in": [0.0, 3.0, 0.0], "R=killed": [4.0, 0.0, 0.0]}, "threshold": 0.8}
    )
    label, p = model.classify({"R=in": 1})
    assert label == "deployment/sent" and p == round(math.exp(3) / (math.exp(3) + 2), 4)
    assert model.classify({"R=in": 0.5}) is None  # the best event class, short of the threshold
    assert model.classify({}) is None  # none, or any class, at a third each


def test_the_shipped_model_loads_never_saw_a_closed_set_and_is_fresh(train):  # noqa: F811
    data = json.loads(classify_counts.MODEL_PATH.read_text(encoding="utf-8"))
    model = classify_counts.load_model()
    assert model.weights and "none" in model.classes and 0.0 < model.threshold < 1.0
    assert "seeds" in data["trained_on"] and not set(data["trained_on"]) & set(train.CLOSED)
    assert data["inputs"] == train.inputs_digest(
        data["trained_on"], exclude={classify_counts.MODEL_PATH.name}
    ), (
        "the count model is stale: a rule, lexicon, view or training set changed since it was trained; "
        "retrain it with benchmarks/train_counts.py --write (see the README)"
    )


def test_a_count_no_rule_claims_becomes_an_event_when_the_model_reads_it(nlp, monkeypatch):
    text = "Officials said on Monday that around 900 were in Syria."
    published = date(2025, 3, 5)
    silent = classify_counts.parse_model(MODEL)  # every class at a third: nothing reaches 0.5
    monkeypatch.setattr(classify_counts, "load_model", lambda: silent)
    assert not extract(nlp, text, published, title="US troops in Syria")  # the rules alone find no claim
    model = classify_counts.parse_model({**MODEL, "weights": {"R=in": [0.0, 5.0, 0.0]}})
    monkeypatch.setattr(classify_counts, "load_model", lambda: model)
    (event,) = extract(nlp, text, published, title="US troops in Syria")
    assert (event.event_type, event.subtype, event.count_min, event.count_max) == (
        "deployment",
        "sent",
        900,
        900,
    )
    assert event.extra["learned"] == model.classify({"R=in": 1})[1]
    assert (event.source, event.actor, event.evidence) == ("Officials", "United States", text)
    assert event.period_end == date(2025, 3, 3)


def test_a_claim_a_rule_found_too_is_not_marked_learned():
    from tasks.extract_events import consolidate
    from tests.test_rate_events import _event

    rule = _event(event_id="r", evidence_start=0, evidence_end=40, extra={"trigger_start": 5})
    learned = _event(event_id="l", evidence_start=50, evidence_end=90, extra={"learned": 0.7})
    (merged,) = consolidate([learned, rule])
    assert merged.mentions == 2 and "learned" not in merged.extra
    (alone,) = consolidate([learned])
    assert alone.extra["learned"] == 0.7
