"""Typed settings, read once from escmon.toml and passed down; nothing else reads files or env for config.

Unknown keys and bad values are errors that name the file, the key and what is wrong, because a typo in
an unattended monitor's config would otherwise silently change what it watches.
"""

from __future__ import annotations

import difflib
import importlib.util
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemas.storage import StagingPath

CONFIG_ENV = "ESCMON_CONFIG"
REPO_ROOT = Path(__file__).resolve().parents[1]
INDICATOR_KINDS = ("index", "category", "actor", "dyad")
SEVERITIES = ("warning", "critical")
ALERT_METHODS = ("robust", "zscore", "buildup")
MAX_SEND_TIMEOUT_S = 60.0  # one cycle's delivery budget (warehouse/delivery.py DELIVERY_BUDGET_S)
MAX_TIMEOUT_S = 86_400.0  # a day: larger waits are typos, and socket calls refuse huge timeouts
ZERO_ALLOWED = {"retries", "max_redirects"}  # numeric keys where 0 is meaningful; every other number must be positive
# Beam's StandardOptions.KNOWN_RUNNER_NAMES (apache-beam 2.77), kept static because importing Beam here would add
# seconds to every CLI command; tests/flows/test_config.py fails when Beam's list changes. Beam matches them
# case-insensitively with an optional "Runner" suffix ("direct", "flinkrunner"), and also takes a dotted class path.
BEAM_RUNNERS = ("DirectRunner", "DataflowRunner", "FlinkRunner", "SparkRunner", "PortableRunner", "PrismRunner",
                "InteractiveRunner", "BundleBasedDirectRunner", "SwitchingDirectRunner", "FnApiRunner",
                "KafkaStreamsRunner", "TestDirectRunner", "TestDataflowRunner")
# Runners escmon names itself (pipelines/beam_pipeline.py RUNNER_ALIASES): Beam registers no short name for its
# Dask runner, so `runner = "dask"` maps to its class path; the package it needs is checked at load.
RUNNER_PACKAGES = {"dask": "distributed", "daskrunner": "distributed",
                   "apache_beam.runners.dask.dask_runner.daskrunner": "distributed"}
_DOTTED_CLASS = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class ConfigError(ValueError):
    """A config file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str  # http(s) URL, file:// URL or a local path (resolved against the config's folder)


@dataclass(frozen=True)
class WarehouseConfig:
    path: Path
    staging_dir: StagingPath  # a local Path, or a UPath on object storage (schemas/storage.py)
    snapshot_path: Path
    lock_timeout_seconds: float = 30.0


@dataclass(frozen=True)
class FetchConfig:
    concurrency: int = 8
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2


@dataclass(frozen=True)
class PipelineConfig:
    runner: str = "DirectRunner"
    batch_size: int = 256
    taxonomy: Path | None = None  # None = the packaged schemas/taxonomy.yaml
    model: str | None = None  # optional installed spaCy pipeline; nothing requires one
    max_text_chars: int = 100_000
    beam_args: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduleConfig:
    interval_seconds: int | None = 900
    cron: str | None = None


@dataclass(frozen=True)
class AlertRule:
    name: str
    indicator: str  # "index", "category:<id>", "actor:<id>", "dyad:<SRC>-<TGT>"
    window: str = "day"  # "day" | "hour"
    baseline_days: int = 14
    # "robust" (median/MAD) | "zscore" (mean/std): one window against the baseline (warehouse/sql/spike_windows.sql);
    # "buildup": the level of the last recent_days against the baseline_days before them (sql/buildup_windows.sql)
    method: str = "robust"
    recent_days: int = 7  # buildup only
    min_count: int = 3  # distinct items with escalation signals in the window before a rule may fire
    min_value: float = 0.0  # minimum escalation weight in the window
    min_ratio: float = 0.0  # minimum observed / baseline centre (2.0 = at least double the usual level)
    item_cap: float = 1.0  # one item adds at most this much weight: an article repeating a signal is one item
    warning_z: float = 2.5
    critical_z: float = 4.0
    cooldown_hours: float = 24.0
    upgrade_ratio: float = 2.0  # inside the cooldown, a window at this multiple of the last alert's value fires

    @property
    def lookback_days(self) -> int:
        """Days of history before a window that its test reads (the classified baseline a cycle must refresh)."""
        return self.baseline_days + (self.recent_days if self.method == "buildup" else 0)

    @property
    def kind(self) -> str:
        return self.indicator.split(":", 1)[0]

    @property
    def key(self) -> str | None:
        return self.indicator.split(":", 1)[1] if ":" in self.indicator else None


@dataclass(frozen=True)
class AlertsConfig:
    rules: tuple[AlertRule, ...] = ()
    deadman_hours: float = 6.0


@dataclass(frozen=True)
class NotifyConfig:
    urls: tuple[str, ...] = ()
    max_attempts: int = 5  # failed sends to one target before its delivery is abandoned
    max_age_hours: float = 24.0  # an alert older than this is not worth sending late: abandoned
    timeout_seconds: float = 15.0  # wall clock for one send, however slowly the receiver answers


@dataclass(frozen=True)
class Settings:
    source: Path
    warehouse: WarehouseConfig
    feeds: tuple[FeedConfig, ...]
    feeds_opml: Path | None = None
    fetch: FetchConfig = field(default_factory=FetchConfig)
    pipeline: PipelineConfig = field(default_factory=PipelineConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    notify: NotifyConfig = field(default_factory=NotifyConfig)


def default_config_path() -> Path:
    """--config, else $ESCMON_CONFIG, else ./escmon.toml, else the repository's escmon.toml (the demo)."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    local = Path("escmon.toml")
    return local if local.exists() else REPO_ROOT / "escmon.toml"


