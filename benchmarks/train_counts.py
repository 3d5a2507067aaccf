"""Train and measure the count classifier (tasks/resources/events/count_model.json).

The classifier (tasks/classify_counts.py) reads a count and says none, or which event type and subtype
it is a claim of. The pipeline asks it only about the counts no rule found a trigger for. It learns
from every count of the training sets (those the rules claimed too, which hold most of the positives):
a count is labelled with a gold event of its article that has the same numbers and whose evidence
lies in the count's sentence, else "none". It is trained on the sets rules were drawn from (the seeds
and the opened held-out sets, as train_confidence.py) and never on the closed ones.

Choosing C and the threshold: cross-validation grouped by set (the folds of train_confidence.py). Each
fold's articles are run through extract_events with a model fitted on the other folds' sets, and the
events of the timeline (the rules' and those the model read with at least the threshold) are scored
with score_events.py; the grid point with the best pooled F1 wins. This is the pipeline's own
extraction, dates, sources, actors and consolidation included; only the confidence model, trained
after this one, is left out.

Reads the sets' folders itself (no runs needed), parses them as the pipeline does, and needs
scikit-learn:
    python benchmarks/train_counts.py            # the cross-validation table
    python benchmarks/train_counts.py --write    # ... and fits on all, writes the model
The confidence model learns from the pipeline's output, so retrain it after this one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_confidence as tc  # noqa: E402  (same folder: sets, folds, scorer and inputs digest)

from tasks import classify_counts  # noqa: E402
from tasks.extract_events import extract_events, parse_text  # noqa: E402
from tasks.nlp import load_pipeline  # noqa: E402
from tasks.rate_events import is_timeline_event  # noqa: E402
from tasks.read_documents import discover, read_all  # noqa: E402
from tasks.tag_dates import tag_text  # noqa: E402

C_GRID = (0.1, 0.3, 1.0)
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
MIN_COUNTS = 2  # a feature is learned from when this many training counts have it


class Set:
    """A training set: its gold (as the scorer reads it), its articles parsed and tagged as the pipeline
    does, and every count of them with its features and gold label."""

    def __init__(self, name: str, scorer, nlp) -> None:
        self.name = name
        with tc.gold_path(name).open(encoding="utf-8") as f:
            gold = [json.loads(line) for line in f if line.strip()]
        self.gold = [scorer._norm(g) for g in gold]
        annotated = {g["doc_id"] for g in gold}
        docs, _ = read_all(discover(tc.set_folder(name))[0])
        self.docs = [d for d in docs if d.doc_id in annotated]
        self.timexes = [tag_text(d.text, d.published) for d in self.docs]
        self.parsed = list(nlp.pipe(parse_text(d.text) for d in self.docs))
        self.features: list[dict[str, float]] = []
        self.labels: list[str] = []
        for doc, sdoc, timexes in zip(self.docs, self.parsed, self.timexes, strict=True):
            dates = [(t.start, t.end) for t in timexes if any(ch.isdigit() for ch in t.text)]
            for sent in sdoc.sents:
                for count, span in classify_counts.candidates(sent, dates):
                    self.features.append(classify_counts.features(sent, span, count))
                    self.labels.append(
                        _label(gold, doc.doc_id, doc.text, sent, (count.count_min, count.count_max))
                    )

    def timeline(self, scorer, model: classify_counts.Model) -> list[tuple[dict, float | None]]:
        """The timeline events extract_events makes with `model` (at threshold 0 every count no rule
        triggered gets its best class), as the scorer reads them, each with its probability if learned."""
        out = []
        for doc, sdoc, timexes in zip(self.docs, self.parsed, self.timexes, strict=True):
            for e in extract_events(doc, sdoc, timexes, model):
                if is_timeline_event(e):
                    out.append((scorer._norm(e.__dict__), e.extra.get("learned")))
        return out


def _label(gold: list[dict], doc_id: str, text: str, sent, numbers: tuple) -> str:
    """The gold event class of a count: an event of its article with its numbers and evidence in its sentence."""
    for g in gold:
        if g["doc_id"] != doc_id or (g.get("count_min"), g.get("count_max")) != numbers:
            continue
        evidence = (g.get("evidence") or "").strip()
        at = text.find(evidence[:50]) if evidence else -1
        if at >= 0 and at < sent.end_char and at + len(evidence) > sent.start_char:
            return f"{g['event_type']}/{g['subtype']}"
    return classify_counts.NONE


def fit(sets: list[Set], c: float):
    """A multinomial logistic regression over the sets' counts, as sklearn's vectorizer and model."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    feats = [f for s in sets for f in s.features]
    seen = Counter(name for f in feats for name in f)
    vectorizer = DictVectorizer()  # a feature of one count only is that count's name, not a pattern
    x = vectorizer.fit_transform([{n: v for n, v in f.items() if seen[n] >= MIN_COUNTS} for f in feats])
    y = [label for s in sets for label in s.labels]
    return vectorizer, LogisticRegression(C=c, max_iter=5000).fit(x, y)


