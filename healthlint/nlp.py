"""The NLP pipeline: built once per process, reused for every file.

The default pipeline needs nothing but PyPI packages and works offline:

* spaCy's blank English tokenizer;
* ``healthlint_annotate``, one component for three annotations:

  - sentences, by the rule of spaCy's ``sentencizer`` (a sentence ends after
    ``.``, ``!``, ``?``... and the punctuation that follows them), plus line
    breaks: sentences also end at blank lines, headings and list items (and
    at block starts the document parser marks), so a heading never glues
    onto the next sentence;
  - closed-class parts of speech (prepositions, determiners, auxiliaries,
    pronouns, conjunctions, particles) from ``data/closed_class.yaml``;
  - lookup lemmas from the English table of ``spacy-lookups-data`` (41,582
    entries, 200 kB) vendored in ``data/`` with its licence, rather than the
    99 MB package.

It works per document on arrays (one ``Doc.to_array``, one ``Doc.from_array``)
and looks each distinct word up once per process (a table keyed by the word's
id), instead of a Python call per token: the result is the same as
``sentencizer`` + ``attribute_ruler`` + ``lemmatizer`` (lookup mode), at a
fraction of the cost (tests/test_pipeline.py checks both).

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

from . import datacache
from .errors import ConfigError

if TYPE_CHECKING:  # spaCy is imported only when text is checked
    from spacy.language import Language
    from spacy.tokens import Doc

BLOCK_STARTS_KEY = "healthlint.block_starts"
# The sentence table the Annotator leaves for CheckContext (see sentence_table).
SENTENCES_KEY = "healthlint.sentences"
TEXT_KEY = "healthlint.text"
MAX_TEXT_CHARS = 25_000_000  # above documents.MAX_FILE_BYTES (20 MB)
_registered = False


def _data_path(name: str):
    return resources.files("healthlint") / "data" / name


# -- line breaks -------------------------------------------------------------

_BULLET = re.compile(r"[-*•·–—]\s|\d{1,3}[.)]\s|#")
_FINAL = frozenset(".!?:;)\"'”’")
_NO_HEADING = frozenset(",(-–—/")


def line_break_offsets(text: str, block_starts=()) -> list[int]:
    """Character offsets where a sentence must start because of the layout.

    After a blank line, after a heading-like line, before a list item, and at
    every block start the document parser found.  A single line break inside
    a hard-wrapped paragraph ("...the\\nprogram") is not one.

    One ``str.split`` gives the lines; each break is decided from the line
    before it (stripped) and the first character of the next line after its
    spaces, tabs and carriage returns.
    """
    starts: set[int] = set(block_starts)
    if "\n" not in text:
        return sorted(starts)
    lines = text.split("\n")
    bullet = _BULLET.match
    prev = lines[0].strip()
    pos = len(lines[0]) + 1  # where the current line starts
    for line in lines[1:]:
        here = pos
        pos += len(line) + 1
        body = line.lstrip(" \t\r")
        if not body:
            # The break is followed by another break or by the end of the text:
            # the next break decides (and this line, only blanks, is empty).
            prev = ""
            continue
        nxt = here + len(line) - len(body)
        if not prev:
            starts.add(nxt)  # after a blank line
        elif prev[-1] in _FINAL or bullet(text, nxt):
            starts.add(nxt)
        elif (body[0].isupper() or body[0].isdigit()) and prev[-1] not in _NO_HEADING:
            # "Heading\nFirst sentence": a line with no final punctuation followed
            # by a capitalised line.  Wrapped prose rarely ends a line this way.
            starts.add(nxt)
        prev = line.strip()
    return sorted(starts)


def _break_tokens(offsets, idx, lengths, text_len: int):
    """Token indices (> 0) that start at or contain the given character offsets.

    ``idx`` and ``lengths`` are the tokens' IDX and LENGTH columns (numpy).
    Same choice as ``doc.char_span(o, o + 1, alignment_mode="expand")[0]``:
    an offset in a token's trailing space, or past the text, picks no token.
    """
    import numpy as np

    offs = np.fromiter(offsets, dtype="int64")
    offs = offs[(offs >= 0) & (offs < text_len)]
    k = np.searchsorted(idx, offs, side="right") - 1
    inside = k > 0
    k, offs = k[inside], offs[inside]
    return k[offs != idx[k] + lengths[k]]  # not the token's trailing space


def doc_text(doc: "Doc") -> str:
    """The document's text: kept by ``make_doc`` (``Doc.text`` re-joins every token)."""
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text


