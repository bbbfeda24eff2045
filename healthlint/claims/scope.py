"""One sentence seen as clauses: what is asserted, negated, hedged or limited.

The model-free path works on the sentence's lower-cased text:

* quotations are blanked out (a quoted source's words are not the article's);
* a sentence that reports a belief or a myth ("many people believe", "Myth:")
  or asks a question asserts nothing;
* negation reaches only to the start of its clause: a negator inside a
  relative clause ("people who cannot work"), a purpose clause ("so that it
  does not upset your stomach") or after a comma does not negate the main claim;
* explicit exceptions and conditions ("except", "unless", "if", "for some
  people") and time frames ("at first", "in 2010", "now") are recorded so
  the comparison can treat the two claims as compatible.

With a trained pipeline (``--model``) the dependency parse decides negation
instead (:func:`parsed_negation`).
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from .lexicon import RUN
from .quantities import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Span

    from .lexicon import Lexicon

_SPACES = re.compile(r"\s+")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_MISSED_END = re.compile(r"[.!?](?=\s+[A-Z][a-z])")
_ASIDE = re.compile(r"\([^()]{0,200}\)|\[[^\[\]]{0,200}\]")
_HARD_END = re.compile(r"[,;:()\u2013\u2014.!?]|\s(?:but|while|when|because|although|though|unless|so that|whereas|and)\s")
_FILLER = re.compile(r"^[\s,;:]*(?:(?:though|however|too|also|therefore|then|still|yet|thus|indeed|in\s+fact|"
                     r"of\s+course|for\s+example|for\s+instance|as\s+a\s+result)[\s,;:]*)*$")


# bytes.translate table: a-z and 0-9 stay, every other byte becomes a space (see SentView.words)
_RUN_BYTES = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))
assert RUN.pattern == "[a-z0-9]+"  # the runs _RUN_BYTES keeps


def _blank(m: "re.Match") -> str:
    return " " * (m.end() - m.start())


class cached_property:
    """``functools.cached_property`` without its lock (Python < 3.12 takes an RLock on every
    first read; a SentView is never shared between threads): the value is computed on the
    first read and stored in the instance's ``__dict__``, which later reads find first."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


def sentence_low(text: str) -> str:
    """A sentence's ``SentView.low``: its text lower-cased (same offsets), quotations and
    asides blanked, a sentence end the splitter missed made a clause break."""
    low = text.lower()
    if "’" in low:
        low = low.replace("’", "'")
    # Blank quotations, keeping offsets.  (The `in` tests skip a regex pass on most sentences.)
    if '"' in low or "“" in low:
        low = _QUOTED.sub(_blank, low)
    # A sentence end the splitter missed ("at 6 p.m. Evening care is...") still ends a clause.
    # (its mark is followed by a space and two letters, so it is not the last non-space character)
    body = text.rstrip()[:-1]
    if "." in body or "!" in body or "?" in body:
        for m in _MISSED_END.finditer(text):
            low = low[:m.start()] + ";" + low[m.start() + 1:]
    # Parenthetical asides ("(CBT)", "(in about 2% of cases)", "[1]") are not the main claim.
    if "(" in low or "[" in low:
        low = _ASIDE.sub(_blank, low)
    return low


def runs_of(low: str) -> frozenset:
    """The runs of letters and digits in ``low`` (``SentView.words``).

    The runs of lexicon.RUN ([a-z0-9]+), found as the words left when every other byte of
    the UTF-8 text is a space (the bytes of a non-ASCII character are all >= 0x80): the
    same set in half the time of ``RUN.findall``.
    """
    return frozenset(low.encode("utf-8", "surrogatepass").translate(_RUN_BYTES).decode("ascii").split())


