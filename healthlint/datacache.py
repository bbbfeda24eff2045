"""Parsed data files, kept beside them the way Python keeps bytecode.

Parsing the built-in ``rules.yaml`` costs more than the rest of
``healthlint rules`` together: about 40 ms including the ``yaml`` import,
against about 1 ms to read the same data back with ``marshal``.  So the
parsed form of a data file that ships with healthlint is written once to
``__pycache__/<name>_<ext>.<python tag>.marshal`` beside the file, and read
back while the file's text is unchanged.

It follows the rules of Python's own bytecode cache:

* the cache is found the way ``importlib.util.cache_from_source`` finds a
  ``.pyc`` (so ``PYTHONPYCACHEPREFIX`` moves it too), and it is tagged with
  the interpreter (``cpython-311``), whose ``marshal`` format it uses;
* nothing is written when ``sys.dont_write_bytecode`` is set
  (``PYTHONDONTWRITEBYTECODE``) or when the folder is read-only; a cache that
  cannot be written, read or trusted is never an error, the file is simply
  parsed;
* a cache is trusted only when it holds the exact text of the file and the
  caller's ``key`` (which names the parser and its output format): an edited
  ``rules.yaml`` is parsed again on its next use;
* it is written atomically (a temporary file, then ``os.replace``), so two
  processes starting at once never see half a cache.

Only files that ship with healthlint go through here; a user's own
configuration is parsed every time (it is small, and its errors need lines).
"""
from __future__ import annotations

import marshal
import sys
from pathlib import Path
from typing import Any, Callable

from . import __version__

# Bump when what is stored changes shape (not needed for a parser's own
# change: the caller's key covers that).
_LAYOUT = 1


def cache_path(source: Path) -> Path | None:
    """Where the parsed form of ``source`` is kept, or None (no bytecode cache on this Python)."""
    import importlib.util

    stand_in = source.with_name(source.name.replace(".", "_") + ".py")
    try:
        pyc = importlib.util.cache_from_source(str(stand_in))
    except NotImplementedError:  # sys.implementation.cache_tag is None
        return None
    return Path(pyc).with_suffix(".marshal")


def load(source, parse: Callable[[str], Any], key: str) -> Any:
    """``parse(text of source)``, read back from the cache while the text is unchanged.

    ``source`` is a path, or a resource inside a zip archive (never cached).
    ``parse`` must return plain data (dicts, lists, strings, numbers, booleans,
    None).  Errors reading ``source`` and errors from ``parse`` propagate.
    """
    text = source.read_text(encoding="utf-8")
    where = cache_path(source) if isinstance(source, Path) else None
    stamp = (_LAYOUT, __version__, key)
    if where is not None:
        cached = _read(where)
        if cached is not None and cached[0] == stamp and cached[1] == text:
            return cached[2]
    data = parse(text)
    if where is not None and not sys.dont_write_bytecode:
        _write(where, (stamp, text, data))
    return data


def _read(where: Path) -> tuple | None:
    try:
        with open(where, "rb") as fh:
            cached = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if isinstance(cached, tuple) and len(cached) == 3:
        return cached
    return None


def _write(where: Path, entry: tuple) -> None:
    """Write atomically; give up silently, as Python does with a ``.pyc`` it cannot write."""
    try:
        blob = marshal.dumps(entry)
    except ValueError:  # data marshal cannot hold (a YAML date, say): parse every time
        return
    from .fileutil import atomic_write_bytes  # only on a first run: tempfile is slow to import

    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(where, blob)
    except OSError:
        pass
