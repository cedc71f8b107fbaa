"""Reading escmon.toml: find the file, parse the TOML, validate it against schemas/settings.py, and turn every
problem into one ConfigError line that names the file, the key and what is wrong.

Also the check of alert rules against the taxonomy (`rule_problems`), which needs the taxonomy and so is
not part of loading.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from schemas.settings import AlertRule, Settings, settings_from

if TYPE_CHECKING:
    from schemas.taxonomy import Taxonomy

CONFIG_ENV = "ESCMON_CONFIG"
REPO_ROOT = Path(__file__).resolve().parents[1]
_TABLES = ("warehouse", "fetch", "pipeline", "schedule", "alerts", "notify")
_EXPECTED = {"float_type": "float", "int_type": "int", "string_type": "str", "bool_type": "bool",
             "tuple_type": "an array", "list_type": "an array", "model_type": "a table", "dict_type": "a table"}
_BOUNDS = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}


class ConfigError(ValueError):
    """A config file that cannot be used; the message says where and why."""


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
    """Validate a parsed file: ConfigError lists every problem on one line, each as `where: what`."""
    try:
        return settings_from(data, path)
    except ValidationError as exc:
        raise ConfigError(f"{path}: " + "; ".join(_problems(exc))) from exc


def _problems(exc: ValidationError) -> list[str]:
    """One `where: what` per problem; unknown keys of one table are reported together, with the allowed ones."""
    unknown: dict[tuple, list[str]] = {}
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            unknown.setdefault(loc[:-1], []).append(str(loc[-1]))
        else:
            problems.append(f"{_where(loc)}: {_what(error)}")
    for loc, keys in unknown.items():
        allowed = sorted(_model_at(loc).model_fields.keys() - {"source"})
        problems.insert(0, f"{_where(loc)}: unknown key(s) {sorted(keys)}; allowed: {allowed}")
    return problems


def _where(loc: tuple) -> str:
    """A key as the file spells it: `[fetch] concurrency`, `feeds[0] url`, `alerts.rules[2] method`."""
    if not loc:
        return "top level"
    head, rest = str(loc[0]), list(loc[1:])
    if head == "alerts" and rest[:1] == ["rules"]:
        head, rest = "alerts.rules", rest[1:]
    elif head in _TABLES:
        head = f"[{head}]"
    words = [head]
    for part in rest:
        if isinstance(part, int):
            words[-1] += f"[{part}]"
        else:
            words.append(str(part))
    return " ".join(words)


def _what(error: dict) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "value_error":
        return str(ctx["error"])
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {value!r}"
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()))
        return f"must be {_BOUNDS[kind]} {bound:g}, got {value!r}"
    if kind == "finite_number":
        return f"must be a finite number, got {value!r}"
    if kind == "missing":
        return "is required"
    if kind in ("string_too_short", "too_short"):
        return "must be a non-empty string"
    if kind == "literal_error":
        return f"must be {ctx['expected']}, got {value!r}"
    return str(error["msg"])


def _model_at(loc: tuple) -> type[BaseModel]:
    """The settings model that a location in the file names (for the list of allowed keys)."""
    model: type[BaseModel] = Settings
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[str(part)].annotation
        model = next(t for t in _types(annotation) if isinstance(t, type) and issubclass(t, BaseModel))
    return model


def _types(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", ())
    return [annotation, *[t for a in args for t in _types(a)]]


def check_rules_against_taxonomy(settings: Settings, taxonomy: Taxonomy | None = None) -> list[str]:
    """Problems with alert rules whose category, actor or dyad id is not in the taxonomy (empty when fine)."""
    return [p for problems in rule_problems(settings, taxonomy).values() for p in problems]


def rule_problems(settings: Settings, taxonomy: Taxonomy | None = None) -> dict[str, list[str]]:
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
        # start-up: schemas.taxonomy imports PyYAML, which loading a config (every command) does not need
        from schemas.taxonomy import TaxonomyError, load_taxonomy

        try:
            taxonomy = load_taxonomy(settings.pipeline.taxonomy)
        except TaxonomyError as exc:
            return {"": [f"{settings.source}: [pipeline] taxonomy: cannot check the alert rules' ids: {exc}"]}
    problems: dict[str, list[str]] = {}
    for i, rule in named:
        for missing in _unknown_ids(rule, taxonomy):
            problems.setdefault(rule.name, []).append(
                f"{settings.source}: alerts.rules[{i}] ({rule.name}): indicator {rule.indicator!r}: "
                f"no {'category' if rule.kind == 'category' else 'actor'} {missing!r} in taxonomy "
                f"{taxonomy.path} (version {taxonomy.version}){_suggest(missing, _known(rule, taxonomy))}")
    return problems


def _known(rule: AlertRule, taxonomy: Taxonomy) -> set[str]:
    return {c.id for c in taxonomy.categories} if rule.kind == "category" else {a.id for a in taxonomy.actors}


def _unknown_ids(rule: AlertRule, taxonomy: Taxonomy) -> list[str]:
    ids = [rule.key] if rule.kind == "category" else (rule.key or "").split("-")
    known = _known(rule, taxonomy)
    return [x for x in ids if x not in known]


def _suggest(value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=3) or \
        [k for k in sorted(known) if k.casefold() == value.casefold()]
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
