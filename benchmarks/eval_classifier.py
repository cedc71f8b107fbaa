"""Score the classifier on the 3-way development sets (`make eval`).

For every ../shared/eval/*.jsonl (gold field `label3`) prints per-class precision, recall and F1,
macro-F1 over the classes present in the gold labels (and over all three), and the rate at which
gold de-escalation is labelled escalation. Each file is also split in two halves by a hash of the
text ("tune" / "check") so that rules tuned on one half can be checked on the other.

    python benchmarks/eval_classifier.py [--eval-dir DIR] [--taxonomy FILE] [--errors N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.classifier import Classifier, load_classifier  # noqa: E402

LABELS = ("escalation", "de-escalation", "neutral")
DEFAULT_EVAL_DIR = ROOT.parent / "shared" / "eval"


@dataclass(frozen=True)
class Scores:
    n: int
    per_class: dict[str, tuple[float, float, float, int]]  # precision, recall, f1, support
    macro_f1_gold: float  # over classes that occur in the gold labels
    macro_f1_all: float  # over all three classes
    deesc_as_esc: float  # share of gold de-escalation labelled escalation
    accuracy: float
    labelled_escalation: float  # share of all rows labelled escalation (the non-political file's target: <= 1%)


def score(gold: list[str], predicted: list[str]) -> Scores:
    pairs = Counter(zip(gold, predicted, strict=True))
    per_class = {}
    for label in LABELS:
        tp = pairs[(label, label)]
        fp = sum(v for (g, p), v in pairs.items() if p == label and g != label)
        fn = sum(v for (g, p), v in pairs.items() if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = (precision, recall, f1, tp + fn)
    present = [lab for lab in LABELS if per_class[lab][3]]
    deesc = per_class["de-escalation"][3]
    return Scores(
        n=len(gold),
        per_class=per_class,
        macro_f1_gold=sum(per_class[lab][2] for lab in present) / len(present) if present else 0.0,
        macro_f1_all=sum(per_class[lab][2] for lab in LABELS) / len(LABELS),
        deesc_as_esc=pairs[("de-escalation", "escalation")] / deesc if deesc else 0.0,
        accuracy=sum(v for (g, p), v in pairs.items() if g == p) / len(gold) if gold else 0.0,
        labelled_escalation=sum(v for (_, p), v in pairs.items() if p == "escalation") / len(gold) if gold else 0.0,
    )


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def half(text: str) -> str:
    """Stable split: 'tune' or 'check' by the first byte of the text's sha256."""
    return "tune" if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else "check"


def report(name: str, s: Scores) -> str:
    lines = [f"{name}: n={s.n} accuracy={s.accuracy:.3f} macro-F1={s.macro_f1_gold:.3f} "
             f"(3-class {s.macro_f1_all:.3f}) de-escalation->escalation={s.deesc_as_esc:.1%} "
             f"labelled escalation={s.labelled_escalation:.1%}"]
    for label in LABELS:
        p, r, f, support = s.per_class[label]
        if support or p:
            lines.append(f"    {label:<14} P={p:.3f} R={r:.3f} F1={f:.3f} support={support}")
    return "\n".join(lines)


def evaluate_file(classifier: Classifier, path: Path, errors: int, errors_from: str = "tune") -> list[str]:
    rows = read_rows(path)
    results = list(classifier.classify_many((row["text"], None) for row in rows))
    gold = [row["label3"] for row in rows]
    predicted = [r.label for r in results]
    out = [report(path.name, score(gold, predicted))]
    for part in ("tune", "check"):
        idx = [i for i, row in enumerate(rows) if half(row["text"]) == part]
        out.append("  " + report(f"half={part}", score([gold[i] for i in idx], [predicted[i] for i in idx]))
                   .replace("\n", "\n  "))
    shown = 0
    for row, res in zip(rows, results, strict=True):
        if shown >= errors or row["label3"] == res.label or half(row["text"]) != errors_from:
            continue
        shown += 1
        sigs = ", ".join(f"{s.signal_id}/{s.polarity}:{s.contribution:+g}" + ("" if s.weight else "/unbound")
                         for s in res.signals)
        out.append(f"  ERR {half(row['text'])} gold={row['label3']} got={res.label} [{sigs}] {row['text'][:160]}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--taxonomy", type=Path, default=None)
    parser.add_argument("--errors", type=int, default=0, help="print up to N misclassified rows per file")
    parser.add_argument("--errors-from", choices=("tune", "check"), default="tune",
                        help="the half whose errors are shown (rules are tuned on the tune half only)")
    args = parser.parse_args(argv)
    files = sorted(args.eval_dir.glob("*.jsonl"))
    if not files:
        print(f"no *.jsonl under {args.eval_dir}", file=sys.stderr)
        return 2
    classifier = load_classifier(args.taxonomy)
    print(f"taxonomy {classifier.taxonomy.version}; classification version {classifier.version}")
    for path in files:
        print("\n".join(evaluate_file(classifier, path, args.errors, args.errors_from)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
