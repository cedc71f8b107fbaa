"""Sentence starts computed from token arrays must equal spaCy's Sentencizer, token for token.

The classifier only tokenises and splits sentences itself (RuleSentences) when its pipeline is a bare
Sentencizer; these tests run the real Sentencizer beside it on written texts with awkward punctuation.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import spacy

from pipelines.classifier import Classifier, load_classifier
from pipelines.nlp import DocArrays, RuleSentences, build_nlp

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "classifier_taxonomy.yaml"

TEXTS = [
    "",
    ".",
    "...",
    "No final stop here",
    "One sentence. Another one! A third? Yes.",
    "He said: \"We will not move.\" Then he left.",
    "Troops arrived (about 500 of them.) Talks resumed.",
    "Wait... what happened?! Nobody knows.",
    "The U.S. envoy met Mr. Lavrov at 5.30 p.m. on Friday. Both spoke.",
    "'Enough.' 'Really?' - the minister asked.",
    "Talks ended。The delegations left．Then quiet！",
    "?! Starting with punctuation. Then words",
    "Line one.\nLine two.\n\nLine three",
    "A dash — then a stop. ) ) Words after brackets.",
    "Numbers 1.5 and 2.0. And 3!",
]


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return build_nlp()


@pytest.mark.parametrize("text", TEXTS)
def test_rule_starts_equal_the_sentencizer(nlp: spacy.language.Language, text: str) -> None:
    rule = RuleSentences.for_pipeline(nlp)
    assert rule is not None
    annotated = DocArrays(nlp(text)).sent_starts
    assert DocArrays(nlp.make_doc(text), rule).sent_starts == annotated


def test_custom_punctuation_is_honoured() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": [";"]})
    nlp = build_nlp(None, nlp)
    rule = RuleSentences.for_pipeline(nlp)
    assert rule is not None
    text = "First part; second part. Still the second"
    assert DocArrays(nlp.make_doc(text), rule).sent_starts == DocArrays(nlp(text)).sent_starts == [0, 3]


def test_flag_is_added_once_per_vocabulary(nlp: spacy.language.Language) -> None:
    first, second = RuleSentences.for_pipeline(nlp), RuleSentences.for_pipeline(nlp)
    assert first is not None and second is not None
    assert first.columns == second.columns


def test_other_pipelines_keep_their_own_sentences() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("merge_noun_chunks")  # any second component: the pipeline must run as configured
    assert RuleSentences.for_pipeline(nlp) is None


def test_classify_agrees_with_classify_doc_on_the_annotated_doc() -> None:
    classifier: Classifier = load_classifier(FIXTURE)
    assert classifier._sentences is not None
    text = ("Officials said Russia massed troops near the border. Wait... the talks collapsed?! "
            "German Chancellor Olaf Scholz. Spoke later. NATO agreed to hold talks with Russia.")
    day = datetime(2022, 1, 12)
    fast = classifier.classify(text, day)
    annotated = classifier.classify_doc(classifier.nlp(text), day, text)
    assert fast == annotated
    assert len({s.sentence_index for s in fast.signals}) > 1
    assert list(classifier.classify_many([(text, day)])) == [annotated]
