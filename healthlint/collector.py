"""The garbage collector in healthlint's own processes: the command line and its workers.

Start-up allocates about 90,000 long-lived objects the collector tracks
(spaCy's modules, the pipeline, the rules' patterns), and each collection
would walk all of them again, for nothing.  Checking a document makes no
reference cycles: its objects are freed by reference counting as soon as the
document is done.  So the command line

* pauses the collector while the pipeline and the rules are built (``pause``);
* then moves everything that exists to a permanent generation
  (``gc.freeze``) and collects again, with a first-generation threshold of
  ``BATCH_THRESHOLD`` net allocations instead of Python's 700 (``resume``):
  in a run over many articles the count of live new objects never gets that
  high, so no collection runs at all, where the default ran about 300 of them
  per 1,000 articles (0.1 s of CPU).  Were a cycle ever made, it would still
  be collected once that many objects are waiting;
* puts the thresholds back when the command ends (``restore``), which
  matters only when the command runs inside another program (tests, a
  notebook).

The Python API (``healthlint.check_text`` / ``check_paths``) never touches
the collector of the program that calls it.
"""
from __future__ import annotations

import gc

BATCH_THRESHOLD = 50_000


def pause() -> tuple[int, int, int]:
    """Stop collecting while start-up objects are made; return the thresholds to restore."""
    gc.disable()
    return gc.get_threshold()


def resume() -> None:
    """Collect again, leaving the start-up objects out of every later collection (once)."""
    if not gc.isenabled():
        gc.freeze()
        _, second, third = gc.get_threshold()
        gc.set_threshold(BATCH_THRESHOLD, second, third)
        gc.enable()


def restore(thresholds: tuple[int, int, int]) -> None:
    """The collector as it was before ``pause`` (thresholds, and on)."""
    gc.set_threshold(*thresholds)
    gc.enable()
