"""How likely an extracted event is to be a claim an annotator would code: a linear model over the event.

The extraction rules find candidates; some of what they keep is not an event a coder would count (a
budget line, a historical aside, a figure quoted twice with different words). A logistic model,
trained on the pipeline's own output over annotated articles (`benchmarks/train_confidence.py`),
gives each timeline event a confidence in [0, 1]. Events below the model's threshold stay in the
`events` table with `is_confident` false and leave the timeline views, like negated claims.

The model is a data file (`resources/events/confidence_model.json`), validated on load. Its
features are read from the event as it is exported (`exported_row`), so that the training script,
which reads exported timelines, and the pipeline, which rates `Event` records, see the same values.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from tasks.errors import ResourceError
from tasks.lexicons import finite_number, load_json_model, model_threshold
from tasks.records import Event

MODEL_PATH = Path(__file__).resolve().parent / "resources" / "events" / "confidence_model.json"
FEATURES_VERSION = 1  # bump when `features` changes: a model trained on other features is refused

_MODAL = re.compile(
    r"\b(?:may|might|could|would|plans?|planned|planning|preparing|expected|will|intends?|considering|"
    r"proposed|to send|to deploy)\b",
    re.I,
)
_NEGATION = re.compile(r"\b(?:not|no|never|denied|denies|deny|false|rejected|dismissed|without)\b|n't", re.I)
_OLD_YEAR = re.compile(r"\b(?:18|19)\d\d\b")
_QUOTE = re.compile(r"[\"“”]")
_PERCENT = re.compile(r"%|per ?cent", re.I)
_MONEY = re.compile(r"[$€£]|\bdollars?\b|\bbillion\b", re.I)
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Model:
    """A logistic model: P(event) = sigmoid(intercept + sum of the weights of the features present)."""

    intercept: float
    weights: Mapping[str, float]
    threshold: float
    trained_on: tuple[str, ...] = ()

    def confidence(self, feats: Mapping[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return round(1.0 / (1.0 + math.exp(-z)), 4)


def parse_model(data: object, path: Path = MODEL_PATH) -> Model:
    """A Model from the JSON file's content, or a ResourceError naming what is wrong."""
    keys = {"intercept", "weights"}
    threshold = model_threshold(data, keys, FEATURES_VERSION, "benchmarks/train_confidence.py", path)
    if not isinstance(data["weights"], dict):
        raise ResourceError(path, None, "weights must be an object of feature name -> number")
    weights = {str(k): finite_number(v, f"weight of {k!r}", path) for k, v in data["weights"].items()}
    trained_on = data.get("trained_on", [])
    if not isinstance(trained_on, list) or not all(isinstance(s, str) for s in trained_on):
        raise ResourceError(path, None, "trained_on must be a list of set names")
    return Model(finite_number(data["intercept"], "intercept", path), weights, threshold, tuple(trained_on))


@cache
def load_model(path: Path = MODEL_PATH) -> Model:
    return load_json_model(path, parse_model, "the confidence model")


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _date(value: object) -> date | None:
    text = _text(value)
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _magnitude(value: int) -> int:
    return min(6, int(math.log10(max(value, 1))))


