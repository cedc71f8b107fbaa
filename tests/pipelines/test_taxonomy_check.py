"""Signal matching (incl. the de-escalation boundary), derivation and the `taxonomy` CLI, all with the
classifier's own matcher (pipelines/taxonomy_check.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli_taxonomy import taxonomy_app
from pipelines.taxonomy_check import CorpusReader, derive_actor_candidates
from schemas.taxonomy import load_taxonomy

REAL_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

# Written for these tests (not taken from any corpus).
TINY = {
    "a.txt": "Moscow massed 40,000 troops near the frontier on Monday. Polish Foreign Minister Jan Testowy said "
             "Warsaw would impose sanctions if the Kremlin invaded. NATO held talks with Russia in Oslo.",
    "b.txt": "Belarusian leader Alyaksei Placeholder threatened retaliation. The two sides agreed to "
             "de-escalate and pulled troops back to their barracks. Kazimir Unknownov visited Minsk.",
}


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.fixture(scope="module")
def matcher(taxonomy):
    return CorpusReader(taxonomy)


def categories(matcher: CorpusReader, text: str) -> set[str]:
    return {hit.category for hit in matcher.read(text).signals}


@pytest.mark.parametrize(("text", "category"), [
    ("Moscow massed 40,000 troops near the frontier.", "mobilisation"),
    ("The army is massing troops along the border.", "mobilisation"),
    ("Officials warned of a possible invasion.", "invasion_attack"),
    ("Warships began joint war games in the northern sea.", "exercises"),
    ("The ministry threatened to cut gas supplies to its neighbours.", "energy_coercion"),
    ("The capital was hit by a cyberattack on its power grid.", "hybrid_cyber"),
    # the classifier reads one signal per span: "signed an arms control agreement" is an agreement
    ("Both governments backed arms control limits on missiles.", "arms_control"),
    ("Both governments signed an arms control agreement.", "agreements"),
    ("The units returned to their barracks after the drills.", "withdrawal"),
    ("The ministers agreed to de-escalate the standoff.", "de_escalation"),
    ("Police arrested twelve activists outside parliament.", "coercion_arrest"),
    ("The prime minister praised the neighbour's reform efforts.", "diplomatic_cooperation"),
    ("Rebels released the hostages after the truce.", "yield_concession"),
])
def test_patterns_match_inflections_and_phrases(matcher, text, category):
    assert category in categories(matcher, text)


def test_gap_token_spans_up_to_three_tokens(matcher):
    assert "mobilisation" in categories(matcher, "Forces massed some 90,000 combat troops there.")
    assert "mobilisation" not in categories(matcher, "Forces massed near the river while eleven new troops rested.")


@pytest.mark.parametrize("text", [
    "The envoy urged both sides to de-escalate.",
    "Everyone hoped for de-escalation within the week.",
    "Talks focused on de-escalating the standoff at the border.",
])
def test_de_escalation_never_matches_escalation(matcher, text):
    found = categories(matcher, text)
    assert "de_escalation" in found
    assert "escalation_rhetoric" not in found


def test_escalation_still_matches_without_prefix(matcher):
    found = categories(matcher, "The shelling escalated sharply overnight.")
    assert "escalation_rhetoric" in found and "de_escalation" not in found


def write_corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "README.md").write_text("not part of the corpus", encoding="utf-8")
    return corpus


def test_derive_flags_known_and_new_actors(tmp_path, taxonomy):
    reader = CorpusReader(taxonomy)
    reads = reader.read_corpus(write_corpus(tmp_path, TINY))
    by_name = {c.text: c for c in derive_actor_candidates(reads, reader)}
    assert by_name["Moscow"].in_taxonomy and by_name["Moscow"].affiliation == "RUS"
    new_official = by_name["Polish Foreign Minister Jan Testowy"]
    assert not new_official.in_taxonomy and new_official.affiliation == "POL"
    assert by_name["Belarusian leader Alyaksei Placeholder"].affiliation == "BLR"
    assert not by_name["Kazimir Unknownov"].in_taxonomy
    assert by_name["Kazimir Unknownov"].extra["how"] == "unresolved"
    assert "a.txt" not in by_name and by_name["NATO"].count == 1


def test_cli_derive_json(tmp_path):
    result = CliRunner().invoke(taxonomy_app, ["derive", str(write_corpus(tmp_path, TINY)), "--json",
                                               "--min-count", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    phrases = {c["text"]: c for c in data["signals"]}
    assert phrases["troop"]["in_taxonomy"] and phrases["troop"]["example"]
    assert any(not c["in_taxonomy"] for c in data["actors"])


def test_cli_derive_table(tmp_path):
    result = CliRunner().invoke(taxonomy_app, ["derive", str(write_corpus(tmp_path, TINY))])
    assert result.exit_code == 0, result.output
    assert "Actor candidates" in result.output and "NEW" in result.output


def test_cli_check_passes_and_fails_by_threshold(tmp_path):
    corpus = str(write_corpus(tmp_path, TINY))
    runner = CliRunner()
    ok = runner.invoke(taxonomy_app, ["check", corpus, "--min-coverage", "0.2", "--min-resolution", "0.5",
                                      "--json"])
    assert ok.exit_code == 0, ok.output
    report = json.loads(ok.output)
    assert report["category_hits"]["mobilisation"] >= 1
    assert [u["name"] for u in report["unresolved"]] == ["Kazimir Unknownov"]
    failing = runner.invoke(taxonomy_app, ["check", corpus, "--min-coverage", "0.99"])
    assert failing.exit_code == 1
    assert "FAIL" in failing.output


def test_cli_reports_taxonomy_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: []\n", encoding="utf-8")
    result = CliRunner().invoke(taxonomy_app, ["check", str(write_corpus(tmp_path, TINY)),
                                               "--taxonomy", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}: " in result.output


@pytest.mark.skipif(not REAL_CORPUS.is_dir(), reason="shared corpus not present")
def test_real_corpus_check_passes():
    result = CliRunner().invoke(taxonomy_app, ["check", str(REAL_CORPUS), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["actor_resolution"] >= 0.95
