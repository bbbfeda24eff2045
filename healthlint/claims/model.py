"""The claim record shared by extraction and comparison."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Claim:
    """One thing a sentence asserts.

    ``subject`` and ``scope`` are sets of normalised content words; ``scope``
    adds the predicate's complement ("for children", "before the test") to
    the subject, so a claim about a narrower case has a larger scope.
    """

    frame: str  # suitability, recommendation, requirement, coverage, affordability, effectiveness, safety, frequency, quantity
    predicate: str  # what is claimed of the subject: an activity, a measure, a payer, "safe"...
    subject: frozenset
    scope: frozenset
    sent: int  # index in ctx.sentences
    start: int  # character span of the claim's clause in the text
    end: int
    polarity: int = 1  # +1 asserted, -1 denied
    modality: str = ""  # can, may, must, should, or ""
    hedged: bool = False
    share: tuple[float, float] | None = None  # frequency / coverage: share of cases, 0..1
    value: tuple[float, float] | None = None  # quantity: range in the measure's base unit
    approx: bool = False
    subject_resolved: bool = False  # subject came from a pronoun, alias or definite description
    keys: tuple = field(default_factory=tuple)  # bucket keys
    exception: bool = False  # the sentence states an exception or condition
    times: frozenset = frozenset()  # time frames the sentence names
    qty: object = None  # the Quantity behind a quantity claim
    universal: bool = False  # the clause says everyone / all / always / every