def load_settings(path: Path | str | None = None) -> Settings:
    """Read and validate a config file; relative paths resolve against the file's folder."""
    path = Path(path) if path else default_config_path()
    if not path.exists():
        raise ConfigError(f"{path}: config file not found (use --config PATH or set {CONFIG_ENV})")
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder, not a config file (use --config PATH or set {CONFIG_ENV})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (TOML files are UTF-8): byte {exc.start} "
                          f"is {exc.object[exc.start:exc.start + 1]!r}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror or exc}") from exc
    return parse_settings(data, path)


def parse_settings(data: dict[str, Any], path: Path) -> Settings:
    base = path.resolve().parent
    _check_keys(path, "", data, {"warehouse", "feeds", "feeds_opml", "fetch", "pipeline", "schedule",
                                 "alerts", "notify"})
    feeds = tuple(_feed(path, i, f) for i, f in enumerate(_list(path, "feeds", data.get("feeds", []))))
    opml = data.get("feeds_opml")
    if opml is not None and not isinstance(opml, str):
        raise ConfigError(f"{path}: feeds_opml: expected a path string, got {opml!r}")
    names = [f.name for f in feeds]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"{path}: feeds: duplicate feed names {dupes}")
    return Settings(
        source=path.resolve(),
        warehouse=_warehouse(path, base, data.get("warehouse", {})),
        feeds=feeds,
        feeds_opml=_resolve(base, opml) if opml else None,
        fetch=_section(path, "fetch", FetchConfig, data.get("fetch", {})),
        pipeline=_pipeline(path, base, data.get("pipeline", {})),
        schedule=_schedule(path, data.get("schedule", {})),
        alerts=_alerts(path, data.get("alerts", {})),
        notify=_notify(path, data.get("notify", {})),
    )


def _resolve(base: Path, value: str) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else base / p


def resolve_feed_url(settings: Settings, url: str) -> str:
    """Local feed paths are relative to the config file, like every other path in it."""
    if "://" in url:
        return url
    return str(_resolve(settings.source.parent, url))


def _check_keys(path: Path, where: str, data: dict, allowed: set[str]) -> None:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: {where or 'top level'}: expected a table, got {type(data).__name__}")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ConfigError(f"{path}: {where or 'top level'}: unknown key(s) {unknown}; "
                          f"allowed: {sorted(allowed)}")