class SentView:
    """One sentence: its lower-cased text ``low`` (same offsets as ``text``) read as clauses.

    Everything past ``low`` is computed on first use (``cached_property``).
    """

    def __init__(self, index: int, start: int, text: str, lex: "Lexicon", span: "Span | None" = None,
                 parsed: bool = False):
        self.index = index
        self.start = start  # offset of the sentence in the text
        self.text = text
        self.lex = lex
        self.span = span
        self.parsed = parsed  # the document has a dependency parse (a trained pipeline)
        self.low = sentence_low(text)

    def __repr__(self) -> str:
        return f"SentView({self.index}, {self.start}, {self.text!r})"

    # What the text alone decides and the frames computed, in an entry() of plain tuples, in
    # this order (None: not computed).  "frame_names", "parse_ok" and "quantities" are kept on
    # the view by the Extractor.
    _ENTRY = ("low", "words", "frame_names", "asserts", "parse_ok", "quantities", "exception", "times")

    def entry(self) -> tuple:
        """What was computed for this sentence that depends on its text alone, as tuples of
        strings and numbers (a sentence with the same text is built from it: from_entry)."""
        d = self.__dict__
        words = d.get("words")
        times = d.get("times")
        qs = d.get("quantities")
        return (self.low, tuple(words) if words is not None else None, d.get("frame_names"), d.get("asserts"),
                d.get("parse_ok"), tuple(q.as_tuple() for q in qs) if qs is not None else None,
                d.get("exception"), tuple(times) if times is not None else None)

    @classmethod
    def from_entry(cls, index: int, start: int, text: str, lex: "Lexicon", entry: tuple) -> "SentView":
        """The view of a sentence whose text gave ``entry`` (SentView.entry) in an earlier one."""
        v = cls.__new__(cls)
        d = v.__dict__
        d.update(index=index, start=start, text=text, lex=lex, span=None, parsed=False)
        low, words, names, asserts, parse_ok, qs, exception, times = entry
        d["low"] = low
        if words is not None:
            d["words"] = frozenset(words)
        if names is not None:
            d["frame_names"] = names
        if asserts is not None:
            d["asserts"] = asserts
        if parse_ok is not None:
            d["parse_ok"] = parse_ok
        if qs is not None:
            d["quantities"] = [Quantity(*q) for q in qs]
        if exception is not None:
            d["exception"] = exception
        if times is not None:
            d["times"] = frozenset(times)
        return v

    @classmethod
    def read(cls, index: int, start: int, text: str, lex: "Lexicon", low: str, words: frozenset,
             names: tuple, parse_ok: bool | None) -> "SentView":
        """The view of a sentence whose ``sentence_low(text)``, ``runs_of(low)``,
        Extractor.names_of and parse gate (None: not asked) gave ``low``, ``words``, ``names``
        and ``parse_ok``: what ``SentView(index, start, text, lex)`` is once they are computed."""
        v = cls.__new__(cls)
        d = v.__dict__
        d.update(index=index, start=start, text=text, lex=lex, span=None, parsed=False, low=low, words=words,
                 frame_names=names)
        if parse_ok is not None:
            d["parse_ok"] = parse_ok
        return v

    # -- whole-sentence properties -------------------------------------
    @cached_property
    def words(self) -> frozenset:
        """The runs of letters and digits in ``low``: the cheap first test of the frames'
        guards (runs_of)."""
        return runs_of(self.low)

    @cached_property
    def asserts(self) -> bool:
        t = self.text.rstrip()
        if t.endswith("?"):
            return False
        return not self.lex.reported_guard.hit(self.low, self.words)

    @cached_property
    def exception(self) -> bool:
        return bool(self.lex.exception.search(self.low))

    @cached_property
    def times(self) -> frozenset:
        low = self.low
        found = {_SPACES.sub(" ", m.group()) for m in self.lex.time.finditer(low)}
        if "19" in low or "20" in low:  # (lex.year needs one of them)
            found |= {m.group() for m in self.lex.year.finditer(low)}
        return frozenset(found)

    @cached_property
    def breaks(self) -> list[int]:
        """Start offsets of the clause breaks (one scan sets ``break_ends`` too)."""
        spans = [m.span() for m in self.lex.clause_break.finditer(self.low)]
        self.__dict__["break_ends"] = [e for _, e in spans]
        return [b for b, _ in spans]

    @cached_property
    def break_ends(self) -> list[int]:
        self.breaks  # noqa: B018 - sets break_ends
        return self.__dict__["break_ends"]

    # -- clauses -----------------------------------------------------------
    def clause_start(self, pos: int, soft: bool = False) -> int:
        """Offset where the clause holding ``pos`` starts (after the last break before it)."""
        k = bisect.bisect_right(self.breaks, pos - 1) - 1
        while k >= 0:
            b, e = self.breaks[k], self.break_ends[k]
            if e <= pos:
                if soft and self.low[b] not in ",;:()\u2013\u2014":
                    k -= 1
                    continue
                return e
            k -= 1
        return 0

    def main_clause_start(self, pos: int) -> int:
        """Start of the main clause before ``pos``: after an introductory phrase ending in a comma.

        A segment holding only a connective ("FIPA, though, is rare") does not start the clause.
        """
        end = pos
        while True:
            cut = max(self.low.rfind(",", 0, end), self.low.rfind(";", 0, end), self.low.rfind(":", 0, end))
            if cut == -1:
                return 0
            if not _FILLER.match(self.low[cut + 1:pos]):
                return cut + 1
            end = cut

    def clause_end(self, pos: int) -> int:
        k = bisect.bisect_left(self.breaks, pos)
        return self.breaks[k] if k < len(self.breaks) else len(self.low.rstrip(" .!?\n"))

    def hard_end(self, pos: int) -> int:
        """End of the clause at ``pos``, stopping only at punctuation and strong conjunctions."""
        m = _HARD_END.search(self.low, pos)
        return m.start() if m else len(self.low)

    def negated(self, start: int, end: int | None = None, lo: int | None = None) -> bool:
        """Is there a negator between the start of the clause and ``end`` (default ``start``)?"""
        end = start if end is None else end
        if lo is None:
            lo = self.clause_start(start)
        window = self.low[lo:end]
        return bool(self.lex.negator.search(window))

    def hedged(self, lo: int, hi: int) -> bool:
        return bool(self.lex.hedge.search(self.low[lo:hi]))

    def offsets(self, lo: int, hi: int) -> tuple[int, int]:
        """Text offsets of ``low[lo:hi]``, trimmed of spaces and final punctuation."""
        seg = self.text[lo:hi]
        left = len(seg) - len(seg.lstrip())
        right = len(seg.rstrip(" \t\n.;,:!?"))
        return self.start + lo + left, self.start + lo + max(right, left)


def parsed_token_at(sv: "SentView", pos: int):
    """With a dependency parse: the token covering sentence offset ``pos`` (else None)."""
    span = sv.span
    if span is None or not sv.parsed:
        return None
    for tok in span:
        if tok.idx - sv.start <= pos < tok.idx - sv.start + len(tok.text):
            return tok
    return None


def parsed_negation(sv: SentView, pos: int) -> bool | None:
    """With a dependency parse: is the word at ``pos`` (or the verb governing it) negated?

    Returns None when the document has no parse (the model-free path then decides).
    """
    target = parsed_token_at(sv, pos)
    if target is None:
        return None
    node = target
    for _ in range(3):
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if node.dep_ in ("relcl", "advcl", "acl", "ccomp", "xcomp", "ROOT") or node.head is node:
            # A negator above a clause boundary does not reach into it.
            return any(c.dep_ == "neg" for c in node.children)
        node = node.head
    return False
