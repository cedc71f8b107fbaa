"""`escmon samples`: write the synthetic sample feeds or benchmark items.

The generator (`samples/generator.py`) belongs to the checkout, not to the installed packages: only the
demo, the tests and the benchmarks need it. It is imported when a command runs, from the checkout this
`flows` package sits in; from an installed wheel the command says so instead of failing on an import.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer

CHECKOUT = Path(__file__).resolve().parents[1]
GENERATOR = CHECKOUT / "samples" / "generator.py"

samples_app = typer.Typer(help="Synthetic sample feeds and benchmark items (deterministic).",
                          no_args_is_help=True)


def load_generator() -> ModuleType:
    """`samples.generator` from the checkout; exit 2 with the reason when escmon runs from a wheel."""
    if not GENERATOR.is_file():
        typer.echo(f"error: `escmon samples` runs from a source checkout: {GENERATOR} is not installed with "
                   "the package (clone the repository and run it there)", err=True)
        raise typer.Exit(2)
    if str(CHECKOUT) not in sys.path:
        sys.path.insert(0, str(CHECKOUT))
    return importlib.import_module("samples.generator")


@samples_app.command("generate")
def generate_command(
    out_dir: Annotated[Path, typer.Argument(help="Directory for the feed files (created if missing).")],
    seed: Annotated[int, typer.Option(help="Same seed, same bytes.")] = 2026,
    days: Annotated[int, typer.Option(help="Days ending on the story's last day (at least 5).")] = 52,
    scale: Annotated[int, typer.Option(min=1, help="Multiply every day's item count (for benchmarks).")] = 1,
) -> None:
    """Write one RSS/Atom feed per fictional outlet."""
    generator = load_generator()
    try:
        paths = generator.write_samples(out_dir, seed=seed, days=days, scale=scale)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    for path in paths:
        typer.echo(f"{path}  {path.stat().st_size:,} bytes")


@samples_app.command("items")
def items_command(
    out_file: Annotated[Path, typer.Argument(help="JSON Lines file to write.")],
    count: Annotated[int, typer.Option("--count", "-n", min=0, help="Number of items.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 2026,
) -> None:
    """Write benchmark items as JSON Lines."""
    written = load_generator().write_items_jsonl(out_file, count, seed)
    typer.echo(f"{out_file}  {written:,} items")
