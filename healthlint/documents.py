"""Loading documents: bytes on disk to the prose healthlint lints.

A :class:`Document` keeps two strings: ``source``, the decoded file exactly as
written, and ``text``, the prose the NLP pipeline sees (markup removed for
Markdown and HTML).  An offset map ties every position in ``text`` back to
``source`` so findings point at the exact characters of the original file.
"""
from __future__ import annotations

import bisect
import codecs
import os
import re
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter
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


_TEXT_START = attrgetter("text_start")

PROVENANCE_KEYS = ("author", "reviewer", "published", "last_reviewed", "disclaimer")

# Front-matter keys and <meta> names (lower-cased, "-", ".", ":" and " " read as "_")
# that carry each provenance field.
_PROVENANCE_ALIASES = {
    "author": ("author", "authors", "by", "byline", "writer", "written_by", "article_author",
               "dc_creator", "dcterms_creator", "citation_author"),
    "reviewer": ("reviewer", "reviewers", "reviewed_by", "reviewedby", "medical_reviewer",
                 "medically_reviewed_by", "clinical_reviewer", "fact_checked_by"),
    "published": ("published", "date", "published_date", "date_published", "datepublished",
                  "publish_date", "published_on", "pubdate", "article_published_time",
                  "dc_date", "dcterms_date", "dcterms_issued", "citation_publication_date"),
    "last_reviewed": ("last_reviewed", "lastreviewed", "last_review", "last_review_date",
                      "review_date", "reviewed", "reviewed_on", "date_reviewed", "next_review_from"),
    "disclaimer": ("disclaimer",),
}
_ALIAS_TO_KEY = {a: k for k, names in _PROVENANCE_ALIASES.items() for a in names}
_ALIAS_TO_KEY.pop("next_review_from")


class Metadata(dict):
    """Provenance fields as strings.  A missing key reads as "" (``metadata["author"]``
    never raises); ``"author" in metadata`` and ``metadata.get("author")`` tell
    whether the article declared it."""

    def __missing__(self, key):
        return ""


def _meta_string(value: Any) -> str:
    import datetime as _dt

    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        for k in ("name", "value", "text", "date"):
            if k in value:
                return _meta_string(value[k])
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(s for s in (_meta_string(v) for v in value) if s)
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def provenance_key(name: str) -> str | None:
    """The provenance field a front-matter key or <meta> name stands for, if any."""
    norm = re.sub(r"[-.:\s]+", "_", str(name).strip().lower())
    return _ALIAS_TO_KEY.get(norm)


def provenance_from_mapping(data: Any) -> Metadata:
    """Provenance fields from parsed front matter (first alias found wins)."""
    meta = Metadata()
    if not isinstance(data, dict):
        return meta
    for name, value in data.items():
        key = provenance_key(name)
        if key and key not in meta:
            text = _meta_string(value)
            if text:
                meta[key] = text
    return meta


@dataclass
class Document:
    path: str
    source: str
    text: str
    format: str = "text"
    # Offsets in ``text`` where a new block (paragraph, heading, list item,
    # table cell...) starts: the sentence splitter never runs a sentence across one.
    block_starts: list[int] = field(default_factory=list)
    # (start, end, kind) ranges in ``text`` that are not running prose, for rules
    # that score prose only; kind is "heading", "list_item", "table" (a table
    # cell) or "block_quote".  Markdown and HTML only; ranges may nest.
    non_prose: list[tuple[int, int, str]] = field(default_factory=list)
    # Provenance read from front matter or <meta>: author, reviewer, published,
    # last_reviewed, disclaimer...
    metadata: dict[str, Any] = field(default_factory=Metadata)
    directives: list[Directive] = field(default_factory=list)
    # None means text == source (identity mapping).
    segments: list[Segment] | None = None
    _line_starts: list[int] | None = field(default=None, repr=False)
    _seg_starts: list[int] | None = field(default=None, repr=False)
    _seg_src_starts: list[int] | None = field(default=None, repr=False)

    # -- offsets -------------------------------------------------------
    def to_source(self, i: int, *, is_end: bool = False) -> int:
        """Map an offset in ``text`` to an offset in ``source``."""
        if self.segments is None:
            return i
        if self._seg_starts is None:
            self._seg_starts = list(map(_TEXT_START, self.segments))
        k = bisect.bisect_right(self._seg_starts, i) - 1
        if is_end and k >= 0 and self.segments[k].text_start == i and k > 0:
            # An end offset at a segment boundary belongs to the previous segment.
            k -= 1
        if k < 0:
            return 0
        seg = self.segments[k]
        if seg.text_end - seg.text_start == seg.src_end - seg.src_start:
            return seg.src_start + min(i - seg.text_start, seg.src_end - seg.src_start)
        if seg.src_start == seg.src_end and not is_end and k + 1 < len(self.segments):
            # Inside a block separator (no source of its own): start at the next block.
            return self.segments[k + 1].src_start
        # A replaced run (an HTML entity, say): snap outward to the whole run.
        return seg.src_end if (is_end and i > seg.text_start) else seg.src_start

    def to_text(self, src: int) -> int:
        """The first offset in ``text`` whose source position is at or after ``src``."""
        if self.segments is None:
            return min(max(src, 0), len(self.text))
        if self._seg_src_starts is None:
            self._seg_src_starts = [s.src_start for s in self.segments]
        k = bisect.bisect_right(self._seg_src_starts, src) - 1
        if k < 0:
            return 0
        seg = self.segments[k]
        if src < seg.src_end:
            if seg.text_end - seg.text_start == seg.src_end - seg.src_start:
                return seg.text_start + (src - seg.src_start)
            return seg.text_start if src <= seg.src_start else seg.text_end
        return seg.text_end

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

    def source_line(self, line: int) -> str:
        """The text of 1-based source ``line`` without its line ending."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.source)
        start = self.line_start(line)
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.source)
        return self.source[start:end].rstrip("\r\n")

    def line_start(self, line: int) -> int:
        if self._line_starts is None:
            self._line_starts = line_starts(self.source)
        return self._line_starts[min(max(line, 1), len(self._line_starts)) - 1]


_NEWLINE = re.compile(r"\r\n|\r|\n")


def line_starts(s: str) -> list[int]:
    """Offsets where each line starts; CRLF, CR and LF all end a line.

    Without a CR, the running sum of the lengths of ``s.split("\\n")`` (plus one
    for each LF) gives them with no Python work per line.
    """
    if "\r" not in s:
        return list(accumulate(map((1).__add__, map(len, s.split("\n")[:-1])), initial=0))
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
    """The file's bytes: one ``open`` (and ``fstat`` for the size limit) per file."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise InputError(
                    f"{path}: file is too large ({size / 1048576:.1f} MB; the limit is "
                    f"{MAX_FILE_BYTES // 1048576} MB); not checked"
                )
            return fh.read(MAX_FILE_BYTES + 1)  # (a pipe or device has no size: read past the limit, then stop)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as exc:
        if os.path.isdir(path):  # (IsADirectoryError; PermissionError on Windows)
            raise InputError(f"{path}: is a directory") from None
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


