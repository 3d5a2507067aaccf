"""Train and measure the event confidence model (tasks/resources/events/confidence_model.json).

The model (tasks/rate_events.py) is a logistic regression over each timeline event's features. Its
labels come from the gold: an exported event is positive when `score_events.py` matches it to a
gold event. It is trained on the annotated sets that rules were drawn from (the seeds and the opened
held-out sets) and never on the sets kept closed (`CLOSED`), which measure it.

Needs scikit-learn for training (a development tool, not a runtime dependency):
    pip install scikit-learn

Input: a folder with one subfolder per set, each with exports/timeline.csv written by
`timeline run --min-confidence 0` (every event the rules keep). Then:
    python benchmarks/train_confidence.py --runs DIR            # grouped cross-validation, prints the table
    python benchmarks/train_confidence.py --runs DIR --write    # ... and fits on all, writes the model
    python benchmarks/train_confidence.py --runs DIR --evaluate heldout42 heldout45 ...
        # the written model on sets it never saw: F1 of all events against F1 of the confident ones
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import json
import random
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasks import rate_events, versioning  # noqa: E402

SCORER = ROOT.parent / "shared" / "eval" / "score_events.py"
SEEDS_GOLD = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
# Held-out sets never opened: no rule and no model weight was drawn from them.
CLOSED = tuple(f"heldout{n}" for n in (42, 45, 47, 49, 52, 54, 56, 59, 60, 61, 62, 63, 64))
C_GRID = (0.03, 0.1, 0.3, 1.0)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
FOLDS = 8


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_events", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def training_sets() -> list[str]:
    held = sorted(p.name for p in (ROOT / "tests").glob("heldout*") if (p / "gold.jsonl").is_file())
    return ["seeds", *(s for s in held if s not in CLOSED)]


def set_folder(name: str) -> Path:
    """Where a set's articles and manifest are: seeds/ or tests/<name>/."""
    return ROOT / name if name == "seeds" else ROOT / "tests" / name


def gold_path(name: str) -> Path:
    return SEEDS_GOLD if name == "seeds" else set_folder(name) / "gold.jsonl"


# Files under tasks/ that do not shape the exported events the model learns from: the model itself, the
# rating code (its features carry FEATURES_VERSION) and the report.
_NOT_INPUTS = {"rate_events.py", "build_report.py", "templates", "confidence_model.json"}


def inputs_digest(names: list[str], exclude: frozenset[str] | set[str] = frozenset()) -> str:
    """A digest of what the training data is made from: the code and lexicons under tasks/ and the SQL
    views that turn articles into exported events, and each training set's articles, manifest and gold.
    The model file records it; tests/test_rate_events.py fails when it no longer matches, that is when
    the rules or the sets changed after the model was trained. `exclude`: more names of files under
    tasks/ to leave out (a model's own file)."""
    skip = _NOT_INPUTS | set(exclude)
    code = [
        p for p in versioning.task_files() if not skip & set(p.relative_to(versioning.TASKS).parts)
    ] + list((ROOT / "sql").rglob("*.sql"))
    sets = []
    for name in names:
        sets += [
            p
            for p in set_folder(name).iterdir()
            if p.suffix == ".txt" or p.name in ("manifest.csv", "gold.jsonl")
        ]
    shared = [SEEDS_GOLD] if "seeds" in names else []  # beside the clone, in ../shared
    parts = versioning.files_digest(code + sets, ROOT), versioning.files_digest(shared, SEEDS_GOLD.parents[1])
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class Set:
    """One annotated set: its gold rows and exported events (both as the scorer reads them), the events'
    features and labels."""

    def __init__(self, name: str, runs: Path, scorer) -> None:
        self.name = name
        with gold_path(name).open(encoding="utf-8") as f:
            gold = [json.loads(line) for line in f if line.strip()]
        docs = {g["doc_id"] for g in gold}
        with (runs / name / "exports" / "timeline.csv").open(newline="", encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["doc_id"] in docs]
        self.gold = [scorer._norm(g) for g in gold]
        self.pred = [scorer._norm(r) for r in rows]
        self.features = rate_events.features_of(rows)
        self.labels = self._labels(scorer)

    def _labels(self, scorer) -> list[int]:
        """1 for each exported event the scorer matches to a gold event (its greedy order), else 0."""
        labels, taken = [0] * len(self.pred), set()
        for g in self.gold:
            for i, p in enumerate(self.pred):
                if i not in taken and p["doc_id"] == g["doc_id"] and scorer._same_kind_and_count(p, g):
                    if scorer._overlap(p, g):
                        taken.add(i)
                        labels[i] = 1
                        break
        return labels


def pooled_scores(results: Iterable[dict]) -> tuple[float, float, float]:
    """F1, precision and recall of score_events.score results pooled (their matches and counts summed)."""
    tp = n_pred = n_gold = 0
    for res in results:
        tp, n_pred, n_gold = tp + res["tp"], n_pred + res["predicted"], n_gold + res["gold"]
    p, r = tp / max(1, n_pred), tp / max(1, n_gold)
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def pooled(scorer, sets: list[Set], keep) -> tuple[float, float, float]:
    """F1, precision and recall over all sets of the events `keep(set, index)` keeps."""
    return pooled_scores(scorer.score(s.gold, [p for i, p in enumerate(s.pred) if keep(s, i)]) for s in sets)


