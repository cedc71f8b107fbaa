"""The configuration model: what escmon.toml may say, with its defaults and limits (pydantic, strict).

Every layer reads these typed settings; only flows/config.py reads the file. The models forbid unknown
keys and coerce nothing (a string is not a number, a boolean is not an integer, inf and nan are refused),
because a typo in an unattended monitor's config would otherwise silently change what it watches.
Relative paths resolve against the config file's folder, passed as the validation context `base`.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from schemas.text import strip_controls

INDICATOR_KINDS = ("index", "category", "actor", "dyad")
MAX_SEND_TIMEOUT_S = 60.0  # one cycle's delivery budget (warehouse/delivery.py DELIVERY_BUDGET_S)
MAX_TIMEOUT_S = 86_400.0  # a day: larger waits are typos, and socket calls refuse huge timeouts
DEFAULT_INTERVAL_S = 900
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


class _Section(BaseModel):
    """One table of the file: unknown keys refused, no coercion, immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


def resolve_path(base: Path, value: str) -> Path:
    """A path from the config, relative to the config file's folder."""
    p = Path(value).expanduser()
    return p if p.is_absolute() else base / p


def _base(info: ValidationInfo) -> Path:
    return (info.context or {}).get("base", Path.cwd())


def _path_string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a path string, got {value!r}")
    return value


def _config_path(value: Any, info: ValidationInfo) -> Any:
    """A path string resolved against the config's folder (a Path given in code is taken as it is)."""
    if isinstance(value, Path) or value is None:
        return value
    return resolve_path(_base(info), _path_string(value))


def _optional_path(value: Any, info: ValidationInfo) -> Any:
    """An optional path: an empty string means not set, as leaving the key out does."""
    return None if value == "" else _config_path(value, info)


def _local_path(value: Any, info: ValidationInfo) -> Any:
    """A local path: the loader and the readers open these with DuckDB and pathlib, so a URL such as
    gs://bucket/x would silently become the local folder ./gs:/bucket/x."""
    if isinstance(value, str) and _URL_SCHEME.match(value):
        raise ValueError(f"{value!r} is a URL; escmon reads and writes it as a local path, so give a local "
                         "folder (object storage can be mounted, e.g. with gcsfuse or s3fs)")
    return _config_path(value, info)


def _existing_file(value: Any, info: ValidationInfo) -> Any:
    """The taxonomy must exist now; its YAML is parsed only when classifying (0.4 s, too slow for every command)."""
    if isinstance(value, Path) or value is None or value == "":
        return value or None
    path = resolve_path(_base(info), _path_string(value))
    if not path.is_file():
        raise ValueError(f"{value!r} ({path}) {'is not a file' if path.exists() else 'does not exist'}")
    return path


def _staging_location(value: Any, info: ValidationInfo) -> Any:
    """A local folder (or file:// URL) resolved like every path, or a URL whose filesystem is installed
    (`s3://` with s3fs, `gs://` with gcsfs) as a UPath: a scheme this installation cannot reach is refused
    now, not after a cycle has fetched its feeds. An empty string means not set, as leaving the key out does
    (resolved, it would be the config's own folder, whose other folders a cycle would take for half-staged
    batches)."""
    if value is None or value == "" or isinstance(value, Path):
        return value or None
    value = _path_string(value)
    if not _URL_SCHEME.match(value):
        return _config_path(value, info)
    # start-up: pyarrow and fsspec load only for a config that names a URL, not for every command
    from schemas.storage import scheme_problem, staging_path

    if not value.startswith("file://"):
        problem = scheme_problem(value)
        if problem:
            raise ValueError(f"{value!r}: {problem}")
        return staging_path(value)
    return _config_path(str(staging_path(value)), info)


def _optional_local_path(value: Any, info: ValidationInfo) -> Any:
    """An optional local path: an empty string means not set, as leaving the key out does."""
    return None if value == "" else _local_path(value, info)


LocalPath = Annotated[Path, BeforeValidator(_local_path)]
OptionalLocalPath = Annotated[Path | None, BeforeValidator(_optional_local_path)]
# a pathlib.Path, or a universal-pathlib UPath on object storage (schemas/storage.py StagingPath)
StagingLocation = Annotated[Any, BeforeValidator(_staging_location)]
Seconds = Annotated[float, Field(gt=0, le=MAX_TIMEOUT_S)]


