"""A progress bar on standard error, for long runs on a terminal.

Shown only when standard error is a terminal, ``CI`` is not set, and the
run has taken more than half a second (a pre-commit run over a few files
never flashes one).  Drawn at most ten times a second and erased at the end,
so the report that follows is clean.
"""
from __future__ import annotations

import os
import sys
import time
from typing import TextIO

DELAY = 0.5
INTERVAL = 0.1


def wanted(stream: TextIO | None = None, flag: bool | None = None) -> bool:
    """``--progress/--no-progress``, else: a terminal, and not in CI."""
    if flag is not None:
        return flag
    stream = stream or sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, label: str = "checking"):
        self.total = total
        self.stream = stream or sys.stderr
        self.label = label
        self.done = 0
        self.start = time.monotonic()
        self._last = 0.0
        self._shown = False

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.start < DELAY or (now - self._last < INTERVAL and self.done < self.total):
            return
        self._last = now
        self._draw(now)

    def line(self, now: float | None = None) -> str:
        now = now if now is not None else time.monotonic()
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        frac = self.done / self.total if self.total else 1.0
        width = 24
        filled = int(width * frac)
        bar = "#" * filled + "-" * (width - filled)
        eta = (self.total - self.done) / rate if rate > 0 else 0
        return (f"healthlint: {self.label} [{bar}] {self.done:,}/{self.total:,} files "
                f"{frac:4.0%}  {rate:,.0f} files/s  eta {int(eta) // 60}:{int(eta) % 60:02d}")

    def _draw(self, now: float) -> None:
        try:
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()
            self._shown = True
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        if self._shown:
            try:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self._shown = False
