"""Classifier throughput on one core, both stages and each alone (`make bench`).

Two sets of texts. The bench set is generated here from written templates (news-like items of 1-4
sentences, about two thirds with a signal, many with negation, denial, conditionals or attribution). The
real-length set is real news: the paragraphs of ../shared/corpus (crisis reporting) and the items of
../shared/eval/news_nonpolitical_neutral.jsonl (headline and summary), when they are there. For each set it
prints sentences/s for the whole classifier, for stage one alone (taxonomy matchers, polarity cues,
political marks) and for stage two alone (the trained parser over the windows stage one hands it), and
the share of sentences that reach stage two; then how the whole compares with bare spaCy tokenisation +
sentence splitting.

    python benchmarks/bench_classifier.py [--items N] [--file JSONL] [--batch-size N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc  # noqa: E402

from pipelines.classifier import Classification, Classifier, Reading, load_classifier  # noqa: E402
from pipelines.parse import parse  # noqa: E402

SHARED = ROOT.parent / "shared"

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


def real_texts() -> list[str]:
    """Paragraphs of the crisis corpus and items of the non-political news file, when present."""
    texts = []
    for path in sorted((SHARED / "corpus").glob("*.txt")):
        texts.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 40)
    news = SHARED / "eval" / "news_nonpolitical_neutral.jsonl"
    if news.exists():
        texts.extend(json.loads(line)["text"] for line in news.read_text(encoding="utf-8").splitlines() if line)
    return texts


def time_best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time of the process over the repeats (the CPU figure discounts time spent
    waiting for the core on a loaded machine; both are reported)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


def stage_one(classifier: Classifier, texts: list[str]) -> list[Reading | Classification]:
    """Stage one alone: read every text (matchers, polarity cues, political marks), parse nothing."""
    return [classifier.read(doc, arrays, None, text) for doc, arrays, text, _ in
            classifier.docs(((t, None) for t in texts), 256)]


def window_docs(classifier: Classifier, readings: list[Reading | Classification]) -> list[Doc]:
    parser = classifier.parser
    return [classifier.window_doc(parser, r, w) for r in readings if isinstance(r, Reading) for w in r.windows]


def measure(name: str, classifier: Classifier, texts: list[str], args: argparse.Namespace) -> None:
    """Print the figures of one set of texts."""
    nlp = classifier.nlp
    counts = classifier.count_stages(texts)
    docs = window_docs(classifier, stage_one(classifier, texts))
    full = time_best(lambda: sum(1 for _ in classifier.classify_many(((t, None) for t in texts),
                                                                     args.batch_size)), args.repeat)
    one = time_best(lambda: stage_one(classifier, texts), args.repeat)
    two = time_best(lambda: parse(classifier.parser, docs), args.repeat)
    bare = time_best(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size)), args.repeat)
    n = counts.sentences
    tokens = sum(len(d) for d in docs)
    print(f"  {name}: items={len(texts)} sentences={n} "
          f"reaching stage two={counts.parsed} ({counts.parsed / max(n, 1):.1%}), "
          f"{tokens / max(len(docs), 1):.0f} tokens per parsed window")
    for label, (wall, cpu) in (("both stages (whole classifier)", full), ("stage one alone", one),
                               ("stage two alone (parser on its windows)", two),
                               ("bare spaCy tokenise + sentences", bare)):
        print(f"    {label}: {n / wall:,.0f} sentences/s wall, {n / cpu:,.0f} per CPU-second")
    if docs:
        print(f"    stage two on the parsed sentences themselves: {len(docs) / two[0]:,.0f} parsed sentences/s wall")
    print(f"    whole classifier / bare tokenise+sentences time ratio: {full[0] / bare[0]:.2f}x wall")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--file", type=Path, help="JSON lines with a 'text' field instead of synthetic items")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3, help="best of N timed runs")
    args = parser.parse_args(argv)
    pinned = pin_one_core()
    if args.file:
        sets = [("file", [json.loads(line)["text"] for line in args.file.read_text().splitlines() if line.strip()])]
    else:
        sets = [("bench set (synthetic)", synthetic_items(args.items))]
        real = real_texts()
        if real:
            sets.append(("real-length news (corpus paragraphs + non-political items)", real))
    classifier = load_classifier()
    for _, texts in sets:  # warm the vocabulary and load the parser
        list(classifier.classify_many(((t, None) for t in texts[:500]), args.batch_size))
    load_before = os.getloadavg()
    print(f"classifier benchmark ({pinned}; taxonomy {classifier.taxonomy.version}; "
          f"classification version {classifier.version}; best of {args.repeat})")
    for name, texts in sets:
        measure(name, classifier, texts, args)
    load_after = os.getloadavg()
    print(f"  load average before {load_before[0]:.2f} after {load_after[0]:.2f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
