"""The claim record shared by extraction and comparison."""
from __future__ import annotations


class Claim:
    """One thing a sentence asserts.

    ``subject`` and ``scope`` are sets of normalised content words; ``scope``
    adds the predicate's complement ("for children", "before the test") to
    the subject, so a claim about a narrower case has a larger scope.

    ``exception`` and ``times`` belong to the claim's sentence: given a ``view`` (its
    :class:`~.scope.SentView`) they are read from it when first asked for, which only
    the comparison of two claims in one bucket does (most claims never meet another).

    A plain class with slots: thousands are made per thousand articles, and a
    dataclass's keyword ``__init__`` cost more than the rest of the record.
    """

    __slots__ = ("frame", "predicate", "subject", "scope", "sent", "start", "end", "polarity", "modality", "hedged",
                 "share", "value", "approx", "subject_resolved", "keys", "qty", "universal", "_exception", "_times",
                 "_view")

    def __init__(self, frame: str, predicate: str, subject: frozenset, scope: frozenset, sent: int, start: int,
                 end: int, polarity: int = 1, modality: str = "", hedged: bool = False,
                 share: tuple[float, float] | None = None, value: tuple[float, float] | None = None,
                 approx: bool = False, subject_resolved: bool = False, keys: tuple = (), exception: bool | None = None,
                 times: frozenset | None = None, qty: object = None, universal: bool = False, view: object = None):
        # frame: suitability, recommendation, requirement, coverage, affordability, effectiveness, safety,
        # frequency, quantity
        self.frame = frame
        self.predicate = predicate  # what is claimed of the subject: an activity, a measure, a payer, "safe"...
        self.subject = subject
        self.scope = scope
        self.sent = sent  # index in ctx.sentences
        self.start = start  # character span of the claim's clause in the text
        self.end = end
        self.polarity = polarity  # +1 asserted, -1 denied
        self.modality = modality  # can, may, must, should, or ""
        self.hedged = hedged
        self.share = share  # frequency / coverage: share of cases, 0..1
        self.value = value  # quantity: range in the measure's base unit
        self.approx = approx
        self.subject_resolved = subject_resolved  # subject came from a pronoun, alias or definite description
        self.keys = keys  # bucket keys
        self.qty = qty  # the Quantity behind a quantity claim
        self.universal = universal  # the clause says everyone / all / always / every
        self._exception = exception  # the sentence states an exception or condition (None: ask the view)
        self._times = times  # time frames the sentence names (None: ask the view)
        self._view = view

    @property
    def exception(self) -> bool:
        got = self._exception
        if got is None:
            got = self._exception = bool(self._view.exception) if self._view is not None else False
        return got

    @exception.setter
    def exception(self, value: bool) -> None:
        self._exception = value

    @property
    def times(self) -> frozenset:
        got = self._times
        if got is None:
            got = self._times = self._view.times if self._view is not None else frozenset()
        return got

    @times.setter
    def times(self, value: frozenset) -> None:
        self._times = value

    def __repr__(self) -> str:
        return (f"Claim({self.frame!r}, {self.predicate!r}, subject={set(self.subject)!r}, sent={self.sent}, "
                f"polarity={self.polarity}, share={self.share}, value={self.value})")