def mark_line_breaks(doc: "Doc") -> None:
    """Start a sentence after a blank line, a heading-like line, or before a list item."""
    from spacy.attrs import IDX, LENGTH

    text = doc_text(doc)
    offsets = line_break_offsets(text, doc.user_data.get(BLOCK_STARTS_KEY, ()))
    if not offsets or not len(doc):
        return
    arr = doc.to_array([IDX, LENGTH]).astype("int64")
    for k in _break_tokens(offsets, arr[:, 0], arr[:, 1], len(text)).tolist():
        doc[k].is_sent_start = True


# -- word lists ------------------------------------------------------------


def _parse_yaml(text: str):
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader


@lru_cache(maxsize=1)
def closed_class_lists() -> dict[str, list]:
    """``data/closed_class.yaml``: part of speech -> its words, as in the file.

    Parsed once, then read back from its cache (datacache.py), so checking
    text does not import the YAML parser for it.
    """
    return datacache.load(_data_path("closed_class.yaml"), _parse_yaml, key="closed-class-yaml")


@lru_cache(maxsize=1)
def closed_class_table() -> dict[str, str]:
    """Lowercase closed-class word -> part of speech (later lists win, as in the file)."""
    out: dict[str, str] = {}
    for pos, words in closed_class_lists().items():
        for w in words:
            out[str(w).lower()] = pos
    return out


def _closed_class_patterns() -> list[dict]:
    """The closed-class table as ``attribute_ruler`` patterns (the reference implementation)."""
    patterns = []
    for pos, words in closed_class_lists().items():
        words = [str(w).lower() for w in words]
        patterns.append({"patterns": [[{"LOWER": {"IN": words}}]], "attrs": {"POS": pos}})
    return patterns


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """The vendored English lemma lookup table (form -> lemma)."""
    with _data_path("en_lemma_lookup.json.gz").open("rb") as fh:
        return json.loads(gzip.decompress(fh.read()).decode("utf-8"))


def _lemma_lookups():
    from spacy.lookups import Lookups

    lookups = Lookups()
    lookups.add_table("lemma_lookup", lemma_table())
    return lookups


# -- components ----------------------------------------------------------------


