"""`escmon classify [FILE|-]`: JSON lines in, one classified JSON line out per input line, in order.

Input lines carry `text` (required), optionally `id`, `title`, `published` (ISO 8601); every other
field passes through. A line that cannot be classified becomes {"error": {...}} in its place, so
output line N always answers input line N. Starts fast: imports spaCy, never Beam or Prefect.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import IO

import typer

from pipelines.classifier import Classifier, load_classifier
from pipelines.parse import MissingParserError

CHUNK = 256
OUTPUT_FIELDS = ("label", "score", "actors", "signals", "dyads")


class BadLine(ValueError):
    """An input line that is not a JSON object with a string `text`."""


def parse_line(line: str) -> tuple[dict, str, datetime | None]:
    """The record, its text and its published time; BadLine says what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(record, dict):
        raise BadLine(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise BadLine("field 'text' is missing or not a string")
    return record, text, parse_published(record.get("published"))


def parse_published(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadLine(f"field 'published' must be an ISO 8601 string, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadLine(f"field 'published' is not an ISO 8601 date: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def error_record(number: int, message: str, line: str) -> dict:
    return {"error": {"line": number, "message": message, "input": line[:500]}}


def classify_lines(lines: Iterable[str], classifier: Classifier) -> Iterator[dict]:
    """One output record per non-blank input line, in order; chunks go through nlp.pipe together.

    Blank lines (a trailing newline, an empty line between records) are not records and are skipped;
    error objects carry the physical line number.
    """
    numbered = ((n, line.rstrip("\r\n")) for n, line in enumerate(lines, start=1) if line.strip())
    while chunk := list(islice(numbered, CHUNK)):
        yield from _classify_chunk(chunk, classifier)


def _classify_chunk(chunk: list[tuple[int, str]], classifier: Classifier) -> list[dict]:
    out: list[dict] = []
    pending: list[tuple[int, dict, str, datetime | None]] = []
    for number, line in chunk:
        try:
            record, text, published = parse_line(line)
        except BadLine as exc:
            out.append(error_record(number, str(exc), line))
            continue
        out.append(record)
        pending.append((len(out) - 1, record, text, published))
    results = classifier.classify_many(((text, published) for _, _, text, published in pending), CHUNK)
    for (slot, record, _, _), result in zip(pending, results, strict=True):
        out[slot] = {**record, **{k: v for k, v in result.to_dict().items() if k in OUTPUT_FIELDS}}
    return out


def run(stream: IO[str], out: IO[str], classifier: Classifier) -> int:
    """Classify `stream` into `out`; returns how many lines were errors."""
    errors = 0
    for record in classify_lines(stream, classifier):
        errors += "error" in record and len(record) == 1
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return errors


def classify_command(
    path: str = typer.Argument("-", help="JSON-lines file with a 'text' field per line; '-' reads stdin."),
    taxonomy: Path | None = typer.Option(None, help="Taxonomy YAML (default: the packaged one)."),
    model: str | None = typer.Option(None, help="Optional installed spaCy pipeline to tokenise with."),
) -> None:
    """Classify news texts: writes each input line back with label, score, actors, signals, dyads."""
    classifier = load_classifier(taxonomy, model)
    try:
        _ = classifier.parser  # stage two's pipeline: a missing one is a one-line error, not a traceback
    except MissingParserError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if path == "-":
        errors = run(sys.stdin, sys.stdout, classifier)
    else:
        source = Path(path)
        if not source.is_file():
            raise typer.BadParameter(f"no such file: {path}", param_hint="FILE")
        with source.open(encoding="utf-8") as stream:
            errors = run(stream, sys.stdout, classifier)
    if errors:
        typer.echo(f"{errors} line(s) could not be classified; see their 'error' objects", err=True)


if __name__ == "__main__":
    typer.run(classify_command)
