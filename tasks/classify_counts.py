"""Counts no rule claimed, read by a learned classifier: none, or which event type and subtype.

The rules of extract_events find a claim from its trigger words and its syntax. What they miss is a
long tail of phrasings, each rare: "around 900 in Syria", "the agency put the death toll at about
2,700", "Roughly 3,800 from 27 contributing nations". A multinomial logistic model over a count's
context (its words, the syntactic path above it, the trigger words of its sentence), trained on the
annotated sets by `benchmarks/train_counts.py`, reads each count of a sentence that no rule made a
mention of. A count it gives an event class with at least the model's threshold becomes a mention
like the rules' ones: its date, source, actor and modality come from the same code, and the event
records the probability (`learned` in `events.details`).

The model is a data file (`resources/events/count_model.json`), validated on load. The training
script reads the same candidates (`candidates`) with the same features (`features`) from the same
parse, so that what it learns from is what the pipeline asks about.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.tokens import Span, Token

from tasks.errors import ResourceError
from tasks.lexicons import finite_number, load_json_model, model_threshold
from tasks.nlp import EVENT_LABELS, sentence_triggers
from tasks.parse_counts import find_counts
from tasks.records import Count

MODEL_PATH = Path(__file__).resolve().parent / "resources" / "events" / "count_model.json"
FEATURES_VERSION = 1  # bump when `features` changes: a model trained on other features is refused
NONE = "none"
_PATH_STEPS = 5  # how far up the parse the path of a count's heads is read
_CONTENT_POS = {"VERB", "NOUN", "ADJ", "AUX"}


@dataclass(frozen=True)
class Model:
    """P(class | count) = softmax over classes of (intercept + sum of the weights of the features present)."""

    classes: tuple[str, ...]  # "none" and event labels ("deployment/sent", ...)
    intercepts: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]  # feature -> one weight per class
    threshold: float

    def logits(self, feats: Mapping[str, float], start: Sequence[float] | None = None) -> list[float]:
        """Each class's intercept (or `start`: the logits of other features) plus the weights of `feats`."""
        z = list(self.intercepts if start is None else start)
        for name, value in feats.items():
            for k, w in enumerate(self.weights.get(name, ())):
                z[k] += w * value
        return z

    def classify(
        self, feats: Mapping[str, float], sentence: Sequence[float] | None = None
    ) -> tuple[str, float] | None:
        """The most likely event class and its probability, if it reaches the threshold. `sentence`: the
        logits of the count's sentence features, summed once for all the counts of a sentence."""
        z = self.logits(feats, sentence)
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        probs = [v / total for v in e]
        best = max((k for k, c in enumerate(self.classes) if c != NONE), key=probs.__getitem__)
        return (self.classes[best], round(probs[best], 4)) if probs[best] >= self.threshold else None


def parse_model(data: object, path: Path = MODEL_PATH) -> Model:
    """A Model from the JSON file's content, or a ResourceError naming what is wrong."""
    keys = {"classes", "intercepts", "weights"}
    threshold = model_threshold(data, keys, FEATURES_VERSION, "benchmarks/train_counts.py", path)
    classes = data["classes"]
    if not isinstance(classes, list) or NONE not in classes or len(set(classes)) != len(classes):
        raise ResourceError(path, None, f"classes must be a list of distinct labels with {NONE!r}")
    unknown = set(classes) - EVENT_LABELS - {NONE}
    if unknown:
        raise ResourceError(path, None, f"unknown classes: {', '.join(sorted(map(str, unknown)))}")
    if len(classes) < 2:
        raise ResourceError(path, None, "classes must hold at least one event label")

    def vector(value: object, what: str) -> tuple[float, ...]:
        if not isinstance(value, list) or len(value) != len(classes):
            raise ResourceError(path, None, f"{what} must be a list of {len(classes)} numbers, one per class")
        return tuple(finite_number(v, what, path) for v in value)

    if not isinstance(data["weights"], dict):
        raise ResourceError(path, None, "weights must be an object of feature name -> list of numbers")
    weights = {str(k): vector(v, f"weights of {k!r}") for k, v in data["weights"].items()}
    return Model(tuple(classes), vector(data["intercepts"], "intercepts"), weights, threshold)


