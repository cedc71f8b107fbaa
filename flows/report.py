"""`escmon report`: one self-contained HTML page an analyst can open offline, mail, or print.

The page reads the analysts' snapshot (read-only, so it never blocks the scheduled writer), counts its
window back from the newest day with data (an archive or the sample data ends on a fixed day, so
"now" would show nothing), embeds plotly.js once inline (no CDN: the page must open with no network),
and escapes every text that came from a feed, because feed titles and links are untrusted input.
Plotly is imported inside the functions that draw, so `escmon --help` stays fast.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import typer

from flows.config import ConfigError, load_settings
from schemas.status import Severity
from warehouse.db import open_reader
from warehouse.warehouse import query

if TYPE_CHECKING:
    import duckdb
    import plotly.graph_objects as go

DEFAULT_DAYS = 30
MAX_DAYS = 36_525  # a century: --days 100000000 reached back past year 1 and overflowed
TOP_ACTORS = 6
TOP_DYADS = 6
RUNS_SHOWN = 8
TOP_STORIES = 15
ESCALATION = "#b8322a"
ESCALATION_LIGHT = "#e8a9a4"
DEESCALATION = "#2f6ea8"
DEESCALATION_LIGHT = "#a9c6e3"
INDEX_LINE = "#1d2329"
SEVERITY_COLOUR = {Severity.CRITICAL: ESCALATION, Severity.WARNING: "#c7851a"}
SERIES_COLOURS = ("#b8322a", "#2f6ea8", "#3a8a4f", "#c7851a", "#7b4fa0", "#1f8a8a", "#8c564b", "#5f6b76")
PLOT_CONFIG = {"displayModeBar": False, "responsive": True}  # drag zooms, double-click resets
SAFE_SCHEMES = ("http", "https")
TEMPLATE = "templates/report.html"


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows, fetched in one read so the page is one consistent moment."""

    start: date | None
    end: date | None
    daily: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    dyads: list[dict[str, Any]]
    categories: list[dict[str, Any]]
    alerts: list[dict[str, Any]]
    feeds: list[dict[str, Any]]
    runs: list[dict[str, Any]]
    stories: list[dict[str, Any]] = field(default_factory=list)

    @property
    def days(self) -> list[date]:
        if self.start is None or self.end is None:
            return []
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


# ---------------------------------------------------------------- reading




def report_window(con: duckdb.DuckDBPyConnection, days: int) -> tuple[date, date] | None:
    """The last `days` days ending on the newest day with data; None for an empty warehouse."""
    newest = query(con, "data_range")[0]["newest_day"]
    if newest is None:
        return None
    return newest - timedelta(days=max(days, 1) - 1), newest


def _stored_list(raw: str | None) -> list[dict[str, Any]]:
    """A JSON list stored with an alert (its evidence, its drivers); a malformed value shows as nothing,
    never breaks the page."""
    try:
        items = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def load_report_data(con: duckdb.DuckDBPyConnection, days: int = DEFAULT_DAYS,
                     top_actors: int = TOP_ACTORS, top_dyads: int = TOP_DYADS) -> ReportData:
    """Run the report queries (warehouse/sql/report_*.sql) over one read-only connection."""
    window = report_window(con, days)
    feeds = query(con, "report_feeds")
    runs = query(con, "report_runs", {"limit": RUNS_SHOWN})
    if window is None:
        return ReportData(None, None, [], [], [], [], [], feeds, runs)
    span = {"start": window[0], "end": window[1]}
    alerts = query(con, "report_alerts", span)
    for alert in alerts:
        alert["evidence"] = _stored_list(alert["evidence"])
        alert["drivers"] = _stored_list(alert.get("drivers"))
    return ReportData(
        start=window[0], end=window[1],
        daily=query(con, "report_daily", span),
        actors=query(con, "report_actors", {**span, "top": top_actors}),
        dyads=query(con, "report_dyads", {**span, "top": top_dyads}),
        categories=query(con, "report_categories", span),
        alerts=alerts, feeds=feeds, runs=runs,
        stories=query(con, "report_stories", {**span, "limit": TOP_STORIES}),
    )


# ---------------------------------------------------------------- charts


def _layout(fig: go.Figure, height: int, y_title: str) -> None:
    """Shared look; no chart title, the page section above each chart names it."""
    fig.update_layout(
        template="plotly_white", height=height, margin={"l": 56, "r": 16, "t": 36, "b": 40},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        font={"family": "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif", "size": 12},
    )
    fig.update_yaxes(title_text=y_title, zeroline=True, zerolinecolor="#9aa3ab")


