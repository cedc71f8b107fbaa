"""Fitting a result table to the terminal's width: which columns to show, how wide, and what was left out.

Rich squeezes every column of a table that is too wide until each reads `Conti…`; instead the columns that
matter to a command are kept whole (they wrap at spaces, headers at underscores, but are never cut), the others
are added while they fit, long free text (errors, titles, URLs) takes what is left and wraps, and the table says
which columns it left out: `--format json|csv` carries every column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from flows.terminal_text import cell, clean

RULE = 3  # Rich's default box: a column's padding (one space each side) and the rule on its left
FLEX_MIN = 14  # the narrowest a free-text column is worth showing
FREE_TEXT = 40  # a column with longer values, or words longer than
LONG_WORD = 24  # this (URLs, paths), is free text: it may wrap anywhere
SHORT_HEADER = 12  # a header this short is never wrapped; a longer one may wrap after its underscores


@dataclass(frozen=True)
class Fit:
    """The columns shown (indexes in the table's order), their widths, and the names of those left out."""

    shown: list[int]
    widths: list[int]
    left_out: list[str]


def _words(text: str) -> list[str]:
    return [w for line in text.splitlines() for w in line.split()] or [""]


def _header_parts(name: str) -> list[str]:
    """A header split after its underscores: the pieces it may wrap into ("escalation_", "index")."""
    if cell_len(name) <= SHORT_HEADER:
        return [name]
    return [p for p in re.split(r"(?<=_)", name) if p] or [""]


@dataclass(frozen=True)
class _Measure:
    natural: int  # one line per value
    least: int  # the narrowest that keeps every value whole (wrapped at spaces) and the header unbroken
    free: bool


def _measure(name: str, texts: list[str], flexible: bool | None) -> _Measure:
    header = cell_len(name)
    header_least = max(cell_len(p) for p in _header_parts(name))
    longest = max((cell_len(line) for t in texts for line in (t.splitlines() or [""])), default=0)
    word = max((cell_len(w) for t in texts for w in _words(t)), default=0)
    free = flexible if flexible is not None else (longest > FREE_TEXT or word > LONG_WORD)
    natural = max(header, longest)
    least = max(header_least, min(longest, FLEX_MIN)) if free else max(header_least, word)
    return _Measure(natural, min(least, natural), free)


def fit_columns(cols: Sequence[str], texts: Sequence[Sequence[str]], width: int, keep: Sequence[str] = (),
                flexible: Sequence[str] | None = None, prefer: Sequence[str] = ()) -> Fit:
    """Choose the columns and widths of a table `width` cells wide.

    `keep` names the columns that matter, in order: shown first, at the least width that keeps them whole.
    The other columns follow in table order while they fit, whole at their natural width or wrapped at
    their least. Spare room then widens the shown columns toward their natural width, `keep` first.
    `flexible` names the free-text columns (default: guessed from the values); `prefer` orders the other
    columns (those it does not name follow, in table order). The table keeps its column order.
    """
    measures = [_measure(name, [row[i] for row in texts],
                         None if flexible is None else name in flexible) for i, name in enumerate(cols)]
    room = width - 1  # the table's right edge
    keep_idx = [cols.index(n) for n in dict.fromkeys(keep) if n in cols]
    rank = {name: n for n, name in enumerate(prefer)}
    others = sorted((i for i in range(len(cols)) if i not in keep_idx), key=lambda i: (rank.get(cols[i], len(rank)), i))
    widths: dict[int, int] = {}

    def spare() -> int:
        return room - sum(w + RULE for w in widths.values())

    def grow(indexes: list[int]) -> None:
        for i in indexes:
            if i in widths:
                widths[i] += max(0, min(measures[i].natural - widths[i], spare()))

    for i in keep_idx:  # the columns that matter, whole; the first is shown however narrow
        if measures[i].least + RULE <= spare() or not widths:
            widths[i] = max(1, min(measures[i].least, spare() - RULE))
    grow([i for i in keep_idx if not measures[i].free])  # on one line each when there is room
    for i in others:
        m = measures[i]
        for w in dict.fromkeys((m.least if m.free else m.natural, m.least)):
            if w + RULE <= spare() or not widths:
                widths[i] = max(1, min(w, spare() - RULE))
                break
        else:  # wrap the other columns already shown (never those that matter) to make room for this one
            placed = [j for j in others if j in widths]
            lack = m.least + RULE - spare()
            if lack <= sum(widths[j] - measures[j].least for j in placed):
                for j in reversed(placed):
                    give = min(lack, widths[j] - measures[j].least)
                    widths[j] -= give
                    lack -= give
                widths[i] = m.least
    grow([i for i in [*keep_idx, *others] if not measures[i].free])
    free = [i for i in widths if measures[i].free]
    wants = {i: measures[i].natural - widths[i] for i in free}
    total, room_left = sum(wants.values()), spare()
    for i in free:  # free text shares the rest, in proportion to what each still lacks
        if total > 0:
            widths[i] += min(wants[i], room_left * wants[i] // total)
    grow(free)  # what rounding left over
    shown = sorted(widths)
    return Fit(shown, [widths[i] for i in shown], [cols[i] for i in range(len(cols)) if i not in widths])


def _header(name: str, width: int) -> Text:
    """The header, wrapped after underscores when the column is narrower than it."""
    lines, line = [], ""
    for part in _header_parts(name):
        if line and cell_len(line + part) > width:
            lines.append(line)
            line = ""
        line += part
    return Text("\n".join([*lines, line]))


def print_table(console: Console, cols: Sequence[str], rows: Sequence[Sequence[object]], keep: Sequence[str] = (),
                flexible: Sequence[str] | None = None, title: str | None = None,
                everything: str = "--format json or csv", prefer: Sequence[str] = ()) -> None:
    """Print rows as a table that fits the console, and a line naming the columns it left out and the
    option (`everything`) that prints them. Cells and headers are outside text (feed titles, SQL aliases,
    corpus sentences): cleaned, never read as markup."""
    names = [clean(c) for c in cols]
    texts = [[clean(v) for v in row] for row in rows]
    fit = fit_columns(names, texts, console.width, keep, flexible, prefer)
    table = Table(title=clean(title) if title else None)
    for i, w in zip(fit.shown, fit.widths, strict=True):
        table.add_column(_header(names[i], w), width=w, overflow="fold")
    for row in texts:
        table.add_row(*(cell(row[i]) for i in fit.shown))
    console.print(table)
    if fit.left_out:
        console.print(f"(not shown at {console.width} columns: {', '.join(fit.left_out)}; "
                      f"{everything} has every column)", markup=False, highlight=False)


__all__ = ["Fit", "fit_columns", "print_table"]
