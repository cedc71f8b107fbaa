"""Run the production classifier over the behavioural suite (tests/behaviour/suite.jsonl).

The suite holds sentences written for escmon, grouped by the kind of trap they set (names, metaphors,
negation, reported speech, aid after disasters...). Prints, per class, how many sentences get their gold
label, so that a change to the rules is judged on every kind of sentence at once, never case by case.

    python benchmarks/behaviour_suite.py [--suite FILE] [--taxonomy FILE] [--failures]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.classifier import Classifier, load_classifier  # noqa: E402

LABELS = ("escalation", "de-escalation", "neutral")
DEFAULT_SUITE = ROOT / "tests" / "behaviour" / "suite.jsonl"


@dataclass(frozen=True)
class Case:
    cls: str  # the kind of trap the sentence sets
    label: str  # gold label: what a careful CAMEO/ACLED annotator gives the sentence
    text: str


@dataclass(frozen=True)
class Outcome:
    case: Case
    predicted: str

    @property
    def passed(self) -> bool:
        return self.case.label == self.predicted


def load_suite(path: Path = DEFAULT_SUITE) -> list[Case]:
    """Read the suite; a row with an unknown label is an error here rather than a silent failure later."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["label"] not in LABELS:
            raise ValueError(f"{path}:{number}: unknown label {row['label']!r}")
        cases.append(Case(cls=row["class"], label=row["label"], text=row["text"]))
    return cases


def run(classifier: Classifier, cases: list[Case]) -> list[Outcome]:
    """Classify all sentences in one classify_many stream (one batched parse, as in production)."""
    results = classifier.classify_many((case.text, None) for case in cases)
    return [Outcome(case, result.label) for case, result in zip(cases, results, strict=True)]


def by_class(outcomes: Iterable[Outcome]) -> dict[str, list[Outcome]]:
    """Outcomes grouped by suite class, in the order the classes first appear in the suite."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.case.cls, []).append(outcome)
    return groups


def summary(outcomes: list[Outcome]) -> list[str]:
    """One line per class (n, passed, share passed) and an overall line."""
    lines = [f"{'class':<30} {'gold':<33} {'n':>4} {'passed':>6} {'share':>7}"]
    for cls, group in by_class(outcomes).items():
        passed = sum(o.passed for o in group)
        golds = "/".join(sorted({o.case.label for o in group}))
        lines.append(f"{cls:<30} {golds:<33} {len(group):>4} {passed:>6} {passed / len(group):>7.1%}")
    passed = sum(o.passed for o in outcomes)
    share = passed / len(outcomes) if outcomes else 0.0
    lines.append(f"{'overall':<30} {'':<33} {len(outcomes):>4} {passed:>6} {share:>7.1%}")
    return lines


def failures(outcomes: list[Outcome]) -> list[str]:
    """Each failing sentence with its class, gold and predicted label."""
    return [f"FAIL {o.case.cls} gold={o.case.label} got={o.predicted} | {o.case.text}"
            for o in outcomes if not o.passed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--taxonomy", type=Path, default=None)
    parser.add_argument("--failures", action="store_true", help="print every misclassified sentence")
    args = parser.parse_args(argv)
    cases = load_suite(args.suite)
    classifier = load_classifier(args.taxonomy)
    outcomes = run(classifier, cases)
    print(f"taxonomy {classifier.taxonomy.version}; classification version {classifier.version}")
    print("\n".join(summary(outcomes)))
    if args.failures:
        print("\n".join(failures(outcomes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