def _alert_days(alerts: list[dict[str, Any]]) -> dict[date, list[dict[str, Any]]]:
    by_day: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for alert in alerts:
        by_day[alert["window_start"].date()].append(alert)
    return dict(sorted(by_day.items()))


def _worst(alerts: list[dict[str, Any]]) -> str:
    return Severity.CRITICAL if any(a["severity"] == Severity.CRITICAL for a in alerts) else Severity.WARNING


def _mark_alert_windows(fig: go.Figure, alerts: list[dict[str, Any]]) -> None:
    """Shade each day that has alerts; a daily point sits at midnight, so centre the band on it."""
    for day, day_alerts in _alert_days(alerts).items():
        middle = datetime.combine(day, datetime.min.time())
        fig.add_vrect(x0=middle - timedelta(hours=12), x1=middle + timedelta(hours=12), layer="below",
                      line_width=0, fillcolor=SEVERITY_COLOUR[_worst(day_alerts)], opacity=0.12)


def _alert_hover(alert: dict[str, Any]) -> str:
    """Hover text is drawn by plotly.js as a little HTML: escape it like the page."""
    return esc(f"{alert['severity']}: {alert['rule']} ({alert['indicator']}, z={alert['score']})")


def index_figure(data: ReportData) -> go.Figure:
    """Escalation and de-escalation weight per day, the index line, and a marker on each alert day."""
    import plotly.graph_objects as go

    days = [r["day"] for r in data.daily]
    fig = go.Figure()
    fig.add_bar(x=days, y=[r["escalation"] for r in data.daily], name="escalation weight",
                marker_color=ESCALATION_LIGHT, customdata=[r["escalation_signals"] for r in data.daily],
                hovertemplate="%{y:.1f} (%{customdata} signals)")
    fig.add_bar(x=days, y=[-r["deescalation"] for r in data.daily], name="de-escalation weight",
                marker_color=DEESCALATION_LIGHT, customdata=[r["deescalation_signals"] for r in data.daily],
                hovertemplate="%{y:.1f} (%{customdata} signals)")
    fig.add_scatter(x=days, y=[r["escalation_index"] for r in data.daily], name="escalation index",
                    mode="lines+markers", line={"color": INDEX_LINE, "width": 2.5}, marker={"size": 5})
    index_by_day = {r["day"]: r["escalation_index"] for r in data.daily}
    alert_days = _alert_days(data.alerts)
    if alert_days:
        fig.add_scatter(
            x=list(alert_days), y=[index_by_day.get(d, 0) for d in alert_days], name="alert",
            mode="markers",
            marker={"symbol": "triangle-down", "size": 15, "line": {"width": 1, "color": "#fff"},
                    "color": [SEVERITY_COLOUR[_worst(a)] for a in alert_days.values()]},
            text=["<br>".join(_alert_hover(a) for a in day_alerts) for day_alerts in alert_days.values()],
            hovertemplate="%{text}<extra>alerts</extra>")
    _mark_alert_windows(fig, data.alerts)
    _layout(fig, 400, "weight")
    fig.update_layout(barmode="relative")
    return fig


def _series_figure(data: ReportData, rows: list[dict[str, Any]], key: str) -> go.Figure:
    """One line per actor or dyad over every day of the window; a day without mentions counts 0."""
    import plotly.graph_objects as go

    series: dict[str, dict[date, float]] = {}
    for row in rows:
        series.setdefault(row[key], {})[row["day"]] = row["escalation_index"]
    fig = go.Figure()
    for i, (name, values) in enumerate(series.items()):
        fig.add_scatter(x=data.days, y=[values.get(d, 0.0) for d in data.days], name=name, mode="lines",
                        line={"color": SERIES_COLOURS[i % len(SERIES_COLOURS)], "width": 2})
    _mark_alert_windows(fig, data.alerts)
    _layout(fig, 380, "escalation index")
    return fig


def actor_figure(data: ReportData) -> go.Figure:
    return _series_figure(data, data.actors, "actor")


def dyad_figure(data: ReportData) -> go.Figure:
    return _series_figure(data, data.dyads, "dyad")


def _humanise(category: str) -> str:
    return category.replace("_", " ")