def _list(path: Path, where: str, value: Any) -> list:
    if not isinstance(value, list):
        raise ConfigError(f"{path}: {where}: expected an array of tables, got {type(value).__name__}")
    return value


def _typed(path: Path, where: str, value: Any, kind: type) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{path}: {where}: expected {kind.__name__}, got {value!r}")
    if kind is float and not math.isfinite(value):  # TOML has inf and nan; no timeout or limit means them
        raise ConfigError(f"{path}: {where}: must be a finite number, got {value!r}")
    return value


def _section(path: Path, name: str, cls: type, data: dict) -> Any:
    """Build a flat dataclass section, type-checking each key against the dataclass defaults."""
    defaults = cls()
    allowed = set(defaults.__dataclass_fields__)
    _check_keys(path, f"[{name}]", data, allowed)
    values = {}
    for key, value in data.items():
        kind = type(getattr(defaults, key))
        values[key] = _typed(path, f"[{name}] {key}", value, kind)
        minimum_ok = values[key] >= 0 if key in ZERO_ALLOWED else values[key] > 0
        if isinstance(values[key], int | float) and not minimum_ok:
            raise ConfigError(f"{path}: [{name}] {key}: must be {'>= 0' if key in ZERO_ALLOWED else '> 0'}, "
                              f"got {value!r}")
        if key.endswith("timeout") and values[key] > MAX_TIMEOUT_S:
            raise ConfigError(f"{path}: [{name}] {key}: at most {MAX_TIMEOUT_S:.0f} seconds, got {value!r}")
    return cls(**values)