def sentence_table(text: str, starts, idx, lengths, spaces=None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Token and character bounds of the sentences with some non-space text.

    ``starts`` marks each token that starts a sentence (token 0 always does);
    ``idx`` and ``lengths`` are the tokens' IDX and LENGTH columns (numpy).
    With ``spaces`` (the IS_SPACE column: the token's text ``isspace()``), a
    sentence is dropped when all its tokens are spaces, which is when its text
    is (tokens are separated by single spaces at most); without, its text is tested.
    """
    import numpy as np

    n = len(starts)
    first = np.flatnonzero(starts)
    if not len(first) or first[0] != 0:
        first = np.concatenate(([0], first))
    last = np.concatenate((first[1:], [n])) - 1
    if spaces is not None:
        keep = np.add.reduceat(~spaces, first) > 0
        first, last = first[keep], last[keep]
        return (list(zip(first.tolist(), (last + 1).tolist())),
                list(zip(idx[first].tolist(), (idx[last] + lengths[last]).tolist())))
    tokens: list[tuple[int, int]] = []
    chars: list[tuple[int, int]] = []
    for a, b, s, e in zip(first.tolist(), (last + 1).tolist(), idx[first].tolist(),
                          (idx[last] + lengths[last]).tolist()):
        if text[s:e].isspace():
            continue
        tokens.append((a, b))
        chars.append((s, e))
    return tokens, chars


class Annotator:
    """Sentences, closed-class parts of speech and lookup lemmas, in one pass over arrays.

    One ``Doc.to_array([ORTH, SPACY])`` reads each token's word id and trailing
    space.  A per-process table of the words seen so far (their sorted ids beside
    one row each) gives every token, with one ``searchsorted``, its POS and LEMMA,
    whether it is a sentence-final character (``sentencizer``'s ``punct_chars``),
    whether it is a word (neither that nor punctuation) and its length; the
    tokens' character offsets are the running sum of lengths and spaces.  New
    words are looked up once, kept in a small dictionary and merged into the
    table in batches.  One ``Doc.from_array`` writes SENT_START, POS and LEMMA,
    and the sentence table ``CheckContext`` reads is left in ``doc.user_data``.

    Sentences follow spaCy's ``sentencizer`` (a sentence starts at the first word
    after a sentence-final character) plus the layout's line breaks
    (``line_break_offsets``).
    """

    MAX_WORDS = 1_000_000  # a bound on a pathological vocabulary (then the table starts again)
    MERGE_EVERY = 2048  # new words kept aside before one merge into the sorted table
    MERGE_MISSES = 64  # ... or fewer, once a document had this many tokens outside the table

    def __init__(self, vocab, punct_chars=None):
        import numpy as np
        from spacy import symbols
        from spacy.pipeline.sentencizer import Sentencizer

        self.vocab = vocab
        self.strings = vocab.strings
        self.punct_chars = frozenset(punct_chars or Sentencizer.default_punct_chars)
        self.pos_ids = {w: symbols.IDS[p] for w, p in closed_class_table().items()}
        self.table = lemma_table()
        self.orths = np.zeros(0, dtype="uint64")  # sorted
        # (POS, LEMMA, final, word, length, space) of each orth in ``orths``
        self.rows = np.zeros((0, 6), dtype="uint64")
        self.recent: dict[int, tuple[int, ...]] = {}  # new words not merged yet

    def _row(self, orth: int) -> tuple[int, ...]:
        got = self.recent.get(orth)
        if got is None:
            text = self.strings[orth]
            lemma = self.table.get(text, text)
            final = text in self.punct_chars
            word = not (final or self.vocab[orth].is_punct)
            got = (self.pos_ids.get(text.lower(), 0), self.strings.add(lemma) if lemma != text else orth,
                   int(final), int(word), len(text), int(text.isspace()))
            self.recent[orth] = got
        return got

    def _merge(self) -> None:
        import numpy as np

        if len(self.orths) + len(self.recent) > self.MAX_WORDS:
            self.orths = np.zeros(0, dtype="uint64")
            self.rows = np.zeros((0, 6), dtype="uint64")
        new = np.fromiter(self.recent.keys(), dtype="uint64", count=len(self.recent))
        rows = np.array(list(self.recent.values()), dtype="uint64").reshape(-1, 6)
        order = np.argsort(new)
        new, rows = new[order], rows[order]
        at = np.searchsorted(self.orths, new)
        self.orths = np.insert(self.orths, at, new)
        self.rows = np.insert(self.rows, at, rows, axis=0)
        self.recent.clear()

    def _rows_of(self, orths):
        """The table's row of each token (new words looked up, and merged when due)."""
        import numpy as np

        if len(self.orths):
            at = np.minimum(np.searchsorted(self.orths, orths), len(self.orths) - 1)
            rows = self.rows[at]
            missing = np.flatnonzero(self.orths[at] != orths)
        else:
            rows = np.zeros((len(orths), 6), dtype="uint64")
            missing = np.arange(len(orths))
        if len(missing):
            row = self._row
            rows[missing] = [row(o) for o in orths[missing].tolist()]
            if len(self.recent) >= self.MERGE_EVERY or len(missing) >= self.MERGE_MISSES:
                self._merge()
        return rows

    def __call__(self, doc: "Doc") -> "Doc":
        import numpy as np
        from spacy.attrs import LEMMA, ORTH, POS, SENT_START, SPACY

        n = len(doc)
        if n == 0:
            return doc
        arr = doc.to_array([ORTH, SPACY])
        rows = self._rows_of(arr[:, 0])
        final = rows[:, 2].astype(bool)
        lengths = rows[:, 4].astype("int64")
        # Each token starts where the one before ends, after its trailing space.
        idx = np.zeros(n, dtype="int64")
        np.cumsum(lengths[:-1] + arr[:-1, 1].astype("int64"), out=idx[1:])
        # A sentence starts at a word token when a sentence-final character stands
        # between it and the previous word token (Sentencizer.predict).
        seen = np.cumsum(final)
        words = np.flatnonzero(rows[:, 3])
        starts = np.zeros(n, dtype=bool)
        starts[0] = True
        if len(words):
            before = np.where(words > 0, seen[np.maximum(words - 1, 0)], 0)
            prev_seen = np.concatenate(([0], seen[words[:-1]]))
            starts[words[(before - prev_seen) > 0]] = True
        text = doc_text(doc)
        offsets = line_break_offsets(text, doc.user_data.get(BLOCK_STARTS_KEY, ()))
        if offsets:
            starts[_break_tokens(offsets, idx, lengths, len(text))] = True
        values = np.empty((n, 3), dtype="uint64")
        values[:, 0] = np.where(starts, 1, -1).astype("int64").view("uint64")
        values[:, 1:] = rows[:, :2]
        doc.from_array([SENT_START, POS, LEMMA], values)
        doc.user_data[SENTENCES_KEY] = sentence_table(text, starts, idx, lengths, rows[:, 5].astype(bool))
        return doc


def _register_components() -> None:
    global _registered
    if _registered:
        return
    from spacy.language import Language

    @Language.component("healthlint_line_breaks")
    def line_breaks(doc: "Doc") -> "Doc":
        mark_line_breaks(doc)
        return doc

    @Language.factory("healthlint_annotate")
    def make_annotator(nlp, name):
        return Annotator(nlp.vocab)

    _registered = True


def build_reference_pipeline() -> "Language":
    """The same annotations with spaCy's stock components (slower; for tests and comparisons)."""
    import spacy

    _register_components()
    nlp = spacy.blank("en")
    nlp.max_length = MAX_TEXT_CHARS
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("healthlint_line_breaks")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(_closed_class_patterns())
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lemmatizer.initialize(lookups=_lemma_lookups())
    return nlp


def build_pipeline(model: str | None = None) -> "Language":
    """Build the default pipeline, or load the named trained pipeline."""
    import spacy

    _register_components()
    if model:
        from pathlib import Path

        try:
            nlp = spacy.load(model, exclude=["ner"])
        except OSError:
            if Path(model).exists():
                raise ConfigError(f"--model {model}: not a spaCy pipeline folder (it has no config.cfg and "
                                  "meta.json; save one with `nlp.to_disk(PATH)`)") from None
            raise ConfigError(
                f"--model {model}: no installed spaCy pipeline of that name "
                f"(install it with `python -m spacy download {model}`, or leave --model out)"
            ) from None
        except Exception as exc:  # a broken config.cfg, a pipeline for another spaCy version...
            first_line = (str(exc).strip().splitlines() or [""])[0]
            raise ConfigError(f"--model {model}: the pipeline could not be loaded: "
                              f"{type(exc).__name__}: {first_line}") from None
        first = nlp.pipe_names[0] if nlp.pipe_names else None
        if first:
            nlp.add_pipe("healthlint_line_breaks", before=first)
        else:
            nlp.add_pipe("healthlint_line_breaks")
        return nlp
    nlp = spacy.blank("en")
    # No parser or NER: memory grows linearly with the text, so lift spaCy's
    # 1,000,000-character guard to the largest file healthlint reads.
    nlp.max_length = MAX_TEXT_CHARS
    nlp.add_pipe("healthlint_annotate")
    return nlp


def get_pipeline(model: str | None = None) -> "Language":
    """One pipeline per process and model name."""
    return _pipeline(model or None)


@lru_cache(maxsize=4)
def _pipeline(model: str | None) -> "Language":
    # (lru_cache keys get_pipeline() and get_pipeline(None) apart: normalise first.)
    return build_pipeline(model)


def make_doc(nlp: "Language", text: str, block_starts=()) -> "Doc":
    """Tokenize ``text`` and attach the block starts the document parser found."""
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    if block_starts:
        doc.user_data[BLOCK_STARTS_KEY] = list(block_starts)
    return doc