def as_model(vectorizer, model, threshold: float) -> dict:
    """The fitted model as the JSON object tasks/classify_counts.py loads (weights rounded, zeros left out)."""
    classes = [str(k) for k in model.classes_]
    weights = {}
    for j, name in enumerate(vectorizer.get_feature_names_out()):
        row = [round(float(model.coef_[k][j]), 4) for k in range(len(classes))]
        if any(row):
            weights[str(name)] = row
    return {
        "features_version": classify_counts.FEATURES_VERSION,
        "threshold": threshold,
        "classes": classes,
        "intercepts": [round(float(v), 4) for v in model.intercept_],
        "weights": dict(sorted(weights.items())),
    }


def pooled(
    scorer, sets: list[Set], timelines: dict[str, list], threshold: float
) -> tuple[float, float, float]:
    """F1, precision and recall over all sets of the rules' events and the learned ones at the threshold."""
    return tc.pooled_scores(
        scorer.score(s.gold, [r for r, p in timelines[s.name] if p is None or p >= threshold]) for s in sets
    )


def cross_validate(scorer, sets: list[Set]) -> tuple[float, float]:
    folds = tc.cv_folds([s.name for s in sets])
    n = sum(len(s.labels) for s in sets)
    positives = sum(label != classify_counts.NONE for s in sets for label in s.labels)
    print(f"{len(sets)} sets, {n} counts, {positives} of them gold claims")
    best = (-1.0, None, None)
    for c in C_GRID:
        timelines: dict[str, list] = {}
        for fold in folds:
            model = classify_counts.parse_model(
                as_model(*fit([s for s in sets if s.name not in fold], c), 0.0)
            )
            for s in sets:
                if s.name in fold:
                    timelines[s.name] = s.timeline(scorer, model)
        if c == C_GRID[0]:
            base = pooled(scorer, sets, timelines, 2.0)
            print(f"rules only:            F1 {base[0]:.4f}  P {base[1]:.4f}  R {base[2]:.4f}")
        for th in THRESHOLDS:
            f1, p, r = pooled(scorer, sets, timelines, th)
            added = sum(1 for t in timelines.values() for _, q in t if q is not None and q >= th)
            print(f"C {c:<4} threshold {th:.2f}: F1 {f1:.4f}  P {p:.4f}  R {r:.4f}  ({added} learned events)")
            if f1 > best[0] + 1e-9:
                best = (f1, c, th)
    if best[0] <= base[0]:
        raise SystemExit("no threshold beats the rules alone: no model written")
    print(f"best: C {best[1]}, threshold {best[2]} (cross-validated F1 {best[0]:.4f})")
    return best[1], best[2]


def write_model(sets: list[Set], c: float, threshold: float, path: Path) -> None:
    data = {
        "trained_on": [s.name for s in sets],
        "inputs": tc.inputs_digest([s.name for s in sets], exclude={path.name}),
        "C": c,
        **as_model(*fit(sets, c), threshold),
    }
    classify_counts.parse_model(data, path)  # what is written must load
    path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(data['weights'])} features, {len(data['classes'])} classes)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="fit on all training sets and write the model")
    ap.add_argument("--model", type=Path, default=classify_counts.MODEL_PATH)
    a = ap.parse_args(argv)
    scorer = tc.load_scorer()
    nlp = load_pipeline(None)
    sets = [Set(name, scorer, nlp) for name in tc.training_sets()]
    c, threshold = cross_validate(scorer, sets)
    if a.write:
        write_model(sets, c, threshold, a.model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
