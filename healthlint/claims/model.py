"""The claim record shared by extraction and comparison."""
from __future__ import annotations

from .quantities import Quantity


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

    # -- the claim memo (contradiction rule): a claim as plain values ------------
    def template(self, start: int) -> tuple:
        """This claim as a tuple of strings, numbers and tuples (offsets relative to ``start``,
        its sentence's start): ``Claim.from_template`` rebuilds an equal claim for another
        sentence with the same text.  (No sets or objects: a memo of these costs the
        garbage collector nothing.)"""
        subject, scope, qty, times = self.subject, self.scope, self.qty, self._times
        return (self.frame, self.predicate, tuple(subject), None if scope == subject else tuple(scope),
                self.start - start, self.end - start, self.polarity, self.modality, self.hedged, self.share,
                self.value, self.approx, self.subject_resolved, self.keys, self._exception,
                None if times is None else tuple(times), None if qty is None else qty.as_tuple(), self.universal)

    @classmethod
    def from_template(cls, t: tuple, view) -> "Claim":
        """The claim ``template`` recorded, for the sentence ``view`` (a SentView) with the same text."""
        (frame, predicate, subject, scope, lo, hi, polarity, modality, hedged, share, value, approx, resolved, keys,
         exception, times, qty, universal) = t
        subject = frozenset(subject)
        start = view.start
        return cls(frame, predicate, subject, subject if scope is None else frozenset(scope), view.index, start + lo,
                   start + hi, polarity, modality, hedged, share, value, approx, resolved, keys, exception,
                   None if times is None else frozenset(times), None if qty is None else Quantity(*qty), universal,
                   view)

    def __repr__(self) -> str:
        return (f"Claim({self.frame!r}, {self.predicate!r}, subject={set(self.subject)!r}, sent={self.sent}, "
                f"polarity={self.polarity}, share={self.share}, value={self.value})")
