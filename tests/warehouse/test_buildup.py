"""Build-up rules on seeded simulated daily series in a real DuckDB warehouse.

A slow rise (items naming Russia doubling over a week in February 2022) never stands out against its own
trailing baseline day by day; these series check that the build-up test sees it early, on every kind of
indicator, and stays quiet for years of Poisson noise.
"""

from __future__ import annotations

import collections
from datetime import date, datetime, timedelta

import pytest

from flows.config import REPO_ROOT, ConfigError, load_settings, parse_settings
from schemas.settings import AlertRule
from tests.warehouse.history import History, poisson_days, trend_days
from tests.warehouse.test_alerts import con, utc  # noqa: F401  (the fixture: a migrated warehouse file)
from warehouse.alerts import backtest, buildup_windows, evaluate_rules, rise_start, spike_windows
from warehouse.delivery import pending_alerts

DEFAULT_RULES = load_settings(REPO_ROOT / "escmon.toml").alerts.rules
START = date(2026, 1, 1)
FLAT_DAYS = 42  # six quiet weeks: the 28-day baseline and the 7-day recent period, with room
RAMP_DAYS = 21
YEARS_DAYS = 730


def buildup(**kw) -> AlertRule:
    base = {"name": "bu", "indicator": "index", "method": "buildup", "recent_days": 7, "baseline_days": 28,
            "min_count": 14, "min_ratio": 1.3, "warning_z": 3.0, "critical_z": 5.0, "cooldown_hours": 168.0}
    return AlertRule(**(base | kw))


def ramp_history(con, seed: int = 5) -> date:  # noqa: F811
    """Four sanctions items a day with no actor throughout; ten Russian troop items a day for six weeks,
    then three weeks at +40 % a week (10 -> 27 a day; the index 14 -> 31). Returns the ramp's first day."""
    h = History(seed=seed)
    ramp = START + timedelta(days=FLAT_DAYS)
    background = [4.0] * (FLAT_DAYS + RAMP_DAYS)
    troops = [10.0] * FLAT_DAYS + [10.0 * 1.4 ** ((t + 1) / 7) for t in range(RAMP_DAYS)]
    trend_days(h, START, background, categories={"sanctions": 1}, russia_share=0.0)
    trend_days(h, START, troops, other_per_day=0, categories={"troop_buildup": 1}, russia_share=1.0,
               title="Troops mass")
    h.write(con)
    return ramp


@pytest.mark.parametrize("indicator", ["index", "category:troop_buildup", "actor:RUS", "dyad:RUS-UKR"])
def test_a_three_week_ramp_fires_a_buildup_before_it_ends(con, indicator):  # noqa: F811
    ramp = ramp_history(con)
    last = ramp + timedelta(days=RAMP_DAYS - 1)
    # no single day of the ramp stands out: a spike rule at 2.5 robust z and one item stays silent
    spike = AlertRule(name="spike", indicator=indicator, min_count=1, warning_z=2.5, critical_z=5.0)
    assert spike_windows(con, spike, utc(ramp), utc(last)) == []
    rule = buildup(indicator=indicator)
    assert buildup_windows(con, rule, utc(START), utc(ramp - timedelta(days=1))) == []  # the flat weeks
    fired = evaluate_rules(con, [rule], utc(START), utc(last), "b1")
    assert fired, "the ramp never fired"
    first = fired[0]
    assert ramp + timedelta(days=7) <= first.window_start.date() < last
    # the alert says since when and by how much: the rise it names starts in the ramp's first week
    began = date.fromisoformat(first.note.split(" since ")[1][:10])
    assert -2 <= (began - ramp).days <= 7, first.note
    assert first.note.startswith("build-up for ") and "a day (+" in first.note
    assert first.observed >= 1.3 * first.baseline_mean
    assert "escalation build-up" in pending_alerts(con)[0].headline()
    assert all(e["title"].startswith("Troops mass") for e in first.evidence)  # the stories behind the rise
    # and what drove it against the baseline: the rising category and actor, never the flat sanctions
    top = {d["dimension"]: d for d in reversed(first.drivers)}
    if indicator != "category:troop_buildup":
        assert top["category"]["id"] == "troop_buildup" and top["category"]["now"] > top["category"]["before"]
    if indicator != "actor:RUS":
        assert top["actor"]["id"] == "RUS"
    assert "sanctions" not in first.drivers_line()
    assert first.drivers_line() in pending_alerts(con)[0].body()  # stored, and read back for delivery


def test_a_category_that_does_not_rise_stays_quiet(con):  # noqa: F811
    ramp = ramp_history(con)
    rule = buildup(indicator="category:sanctions")
    assert buildup_windows(con, rule, utc(START), utc(ramp + timedelta(days=RAMP_DAYS - 1))) == []