# -- building prose with an offset map -------------------------------
class TextBuilder:
    """Accumulates ``Document.text`` from pieces of the source, keeping the offset map.

    ``copy`` takes source characters as they are (an equal-length segment, merged
    with the previous one when both are contiguous); ``replace`` puts different
    text for a source run (a decoded entity, a line break); ``block`` starts a new
    block (heading, paragraph, list item, table cell), separated by a blank line.
    """

    def __init__(self, source: str):
        self.source = source
        self.parts: list[str] = []
        self.segments: list[Segment] = []
        self.block_starts: list[int] = []
        self.length = 0
        self.src_pos = 0  # source position after the last piece
        self._at_block_start = True

    def copy(self, src_start: int, src_end: int) -> None:
        if src_end <= src_start:
            return
        text = self.source[src_start:src_end]
        n = src_end - src_start
        last = self.segments[-1] if self.segments else None
        if (last is not None and last.src_end == src_start and last.text_end == self.length
                and last.text_end - last.text_start == last.src_end - last.src_start):
            last.text_end += n
            last.src_end = src_end
        else:
            self.segments.append(Segment(self.length, self.length + n, src_start, src_end))
        self.parts.append(text)
        self.length += n
        self.src_pos = src_end
        if not text.isspace():
            self._at_block_start = False

    def replace(self, text: str, src_start: int, src_end: int) -> None:
        if not text:
            return
        if len(text) == src_end - src_start and text == self.source[src_start:src_end]:
            self.copy(src_start, src_end)
            return
        self.segments.append(Segment(self.length, self.length + len(text), src_start, src_end))
        self.parts.append(text)
        self.length += len(text)
        self.src_pos = max(self.src_pos, src_end)
        if not text.isspace():
            self._at_block_start = False

    def block(self) -> None:
        """End the current block: the next text starts a new one (after a blank line)."""
        if self._at_block_start:
            return
        self.replace("\n\n", self.src_pos, self.src_pos)
        self.block_starts.append(self.length)
        self._at_block_start = True

    def content_end(self) -> int:
        """``length`` without the block separator that may end the text so far."""
        if self._at_block_start and self.block_starts and self.block_starts[-1] == self.length:
            return self.length - 2
        return self.length

    @property
    def at_block_start(self) -> bool:
        return self._at_block_start

    def text(self) -> str:
        return "".join(self.parts)

    def into(self, doc: "Document") -> "Document":
        doc.text = self.text()
        doc.segments = self.segments
        doc.block_starts = self.block_starts
        return doc


# -- directives ----------------------------------------------------------
_COMMENT_DIRECTIVE = re.compile(r"^\s*healthlint-(disable-next-line|disable|enable)(?![\w-])(.*)$", re.DOTALL)


def comment_directive(comment_body: str, start: int, end: int, line: int) -> Directive | None:
    """A Directive from the inside of an HTML comment (``<!-- ... -->``), if it is one."""
    m = _COMMENT_DIRECTIVE.match(comment_body)
    if not m:
        return None
    rules, reason = parse_directive_args(" ".join(m.group(2).split()))
    return Directive(m.group(1), rules, line, start, end, reason)


# -- plain text --------------------------------------------------------
# A directive on a line of its own; lines may end with LF, CRLF or CR.
_PLAIN_DIRECTIVE = re.compile(
    r"(?:\A|(?<=[\r\n]))[ \t]*healthlint-(disable-next-line|disable|enable)(?![\w-])([^\r\n]*)"
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
    pieces = []
    last = 0
    for m in _PLAIN_DIRECTIVE.finditer(source):
        rules, reason = parse_directive_args(m.group(2))
        line, _ = doc.line_col(m.start())
        directives.append(Directive(m.group(1), rules, line, m.start(), m.end(), reason))
        # Same length, so offsets stay identical: the directive is not prose.
        pieces.append(source[last:m.start()])
        pieces.append(" " * (m.end() - m.start()))
        last = m.end()
    if directives:
        pieces.append(source[last:])
        doc.text = "".join(pieces)
    doc.directives = directives
    return doc
