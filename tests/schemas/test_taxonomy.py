"""Loading, validation errors, aliases, dated roles and pattern lemmas of schemas/taxonomy.yaml."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from pipelines.nlp import build_nlp
from pipelines.taxonomy_check import CorpusReader
from schemas.taxonomy import DEFAULT_TAXONOMY_PATH, TaxonomyError, load_taxonomy

MINIMAL = """
actors:
  - id: RUS
    name: Russia
    type: state
    affiliation: RUS
    aliases: [Russia, Moscow]
  - id: NATO
    name: NATO
    type: igo
    affiliation: NATO
    aliases: [NATO]
  - id: doe_jane
    name: Jane Doe
    type: official
    affiliation: NATO
    aliases: [Jane Doe]
    roles:
      - {title: Spokesperson, affiliation: NATO, mentions: [NATO spokesperson], start: 2020-01-01, end: 2021-12-31}
demonyms: {Russian: RUS}
titles: [spokesperson]
categories:
  - id: threats
    label: Threats
    direction: escalation
    weight: 2
    plover: THREATEN
    cameo: "13"
    signals:
      - id: threat
        patterns: [threaten, mass * troop]
"""


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.fixture(scope="module")
def resolver(taxonomy):
    return CorpusReader(taxonomy, day=date(2022, 1, 20))  # the corpus's days: its roles' holders then


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tax.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_taxonomy_loads_and_version_is_content_hash(taxonomy):
    digest = hashlib.sha256(DEFAULT_TAXONOMY_PATH.read_bytes()).hexdigest()[:16]
    assert taxonomy.version == digest
    assert taxonomy.actor("RUS").affiliation == "RUS"
    assert taxonomy.category("mobilisation").direction == "escalation"
    with pytest.raises(KeyError, match="nope"):
        taxonomy.actor("nope")


def test_version_changes_with_content(tmp_path):
    first = load_taxonomy(write(tmp_path, MINIMAL)).version
    second = load_taxonomy(write(tmp_path, MINIMAL + "\n# reviewed\n")).version
    assert first != second and len(first) == 16


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    type: state\n", "    type: country\n", "actors[0] (id=RUS): type 'country' is not one of"),
    ("aliases: [Jane Doe]", "aliases: [Jane Doe, Moscow]",
     "actors[2] (id=doe_jane): alias 'Moscow' is already used by actors[0] (id=RUS)"),
    ("    affiliation: RUS\n    aliases", "    affiliation: Russia\n    aliases",
     "actors[0] (id=RUS): affiliation 'Russia' is neither an ISO 3166-1 alpha-3"),
    ("end: 2021-12-31", "end: 2019-12-31", "actors[2] (id=doe_jane).roles[0]: end 2019-12-31 is before start"),
    ('cameo: "13"', "cameo: 13", 'categories[0] (id=threats): cameo must be a quoted code like "15"'),
    ("weight: 2", "weight: 0", "categories[0] (id=threats): weight must be a number > 0"),
    ("direction: escalation", "direction: up", "direction 'up' is not one of"),
    ("patterns: [threaten,", "patterns: [build-up,",
     "signals[0] (id=threat): pattern 'build-up': write hyphens as separate tokens"),
    ("patterns: [threaten,", "patterns: [threaten *,", "must not start or end with the gap token"),
    ("    name: Russia\n", "", "actors[0] (id=RUS): missing key(s) name"),
    ("demonyms: {Russian: RUS}", "demonyms: {Russian: RUS}\ncolour: red", "file: unknown key(s) colour"),
    ("demonyms: {Russian: RUS}", "demonyms: {Russian: XX}", "demonyms['Russian']: affiliation 'XX'"),
])
def test_validation_errors_name_file_entry_and_problem(tmp_path, old, new, expected):
    assert old in MINIMAL
    path = write(tmp_path, MINIMAL.replace(old, new, 1))
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(TaxonomyError, match="file: cannot read"):
        load_taxonomy(tmp_path / "missing.yaml")
    with pytest.raises(TaxonomyError, match="file: not valid YAML"):
        load_taxonomy(write(tmp_path, "actors: [\n"))
    with pytest.raises(TaxonomyError, match="top level must be a mapping"):
        load_taxonomy(write(tmp_path, "- just a list\n"))


def test_roles_only_for_officials(tmp_path):
    text = MINIMAL.replace("    aliases: [NATO]\n", "    aliases: [NATO]\n    roles: []\n")
    with pytest.raises(TaxonomyError, match=r"actors\[1\] \(id=NATO\): roles are only for officials"):
        load_taxonomy(write(tmp_path, text))


@pytest.mark.parametrize(("surface", "actor_id"), [
    ("Zelenskyy", "zelenskyy_volodymyr"), ("Zelensky", "zelenskyy_volodymyr"),
    ("Volodymyr Zelenskiy", "zelenskyy_volodymyr"), ("the Kremlin", "RUS"), ("Moscow", "RUS"),
    ("Washington", "USA"), ("the alliance", "NATO"), ("Kiev", "UKR"), ("Kyiv", "UKR"), ("Minsk", "BLR"),
    ("Sergei Lavrov", "lavrov_sergey"), ("Tony Blinken", "blinken_antony"),
])
def test_aliases_resolve(resolver, surface, actor_id):
    assert resolver.resolve(surface).actor_id == actor_id


# Every actor the corpus names, as (surface form, expected affiliation): names are facts taken from it.
CORPUS_ACTORS = [
    ("Wendy Sherman", "USA"), ("Antony Blinken", "USA"), ("Joe Biden", "USA"), ("Lloyd Austin", "USA"),
    ("Milley", "USA"), ("Jake Sullivan", "USA"), ("John Sullivan", "USA"), ("Jon Finer", "USA"),
    ("Victoria Nuland", "USA"), ("Karen Donfried", "USA"), ("Julianne Smith", "USA"),
    ("Michael Carpenter", "USA"), ("Vladimir Putin", "RUS"), ("Sergey Lavrov", "RUS"),
    ("Alexander Grushko", "RUS"), ("Dmitry Peskov", "RUS"), ("Boris Yeltsin", "RUS"),
    ("Zelenskyy", "UKR"), ("Kuleba", "UKR"), ("Yermak", "UKR"), ("Zaluzhny", "UKR"),
    ("Jens Stoltenberg", "NATO"), ("von der Leyen", "EU"), ("Charles Michel", "EU"), ("Borrell", "EU"),
    ("North Atlantic Treaty Organization", "NATO"), ("the Alliance", "NATO"), ("NATO-Russia Council", "NATO"),
    ("North Atlantic Council", "NATO"), ("OSCE", "OSCE"), ("European Union", "EU"), ("G7", "G7"),
    ("Bucharest Nine", "B9"), ("State Department", "USA"), ("Russian Foreign Ministry", "RUS"),
    ("Belarus", "BLR"), ("Poland", "POL"), ("Germany", "DEU"), ("Georgia", "GEO"), ("Kazakhstan", "KAZ"),
    ("Biden Administration", "USA"), ("Ukrainian Armed Forces", "UKR"), ("Heritage Foundation", "USA"),
]


@pytest.mark.parametrize(("surface", "affiliation"), CORPUS_ACTORS)
def test_corpus_actors_resolve_to_their_affiliation(resolver, surface, affiliation):
    resolution = resolver.resolve(surface)
    assert resolution is not None and resolution.affiliation == affiliation


@pytest.mark.parametrize(("mention", "day", "actor_id"), [
    ("NATO Secretary General", date(2022, 1, 12), "stoltenberg_jens"),
    ("NATO Secretary General", date(2025, 3, 1), "rutte_mark"),
    ("Secretary of State", date(2022, 1, 26), "blinken_antony"),
    ("Secretary of State", date(2025, 6, 1), "rubio_marco"),
    ("US President", date(2019, 6, 1), "trump_donald"),
    ("US President", date(2022, 1, 1), "biden_joe"),
    ("Russian President", date(1998, 1, 1), "yeltsin_boris"),
    ("Russian President", date(2022, 1, 1), "putin_vladimir"),
])
def test_dated_roles_resolve_to_the_holder_on_that_day(taxonomy, mention, day, actor_id):
    assert [a.id for a in taxonomy.holders(mention, day)] == [actor_id]


def test_role_boundaries_are_inclusive(taxonomy):
    assert [a.id for a in taxonomy.holders("NATO Secretary General", date(2024, 9, 30))] == ["stoltenberg_jens"]
    assert [a.id for a in taxonomy.holders("NATO Secretary General", date(2024, 10, 1))] == ["rutte_mark"]


@pytest.mark.parametrize(("text", "affiliation"), [
    ("Belarusian Defence Minister Ivan Petrenko", "BLR"),
    ("Polish Foreign Minister Anna Kowalczyk", "POL"),
    ("German Chancellor Friedrich Example", "DEU"),
    ("Russian Deputy Foreign Minister Pyotr Sidorov", "RUS"),
    ("Belarusian leader Foo Barov", "BLR"),
    ("U.S. Defense Secretary Sam Placeholder", "USA"),
])
def test_unseen_titled_officials_resolve_by_state_word(resolver, text, affiliation):
    resolution = resolver.resolve(text)
    assert resolution is not None
    assert (resolution.actor_id, resolution.affiliation, resolution.how) == (None, affiliation, "demonym+title")


def test_unknown_name_without_state_word_is_unresolved(resolver):
    assert resolver.resolve("Zorblax Quenton") is None


def test_data_is_rich_enough(taxonomy):
    assert {"USA", "RUS", "UKR", "BLR", "POL", "DEU", "FRA", "GBR"} <= set(taxonomy.demonyms.values())
    for title in ("Chancellor", "President", "Foreign Minister", "Deputy Foreign Minister", "leader"):
        assert title in taxonomy.titles
    for category in taxonomy.categories:
        assert category.plover or category.cameo, category.id
    directions = {c.direction for c in taxonomy.categories}
    assert directions == {"escalation", "de-escalation", "neutral"}


def test_patterns_are_written_as_lookup_lemmas(taxonomy):
    """A pattern must read the same as the text it matches: each word is its own lookup lemma (the NORM the
    matcher compares, with the project's LEMMA_FIXES)."""
    nlp = build_nlp()
    not_lemma = []
    for category in taxonomy.categories:
        for signal in category.signals:
            for pattern in signal.patterns:
                for word in pattern.split():
                    doc = nlp.make_doc(word)
                    if word not in ("*", "-") and (len(doc) != 1 or doc[0].norm_ != word):
                        not_lemma.append((signal.id, pattern, word))
    assert not_lemma == []


def test_escalation_patterns_do_not_start_with_de_prefix(taxonomy):
    for category in taxonomy.categories:
        if category.direction != "escalation":
            continue
        for signal in category.signals:
            for pattern in signal.patterns:
                assert not pattern.startswith(("de - ", "deescalat")), (signal.id, pattern)
