"""The classification version: a new taxonomy or new classifier rules make a new one, nothing else does."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipelines.revision import RULE_FILES, classification_version, rules_digest


def _copies(folder: Path) -> tuple[Path, ...]:
    folder.mkdir()
    return tuple(Path(shutil.copy(path, folder / path.name)) for path in RULE_FILES)


def test_a_rule_change_changes_the_version_of_the_same_taxonomy(tmp_path: Path) -> None:
    files = _copies(tmp_path / "rules")
    before = rules_digest(files)
    classifier = next(f for f in files if f.name == "classifier.py")
    classifier.write_text(classifier.read_text(encoding="utf-8").replace(
        "LATER_SIGNAL_FACTOR = 0.5", "LATER_SIGNAL_FACTOR = 0.6"), encoding="utf-8")
    after = rules_digest(files)
    assert before != after
    assert classification_version("83e2c6bfe19a0595", before) != classification_version("83e2c6bfe19a0595", after)


def test_the_version_is_stable_and_ignores_line_endings(tmp_path: Path) -> None:
    files = _copies(tmp_path / "rules")
    assert rules_digest(files) == rules_digest(RULE_FILES)
    for path in files:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert rules_digest(files) == rules_digest(RULE_FILES), "a CRLF checkout computes the same version"
    assert classification_version("a" * 16) == classification_version("a" * 16)
    assert classification_version("a" * 16) != classification_version("b" * 16), "a new taxonomy, a new version"
