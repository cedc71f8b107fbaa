"""The version stamped on every classification: the taxonomy's content hash and the classifier's rules.

A classification is what the rules make of the taxonomy: the same YAML read by changed rules gives other
labels. Rows are keyed by (item_id, taxonomy_version) and `escmon reclassify` (like the cycle's baseline
refresh) re-runs the items that have no row under the current version, so the version hashes both the
YAML's hash and the source of the modules that decide a classification. A change to either makes a new
version; rows under older versions stay, and the `current_*` views read the newest row of each item.

The rules' digest is the source itself rather than a revision constant bumped by hand: a forgotten bump
would leave history labelled by rules that no longer run, while a comment-only edit costs one re-run.
This module reads files only (no spaCy), so the CLI can compute the version without loading a model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

PIPELINES = Path(__file__).resolve().parent
# The modules whose code decides a label, a signal or a mention (the trained parser's version is pinned in
# parse.py; the state names in schemas/states.py, the bodies in schemas/bodies.py and the leaders in
# schemas/leaders.py are read by the matcher).
RULE_FILES = tuple(PIPELINES / name for name in (
    "nlp.py", "polarity.py", "political.py", "binding.py", "parse.py", "classifier.py")) + (
    PIPELINES.parent / "schemas" / "states.py", PIPELINES.parent / "schemas" / "bodies.py",
    PIPELINES.parent / "schemas" / "leaders.py")


def rules_digest(files: Sequence[Path] = RULE_FILES) -> str:
    """First 16 hex of the sha256 over the rule modules' source (line endings normalised, so that a
    checkout with CRLF endings computes the same version)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def installed_rules() -> str:
    """The digest of the rules this process runs (read once: a cycle asks for the version several times)."""
    return rules_digest(RULE_FILES)


def classification_version(taxonomy_version: str, rules: str | None = None) -> str:
    """The version of classifications made with the taxonomy of `taxonomy_version` by these rules
    (`rules`: a rules digest, default the installed rules')."""
    key = f"{taxonomy_version}:{rules if rules is not None else installed_rules()}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]
