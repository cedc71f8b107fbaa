"""`escmon taxonomy derive|check|unknown`: grow and audit schemas/taxonomy.yaml against a corpus, and list
the names classified news holds that it lacks.

Thin: parse arguments, call pipelines.taxonomy_check (the classifier's own matcher), print. Imports
neither Beam nor Prefect so it starts fast.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flows.cli_common import ConfigOption, read_path, settings_or_exit
from flows.table_fit import print_table
from flows.terminal_text import cell
from pipelines.taxonomy_check import CorpusReader, check_coverage, derive_actor_candidates, derive_signal_candidates
from schemas.derive import CoverageReport
from schemas.taxonomy import TaxonomyError, load_taxonomy
from warehouse.db import open_reader, unknown_actors

taxonomy_app = typer.Typer(help="Derive and check the taxonomy against a corpus.", no_args_is_help=True)

CorpusDir = Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Folder of .txt files")]
TaxonomyOpt = Annotated[Path | None, typer.Option("--taxonomy", help="Taxonomy YAML (default: bundled)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output")]


def _load(path: Path | None):
    try:
        return load_taxonomy(path)
    except TaxonomyError as exc:
        typer.echo(f"taxonomy error: {exc}", err=True)
        raise typer.Exit(2) from exc


@taxonomy_app.command()
def derive(corpus_dir: CorpusDir, taxonomy: TaxonomyOpt = None, as_json: JsonOpt = False,
           min_count: Annotated[int, typer.Option(help="Minimum count of a signal phrase")] = 2,
           limit: Annotated[int, typer.Option(help="Rows per table (0 = all)")] = 60,
           only_new: Annotated[bool, typer.Option("--only-new", help="Hide entries already in the taxonomy")]
           = False) -> None:
    """Propose candidate actors and signal phrases with counts and an example sentence each."""
    tax = _load(taxonomy)
    reader = CorpusReader(tax)
    reads = reader.read_corpus(corpus_dir)
    actors = derive_actor_candidates(reads, reader)
    signals = derive_signal_candidates(reads, min_count=min_count)
    if only_new:
        actors = [c for c in actors if not c.in_taxonomy]
        signals = [c for c in signals if not c.in_taxonomy]
    if as_json:
        typer.echo(json.dumps({"taxonomy_version": tax.version, "actors": [asdict(c) for c in actors],
                               "signals": [asdict(c) for c in signals]}, ensure_ascii=False, indent=1))
        return
    console = Console()
    cut = (lambda rows: rows[:limit]) if limit else (lambda rows: rows)
    print_table(console, ("name", "count", "in taxonomy", "affiliation", "how", "example"),
                [(c.text, c.count, "yes" if c.in_taxonomy else "NEW", c.affiliation, c.extra.get("how", ""),
                  c.example) for c in cut(actors)],
                keep=("name", "count", "in taxonomy", "affiliation", "example"), flexible=("example",),
                title=f"Actor candidates (taxonomy {tax.version})", everything="--json")
    print_table(console, ("phrase", "count", "in taxonomy", "category", "example"),
                [(c.text, c.count, "yes" if c.in_taxonomy else "NEW", c.category, c.example) for c in cut(signals)],
                keep=("phrase", "count", "in taxonomy", "category", "example"), flexible=("example",),
                title="Signal phrase candidates (lemmas)", everything="--json")


@taxonomy_app.command()
def check(corpus_dir: CorpusDir, taxonomy: TaxonomyOpt = None, as_json: JsonOpt = False,
          min_coverage: Annotated[float, typer.Option(
              help="Minimum share of signal categories evidenced in the corpus")] = 0.6,
          min_resolution: Annotated[float, typer.Option(
              help="Minimum share of actor-like name mentions that resolve")] = 0.95) -> None:
    """Report coverage and unresolved actor-like names; exit 1 below either threshold."""
    tax = _load(taxonomy)
    reader = CorpusReader(tax)
    report = check_coverage(reader.read_corpus(corpus_dir), reader)
    ok = report.category_coverage >= min_coverage and report.actor_resolution >= min_resolution
    if as_json:
        typer.echo(json.dumps(_report_dict(report, tax.version, ok), ensure_ascii=False, indent=1))
    else:
        _print_report(report, tax.version, min_coverage, min_resolution, ok)
    if not ok:
        raise typer.Exit(1)


def _report_dict(report: CoverageReport, version: str, ok: bool) -> dict:
    return {"taxonomy_version": version, "ok": ok, "category_coverage": round(report.category_coverage, 4),
            "actor_resolution": round(report.actor_resolution, 4), "category_hits": report.category_hits,
            "signal_hits": report.signal_hits, "actor_mentions": report.actor_mentions,
            "names_total": report.names_total, "names_resolved": report.names_resolved,
            "unresolved": [{"name": n, "count": c, "example": e} for n, c, e in report.unresolved]}


def _print_report(report: CoverageReport, version: str, min_coverage: float, min_resolution: float,
                  ok: bool) -> None:
    console = Console()
    table = Table(title=f"Signal categories evidenced (taxonomy {version})")
    for col in ("category", "hits"):
        table.add_column(col)
    for cat, hits in report.category_hits.items():
        table.add_row(cell(cat), str(hits) if hits else "[red]0[/red]")
    console.print(table)
    evidenced = sum(1 for v in report.actor_mentions.values() if v)
    console.print(f"actors evidenced in the corpus: {evidenced}/{len(report.actor_mentions)}")
    if report.unresolved:
        print_table(console, ("name", "count", "example"), report.unresolved, keep=("name", "count", "example"),
                    flexible=("example",), title="Unresolved actor-like names", everything="--json")
    console.print(f"category coverage {report.category_coverage:.1%} (min {min_coverage:.0%}); "
                  f"actor resolution {report.actor_resolution:.1%} of {report.names_total} name mentions "
                  f"(min {min_resolution:.0%}): {'[green]PASS[/green]' if ok else '[red]FAIL[/red]'}")


@taxonomy_app.command()
def unknown(config: Path | None = ConfigOption,
            limit: Annotated[int, typer.Option(help="Rows (most frequent first)")] = 40,
            as_json: JsonOpt = False) -> None:
    """Names the news the warehouse holds put next to escalation or de-escalation signals but the taxonomy
    lacks: candidate actors to review (they are kept as mentions of type 'unknown' and bind nothing)."""
    con = open_reader(read_path(settings_or_exit(config)))
    try:
        rows = unknown_actors(con, limit)
    finally:
        con.close()
    if as_json:
        typer.echo(json.dumps([{"name": n, "items": k, "example": e} for n, k, e in rows], ensure_ascii=False))
        return
    print_table(Console(), ("name", "items", "example headline"), rows, keep=("name", "items", "example headline"),
                flexible=("example headline",), title=f"Names not in the taxonomy ({len(rows)} shown)",
                everything="--json")