@cache
def load_model(path: Path = MODEL_PATH) -> Model:
    return load_json_model(path, parse_model, "the count model")


def candidates(sent: Span, dates: list[tuple[int, int]]) -> list[tuple[Count, Span]]:
    """The counts of a sentence (character offsets into the document) with their tokens, but for those
    that overlap a span of `dates` (the digits of a temporal expression: "2,000" in "in 2000"): what the
    classifier is trained on. The pipeline asks it about those of them no rule found a trigger for."""
    out = []
    for c in find_counts(sent.text):
        count = replace(c, start=c.start + sent.start_char, end=c.end + sent.start_char)
        if any(a < count.end and count.start < b for a, b in dates):
            continue
        span = sent.doc.char_span(count.start, count.end, alignment_mode="expand")
        if span is not None:
            out.append((count, span))
    return out


def _heads(tok: Token) -> list[Token]:
    """The tokens above `tok` in the parse, nearest first, at most _PATH_STEPS of them."""
    out = []
    while tok.head.i != tok.i and len(out) < _PATH_STEPS:
        tok = tok.head
        out.append(tok)
    return out


def sentence_features(sent: Span, triggers: list[Span]) -> dict[str, float]:
    """What the model reads of a count's sentence, the same for all its counts: its root, its words, its
    trigger spans and its entity labels."""
    f: dict[str, float] = {f"root={sent.root.lemma_.lower()}": 1}
    for t in sent:
        if t.is_alpha and not t.is_stop:
            f[f"w={t.lemma_.lower()}"] = 0.5
    for s in triggers:
        f[f"trig={s.label_}"] = 1
        f[f"triglemma={s.root.lemma_.lower()}"] = 1
    if not triggers:
        f["notrig"] = 1
    for label in {e.label_ for e in sent.ents}:
        f[f"ent={label}"] = 1
    return f


def count_features(sent: Span, span: Span, count: Count, triggers: list[Span]) -> dict[str, float]:
    """What the model reads of one count (`span`: its tokens) itself: its qualifier and size, the
    syntactic path above it, the words beside it, and the triggers on that path or nearest to it."""
    anchor = span[-1]
    value = count.count_max or count.count_min or 0
    f: dict[str, float] = {f"qual={count.qualifier}": 1, f"mag={min(6, len(str(value)))}": 1}
    head = anchor.head
    f[f"dep={anchor.dep_}"] = 1
    f[f"head={head.lemma_.lower()}"] = 1
    f[f"headdep={anchor.dep_}/{head.lemma_.lower()}"] = 1
    f[f"head2={head.head.lemma_.lower()}"] = 1
    above = _heads(anchor)
    for t in above:
        if t.pos_ in _CONTENT_POS:
            f[f"up={t.lemma_.lower()}"] = 1
    doc = sent.doc
    for t in doc[max(sent.start, span.start - 4) : span.start]:
        f[f"L={t.lower_}"] = 1
    for t in doc[anchor.i + 1 : min(sent.end, anchor.i + 5)]:
        f[f"R={t.lower_}"] = 1
    for t in anchor.children:
        f[f"child={t.lemma_.lower()}"] = 1
    on_path = {t.i for t in above}
    for s in triggers:
        if s.root.i in on_path:
            f[f"trigup={s.label_}"] = 1
    if triggers:
        near = min(triggers, key=lambda s: abs(s.root.i - anchor.i))
        f[f"near={near.label_}"] = 1
        f[f"neardist={min(3, abs(near.root.i - anchor.i) // 4)}"] = 1
    return f


def features(sent: Span, span: Span, count: Count) -> dict[str, float]:
    """All the model reads of one count: its sentence's features and its own (the training script's
    view; the pipeline sums a sentence's share once for all its counts)."""
    triggers = sentence_triggers(sent)
    return {**sentence_features(sent, triggers), **count_features(sent, span, count, triggers)}
