"""Classifier throughput on one core, polarity included (`make bench`).

Texts are generated here from written templates (news-like items of 1-4 sentences, about two thirds
with a signal, many with negation, denial, conditionals or attribution), so the figure does not
depend on any external data. Prints sentences/s for the full classifier and, as a ratio, how it
compares with bare spaCy tokenisation + sentence splitting on the same texts.

    python benchmarks/bench_classifier.py [--items N] [--file JSONL] [--batch-size N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.classifier import load_classifier  # noqa: E402

SUBJECTS = ["Russia", "Moscow", "NATO", "The Kremlin", "Ukraine", "Washington", "The alliance",
            "Belarusian leader Alexander Lukashenko", "German Chancellor Olaf Scholz", "Poland",
            "The Secretary of State", "NATO Secretary General Jens Stoltenberg", "Kyiv", "The EU"]
EVENTS = ["massed tens of thousands of troops near the border", "agreed to hold further talks",
          "threatened to retaliate with military-technical measures", "withdrew some units to their bases",
          "imposed new sanctions on banks", "launched a cyber attack on government websites",
          "proposed limits on missile deployments", "called for de-escalation",
          "conducted large-scale military exercises", "signed an arms control agreement",
          "expelled two diplomats", "rejected the security proposals"]
FRAMES = ["{s} {e}.", "{s} did not say whether it {e}.", "{s} denied reports that it {e}.",
          "{s} could soon say it {e}.", "Officials said {s} {e}.", "{s} has no plans to say it {e}.",
          "If the talks fail, {s} {e}.", "According to diplomats, {s} {e} on Monday."]
FILLERS = ["The meeting lasted four hours in a hotel by the lake.",
           "Markets in the region were mostly flat on Tuesday morning.",
           "The weather in the capital stayed cold and grey all week.",
           "Journalists waited outside the building for most of the afternoon.",
           "The statement was published in English and in Russian."]


def synthetic_items(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    items = []
    for _ in range(n):
        sentences = []
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.67:
                sentences.append(rng.choice(FRAMES).format(s=rng.choice(SUBJECTS), e=rng.choice(EVENTS)))
            else:
                sentences.append(rng.choice(FILLERS))
        items.append(" ".join(sentences))
    return items


def pin_one_core() -> str:
    """Run on a single CPU so the figure is per core, whatever the machine."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--file", type=Path, help="JSON lines with a 'text' field instead of synthetic items")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3, help="best of N timed runs")
    args = parser.parse_args(argv)
    pinned = pin_one_core()
    if args.file:
        texts = [json.loads(line)["text"] for line in args.file.read_text().splitlines() if line.strip()]
    else:
        texts = synthetic_items(args.items)
    classifier = load_classifier()
    nlp = classifier.nlp
    list(classifier.classify_many(((t, None) for t in texts[:500]), args.batch_size))  # warm the vocab
    n_sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=args.batch_size))

    def time_best(fn) -> tuple[float, float]:
        """Best wall time and best CPU time of the process over the repeats (the CPU figure discounts
        time spent waiting for the core on a loaded machine; both are reported)."""
        wall = cpu = float("inf")
        for _ in range(args.repeat):
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            wall = min(wall, time.perf_counter() - w0)
            cpu = min(cpu, time.process_time() - c0)
        return wall, cpu

    load_before = os.getloadavg()
    full = time_best(lambda: sum(1 for _ in classifier.classify_many(((t, None) for t in texts),
                                                                     args.batch_size)))
    sentences = time_best(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size)))
    tokenizer = time_best(lambda: sum(1 for _ in nlp.tokenizer.pipe(texts, batch_size=args.batch_size)))
    load_after = os.getloadavg()
    n_signals = sum(len(c.signals) for c in classifier.classify_many((t, None) for t in texts))
    print(f"classifier benchmark ({pinned}; taxonomy {classifier.taxonomy_version}; best of {args.repeat})")
    print(f"  load average before {load_before[0]:.2f} after {load_after[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"  items={len(texts)} sentences={n_sentences} signals={n_signals}")
    for name, (wall, cpu) in (("classifier (tokenise + sentences + matchers + polarity + dyads)", full),
                              ("bare spaCy tokenise + sentences", sentences),
                              ("bare spaCy tokenizer", tokenizer)):
        print(f"  {name}: {n_sentences / wall:,.0f} sentences/s wall, {n_sentences / cpu:,.0f} per CPU-second, "
              f"{len(texts) / wall:,.0f} items/s wall")
    print(f"  classifier / bare tokenise+sentences time ratio: {full[0] / sentences[0]:.2f}x wall, "
          f"{full[1] / sentences[1]:.2f}x CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