@pytest.mark.parametrize("rate", [5, 20, 100])
def test_quiet_poisson_streams_fire_at_most_one_alert_per_rule_per_60_days(con, rate):  # noqa: F811
    """Two simulated years of Poisson noise at 5, 20 and 100 crisis items a day, every default rule."""
    h = History(seed=rate)
    poisson_days(h, START, YEARS_DAYS, rate)
    h.write(con)
    rules = DEFAULT_RULES
    assert {"escalation-index-buildup", "russia-buildup"} <= {r.name for r in rules}
    result = backtest(con, rules, utc(START), utc(START + timedelta(days=YEARS_DAYS - 1)))
    per_rule = collections.Counter(a.rule for a in result.fired)
    assert all(per_rule[r.name] <= YEARS_DAYS / 60 for r in rules), per_rule


def test_rise_start_is_where_the_days_at_the_new_level_begin():
    day = 86400
    flat = [{"ws": n * day, "value": 5.0} for n in range(10)]
    rise = [{"ws": (10 + n) * day, "value": v} for n, v in enumerate([9.0, 2.0, 8.0, 9.0, 10.0])]
    # the 9 on day 10 is undone by the 2 after it; the rise that lasts starts on day 12
    assert rise_start(flat + rise, centre=5.0, level=9.0) == 12 * day
    assert rise_start(flat, centre=5.0, level=5.0) is None


def test_rise_start_does_not_run_back_through_a_quiet_skewed_baseline():
    """Mostly quiet days with a busy one now and then (median 1, mean 1.4): the rise is the last week."""
    day = 86400
    quiet = [0.0, 0.0, 1.0, 3.0, 3.0] * 6
    ramp = [5.0, 6.0, 7.0, 8.0, 8.0, 9.0]
    history = [{"ws": n * day, "value": v} for n, v in enumerate(quiet + ramp)]
    assert rise_start(history, centre=1.0, level=8.0) == len(quiet) * day


def test_buildup_rule_config(tmp_path):
    ok = {"name": "b", "indicator": "actor:RUS", "method": "buildup", "recent_days": 7, "baseline_days": 28}
    [rule] = parse_settings({"alerts": {"rules": [ok]}}, tmp_path / "c.toml").alerts.rules
    assert rule.lookback_days == 35
    for bad in ({"window": "hour"}, {"recent_days": 1}):
        with pytest.raises(ConfigError, match="buildup rule needs window = 'day' and recent_days >= 2"):
            parse_settings({"alerts": {"rules": [ok | bad]}}, tmp_path / "c.toml")


# ------------------------------------------------------------------------------- CUSUM (method = "cusum")

def cusum(**kw) -> AlertRule:
    base = {"name": "cusum", "indicator": "index", "method": "cusum", "baseline_days": 28, "min_count": 14,
            "min_ratio": 1.3, "warning_z": CUSUM_WARNING, "critical_z": CUSUM_CRITICAL, "cooldown_hours": 168.0}
    return AlertRule(**(base | kw))


CUSUM_WARNING, CUSUM_CRITICAL = 6.0, 12.0


@pytest.mark.parametrize("indicator", ["index", "category:troop_buildup", "actor:RUS"])
def test_cusum_accumulates_a_ramp_no_day_of_which_is_a_spike(con, indicator):  # noqa: F811
    ramp = ramp_history(con)
    last = ramp + timedelta(days=RAMP_DAYS - 1)
    rule = cusum(indicator=indicator)
    assert evaluate_rules(con, [rule], utc(START + timedelta(days=28)), utc(ramp - timedelta(days=1)), "b0") == []
    fired = evaluate_rules(con, [rule], utc(ramp), utc(last), "b1")
    assert fired, "the ramp never fired"
    first = fired[0]
    assert first.window_start.date() < last and first.score >= CUSUM_WARNING
    began = datetime.strptime(first.note.split(" since ")[1][:16], "%Y-%m-%d %H:%M").date()
    assert -2 <= (began - ramp).days <= 10, first.note
    assert first.note.startswith("build-up for ") and "CUSUM" in first.note
    assert "escalation build-up" in first.headline()
    assert all(e["title"].startswith("Troops mass") for e in first.evidence)


@pytest.mark.parametrize("rate", [5, 20, 100])
def test_cusum_stays_quiet_on_poisson_streams(con, rate):  # noqa: F811
    h = History(seed=rate)
    poisson_days(h, START, YEARS_DAYS, rate)
    h.write(con)
    rules = [cusum(), cusum(name="cusum-rus", indicator="actor:RUS")]
    result = backtest(con, rules, utc(START), utc(START + timedelta(days=YEARS_DAYS - 1)))
    per_rule = collections.Counter(a.rule for a in result.fired)
    assert all(per_rule[r.name] <= YEARS_DAYS / 60 for r in rules), per_rule