def cv_folds(names: list[str]) -> list[set[str]]:
    """The cross-validation folds: the set names shuffled (seed 0) and dealt into FOLDS groups."""
    order = list(names)
    random.Random(0).shuffle(order)
    return [set(order[i::FOLDS]) for i in range(FOLDS)]


def fit(sets: list[Set], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([f for s in sets for f in s.features])
    y = [label for s in sets for label in s.labels]
    return vectorizer, LogisticRegression(C=c, max_iter=5000).fit(x, y)


def _at_least(prob: dict[str, list[float]], threshold: float):
    """keep(set, index): the event's probability reaches the threshold."""
    return lambda s, i: prob[s.name][i] >= threshold


def cross_validate(scorer, sets: list[Set]) -> tuple[float, float]:
    """Grouped by set: each fold's sets are rated by a model fitted on the other folds' sets. Prints a
    row per (C, threshold) and returns the best pair."""
    folds = cv_folds([s.name for s in sets])
    base = pooled(scorer, sets, lambda s, i: True)
    print(
        f"{len(sets)} sets, {sum(len(s.pred) for s in sets)} events, {sum(map(sum, (s.labels for s in sets)))} matched"
    )
    print(f"all events:            F1 {base[0]:.4f}  P {base[1]:.4f}  R {base[2]:.4f}")
    best = (base[0], None, None)
    for c in C_GRID:
        prob: dict[str, list[float]] = {}
        for fold in folds:
            vectorizer, model = fit([s for s in sets if s.name not in fold], c)
            for s in sets:
                if s.name in fold and s.features:
                    prob[s.name] = list(model.predict_proba(vectorizer.transform(s.features))[:, 1])
        for th in THRESHOLDS:
            f1, p, r = pooled(scorer, sets, _at_least(prob, th))
            print(f"C {c:<4} threshold {th:.2f}: F1 {f1:.4f}  P {p:.4f}  R {r:.4f}")
            if f1 > best[0] + 1e-9:
                best = (f1, c, th)
    if best[1] is None:
        raise SystemExit("no threshold beats keeping every event: no model written")
    print(f"best: C {best[1]}, threshold {best[2]} (cross-validated F1 {best[0]:.4f})")
    return best[1], best[2]


def write_model(sets: list[Set], c: float, threshold: float, path: Path) -> None:
    vectorizer, model = fit(sets, c)
    weights = {
        name: round(float(w), 5)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if round(float(w), 5) != 0.0
    }
    data = {
        "features_version": rate_events.FEATURES_VERSION,
        "trained_on": [s.name for s in sets],
        "inputs": inputs_digest([s.name for s in sets]),
        "C": c,
        "threshold": threshold,
        "intercept": round(float(model.intercept_[0]), 5),
        "weights": dict(sorted(weights.items())),
    }
    rate_events.parse_model(data, path)  # what is written must load
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(weights)} weights)")


def evaluate(scorer, sets: list[Set], path: Path) -> None:
    model = rate_events.load_model(path)
    seen = set(model.trained_on) & {s.name for s in sets}
    if seen:
        print(f"warning: the model was trained on {', '.join(sorted(seen))}", file=sys.stderr)
    conf = {s.name: [model.confidence(f) for f in s.features] for s in sets}
    confident = _at_least(conf, model.threshold)
    for s in sets:
        a = pooled(scorer, [s], lambda s, i: True)[0]
        b = pooled(scorer, [s], confident)[0]
        print(f"{s.name:12s} all events F1 {a:.3f}   confident F1 {b:.3f}")
    a, b = (
        pooled(scorer, sets, lambda s, i: True),
        pooled(scorer, sets, lambda s, i: conf[s.name][i] >= model.threshold),
    )
    print(f"pooled       all events F1 {a[0]:.4f} (P {a[1]:.4f} R {a[2]:.4f})")
    print(f"pooled       confident  F1 {b[0]:.4f} (P {b[1]:.4f} R {b[2]:.4f})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--runs", type=Path, required=True, help="folder of <set>/exports/timeline.csv (--min-confidence 0)"
    )
    ap.add_argument("--write", action="store_true", help="fit on all training sets and write the model")
    ap.add_argument("--model", type=Path, default=rate_events.MODEL_PATH)
    ap.add_argument("--evaluate", nargs="+", metavar="SET", help="score the written model on these sets")
    a = ap.parse_args(argv)
    scorer = load_scorer()
    if a.evaluate:
        evaluate(scorer, [Set(name, a.runs, scorer) for name in a.evaluate], a.model)
        return 0
    sets = [Set(name, a.runs, scorer) for name in training_sets()]
    c, threshold = cross_validate(scorer, sets)
    if a.write:
        write_model(sets, c, threshold, a.model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