def features(row: Mapping[str, object], same_sentence: int) -> dict[str, float]:
    """The features of one exported event (a timeline row: strings, or None/'' for empty) that shares its
    evidence sentence with `same_sentence` timeline events (itself included)."""
    f: dict[str, float] = {}
    kind, subtype = _text(row.get("event_type")), _text(row.get("subtype"))
    f[f"ts={kind}/{subtype}"] = 1
    f[f"q={_text(row.get('count_qualifier'))}"] = 1
    count = _text(row.get("count_min")) or _text(row.get("count_max"))
    if count:
        value = int(float(count))
        f[f"mag={_magnitude(value)}"] = 1
        f[f"{kind}:mag={_magnitude(value)}"] = 1
        if 1900 <= value < 2100:
            f["yearlike"] = 1
    else:
        f["nocount"] = 1
    for key in ("source", "actor", "location", "date_text"):
        f[f"has_{key}"] = 1 if _text(row.get(key)) else 0
    f[f"prec={_text(row.get('date_precision'))}"] = 1
    f["mentions>1"] = 1 if int(_text(row.get("mention_count")) or 1) > 1 else 0
    evidence = _text(row.get("evidence"))
    f[f"len={min(6, len(evidence.split()) // 10)}"] = 1
    f[f"same={min(4, same_sentence)}"] = 1
    f["quote"] = 1 if _QUOTE.search(evidence) else 0
    f["q?"] = 1 if "?" in evidence else 0
    f["modal"] = f[f"{subtype}:modal"] = 1 if _MODAL.search(evidence) else 0
    f["neg"] = 1 if _NEGATION.search(evidence) else 0
    f["hist"] = 1 if _OLD_YEAR.search(evidence) else 0
    f["pct"] = 1 if _PERCENT.search(evidence) else 0
    f["money"] = 1 if _MONEY.search(evidence) else 0
    published, start, end = (_date(row.get(k)) for k in ("published", "period_start", "period_end"))
    if published and end:
        f[f"age={min(5, max(-1, int(math.log2(max(1, (published - end).days + 1))) // 3))}"] = 1
        if end > published:
            f["future"] = 1
    if start and end:
        f[f"span={min(5, int(math.log2(max(1, (end - start).days + 1))) // 2)}"] = 1
    for word in set(_WORD.findall(evidence.lower())):
        f["w=" + word] = 1
    return f


def _sentence_key(row: Mapping[str, object]) -> tuple[str, str]:
    return _text(row.get("doc_id")), _text(row.get("evidence_start"))


def sentence_counts(rows: Iterable[Mapping[str, object]]) -> Counter:
    """How many rows share each (doc_id, evidence_start): the `same_sentence` of `features`."""
    return Counter(map(_sentence_key, rows))


def features_of(rows: list[Mapping[str, object]]) -> list[dict[str, float]]:
    """The features of each of a set of exported events, counted together for the sentences they share."""
    same = sentence_counts(rows)
    return [features(r, same[_sentence_key(r)]) for r in rows]


def exported_row(event: Event, published: date | None) -> dict[str, object]:
    """An event as the timeline export writes it (the fields `features` reads)."""
    return {
        "doc_id": event.doc_id,
        "published": published,
        "event_type": event.event_type,
        "subtype": event.subtype,
        "count_min": event.count_min,
        "count_max": event.count_max,
        "count_qualifier": event.count_qualifier,
        "period_start": event.period_start,
        "period_end": event.period_end,
        "date_text": event.date_text,
        "date_precision": event.date_precision,
        "source": event.source,
        "actor": event.actor,
        "location": event.location,
        "evidence": event.evidence,
        "evidence_start": event.evidence_start,
        "mention_count": event.mentions,
    }


def is_timeline_event(event: Event) -> bool:
    """What the timeline views show before confidence: not negated, about the article's primary actor."""
    return not event.is_negated and bool(event.extra.get("is_primary_actor", True))


def rate(
    events: list[Event], published: date | None, model: Model, min_confidence: float | None = None
) -> list[Event]:
    """The events of one document with their confidence; those below the threshold (the model's unless
    `min_confidence` is given) are marked not confident. Events the timeline leaves out anyway are not rated."""
    threshold = model.threshold if min_confidence is None else min_confidence
    shown = [e for e in events if is_timeline_event(e)]
    feats = features_of([exported_row(e, published) for e in shown])
    confidence = {id(e): model.confidence(f) for e, f in zip(shown, feats, strict=True)}
    out = []
    for e in events:
        p = confidence.get(id(e))
        out.append(e if p is None else replace(e, confidence=p, is_confident=p >= threshold))
    return out
