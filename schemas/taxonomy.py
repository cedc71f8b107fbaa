"""The taxonomy: actors, signal categories, demonyms and titles, loaded from reviewed YAML.

The YAML is data reviewed by people, so every load validates it and names the file, the entry and
what is wrong. Its version is a content hash so that each classification records which taxonomy
produced it and history can be re-classified when the data changes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

DEFAULT_TAXONOMY_PATH: Path = Path(__file__).with_name("taxonomy.yaml")

ACTOR_TYPES = ("state", "igo", "official", "organisation", "government_body", "group")
DIRECTIONS = ("escalation", "de-escalation", "neutral")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_IGO = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
_ID = re.compile(r"^[A-Za-z0-9_]+$")
_CAMEO = re.compile(r"^\d{2,4}$")
_REQUIRED_TOP_KEYS = {"actors", "categories", "demonyms", "titles"}
_TOP_KEYS = _REQUIRED_TOP_KEYS | {"not_actors"}
_ACTOR_KEYS = {"id", "name", "type", "affiliation", "aliases", "roles"}
_ROLE_KEYS = {"title", "affiliation", "mentions", "start", "end"}
_CATEGORY_KEYS = {"id", "label", "direction", "weight", "plover", "cameo", "signals"}
_SIGNAL_KEYS = {"id", "patterns"}


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message is '<file>: <entry>: <what is wrong>'."""


@dataclass(frozen=True)
class Role:
    """A dated office, so that a title in text resolves to whoever held it at the item's date."""

    title: str
    affiliation: str
    mentions: tuple[str, ...]
    start: date | None
    end: date | None

    def held_on(self, day: date) -> bool:
        """True when `day` falls within the tenure (inclusive; open ends are unbounded)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    affiliation: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class Signal:
    id: str
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    direction: str
    weight: float
    plover: str | None
    cameo: str | None
    signals: tuple[Signal, ...]


@dataclass(frozen=True)
class Taxonomy:
    version: str
    path: Path
    actors: tuple[Actor, ...]
    categories: tuple[Category, ...]
    demonyms: Mapping[str, str]
    titles: tuple[str, ...]
    # Capitalised names that are not actors (venues, treaties, media, authors): `check` skips them.
    not_actors: tuple[str, ...] = ()
    content: bytes = field(default=b"", repr=False, compare=False)  # the YAML it was read from (shipped to workers)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id; KeyError names the missing id."""
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(f"no actor with id {actor_id!r} in taxonomy {self.version}")

    def holders(self, mention: str, day: date) -> tuple[Actor, ...]:
        """Officials whose role is named `mention` (as written) and was held on `day`."""
        return tuple(actor for actor in self.actors
                     if any(mention in role.mentions and role.held_on(day) for role in actor.roles))

    def category(self, category_id: str) -> Category:
        """The category with this id; KeyError names the missing id."""
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(f"no category with id {category_id!r} in taxonomy {self.version}")


class _Ctx:
    """Carries the file name so every error message says where the problem is."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, entry: str, problem: str) -> TaxonomyError:
        return TaxonomyError(f"{self.path}: {entry}: {problem}")


_LOADED: dict[tuple[Path, str], Taxonomy] = {}  # (path, version) -> parsed: a cycle reads it in several steps


def load_taxonomy(path: Path | str | None = None, content: bytes | None = None) -> Taxonomy:
    """Read and validate a taxonomy YAML file; the version is the first 16 hex of its sha256.

    `content`: the file's bytes when they travelled without the file (a Beam worker on another machine);
    `path` then only names it. The file is read every time, the YAML parsed (0.4 s) only when its content is
    new to this process."""
    path = Path(path) if path is not None else DEFAULT_TAXONOMY_PATH
    ctx = _Ctx(path)
    if content is None:
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise ctx.fail("file", f"cannot read: {exc.strerror or exc}") from exc
    key = (path.resolve(), hashlib.sha256(content).hexdigest()[:16])
    if key in _LOADED:
        return _LOADED[key]
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        raise ctx.fail("file", f"not valid YAML: {exc}") from exc
    taxonomy = replace(_build(ctx, data, key[1]), content=content)
    if len(_LOADED) >= 8:
        _LOADED.clear()
    _LOADED[key] = taxonomy
    return taxonomy


def _build(ctx: _Ctx, data: Any, version: str) -> Taxonomy:
    if not isinstance(data, dict):
        raise ctx.fail("file", "top level must be a mapping with keys actors, categories, demonyms, titles")
    _check_keys(ctx, "file", data, _TOP_KEYS, required=_REQUIRED_TOP_KEYS)
    actors = _parse_actors(ctx, data["actors"])
    igos = {a.affiliation for a in actors if a.type == "igo"}
    for i, actor in enumerate(actors):
        entry = f"actors[{i}] (id={actor.id})"
        _check_affiliation(ctx, entry, actor.affiliation, igos)
        for j, role in enumerate(actor.roles):
            _check_affiliation(ctx, f"{entry}.roles[{j}]", role.affiliation, igos)
    demonyms = _parse_demonyms(ctx, data["demonyms"], igos)
    titles = _str_list(ctx, "titles", data["titles"], "titles")
    categories = _parse_categories(ctx, data["categories"])
    not_actors = _parse_not_actors(ctx, data.get("not_actors"), actors)
    return Taxonomy(version=version, path=ctx.path, actors=actors, categories=categories,
                    demonyms=MappingProxyType(demonyms), titles=titles, not_actors=not_actors)


def _parse_not_actors(ctx: _Ctx, value: Any, actors: tuple[Actor, ...]) -> tuple[str, ...]:
    """A name cannot be both an actor's alias and a non-actor: that would hide it from resolution."""
    if value is None:
        return ()
    names = _str_list(ctx, "not_actors", value, "not_actors")
    aliases = {alias: actor.id for actor in actors for alias in actor.aliases}
    for name in names:
        if name in aliases:
            raise ctx.fail("not_actors", f"{name!r} is also an alias of actor {aliases[name]}")
    return names


