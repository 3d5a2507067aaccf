"""Event scores on the seeds and the held-out sets do not fall below what they were when last measured.

The floors sit a little under the figures in the README, so that a change which loses events on
text the rules were not written for fails here, not in a user's timeline. Raising a floor is part
of a change that earns it; lowering one needs a reason in the commit.
"""

from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import ROOT, SEEDS, SHARED, load_shared_script

pytestmark = pytest.mark.slow


def _held(name: str, f1_floor: float, agreement_floor: float) -> tuple:
    """A held-out set in tests/: its folder holds the articles and gold.jsonl."""
    folder = ROOT / "tests" / name
    return folder, folder / "gold.jsonl", f1_floor, agreement_floor


# set: (folder, gold, events F1 floor, source agreement floor)
SETS = {
    "seeds": (SEEDS, SHARED / "gold" / "seeds.jsonl", 0.95, 0.90),
    "heldout": _held("heldout", 0.90, 0.82),
    "heldout2": _held("heldout2", 0.96, 0.78),
    "heldout3": _held("heldout3", 0.88, 0.88),
    "heldout4": _held("heldout4", 0.93, 0.78),
    "heldout5": _held("heldout5", 0.95, 0.86),
    # measured blind (0.746 / 0.756), then opened as a development set
    "heldout6": _held("heldout6", 0.92, 0.80),
    # measured blind (0.800 / 0.619), then opened as a development set (0.891 / 0.873)
    "heldout7": _held("heldout7", 0.87, 0.85),
    # measured blind (0.731 / 0.660, then 0.731 / 0.679), then opened as a development set (0.785 / 0.807)
    "heldout8": _held("heldout8", 0.76, 0.76),
    # measured blind (0.735 / 0.596, then 0.741 / 0.603 after heldout8's rules), then opened as a
    # development set (0.830 / 0.821)
    "heldout9": _held("heldout9", 0.90, 0.78),
    # measured blind (0.691 / 0.880 on the stop's first code, 0.712 / 0.811 on 0fb4f5d), then opened as a
    # development set (0.773 / 0.864). Stop 25: 0.822 / 0.818, one more event matched without its source
    "heldout10": _held("heldout10", 0.80, 0.74),
    # measured blind (0.754 / 0.724 on the stop's first code, 0.747 / 0.724 on 39dc8fe), then opened as a
    # development set (0.758 / 0.724, then 0.824 / 0.719; 0.842 / 0.697 in stop 18: more events match,
    # one of them without its source)
    "heldout11": _held("heldout11", 0.82, 0.68),
    # measured blind (0.770 / 0.758, then 0.774 / 0.765 on 9475e45 and 3c02709), then opened as a
    # development set (0.825 / 0.784)
    "heldout12": _held("heldout12", 0.80, 0.76),
    # measured blind (0.754 / 0.625 on 3c02709 and on ba5fd4f), then opened as a development set
    # (0.812 / 0.727)
    "heldout13": _held("heldout13", 0.81, 0.72),
    # measured blind (0.677 / 0.481 on 3c02709, 0.701 / 0.500 on 573c6a5 and e25e725), then opened as a
    # development set
    "heldout14": _held("heldout14", 0.82, 0.57),
    # measured blind (0.764 / 0.783 on e25e725, 0.774 / 0.787 after heldout14's first rules), then opened
    "heldout15": _held("heldout15", 0.84, 0.78),
    # measured blind (0.768 / 0.857 on e25e725, 0.773 / 0.837 on fe9357e), then opened
    "heldout16": _held("heldout16", 0.83, 0.85),
    # measured blind (0.709 / 0.711 on e25e725, 0.745 / 0.708 on cb26478), then opened
    "heldout17": _held("heldout17", 0.77, 0.69),
    # measured blind (0.732 / 0.681 on e25e725, 0.749 / 0.681 on cc92f4c and 3eb9823), then opened
    "heldout18": _held("heldout18", 0.84, 0.68),
    # measured blind (0.785 / 0.806 on cc92f4c and 3eb9823, 0.798 / 0.794 on 7d0da17), then opened
    "heldout19": _held("heldout19", 0.88, 0.78),
    # measured blind (0.759 / 0.783 on cc92f4c, 3eb9823 and afdb883), then opened
    "heldout20": _held("heldout20", 0.81, 0.81),
    # measured blind (0.761 / 0.700 on cc92f4c, 0.777 / 0.686 on c7f4c27 and 2114c74), then opened
    "heldout21": _held("heldout21", 0.84, 0.71),
    # blind: 0.773 / 0.718 on cc92f4c (stop 18's first code), 0.778 / 0.718 on 78753b3; opened in stop 19
    "heldout22": _held("heldout22", 0.85, 0.90),
    # blind: 0.843 / 0.879 on cc92f4c (stop 18's first code), 0.859 / 0.864 on 78753b3; opened in stop 19
    "heldout23": _held("heldout23", 0.93, 0.85),
    # blind: 0.810 / 0.750 on 78753b3 (stop 19's first code); opened in stop 19
    "heldout24": _held("heldout24", 0.91, 0.79),
    # blind: 0.830 / 0.706 on 78753b3 (stop 19's first code), 0.830 / 0.765 on dc8a4f6; opened in stop 19
    "heldout25": _held("heldout25", 0.91, 0.82),
    # blind: 0.775 / 0.824 on 78753b3 (stop 19's first code), 0.783 / 0.846 on b85c17d; opened in stop 20
    "heldout26": _held("heldout26", 0.85, 0.86),
    # blind: 0.831 / 0.786 on 78753b3 (stop 19's first code), 0.857 / 0.793 on b85c17d; kept closed
    "heldout27": _held("heldout27", 0.88, 0.80),
    # blind: 0.690 / 0.545 on 78753b3 (stop 19's first code), 0.714 / 0.609 on b85c17d; opened in stop 20
    "heldout28": _held("heldout28", 0.75, 0.59),
    # blind: 0.782 / 0.660 on 78753b3 (stop 19's first code), 0.774 / 0.750 on b85c17d; opened in stop 20
    # stop 25: 0.887 / 0.790, one more event matched without its source; stop 31: 0.894 / 0.762, another
    # ("fresh units totaling some 3,000 arrived in July", told from a briefing gold credits)
    "heldout29": _held("heldout29", 0.86, 0.75),
    # blind: 0.802 / 0.738 on 78753b3 (stop 19's first code), 0.802 / 0.738 on b85c17d; kept closed
    "heldout30": _held("heldout30", 0.79, 0.77),
    # blind: 0.671 / 0.727 on b85c17d (stop 20's first code); opened in stop 20
    "heldout31": _held("heldout31", 0.68, 0.74),
    # blind: 0.778 / 0.585 on b85c17d (stop 20's first code); opened in stop 20
    "heldout32": _held("heldout32", 0.77, 0.62),
    # blind: 0.870 / 0.667 on b85c17d (stop 20's first code); kept closed
    "heldout33": _held("heldout33", 0.85, 0.69),
    # blind: 0.620 / 0.719 on b85c17d (stop 20's first code), 0.632 / 0.719 on 320598b; opened in stop 21
    "heldout34": _held("heldout34", 0.71, 0.64),
    # blind: 0.744 / 0.915 on b85c17d (stop 20's first code), 0.744 / 0.915 on 320598b; opened in stop 21
    "heldout35": _held("heldout35", 0.83, 0.89),
    # blind: 0.713 / 0.732 on b85c17d (stop 20's first code); opened in stop 20
    "heldout36": _held("heldout36", 0.74, 0.71),
    # blind: 0.802 / 0.729 on 320598b (stop 21's first code); kept closed
    "heldout37": _held("heldout37", 0.78, 0.70),
    # blind: 0.744 / 0.756 on 320598b (stop 21's first code); kept closed
    "heldout38": _held("heldout38", 0.72, 0.73),
    # blind: 0.707 / 0.905 on 320598b (stop 21's first code; that run stopped on the warehouse check
    # sent-not-after-publication, scored with the check removed); opened in stop 21. Stop 25: 0.819 / 0.854,
    # "now has around 7,500" matched with no claimant
    "heldout39": _held("heldout39", 0.79, 0.84),
    # blind: 0.659 / 0.694 on 320598b (stop 21's first code); opened in stop 21
    "heldout40": _held("heldout40", 0.78, 0.72),
    # blind: 0.781 / 0.571 on 320598b (stop 21's first code); kept closed
    "heldout41": _held("heldout41", 0.76, 0.49),
    # blind: 0.777 / 0.854 on 782dafe (stop 22's first code); kept closed
    "heldout42": _held("heldout42", 0.80, 0.83),
    # blind: 0.685 / 0.636 on 782dafe (stop 22's first code); opened in stop 22
    "heldout43": _held("heldout43", 0.74, 0.56),
    # blind: 0.670 / 0.742 on 782dafe (stop 22's first code); opened in stop 22
    "heldout44": _held("heldout44", 0.73, 0.67),
    # blind: 0.741 / 0.735 on 782dafe (stop 22's first code); kept closed
    "heldout45": _held("heldout45", 0.79, 0.71),
    # blind: 0.715 / 0.765 on 782dafe (stop 22's first code); opened in stop 22
    "heldout46": _held("heldout46", 0.74, 0.72),
    # blind: 0.812 / 0.825 on ffe233f (stop 23's first code); kept closed
    "heldout47": _held("heldout47", 0.84, 0.80),
    # blind: 0.818 / 0.778 on ffe233f (stop 23's first code); opened in stop 23
    "heldout48": _held("heldout48", 0.85, 0.84),
    # blind: 0.766 / 0.561 on ffe233f (stop 23's first code); kept closed
    "heldout49": _held("heldout49", 0.78, 0.53),
    # blind: 0.718 / 0.706 on 433bc17 (stop 24's first code); opened in stop 24
    "heldout50": _held("heldout50", 0.84, 0.64),
    # blind: 0.720 / 0.526 on 433bc17 (stop 24's first code); opened in stop 24
    "heldout51": _held("heldout51", 0.82, 0.56),
    # blind: 0.749 / 0.625 on 433bc17 (stop 24's first code); kept closed
    "heldout52": _held("heldout52", 0.76, 0.60),
    # blind: 0.726 / 0.846 on 433bc17, 0.733 on f522755 (written during stop 24); opened in stop 24
    "heldout53": _held("heldout53", 0.79, 0.83),
    # blind: 0.835 / 0.757 on 433bc17, 0.841 on f522755 (written during stop 24); kept closed
    "heldout54": _held("heldout54", 0.83, 0.73),
    # blind: 0.718 / 0.744 on 433bc17 and on f522755 (written during stop 24); opened in stop 24
    "heldout55": _held("heldout55", 0.82, 0.71),
    # blind: 0.658 / 0.871 on d7f81ae (stop 25's first code); kept closed
    "heldout56": _held("heldout56", 0.73, 0.77),
    # blind: 0.653 / 0.806 on d7f81ae (stop 25's first code); opened in stop 25
    "heldout57": _held("heldout57", 0.90, 0.80),
    # blind: 0.845 / 0.297 on d7f81ae (stop 25's first code); opened in stop 25 (speaker labels)
    "heldout58": _held("heldout58", 0.83, 0.86),
    # blind: 0.766 / 0.795 on d7f81ae (written during stop 25); kept closed
    "heldout59": _held("heldout59", 0.81, 0.77),
    # blind: 0.745 / 0.889 on d7f81ae (written during stop 25); kept closed
    "heldout60": _held("heldout60", 0.75, 0.86),
    # blind: 0.793 / 0.792 on d7f81ae (written during stop 25); kept closed
    "heldout61": _held("heldout61", 0.83, 0.77),
    # stop 26, blind and measure-only: 0.689 / 0.771, 0.779 / 0.854 and 0.714 / 0.900 on the stop's first code
    # (92abc2a), 0.697 / 0.765, 0.820 / 0.850 and 0.719 / 0.897 with the confidence model (5fb067f)
    "heldout62": _held("heldout62", 0.70, 0.73),
    "heldout63": _held("heldout63", 0.80, 0.81),
    "heldout64": _held("heldout64", 0.72, 0.88),
}


def _score(scorer, gold_path, export_path) -> dict:
    with open(gold_path, encoding="utf-8") as handle:
        gold = [scorer._norm(json.loads(line)) for line in handle if line.strip()]
    with open(export_path, newline="", encoding="utf-8") as handle:
        pred = [scorer._norm(row) for row in csv.DictReader(handle)]
    return scorer.score(gold, pred)


@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_hold(name, tmp_path, prefect_harness):
    from flows.timeline_flow import timeline_flow

    folder, gold, f1_floor, agreement_floor = SETS[name]
    if not gold.exists():
        pytest.skip(f"{gold} not found")
    scorer = load_shared_script("score_events")
    summary = timeline_flow(
        input_dir=folder, warehouse=tmp_path / "w.duckdb", exports=tmp_path / "exports", report=False
    )
    assert summary.status == "ok", summary.rejected
    result = _score(scorer, gold, tmp_path / "exports" / "timeline.csv")
    assert result["f1"] >= f1_floor, result
    assert result["source_agreement"] >= agreement_floor, result
