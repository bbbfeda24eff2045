"""Loading documents: bytes on disk to the prose healthlint lints.

A :class:`Document` keeps two strings: ``source``, the decoded file exactly as
written, and ``text``, the prose the NLP pipeline sees (markup removed for
Markdown and HTML).  An offset map ties every position in ``text`` back to
``source`` so findings point at the exact characters of the original file.
"""
from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

MAX_FILE_BYTES = 20 * 1024 * 1024
ARTICLE_SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


@dataclass
class Directive:
    """An inline suppression directive found in the document.

    ``kind`` is ``disable``, ``enable`` or ``disable-next-line``; ``rules`` is
    empty for "all rules".  ``line`` is the 1-based source line of the
    directive and ``start``/``end`` its source offsets (for reporting it).
    """

    kind: str
    rules: list[str]
    line: int
    start: int
    end: int
    reason: str | None = None


@dataclass
class Segment:
    """Text range [text_start, text_end) came from source range [src_start, src_end)."""

    text_start: int
    text_end: int
    src_start: int
    src_end: int


@dataclass
class Document:
    path: str
    source: str
    text: str
    format: str = "text"
    # Offsets in ``text`` where a new block (paragraph, heading, list item,
    # table cell...) starts: the sentence splitter never runs a sentence across one.
    block_starts: list[int] = field(default_factory=list)
    # Offsets in ``text`` of headings / list items (ranges), for rules that score prose only.
    non_prose: list[tuple[int, int, str]] = field(default_factory=list)
    # Provenance read from front matter or <meta>: author, reviewer, published,
    # last_reviewed, disclaimer...
    metadata: dict[str, Any] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)
    # None means text == source (identity mapping).
    segments: list[Segment] | None = None
    _line_starts: list[int] | None = field(default=None, repr=False)
    _seg_starts: list[int] | None = field(default=None, repr=False)

    # -- offsets -------------------------------------------------------
    def to_source(self, i: int, *, is_end: bool = False) -> int:
        """Map an offset in ``text`` to an offset in ``source``."""
        if self.segments is None:
            return i
        if self._seg_starts is None:
            self._seg_starts = [s.text_start for s in self.segments]
        k = bisect.bisect_right(self._seg_starts, i) - 1
        if is_end and k >= 0 and self.segments[k].text_start == i and k > 0:
            # An end offset at a segment boundary belongs to the previous segment.
            k -= 1
        if k < 0:
            return 0
        seg = self.segments[k]
        if seg.text_end - seg.text_start == seg.src_end - seg.src_start:
            return seg.src_start + min(i - seg.text_start, seg.src_end - seg.src_start)
        # A replaced run (an HTML entity, say): snap outward to the whole run.
        return seg.src_end if (is_end and i > seg.text_start) else seg.src_start

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        s = self.to_source(start)
        e = self.to_source(end, is_end=True)
        return s, max(s, e)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count code points."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.source)
        k = bisect.bisect_right(self._line_starts, offset) - 1
        return k + 1, offset - self._line_starts[k] + 1

    def line_start(self, line: int) -> int:
        if self._line_starts is None:
            self._line_starts = line_starts(self.source)
        return self._line_starts[min(max(line, 1), len(self._line_starts)) - 1]


_NEWLINE = re.compile(r"\r\n|\r|\n")


def line_starts(s: str) -> list[int]:
    """Offsets where each line starts; CRLF, CR and LF all end a line."""
    return [0] + [m.end() for m in _NEWLINE.finditer(s)]


# -- decoding ----------------------------------------------------------
def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse anything else."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[len(codecs.BOM_UTF8):]
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        if b"\x00" in data[:8192]:
            raise InputError(f"{path}: looks like a binary file (it contains NUL bytes); not checked")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}: not valid {encoding.upper()} (bad byte at line {line}); "
            "save it as UTF-8 or UTF-16 with a byte order mark"
        ) from None
    if "\x00" in text:
        raise InputError(f"{path}: looks like a binary file (it contains NUL characters); not checked")
    return text


def detect_encoding(data: bytes) -> str:
    """The codec name ``decode`` used, so fixes can write the file back the same way."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    return "utf-8"


def format_for(path: str) -> str:
    return ARTICLE_SUFFIXES.get(Path(path).suffix.lower(), "text")


def read_file(path: str | Path) -> bytes:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file or directory")
    if p.is_dir():
        raise InputError(f"{path}: is a directory")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path}: file is too large ({size / 1048576:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1048576} MB); not checked"
            )
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def load_document(path: str, data: bytes | None = None, fmt: str | None = None) -> Document:
    """Read and parse one article.  Raises :class:`InputError` with a clear message."""
    if data is None:
        data = read_file(path)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{path}: input is too large (limit {MAX_FILE_BYTES // 1048576} MB); not checked")
    source = decode(data, path)
    if not source.strip():
        raise InputError(f"{path}: file is empty; nothing to check")
    return parse_document(path, source, fmt or format_for(path))


def parse_document(path: str, source: str, fmt: str = "text") -> Document:
    """Turn decoded source into a Document for the given format."""
    if fmt == "markdown":
        from .markup.markdown import parse_markdown

        return parse_markdown(path, source)
    if fmt == "html":
        from .markup.html import parse_html

        return parse_html(path, source)
    return parse_plain_text(path, source)


# -- plain text --------------------------------------------------------
_PLAIN_DIRECTIVE = re.compile(
    r"^[ \t]*healthlint-(disable-next-line|disable|enable)\b([^\r\n]*)$", re.MULTILINE
)


def parse_directive_args(args: str) -> tuple[list[str], str | None]:
    """``"rule-a, rule-b -- reason"`` -> (["rule-a", "rule-b"], "reason")."""
    reason = None
    if "--" in args:
        args, reason = args.split("--", 1)
        reason = reason.strip() or None
    rules = [r.strip() for r in re.split(r"[,\s]+", args.strip()) if r.strip()]
    return rules, reason


def parse_plain_text(path: str, source: str) -> Document:
    """Plain text is linted as written; directive lines are blanked out of the prose."""
    doc = Document(path=path, source=source, text=source, format="text")
    directives = []
    text = source
    for m in _PLAIN_DIRECTIVE.finditer(source):
        rules, reason = parse_directive_args(m.group(2))
        line, _ = doc.line_col(m.start())
        directives.append(Directive(m.group(1), rules, line, m.start(), m.end(), reason))
        # Same length, so offsets stay identical: the directive is not prose.
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    doc.text = text
    doc.directives = directives
    return doc