def category_figure(data: ReportData) -> go.Figure:
    """Signals per category, escalation vs de-escalation; the pale part weighs 0 (negated, hypothetical)."""
    import plotly.graph_objects as go

    rows = sorted(data.categories, key=lambda r: (r["direction"] == "escalation", r["signals"]))
    labels = [_humanise(r["category"]) for r in rows]
    fig = go.Figure()
    for direction, solid, pale in (("escalation", ESCALATION, ESCALATION_LIGHT),
                                   ("de-escalation", DEESCALATION, DEESCALATION_LIGHT)):
        counted = [r["counted_signals"] if r["direction"] == direction else None for r in rows]
        uncounted = [r["signals"] - r["counted_signals"] if r["direction"] == direction else None
                     for r in rows]
        fig.add_bar(y=labels, x=counted, orientation="h", name=f"{direction} (counted)", marker_color=solid,
                    hovertemplate="%{y}: %{x} counted<extra></extra>")
        fig.add_bar(y=labels, x=uncounted, orientation="h", name=f"{direction} (negated/hypothetical)",
                    marker_color=pale, hovertemplate="%{y}: %{x} not counted<extra></extra>")
    _layout(fig, max(320, 24 * len(rows) + 90), "")
    fig.update_layout(barmode="stack", hovermode="closest")
    fig.update_xaxes(title_text="signals")
    return fig


def figure_html(fig: go.Figure, div_id: str) -> str:
    """A chart as a <div> + <script>; plotly.js itself is embedded once in the page head."""
    return fig.to_html(full_html=False, include_plotlyjs=False, config=PLOT_CONFIG, div_id=div_id,
                       default_height=f"{fig.layout.height}px")


# ---------------------------------------------------------------- page


def esc(value: object) -> str:
    """Text for HTML: every string may come from a feed, so everything goes through here."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_link(url: object) -> str | None:
    """The URL if it is plain http(s) with a host; javascript:, data: and the rest are not linked."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else None


def _link(text: object, url: object) -> str:
    href = safe_link(url)
    if href is None:
        return esc(text)
    return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow" target="_blank">{esc(text)}</a>'


def _highlight(sentence: object, matched: object) -> str:
    """The evidence sentence, escaped, with the matched phrase in <mark>.

    The phrase is found in the plain sentence, case-insensitively character by character, and the three
    pieces are escaped after: lower-casing the whole text first changes its length ("İ" becomes two
    characters) and moved the mark, and searching escaped text could cut an entity such as `&amp;` in two.
    """
    text, needle = ("" if sentence is None else str(sentence)), ("" if matched is None else str(matched))
    found = re.search(re.escape(needle), text, re.IGNORECASE) if needle.strip() else None
    if found is None:
        return esc(text)
    start, end = found.span()
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


def _num(value: object) -> str:
    """A stored number for reading; a missing one (no baseline yet) as a dash."""
    return "–" if value is None else esc(value)