def _feed(path: Path, i: int, data: Any) -> FeedConfig:
    where = f"feeds[{i}]"
    _check_keys(path, where, data, {"name", "url"})
    for key in ("name", "url"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ConfigError(f"{path}: {where}: `{key}` is required and must be a non-empty string")
    url = data["url"]
    if "://" in url and not url.startswith(("http://", "https://", "file://")):
        raise ConfigError(f"{path}: {where}: url must be http(s)://, file:// or a local path, got {url!r}")
    return FeedConfig(name=data["name"].strip(), url=url)


def _warehouse(path: Path, base: Path, data: dict) -> WarehouseConfig:
    _check_keys(path, "[warehouse]", data, {"path", "staging_dir", "snapshot_path", "lock_timeout_seconds"})
    db = _resolve(base, _local(path, "[warehouse] path", data.get("path", "data/escmon.duckdb")))
    staging = _staging(path, data.get("staging_dir"))
    snapshot = _local(path, "[warehouse] snapshot_path", data.get("snapshot_path"))
    timeout = _typed(path, "[warehouse] lock_timeout_seconds", data.get("lock_timeout_seconds", 30.0), float)
    if not 0 <= timeout <= MAX_TIMEOUT_S:
        raise ConfigError(f"{path}: [warehouse] lock_timeout_seconds: must be between 0 and {MAX_TIMEOUT_S:.0f}, "
                          f"got {timeout!r}")
    return WarehouseConfig(
        path=db,
        staging_dir=_staging_dir(base, staging) if staging else db.parent / "staging",
        snapshot_path=_resolve(base, snapshot) if snapshot else db.with_suffix(".snapshot.duckdb"),
        lock_timeout_seconds=timeout,
    )


def _staging(path: Path, value: Any) -> str | None:
    """A local folder, or a URL whose filesystem is installed (`s3://` with s3fs, `gs://` with gcsfs):
    a scheme this installation cannot reach is refused now, not after a cycle has fetched its feeds."""
    if value is None:
        return None
    value = _typed(path, "[warehouse] staging_dir", value, str)
    if _URL_SCHEME.match(value) and not value.startswith("file://"):
        from schemas.storage import scheme_problem

        problem = scheme_problem(value)
        if problem:
            raise ConfigError(f"{path}: [warehouse] staging_dir: {value!r}: {problem}")
    return value


def _staging_dir(base: Path, value: str) -> StagingPath:
    """A URL as a UPath (schemas/storage.py); a local folder (or file:// URL) resolved like every path."""
    from schemas.storage import staging_path

    staged = staging_path(value)
    return _resolve(base, str(staged)) if isinstance(staged, Path) else staged


def _local(path: Path, where: str, value: Any) -> str | None:
    """A local path: the loader and the readers open these with DuckDB and pathlib, so a URL such as
    gs://bucket/x would silently become the local folder ./gs:/bucket/x."""
    if value is None:
        return None
    value = _typed(path, where, value, str)
    if _URL_SCHEME.match(value):
        raise ConfigError(f"{path}: {where}: {value!r} is a URL; escmon reads and writes it as a local path, so "
                          "give a local folder (object storage can be mounted, e.g. with gcsfuse or s3fs)")
    return value


def _pipeline(path: Path, base: Path, data: dict) -> PipelineConfig:
    _check_keys(path, "[pipeline]", data, {"runner", "batch_size", "taxonomy", "model", "max_text_chars",
                                           "beam_args"})
    cfg = PipelineConfig()
    runner = _runner(path, "[pipeline] runner", _typed(path, "[pipeline] runner", data.get("runner", cfg.runner), str))
    batch = _typed(path, "[pipeline] batch_size", data.get("batch_size", cfg.batch_size), int)
    max_chars = _typed(path, "[pipeline] max_text_chars", data.get("max_text_chars", cfg.max_text_chars), int)
    if batch <= 0 or max_chars <= 0:
        raise ConfigError(f"{path}: [pipeline] batch_size and max_text_chars must be > 0")
    taxonomy = data.get("taxonomy")
    model = data.get("model")
    args = data.get("beam_args", [])
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise ConfigError(f"{path}: [pipeline] beam_args: expected an array of strings")
    for flag in _runner_flags(args):
        _runner(path, "[pipeline] beam_args --runner", flag)
    return PipelineConfig(
        runner=runner, batch_size=batch, max_text_chars=max_chars,
        taxonomy=_taxonomy_file(path, base, taxonomy) if taxonomy else None,
        model=_typed(path, "[pipeline] model", model, str) if model else None,
        beam_args=tuple(args),
    )


def _runner(path: Path, where: str, name: str) -> str:
    """A runner Beam can create; otherwise the cycle would fetch and stage, then fail in classify."""
    known = {r.lower() for r in BEAM_RUNNERS}
    package = RUNNER_PACKAGES.get(name.lower())
    if package:
        if importlib.util.find_spec(package) is None:
            raise ConfigError(f"{path}: {where}: the {name!r} runner needs the `{package}` package, which is not "
                              "installed: pip install 'escalation-monitor[dask]'")
        return name
    if name.lower() in known or f"{name.lower()}runner" in known or _DOTTED_CLASS.match(name):
        return name
    raise ConfigError(f"{path}: {where}: unknown Beam runner {name!r}; accepted: {', '.join(BEAM_RUNNERS)}, dask "
                      "or a dotted class path like 'mypkg.runners.MyRunner'")


def _runner_flags(args: list[str]) -> list[str]:
    """Runner names given in beam_args (`--runner=X` or `--runner X`): they override `runner`."""
    flags = [a.split("=", 1)[1] for a in args if a.startswith("--runner=")]
    return flags + [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--runner"]


def _taxonomy_file(path: Path, base: Path, value: Any) -> Path:
    """The file must exist now; its YAML is parsed only when classifying (0.4 s, too slow for every command)."""
    taxonomy = _resolve(base, _typed(path, "[pipeline] taxonomy", value, str))
    if not taxonomy.is_file():
        problem = "is not a file" if taxonomy.exists() else "does not exist"
        raise ConfigError(f"{path}: [pipeline] taxonomy: {value!r} ({taxonomy}) {problem}")
    return taxonomy


def _schedule(path: Path, data: dict) -> ScheduleConfig:
    _check_keys(path, "[schedule]", data, {"interval_seconds", "cron"})
    interval = data.get("interval_seconds")
    cron = data.get("cron")
    if interval is not None and (not isinstance(interval, int) or isinstance(interval, bool) or interval < 1):
        raise ConfigError(f"{path}: [schedule] interval_seconds: expected a positive integer, got {interval!r}")
    if cron is not None and not isinstance(cron, str):
        raise ConfigError(f"{path}: [schedule] cron: expected a cron string, got {cron!r}")
    if cron is not None and not cron_is_valid(cron):
        raise ConfigError(f"{path}: [schedule] cron: not a valid cron expression: {cron!r} "
                          "(minute hour day-of-month month day-of-week, e.g. '*/15 * * * *')")
    if interval and cron:
        raise ConfigError(f"{path}: [schedule]: set interval_seconds or cron, not both")
    if not interval and not cron:
        interval = 900
    return ScheduleConfig(interval_seconds=interval, cron=cron)


def cron_is_valid(expr: str) -> bool:
    """What Prefect's CronSchedule accepts when `escmon serve` creates the schedule: croniter's check (Prefect
    vendors croniter) less random and hashed fields. Checked at load with croniter itself, so a typo fails now
    and not after serve has started, without importing Prefect (a second) for every command."""
    from croniter import croniter

    return croniter.is_valid(expr) and not any(f.casefold() in ("r", "h") for f in expr.split())


def _alerts(path: Path, data: dict) -> AlertsConfig:
    _check_keys(path, "[alerts]", data, {"rules", "deadman_hours"})
    rules = tuple(_rule(path, i, r) for i, r in enumerate(_list(path, "alerts.rules", data.get("rules", []))))
    names = [r.name for r in rules]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: alerts.rules: rule names must be unique, got {names}")
    deadman = _typed(path, "[alerts] deadman_hours", data.get("deadman_hours", 6.0), float)
    if deadman <= 0:
        raise ConfigError(f"{path}: [alerts] deadman_hours: must be > 0, got {deadman!r}")
    return AlertsConfig(rules=rules, deadman_hours=deadman)


def _rule(path: Path, i: int, data: Any) -> AlertRule:
    where = f"alerts.rules[{i}]"
    defaults = AlertRule(name="", indicator="index")
    _check_keys(path, where, data, set(defaults.__dataclass_fields__))
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise ConfigError(f"{path}: {where}: `name` is required")
    values = {k: _typed(path, f"{where} {k}", v, type(getattr(defaults, k))) for k, v in data.items()}
    rule = AlertRule(**values)
    if (rule.kind not in INDICATOR_KINDS or (rule.kind != "index" and not rule.key)
            or (rule.kind == "dyad" and len([p for p in (rule.key or "").split("-") if p]) != 2)):
        raise ConfigError(f"{path}: {where}: indicator must be 'index', 'category:<id>', 'actor:<id>' or "
                          f"'dyad:<SRC>-<TGT>', got {rule.indicator!r}")
    if rule.window not in ("day", "hour"):
        raise ConfigError(f"{path}: {where}: window must be 'day' or 'hour', got {rule.window!r}")
    if rule.method not in ALERT_METHODS:
        raise ConfigError(f"{path}: {where}: method must be one of {list(ALERT_METHODS)}, got {rule.method!r}")
    if rule.item_cap <= 0:
        raise ConfigError(f"{path}: {where}: item_cap must be > 0")
    if rule.min_count < 1 or rule.min_value < 0 or rule.min_ratio < 0 or rule.cooldown_hours < 0:
        raise ConfigError(f"{path}: {where}: min_count must be >= 1; min_value, min_ratio and "
                          f"cooldown_hours must be >= 0")
    if rule.warning_z <= 0:
        raise ConfigError(f"{path}: {where}: warning_z must be > 0")
    if rule.upgrade_ratio <= 1:
        raise ConfigError(f"{path}: {where}: upgrade_ratio must be > 1 (a multiple of the last alert's value)")
    if rule.baseline_days < 2:
        raise ConfigError(f"{path}: {where}: baseline_days must be >= 2")
    if rule.method == "buildup" and (rule.window != "day" or rule.recent_days < 2):
        raise ConfigError(f"{path}: {where}: a buildup rule needs window = 'day' and recent_days >= 2 "
                          f"(a level over days), got window {rule.window!r}, recent_days {rule.recent_days!r}")
    if rule.critical_z < rule.warning_z:
        raise ConfigError(f"{path}: {where}: critical_z must be >= warning_z")
    return rule


def _notify(path: Path, data: dict) -> NotifyConfig:
    _check_keys(path, "[notify]", data, {"urls", "max_attempts", "max_age_hours", "timeout_seconds"})
    urls = data.get("urls", [])
    if not isinstance(urls, list) or not all(isinstance(u, str) and "://" in u for u in urls):
        raise ConfigError(f"{path}: [notify] urls: expected an array of apprise URLs like 'json://host/path'")
    if urls:
        import apprise  # only when there is something to check: it is slow to import

        for i, url in enumerate(urls):
            if apprise.Apprise.instantiate(url) is None:
                raise ConfigError(f"{path}: [notify] urls[{i}]: apprise does not understand {url!r} "
                                  "(see the apprise URL list, e.g. json://host/path, slack://...)")
    attempts = _typed(path, "[notify] max_attempts", data.get("max_attempts", 5), int)
    max_age = _typed(path, "[notify] max_age_hours", data.get("max_age_hours", 24.0), float)
    if attempts < 1 or max_age <= 0:
        raise ConfigError(f"{path}: [notify] max_attempts must be >= 1 and max_age_hours > 0, "
                          f"got {attempts!r} and {max_age!r}")
    timeout = _typed(path, "[notify] timeout_seconds", data.get("timeout_seconds", 15.0), float)
    if not 0 < timeout <= MAX_SEND_TIMEOUT_S:
        raise ConfigError(f"{path}: [notify] timeout_seconds must be > 0 and at most {MAX_SEND_TIMEOUT_S:g} "
                          f"(one cycle's delivery budget), got {timeout!r}")
    return NotifyConfig(urls=tuple(urls), max_attempts=attempts, max_age_hours=max_age, timeout_seconds=timeout)


def check_rules_against_taxonomy(settings: Settings, taxonomy: Any = None) -> list[str]:
    """Problems with alert rules whose category, actor or dyad id is not in the taxonomy (empty when fine)."""
    return [p for problems in rule_problems(settings, taxonomy).values() for p in problems]


def rule_problems(settings: Settings, taxonomy: Any = None) -> dict[str, list[str]]:
    """Problems per rule name for rules whose category, actor or dyad id is not in the taxonomy.

    Such a rule would never fire, silently. Not part of load_settings because it parses the taxonomy YAML
    (0.4 s); a cycle skips those rules and says so, and `escmon config check` fails on them. `taxonomy` is a
    loaded Taxonomy (loaded from [pipeline] taxonomy when not given, and only if a rule names an id).
    An unreadable taxonomy is reported under the name "" (the classify step then fails on it anyway).
    """
    named = [(i, rule) for i, rule in enumerate(settings.alerts.rules) if rule.kind != "index"]
    if not named:
        return {}
    if taxonomy is None:
        from schemas.taxonomy import TaxonomyError, load_taxonomy

        try:
            taxonomy = load_taxonomy(settings.pipeline.taxonomy)
        except TaxonomyError as exc:
            return {"": [f"{settings.source}: [pipeline] taxonomy: cannot check the alert rules' ids: {exc}"]}
    actors = {a.id for a in taxonomy.actors}
    categories = {c.id for c in taxonomy.categories}
    problems: dict[str, list[str]] = {}
    for i, rule in named:
        known, ids = (categories, [rule.key]) if rule.kind == "category" else (actors, (rule.key or "").split("-"))
        for missing in (x for x in ids if x not in known):
            problems.setdefault(rule.name, []).append(
                f"{settings.source}: alerts.rules[{i}] ({rule.name}): indicator {rule.indicator!r}: "
                f"no {'category' if rule.kind == 'category' else 'actor'} {missing!r} in taxonomy "
                f"{taxonomy.path} (version {taxonomy.version}){_suggest(missing, known)}")
    return problems


def _suggest(value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=3) or \
        [k for k in sorted(known) if k.casefold() == value.casefold()]
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