def _printable_name(name: str) -> str:
    """A feed's name is stored, printed and hashed into item ids, and may come from a third party's OPML
    list: control characters and escape sequences are dropped and line breaks become spaces, whatever the
    source; other white space stays, so the ids of existing feeds do not change."""
    return strip_controls(name).replace("\t", " ").replace("\n", " ").strip()


class FeedConfig(_Section):
    name: Annotated[str, AfterValidator(_printable_name), Field(min_length=1)]
    url: Annotated[str, Field(min_length=1)]  # http(s) URL, file:// URL or a local path (relative to the config)

    @field_validator("url")
    @classmethod
    def _scheme(cls, url: str) -> str:
        if "://" in url and not url.startswith(("http://", "https://", "file://")):
            raise ValueError(f"must be http(s)://, file:// or a local path, got {url!r}")
        return url


class WarehouseConfig(_Section):
    path: LocalPath = Field(default="data/escmon.duckdb", validate_default=True)
    staging_dir: StagingLocation = None  # default: <path's folder>/staging
    snapshot_path: OptionalLocalPath = None  # type: ignore[assignment]  # default: <path>.snapshot.duckdb
    lock_timeout_seconds: Annotated[float, Field(ge=0, le=MAX_TIMEOUT_S)] = 30.0
    # Where the filesystem cannot clone, update the snapshot before last in place instead of copying the whole
    # file (warehouse/snapshot.py); false for readers whose locks this machine cannot see (NFS, another host).
    snapshot_update: bool = True

    @model_validator(mode="wrap")
    @classmethod
    def _derived_defaults(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> WarehouseConfig:
        """The staging folder and the snapshot sit next to the warehouse unless named."""
        cfg = handler(data)
        defaults = {"staging_dir": cfg.path.parent / "staging",
                    "snapshot_path": cfg.path.with_suffix(".snapshot.duckdb")}
        missing = {k: v for k, v in defaults.items() if getattr(cfg, k) is None}
        return cfg.model_copy(update=missing) if missing else cfg


class FetchConfig(_Section):
    concurrency: Annotated[int, Field(gt=0)] = 8
    connect_timeout: Seconds = 5.0
    read_timeout: Seconds = 15.0
    total_timeout: Seconds = 30.0
    max_bytes: Annotated[int, Field(gt=0)] = 5_000_000
    max_redirects: Annotated[int, Field(ge=0)] = 5
    retries: Annotated[int, Field(ge=0)] = 2


def runner_problem(name: str) -> str | None:
    """Why Beam could not create this runner (None when it can): otherwise the cycle would fetch and stage,
    then fail in classify."""
    known = {r.lower() for r in BEAM_RUNNERS}
    package = RUNNER_PACKAGES.get(name.lower())
    if package:
        if importlib.util.find_spec(package) is None:
            return (f"the {name!r} runner needs the `{package}` package, which is not installed: "
                    "pip install 'escalation-monitor[dask]'")
        return None
    if name.lower() in known or f"{name.lower()}runner" in known or _DOTTED_CLASS.match(name):
        return None
    return (f"unknown Beam runner {name!r}; accepted: {', '.join(BEAM_RUNNERS)}, dask "
            "or a dotted class path like 'mypkg.runners.MyRunner'")


def _runner(name: str) -> str:
    problem = runner_problem(name)
    if problem:
        raise ValueError(problem)
    return name


def runner_flags(args: tuple[str, ...]) -> list[str]:
    """Runner names given in beam_args (`--runner=X` or `--runner X`): they override `runner`."""
    flags = [a.split("=", 1)[1] for a in args if a.startswith("--runner=")]
    return flags + [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--runner"]


class PipelineConfig(_Section):
    runner: Annotated[str, AfterValidator(_runner)] = "DirectRunner"
    batch_size: Annotated[int, Field(gt=0)] = 256
    taxonomy: Annotated[Path | None, BeforeValidator(_existing_file)] = None  # None: packaged schemas/taxonomy.yaml
    model: str | None = None  # optional installed spaCy pipeline; nothing requires one
    max_text_chars: Annotated[int, Field(gt=0)] = 100_000
    beam_args: Annotated[tuple[str, ...], Field(strict=False)] = ()

    @field_validator("model")
    @classmethod
    def _empty_model_is_none(cls, model: str | None) -> str | None:
        return model or None

    @field_validator("beam_args")
    @classmethod
    def _runner_args(cls, args: tuple[str, ...]) -> tuple[str, ...]:
        for flag in runner_flags(args):
            problem = runner_problem(flag)
            if problem:
                raise ValueError(f"--runner: {problem}")
        return args


def cron_is_valid(expr: str) -> bool:
    """What Prefect's CronSchedule accepts when `escmon serve` creates the schedule: croniter's check (Prefect
    vendors croniter) less random and hashed fields. Checked at load with croniter itself, so a typo fails now
    and not after serve has started, without importing Prefect (a second) for every command."""
    from croniter import croniter  # only for a config that sets cron: not a project module, 20 ms at start-up

    return croniter.is_valid(expr) and not any(f.casefold() in ("r", "h") for f in expr.split())


def _cron(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected a cron string, got {value!r}")
    if not cron_is_valid(value):
        raise ValueError(f"not a valid cron expression: {value!r} "
                         "(minute hour day-of-month month day-of-week, e.g. '*/15 * * * *')")
    return value


class ScheduleConfig(_Section):
    interval_seconds: Annotated[int | None, Field(ge=1)] = DEFAULT_INTERVAL_S
    cron: Annotated[str | None, BeforeValidator(_cron)] = None

    @model_validator(mode="before")
    @classmethod
    def _one_schedule(cls, data: Any) -> Any:
        """interval_seconds or cron; neither means every 15 minutes."""
        if not isinstance(data, dict) or data.get("cron") is None:
            return data
        if data.get("interval_seconds") is not None:
            raise ValueError("set interval_seconds or cron, not both")
        return {**data, "interval_seconds": None}


class AlertRule(_Section):
    name: Annotated[str, Field(min_length=1)]
    indicator: str  # "index", "category:<id>", "actor:<id>", "dyad:<SRC>-<TGT>"
    window: Literal["day", "hour"] = "day"
    baseline_days: Annotated[int, Field(ge=2)] = 14
    # "robust" (median/MAD) | "zscore" (mean/std): one window against the baseline (warehouse/sql/spike_windows.sql);
    # "buildup": the level of the last recent_days against the baseline_days before them (sql/buildup_windows.sql)
    # "cusum": a one-sided CUSUM of each window's robust score, alerting when the sum reaches warning_z
    method: Literal["robust", "zscore", "buildup", "cusum"] = "robust"
    recent_days: int = 7  # buildup only
    min_count: Annotated[int, Field(ge=1)] = 3  # distinct items with escalation signals before a rule may fire
    min_value: Annotated[float, Field(ge=0)] = 0.0  # minimum escalation weight in the window
    min_ratio: Annotated[float, Field(ge=0)] = 0.0  # minimum observed / baseline centre (2.0 = double the usual)
    item_cap: Annotated[float, Field(gt=0)] = 1.0  # one item adds at most this much weight: a repeat is one item
    warning_z: Annotated[float, Field(gt=0)] = 2.5
    critical_z: float = 4.0
    cooldown_hours: Annotated[float, Field(ge=0)] = 24.0
    # inside the cooldown, a window at this multiple of the last alert's value fires
    upgrade_ratio: Annotated[float, Field(gt=1)] = 2.0
    # critical needs this many independent outlets among the window's stories: one outlet's story stays a warning
    critical_min_sources: Annotated[int, Field(ge=1)] = 2

    @field_validator("indicator")
    @classmethod
    def _indicator(cls, indicator: str) -> str:
        kind, _, key = indicator.partition(":")
        if (kind not in INDICATOR_KINDS or (kind != "index" and not key)
                or (kind == "dyad" and len([p for p in key.split("-") if p]) != 2)):
            raise ValueError(f"must be 'index', 'category:<id>', 'actor:<id>' or 'dyad:<SRC>-<TGT>', "
                             f"got {indicator!r}")
        return indicator

    @model_validator(mode="after")
    def _consistent(self) -> AlertRule:
        if self.method == "buildup" and (self.window != "day" or self.recent_days < 2):
            raise ValueError(f"a buildup rule needs window = 'day' and recent_days >= 2 (a level over days), "
                             f"got window {self.window!r}, recent_days {self.recent_days!r}")
        if self.critical_z < self.warning_z:
            raise ValueError("critical_z must be >= warning_z")
        return self

    @property
    def lookback_days(self) -> int:
        """Days of history before a window that its test reads (the classified baseline a cycle must refresh)."""
        extra = {"buildup": self.recent_days, "cusum": self.baseline_days}.get(self.method, 0)  # cusum warms up
        return self.baseline_days + extra

    @property
    def kind(self) -> str:
        return self.indicator.split(":", 1)[0]

    @property
    def key(self) -> str | None:
        return self.indicator.split(":", 1)[1] if ":" in self.indicator else None


class AlertsConfig(_Section):
    rules: Annotated[tuple[AlertRule, ...], Field(strict=False)] = ()
    deadman_hours: Annotated[float, Field(gt=0)] = 6.0

    @field_validator("rules")
    @classmethod
    def _unique_names(cls, rules: tuple[AlertRule, ...]) -> tuple[AlertRule, ...]:
        names = [r.name for r in rules]
        if len(set(names)) != len(names):
            raise ValueError(f"rule names must be unique, got {names}")
        return rules


def _notify_url(value: Any) -> Any:
    if not isinstance(value, str) or "://" not in value:
        raise ValueError(f"expected an apprise URL like 'json://host/path', got {value!r}")
    import apprise  # only when there is a URL to check: it is slow to import (not a project module)

    if apprise.Apprise.instantiate(value) is None:
        raise ValueError(f"apprise does not understand {value!r} (see the apprise URL list, e.g. "
                         "json://host/path, slack://...)")
    return value


class NotifyConfig(_Section):
    urls: Annotated[tuple[Annotated[str, BeforeValidator(_notify_url)], ...], Field(strict=False)] = ()
    max_attempts: Annotated[int, Field(ge=1)] = 5  # failed sends to one target before its delivery is abandoned
    max_age_hours: Annotated[float, Field(gt=0)] = 24.0  # an alert older than this is not worth sending late
    timeout_seconds: float = 15.0  # wall clock for one send, however slowly the receiver answers

    @field_validator("timeout_seconds")
    @classmethod
    def _within_budget(cls, timeout: float) -> float:
        if not 0 < timeout <= MAX_SEND_TIMEOUT_S:
            raise ValueError(f"must be > 0 and at most {MAX_SEND_TIMEOUT_S:g} (one cycle's delivery budget), "
                             f"got {timeout!r}")
        return timeout


class Settings(_Section):
    """The whole file. `source` is the file itself (given by the loader, not a key of the file)."""

    source: Path
    warehouse: WarehouseConfig = Field(default_factory=dict, validate_default=True)  # type: ignore[arg-type]
    feeds: Annotated[tuple[FeedConfig, ...], Field(strict=False)] = ()
    feeds_opml: Annotated[Path | None, BeforeValidator(_optional_path)] = None
    fetch: FetchConfig = FetchConfig()
    pipeline: PipelineConfig = PipelineConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    alerts: AlertsConfig = AlertsConfig()
    notify: NotifyConfig = NotifyConfig()

    @model_validator(mode="before")
    @classmethod
    def _source_from_context(cls, data: Any, info: ValidationInfo) -> Any:
        """The file's own path comes from the loader: a `source` key in the file is refused like any other."""
        source = (info.context or {}).get("source")
        if source is None or not isinstance(data, dict):
            return data
        if "source" in data:
            raise ValueError("unknown key(s) ['source']")
        return {**data, "source": source}

    @field_validator("feeds")
    @classmethod
    def _unique_feed_names(cls, feeds: tuple[FeedConfig, ...]) -> tuple[FeedConfig, ...]:
        names = [f.name for f in feeds]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate feed names {dupes}")
        return feeds

    def feed_location(self, url: str) -> str:
        """Local feed paths are relative to the config file, like every other path in it."""
        return url if "://" in url else str(resolve_path(self.source.parent, url))


def settings_from(data: dict[str, Any], path: Path) -> Settings:
    """Validate a parsed config file's contents (pydantic's ValidationError when they are wrong)."""
    path = path.resolve()
    return Settings.model_validate(data, context={"base": path.parent, "source": path})
