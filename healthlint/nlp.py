"""The NLP pipeline: built once per process, reused for every file.

The default pipeline needs nothing but PyPI packages and works offline:

* spaCy's blank English tokenizer;
* ``sentencizer`` plus ``healthlint_line_breaks``: sentences also end at blank
  lines, headings and list items (and at block starts the document parser
  marks), so a heading never glues onto the next sentence;
* ``attribute_ruler`` tagging closed-class words (prepositions, determiners,
  auxiliaries, pronouns, conjunctions) from ``data/closed_class.yaml``;
* spaCy's ``lemmatizer`` in lookup mode, with the English lookup table of
  ``spacy-lookups-data`` (41,582 entries, 200 kB) vendored in ``data/`` with
  its licence, rather than the 99 MB package.

``--model NAME`` swaps in an installed trained pipeline (``en_core_web_sm``...)
for better tags and parses.  It is never required.
"""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:  # spaCy is imported only when text is checked
    from spacy.language import Language
    from spacy.tokens import Doc

BLOCK_STARTS_KEY = "healthlint.block_starts"
_registered = False


def _data_path(name: str):
    return resources.files("healthlint") / "data" / name


def _register_components() -> None:
    global _registered
    if _registered:
        return
    from spacy.language import Language

    @Language.component("healthlint_line_breaks")
    def line_breaks(doc: "Doc") -> "Doc":
        mark_line_breaks(doc)
        return doc

    _registered = True


_BREAK = re.compile(r"\n[ \t\r]*")
_BULLET = re.compile(r"[-*•·–—]\s|\d{1,3}[.)]\s|#")


def mark_line_breaks(doc: "Doc") -> None:
    """Start a sentence after a blank line, a heading-like line, or before a list item.

    A single line break inside a hard-wrapped paragraph ("...the\\nprogram")
    does not end the sentence.
    """
    text = doc.text
    starts: set[int] = set(doc.user_data.get(BLOCK_STARTS_KEY, ()))
    for m in _BREAK.finditer(text):
        nxt = m.end()
        if nxt >= len(text):
            continue
        if text[nxt] == "\n":
            continue  # the next match handles the blank line
        prev_line_end = m.start()
        prev_line_start = text.rfind("\n", 0, prev_line_end) + 1
        prev = text[prev_line_start:prev_line_end].strip()
        if not prev:
            starts.add(nxt)  # after a blank line
            continue
        nxt_char = text[nxt]
        if _BULLET.match(text, nxt):
            starts.add(nxt)
        elif prev[-1] in ".!?:;)\"'”’":
            starts.add(nxt)
        elif (nxt_char.isupper() or nxt_char.isdigit()) and not prev[-1] in ",(-–—/":
            # "Heading\nFirst sentence": a line with no final punctuation followed
            # by a capitalised line.  Wrapped prose rarely ends a line this way.
            starts.add(nxt)
    if not starts:
        return
    for offset in sorted(starts):
        span = doc.char_span(offset, min(offset + 1, len(text)), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        tok = span[0]
        if tok.i > 0:
            tok.is_sent_start = True


def _closed_class_patterns() -> list[dict]:
    import yaml

    with _data_path("closed_class.yaml").open("r", encoding="utf-8") as fh:
        table = yaml.safe_load(fh)
    patterns = []
    for pos, words in table.items():
        words = [str(w).lower() for w in words]
        patterns.append({"patterns": [[{"LOWER": {"IN": words}}]], "attrs": {"POS": pos}})
    return patterns


def _lemma_lookups():
    from spacy.lookups import Lookups

    with _data_path("en_lemma_lookup.json.gz").open("rb") as fh:
        table = json.loads(gzip.decompress(fh.read()).decode("utf-8"))
    lookups = Lookups()
    lookups.add_table("lemma_lookup", table)
    return lookups


def build_pipeline(model: str | None = None) -> "Language":
    """Build the default pipeline, or load the named trained pipeline."""
    import spacy

    _register_components()
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner"])
        except OSError:
            raise ConfigError(
                f"--model {model}: no installed spaCy pipeline of that name "
                f"(install it with `python -m spacy download {model}`, or leave --model out)"
            ) from None
        first = nlp.pipe_names[0] if nlp.pipe_names else None
        if first:
            nlp.add_pipe("healthlint_line_breaks", before=first)
        else:
            nlp.add_pipe("healthlint_line_breaks")
        return nlp
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("healthlint_line_breaks")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(_closed_class_patterns())
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lemmatizer.initialize(lookups=_lemma_lookups())
    return nlp


@lru_cache(maxsize=4)
def get_pipeline(model: str | None = None) -> "Language":
    """One pipeline per process and model name."""
    return build_pipeline(model)


def make_doc(nlp: "Language", text: str, block_starts=()) -> "Doc":
    """Tokenize ``text`` and attach the block starts the document parser found."""
    doc = nlp.make_doc(text)
    if block_starts:
        doc.user_data[BLOCK_STARTS_KEY] = list(block_starts)
    return doc
