"""HTML articles (placeholder: treated as plain text until the HTML parser lands)."""
from __future__ import annotations

from ..documents import Document, parse_plain_text


def parse_html(path: str, source: str) -> Document:
    doc = parse_plain_text(path, source)
    doc.format = "html"
    return doc
