"""What every rule is: a class with an id, documentation, and a ``check`` method.

A rule module holds one rule.  Its module docstring is the rule's
documentation (``healthlint explain RULE`` prints it), written like ruff's:
*What it does*, *Why it matters*, *Example*, *Use instead*, *Options*,
*References*.  Its word lists and thresholds come from ``rules.yaml`` through
``self.options``; nothing tunable is hard-coded.

Rule modules must not import spaCy at import time (``healthlint rules`` and
``explain`` stay fast); import it inside ``setup``.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator

from ..findings import Edit, Finding

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from ..config import Config
    from ..documents import Document


@dataclass
class CheckContext:
    """What a rule sees of one article."""

    doc: "Doc"  # the processed prose (Document.text)
    document: "Document"
    config: "Config"
    # Scratch space shared by rules for this document (computed once, reused).
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def locale(self) -> str:
        return self.config.locale

    @cached_property
    def text(self) -> str:
        """``doc.text``, kept by ``nlp.make_doc`` (``Doc.text`` re-joins every token per call)."""
        text = self.doc.user_data.get("healthlint.text")
        return text if text is not None else self.doc.text

    @cached_property
    def lower(self) -> str:
        """``text`` lower-cased, with the same length (so offsets carry over).

        ``str.lower`` lengthens a few characters ("İ" -> "i̇"); those keep their case.
        """
        low = self.text.lower()
        if len(low) != len(self.text):
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.text)
        return low

    @cached_property
    def _sentence_table(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Token and character bounds of the sentences with some non-space text.

        The default pipeline's sentence splitter leaves this table in the Doc
        (it has the arrays at hand); for a trained pipeline's sentences it is
        read from the Doc's arrays in one pass.  No Span or Token objects.
        """
        from ..nlp import SENTENCES_KEY, sentence_table

        table = self.doc.user_data.get(SENTENCES_KEY)
        if table is not None:
            return table
        from spacy.attrs import IDX, LENGTH, SENT_START

        if not len(self.doc):
            return [], []
        arr = self.doc.to_array([SENT_START, IDX, LENGTH]).astype("int64")
        return sentence_table(self.text, arr[:, 0] == 1, arr[:, 1], arr[:, 2])

    @property
    def sentence_bounds(self) -> list[tuple[int, int]]:
        """``(start_char, end_char)`` of each sentence in ``sentences`` (cheap: no Spans)."""
        return self._sentence_table[1]

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Start character of each sentence in ``sentences``, for bisecting."""
        return [s for s, _ in self._sentence_table[1]]

    @cached_property
    def sentences(self) -> list["Span"]:
        """Sentences that contain some non-space text (spaCy Spans)."""
        doc = self.doc
        return [doc[a:b] for a, b in self._sentence_table[0]]

    def sentence(self, index: int) -> "Span":
        """One sentence as a Span, without building all of them."""
        if "sentences" in self.__dict__:
            return self.sentences[index]
        a, b = self._sentence_table[0][index]
        return self.doc[a:b]

    def sentence_at(self, char: int) -> int:
        """Index in ``sentences`` of the sentence holding character ``char`` (or the one before it)."""
        import bisect

        return max(bisect.bisect_right(self.sentence_starts, char) - 1, 0)

    def sentence_index(self, token_i: int) -> int:
        """Index in ``sentences`` of the sentence holding token ``token_i``."""
        import bisect

        starts = self.cache.get("_sent_starts")
        if starts is None:
            starts = [a for a, _ in self._sentence_table[0]]
            self.cache["_sent_starts"] = starts
        return max(bisect.bisect_right(starts, token_i) - 1, 0)


class LazyPattern:
    """A regular expression compiled on first use.

    Rule modules are imported by ``healthlint rules`` and ``explain`` too,
    which never run them: a large module-level pattern would cost start-up
    time there.  For patterns used once or twice per document (each use goes
    through ``__getattr__``), not in per-token loops.
    """

    __slots__ = ("_args", "_rx")

    def __init__(self, pattern: str, flags: int = 0):
        self._args = (pattern, flags)
        self._rx = None

    def __getattr__(self, name: str):
        if self._rx is None:
            import re

            self._rx = re.compile(*self._args)
        return getattr(self._rx, name)


class Rule:
    """Base class of all rules."""

    id: ClassVar[str] = ""
    summary: ClassVar[str] = ""  # one line, for `healthlint rules`
    category: ClassVar[str] = ""  # safety, claims, integrity, language, provenance, readability
    guideline: ClassVar[str] = ""  # the public standard it follows, short
    fixable: ClassVar[bool] = False

    def __init__(self, nlp: "Language", options: dict[str, Any], severity: str, config: "Config"):
        self.nlp = nlp
        self.options = options
        self.severity = severity
        self.config = config
        self.setup(nlp)

    # -- to override ------------------------------------------------------
    def setup(self, nlp: "Language") -> None:
        """Build matchers and compile word lists once per process."""

    def check(self, ctx: CheckContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- helpers ------------------------------------------------------------
    def finding(
        self,
        start: int,
        end: int,
        message: str,
        *,
        suggestion: str | None = None,
        related: Iterable[tuple[int, int]] = (),
        fix: list[Edit] | None = None,
        severity: str | None = None,
    ) -> Finding:
        """A finding over ``text[start:end]`` (character offsets in ``Document.text``)."""
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            message=message,
            start=start,
            end=end,
            suggestion=suggestion,
            related_spans=list(related),
            fix=fix,
        )

    def span_finding(self, span: "Span", message: str, **kwargs) -> Finding:
        return self.finding(span.start_char, span.end_char, message, **kwargs)

    @classmethod
    def documentation(cls) -> str:
        """The module docstring: what `healthlint explain` prints."""
        module = sys.modules.get(cls.__module__)
        return (module.__doc__ or cls.__doc__ or cls.summary).strip()


def iter_rule_findings(rule: Rule, ctx: CheckContext) -> Iterator[Finding]:
    yield from rule.check(ctx) or ()
