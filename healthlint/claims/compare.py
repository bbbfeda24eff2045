"""Comparing claims: buckets, the conflict test, and a confidence score.

Claims are indexed by their bucket keys (frame, predicate, subject word), and
each new claim is compared only with earlier claims in its own buckets (at
most ``max_compare`` of them per bucket), so the cost grows linearly with the
document.  Two claims conflict when:

* polar frames (suitability, recommendation, requirement, affordability,
  effectiveness, safety): opposite polarity, and the denied claim's scope is
  the asserted claim's scope or more general ("no need to fast before this
  test" denies "must fast for eight hours before the test"; "not safe for
  children" does not deny "safe for adults");
* coverage and frequency: the shares of cases they claim cannot overlap
  ("most plans cover" vs "insurance rarely covers"; "some plans do not cover"
  overlaps "most plans cover");
* quantity: the same measure (and rate) of the same subject with values that
  differ beyond the tolerance after unit conversion.

Claims whose subject is implicit (a pronoun, a definite description, or the
reader: "you need to...", "anesthesia is not needed") are compared only
within ``implicit_subject_window`` sentences: what they refer to is local.
Nothing conflicts when either sentence states an exception or condition, or
when the two name different time frames.  Confidence is the frame's base
minus penalties (hedged claim, subject resolved from a pronoun or definite
description, a narrower scope, claims far apart).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from .extraction import READER
from .model import Claim
from .quantities import conflict as quantity_conflict

POLAR = {"suitability", "recommendation", "requirement", "affordability", "effectiveness", "safety"}


def disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] < b[0] or b[1] < a[0]


def score(a: Claim, b: Claim, o: dict[str, Any]) -> float | None:
    """Confidence that earlier claim ``a`` and later claim ``b`` cannot both be true (None: they can)."""
    if a.frame != b.frame or a.predicate != b.predicate or a.sent == b.sent:
        return None
    implicit = a.subject_resolved or b.subject_resolved or a.subject == READER or b.subject == READER
    if implicit and b.sent - a.sent > o["implicit_subject_window"]:
        return None  # "it", "the test", "you need...": what they refer to is local
    pen = o["penalties"]
    penalty = 0.0
    if a.frame in POLAR:
        if a.polarity == b.polarity:
            return None
        p, n = (a, b) if a.polarity > 0 else (b, a)
        if not (p.subject & n.subject):
            return None
        if n.universal and not p.universal:
            return None  # "not effective for everyone" denies "all", not "effective"
        if n.scope == p.scope:
            pass
        elif n.scope < p.scope:
            penalty += pen["partial_scope"]
        else:
            return None
        if p.subject != n.subject:
            penalty += pen["partial_subject"]
    elif a.frame == "coverage":
        if a.share is None or b.share is None or not disjoint(a.share, b.share):
            return None
        if a.subject != b.subject:
            if not (a.subject < b.subject or b.subject < a.subject):
                return None
            penalty += pen["partial_subject"]
    elif a.frame == "frequency":
        if a.scope != b.scope or a.share is None or b.share is None or not disjoint(a.share, b.share):
            return None
    elif a.frame == "quantity":
        if a.subject != b.subject or a.qty is None or b.qty is None:
            return None
        tol = o["measure_tolerance"].get(a.qty.measure, o["tolerance"])
        if not quantity_conflict(a.qty, b.qty, tol, o["approx_tolerance"]):
            return None
    else:
        return None
    # (read last: the sentences' exceptions and time frames are computed only for a pair
    # that would otherwise conflict; every test here only returns None, so the order is free)
    if a.exception or b.exception or a.times != b.times:
        return None
    if a.hedged or b.hedged:
        penalty += pen["hedge"]
    if a.subject_resolved or b.subject_resolved:
        penalty += pen["resolved_subject"]
    if b.sent - a.sent > o["far_apart_sentences"]:
        penalty += pen["far_apart"]
    return round(o["frame_confidence"].get(a.frame, 0.0) - penalty, 3)


def conflicts(claims: Iterable[Claim], o: dict[str, Any]) -> list[tuple[float, Claim, Claim]]:
    """The best conflict (at or above the threshold) for each later sentence, in text order."""
    threshold = o["threshold"]
    limit = o["max_compare"]
    buckets: dict[tuple, list[Claim]] = defaultdict(list)
    best: dict[int, tuple[float, Claim, Claim]] = {}
    for c in claims:
        seen: set[int] = set()
        for key in c.keys:
            bucket = buckets[key]
            for a in bucket[-limit:]:
                if id(a) in seen:
                    continue
                seen.add(id(a))
                s = score(a, c, o)
                if s is None or s < threshold:
                    continue
                cur = best.get(c.sent)
                if cur is None or s > cur[0] or (s == cur[0] and a.sent > cur[1].sent):
                    best[c.sent] = (s, a, c)
        for key in c.keys:
            buckets[key].append(c)
    return [best[k] for k in sorted(best)]