def _fmt_time(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "" if value is None else str(value)


def _kpis(data: ReportData) -> str:
    latest = data.daily[-1] if data.daily else None
    critical = sum(a["severity"] == Severity.CRITICAL for a in data.alerts)
    healthy = sum(f["health"] == "healthy" for f in data.feeds)
    cards = [
        (sum(r["items"] for r in data.daily), "items"),
        (sum(r["escalation_signals"] for r in data.daily), "escalation signals"),
        (sum(r["deescalation_signals"] for r in data.daily), "de-escalation signals"),
        (f"{latest['escalation_index']:.1f}", f"index on {latest['day']}") if latest else ("–", "index"),
        (len(data.alerts), f"alerts ({critical} critical)"),
        (f"{healthy}/{len(data.feeds)}", "feeds healthy"),
    ]
    return '<div class="kpis">' + "".join(
        f'<div class="kpi"><b>{esc(v)}</b><span>{esc(label)}</span></div>' for v, label in cards) + "</div>"


def _header(data: ReportData, generated_at: datetime) -> str:
    span = f"{data.start} to {data.end} ({len(data.days)} days)" if data.start else "no data yet"
    return (f"<header><h1>Escalation monitor report</h1><p>{esc(span)} · generated "
            f"{esc(_fmt_time(generated_at))}</p>{_kpis(data)}</header>")


def _chart_section(title: str, note: str, chart: str, extra_class: str = "") -> str:
    return (f'<section class="{extra_class}"><h2>{esc(title)}</h2><p class="note">{esc(note)}</p>'
            f'<div class="chart">{chart}</div></section>')


def _fmt_iso(value: object) -> str:
    """An ISO timestamp from stored JSON, shown like the rest of the page; anything else as it is."""
    try:
        return _fmt_time(datetime.fromisoformat(str(value)))
    except ValueError:
        return "" if value is None else str(value)


def _evidence_item(item: dict[str, Any]) -> str:
    weight = f"weight {item.get('contribution')}"
    if item.get("signals"):
        weight += f" from {item['signals']} signals"
    outlets = item.get("outlets") or []
    story = (f"{item.get('items')} items, {item.get('sources')} sources: {', '.join(map(str, outlets))}"
             if outlets and (item.get("items") or 1) > 1 else "")  # one story, several items or outlets
    meta = " · ".join(esc(v) for v in (item.get("feed_name"), _fmt_iso(item.get("published")),
                                        _humanise(str(item.get("category") or "")), weight, story) if v)
    return (f"<li>{_link(item.get('title') or item.get('link') or 'untitled item', item.get('link'))}"
            f'<span class="evidence">“{_highlight(item.get("evidence"), item.get("matched_text"))}”</span>'
            f'<span class="meta">{meta}</span></li>')


def _alert_block(alert: dict[str, Any]) -> str:
    severity = alert["severity"] if alert["severity"] in SEVERITY_COLOUR else Severity.WARNING
    items = "".join(_evidence_item(i) for i in alert["evidence"]) or '<li class="empty">no items stored</li>'
    drivers = _drivers_line(alert.get("drivers") or [])
    return (f'<div class="alert {severity}"><h3><span class="badge {severity}">{esc(severity)}</span> '
            f"{esc(alert['rule'])} · {esc(alert['indicator'])} · {esc(_fmt_time(alert['window_start']))}</h3>"
            f'<div class="meta">observed {_num(alert["observed"])} '
            f"from {_num(alert['signal_count'])} signals, "
            f"baseline {_num(alert['baseline_mean'])} ± {_num(alert['baseline_std'])}, "
            f"z = {_num(alert['score'])}; "
            f"delivery {esc(alert['delivery_status'])}</div>{drivers}<ol>{items}</ol></div>")


def _drivers_line(drivers: list[dict[str, Any]]) -> str:
    """What rose most against the baseline (categories, then actors), as stored with the alert."""
    rises = [f"{_humanise(str(d.get('name') or d.get('id') or ''))} {d.get('before')} → {d.get('now')}"
             for d in drivers]
    return f'<div class="meta">rose most: {esc(", ".join(rises))}</div>' if rises else ""


def _stories_section(data: ReportData) -> str:
    rows = [{**s, "headline_link": _link(s.get("headline") or "untitled story", s.get("link")),
             "category": _humanise(str(s.get("category") or "")),
             "outlets": ", ".join(map(str, s.get("outlets") or []))} for s in data.stories]
    head = "".join(f'<th class="{c}">{esc(label)}</th>' for c, label in (
        ("", "first seen"), ("", "story"), ("num", "sources"), ("num", "items"), ("", "category"),
        ("", "outlets")))
    body = "".join(
        f"<tr><td>{esc(_fmt_time(r.get('first_seen')))}</td><td>{r['headline_link']}</td>"
        f"<td class=\"num\">{esc(r.get('sources'))}</td><td class=\"num\">{esc(r.get('items'))}</td>"
        f"<td>{esc(r['category'])}</td><td>{esc(r['outlets'])}</td></tr>" for r in rows)
    table = (f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>" if rows
             else '<p class="empty">No stories in this window.</p>')
    return ('<section class="long" id="stories"><h2>Stories</h2><p class="note">One event however many '
            f"outlets told it; the {TOP_STORIES} carried by the most independent sources (a copy of another "
            f"outlet's text adds none), with the first item's link.</p>{table}</section>")


def _alerts_section(data: ReportData) -> str:
    body = "".join(_alert_block(a) for a in data.alerts) or '<p class="empty">No alerts in this window.</p>'
    return ('<section class="long" id="alerts"><h2>Alerts and the items behind them</h2>'
            '<p class="note">Newest first. Each alert lists the strongest escalation signals of its window, '
            f"with the sentence that shows the signal (matched phrase highlighted).</p>{body}</section>")


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], numeric: set[str]) -> str:
    head = "".join(f'<th class="{"num" if c in numeric else ""}">{esc(label)}</th>' for c, label in columns)
    body = "".join("<tr>" + "".join(_cell(row, c, numeric) for c, _ in columns) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(row: dict[str, Any], column: str, numeric: set[str]) -> str:
    value = row.get(column)
    if column == "health":
        return f'<td><span class="badge {esc(value)}">{esc(value)}</span></td>'
    text = _fmt_time(value) if isinstance(value, datetime) else esc("" if value is None else value)
    return f'<td class="{"num" if column in numeric else ""}">{text}</td>'


def _feeds_section(data: ReportData) -> str:
    feeds = _table(data.feeds, [("name", "feed"), ("health", "health"), ("status", "status"),
                                ("http_status", "HTTP"), ("consecutive_failures", "failures"),
                                ("last_success_at", "last success"), ("items_seen", "items"),
                                ("last_error", "last error")],
                   {"http_status", "consecutive_failures", "items_seen"})
    runs = _table(data.runs, [("started_at", "cycle started"), ("status", "status"), ("feeds_ok", "feeds ok"),
                              ("feeds_failed", "failed"), ("items_new", "new items"),
                              ("signals_loaded", "signals"), ("dead_letters", "dead letters"),
                              ("alerts_fired", "alerts")],
                  {"feeds_ok", "feeds_failed", "items_new", "signals_loaded", "dead_letters", "alerts_fired"})
    return ('<section id="feeds"><h2>Feed health</h2><p class="note">Failing feeds first; a feed is failing '
            f'after 3 consecutive errors.</p>{feeds}<h2 class="sub">Latest cycles</h2>{runs}</section>')


def render_html(data: ReportData, generated_at: datetime | None = None) -> str:
    """The whole page as one string: CSS, plotly.js and the chart data are all inline."""
    from plotly.offline import get_plotlyjs

    generated_at = generated_at or datetime.now(UTC)
    parts = [_header(data, generated_at)]
    if data.daily:
        parts.append(_chart_section(
            "Escalation index over time",
            "Per day: escalation weight up, de-escalation weight down, the index is their difference. "
            "Shaded days had alerts (▼ on the index line; hover for the rules).",
            figure_html(index_figure(data), "chart-index")))
        actors = _chart_section("Actors", f"Index of the items that mention each of the {TOP_ACTORS} "
                                "most mentioned actors.", figure_html(actor_figure(data), "chart-actors"))
        dyads = _chart_section("Dyads", f"Index of the signals of the {TOP_DYADS} source → target pairs "
                               "seen most often.", figure_html(dyad_figure(data), "chart-dyads"))
        parts.append(f'<div class="grid2">{actors}{dyads}</div>')
        parts.append(_chart_section(
            "Signals by category", "Solid: counted in the index; pale: negated, denied or hypothetical.",
            figure_html(category_figure(data), "chart-categories")))
    else:
        parts.append('<section><p class="empty">The warehouse holds no classified items yet: '
                     "run <code>escmon run</code> first.</p></section>")
    parts.append(_alerts_section(data))
    parts.append(_stories_section(data))
    parts.append(_feeds_section(data))
    parts.append("<footer>escmon · charts drawn with Plotly, embedded in this file: "
                 "no network needed to view it.</footer>")
    template = Template(resources.files("flows").joinpath(TEMPLATE).read_text(encoding="utf-8"))
    title = f"escmon report {data.start} – {data.end}" if data.start else "escmon report"
    return template.substitute(title=esc(title), plotlyjs=get_plotlyjs(), body="\n".join(parts))


def write_report(db_path: Path, out: Path, days: int = DEFAULT_DAYS) -> ReportData:
    """Read the warehouse file read-only, render the page and write it atomically."""
    con = open_reader(db_path)
    try:
        data = load_report_data(con, days)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(out)
    return data


# ---------------------------------------------------------------- CLI


def report_command(
    days: int = typer.Option(DEFAULT_DAYS, "--days", min=1,
                             help=f"Days to show, counted back from the newest day with data (at most {MAX_DAYS})."),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="HTML file to write."),
    live: bool = typer.Option(False, help="Read the live warehouse file instead of the snapshot."),
    config: Path | None = typer.Option(None, "--config", "-c",
                                       help="Config file (default: $ESCMON_CONFIG or ./escmon.toml)."),
) -> None:
    """Write a self-contained HTML report: index over time, actors, dyads, categories, alerts, feed health."""
    import duckdb

    if days > MAX_DAYS:  # further back than dates go: timedelta overflows
        typer.echo(f"error: --days must be at most {MAX_DAYS} (a century), got {days}", err=True)
        raise typer.Exit(2)
    try:
        settings = load_settings(config)
    except ConfigError as exc:
        typer.echo(f"config error: {exc}", err=True)
        raise typer.Exit(2) from exc
    snapshot = settings.warehouse.snapshot_path
    path = settings.warehouse.path if live or not snapshot.exists() else snapshot
    try:
        data = write_report(path, out, days)
    except (FileNotFoundError, duckdb.IOException) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    span = f"{data.start} to {data.end}" if data.start else "no data"
    typer.echo(f"report: {out} ({span}, {len(data.alerts)} alerts, {out.stat().st_size // 1024} KiB)")