def _check_keys(ctx: _Ctx, entry: str, obj: dict, allowed: set[str], required: set[str]) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        allowed_keys = ", ".join(sorted(allowed))
        raise ctx.fail(entry, f"unknown key(s) {', '.join(map(str, unknown))}; allowed: {allowed_keys}")
    missing = sorted(required - set(obj))
    if missing:
        raise ctx.fail(entry, f"missing key(s) {', '.join(missing)}")


def _text(ctx: _Ctx, entry: str, value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(entry, f"{key} must be a non-empty string, got {value!r}")
    if value != value.strip():
        raise ctx.fail(entry, f"{key} {value!r} has leading or trailing spaces")
    return value


def _str_list(ctx: _Ctx, entry: str, value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ctx.fail(entry, f"{key} must be a non-empty list of strings, got {value!r}")
    items = tuple(_text(ctx, entry, v, f"{key} item") for v in value)
    dupes = sorted({v for v in items if items.count(v) > 1})
    if dupes:
        raise ctx.fail(entry, f"{key} repeats {', '.join(map(repr, dupes))}")
    return items


def _entries(ctx: _Ctx, value: Any, key: str) -> list[dict]:
    if not isinstance(value, list) or not value:
        raise ctx.fail(key, "must be a non-empty list of mappings")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise ctx.fail(f"{key}[{i}]", f"must be a mapping, got {item!r}")
    return value


def _entry_name(key: str, i: int, item: dict) -> str:
    ident = item.get("id")
    return f"{key}[{i}] (id={ident})" if ident is not None else f"{key}[{i}]"


def _parse_actors(ctx: _Ctx, value: Any) -> tuple[Actor, ...]:
    actors: list[Actor] = []
    seen_ids: dict[str, str] = {}
    seen_aliases: dict[str, str] = {}
    for i, item in enumerate(_entries(ctx, value, "actors")):
        entry = _entry_name("actors", i, item)
        _check_keys(ctx, entry, item, _ACTOR_KEYS, required=_ACTOR_KEYS - {"roles"})
        actor_id = _ident(ctx, entry, item["id"])
        if actor_id in seen_ids:
            raise ctx.fail(entry, f"duplicate id {actor_id!r} (first at {seen_ids[actor_id]})")
        seen_ids[actor_id] = entry
        actor_type = item["type"]
        if actor_type not in ACTOR_TYPES:
            raise ctx.fail(entry, f"type {actor_type!r} is not one of {', '.join(ACTOR_TYPES)}")
        aliases = _str_list(ctx, entry, item["aliases"], "aliases")
        for alias in aliases:
            if alias in seen_aliases:
                raise ctx.fail(entry, f"alias {alias!r} is already used by {seen_aliases[alias]}")
            seen_aliases[alias] = entry
        roles = _parse_roles(ctx, entry, item.get("roles"), actor_type)
        actors.append(Actor(id=actor_id, name=_text(ctx, entry, item["name"], "name"), type=actor_type,
                            affiliation=_text(ctx, entry, item["affiliation"], "affiliation"),
                            aliases=aliases, roles=roles))
    return tuple(actors)


def _ident(ctx: _Ctx, entry: str, value: Any) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise ctx.fail(entry, f"id must be letters, digits and underscores, got {value!r}")
    return value


def _parse_roles(ctx: _Ctx, entry: str, value: Any, actor_type: str) -> tuple[Role, ...]:
    if value is None:
        return ()
    if actor_type != "official":
        raise ctx.fail(entry, f"roles are only for officials, this actor's type is {actor_type!r}")
    if not isinstance(value, list):
        raise ctx.fail(entry, "roles must be a list of mappings")
    roles = []
    for j, item in enumerate(value):
        role_entry = f"{entry}.roles[{j}]"
        if not isinstance(item, dict):
            raise ctx.fail(role_entry, f"must be a mapping, got {item!r}")
        _check_keys(ctx, role_entry, item, _ROLE_KEYS, required={"title", "affiliation", "mentions"})
        start = _date(ctx, role_entry, item.get("start"), "start")
        end = _date(ctx, role_entry, item.get("end"), "end")
        if start and end and end < start:
            raise ctx.fail(role_entry, f"end {end} is before start {start}")
        roles.append(Role(title=_text(ctx, role_entry, item["title"], "title"),
                          affiliation=_text(ctx, role_entry, item["affiliation"], "affiliation"),
                          mentions=_str_list(ctx, role_entry, item["mentions"], "mentions"),
                          start=start, end=end))
    return tuple(roles)


def _date(ctx: _Ctx, entry: str, value: Any, key: str) -> date | None:
    """YAML gives dates as date objects when unquoted; quoted ISO strings are accepted too."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ctx.fail(entry, f"{key} must be a date YYYY-MM-DD or empty, got {value!r}")


def _check_affiliation(ctx: _Ctx, entry: str, value: str, igos: set[str]) -> None:
    if not (_ISO3.match(value) or value in igos):
        raise ctx.fail(entry, f"affiliation {value!r} is neither an ISO 3166-1 alpha-3 code nor the "
                              f"acronym of an igo actor ({', '.join(sorted(igos))})")


def _parse_demonyms(ctx: _Ctx, value: Any, igos: set[str]) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise ctx.fail("demonyms", "must be a non-empty mapping of state word -> affiliation")
    out = {}
    for word, affiliation in value.items():
        entry = f"demonyms[{word!r}]"
        _text(ctx, entry, word, "state word")
        _check_affiliation(ctx, entry, _text(ctx, entry, affiliation, "affiliation"), igos)
        out[word] = affiliation
    return out


def _parse_categories(ctx: _Ctx, value: Any) -> tuple[Category, ...]:
    categories = []
    seen: dict[str, str] = {}
    seen_signals: dict[str, str] = {}
    for i, item in enumerate(_entries(ctx, value, "categories")):
        entry = _entry_name("categories", i, item)
        _check_keys(ctx, entry, item, _CATEGORY_KEYS, required=_CATEGORY_KEYS - {"plover", "cameo"})
        category_id = _ident(ctx, entry, item["id"])
        _remember(ctx, entry, category_id, seen)
        direction = item["direction"]
        if direction not in DIRECTIONS:
            raise ctx.fail(entry, f"direction {direction!r} is not one of {', '.join(DIRECTIONS)}")
        weight = item["weight"]
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise ctx.fail(entry, f"weight must be a number > 0, got {weight!r}")
        cameo = item.get("cameo")
        if cameo is not None and (not isinstance(cameo, str) or not _CAMEO.match(cameo)):
            raise ctx.fail(entry, f"cameo must be a quoted code like \"15\", got {cameo!r}")
        plover = item.get("plover")
        if plover is not None:
            _text(ctx, entry, plover, "plover")
        signals = _parse_signals(ctx, entry, item["signals"], seen_signals)
        categories.append(Category(id=category_id, label=_text(ctx, entry, item["label"], "label"),
                                   direction=direction, weight=float(weight), plover=plover, cameo=cameo,
                                   signals=signals))
    return tuple(categories)


def _remember(ctx: _Ctx, entry: str, ident: str, seen: dict[str, str]) -> None:
    """Ids are unique among categories and among signals, so a signal id alone names its category."""
    if ident in seen:
        raise ctx.fail(entry, f"duplicate id {ident!r} (first at {seen[ident]})")
    seen[ident] = entry


def _parse_signals(ctx: _Ctx, entry: str, value: Any, seen: dict[str, str]) -> tuple[Signal, ...]:
    if not isinstance(value, list) or not value:
        raise ctx.fail(entry, "signals must be a non-empty list of mappings")
    signals = []
    for k, item in enumerate(value):
        sig_entry = f"{entry}.signals[{k}]"
        if not isinstance(item, dict):
            raise ctx.fail(sig_entry, f"must be a mapping, got {item!r}")
        sig_entry = f"{entry}.{_entry_name('signals', k, item)}"
        _check_keys(ctx, sig_entry, item, _SIGNAL_KEYS, required=_SIGNAL_KEYS)
        signal_id = _ident(ctx, sig_entry, item["id"])
        _remember(ctx, sig_entry, signal_id, seen)
        patterns = _str_list(ctx, sig_entry, item["patterns"], "patterns")
        for pattern in patterns:
            _check_pattern(ctx, sig_entry, pattern)
        signals.append(Signal(id=signal_id, patterns=patterns))
    return tuple(signals)


def _check_pattern(ctx: _Ctx, entry: str, pattern: str) -> None:
    words = pattern.split()
    if words[0] == "*" or words[-1] == "*":
        raise ctx.fail(entry, f"pattern {pattern!r} must not start or end with the gap token '*'")
    if pattern != pattern.lower():
        raise ctx.fail(entry, f"pattern {pattern!r} must be lower case (words match lower-cased lemmas)")
    if any("-" in w and w != "-" for w in words):
        raise ctx.fail(entry, f"pattern {pattern!r}: write hyphens as separate tokens, e.g. 'build - up'")
    if "  " in pattern:
        raise ctx.fail(entry, f"pattern {pattern!r} has doubled spaces")
