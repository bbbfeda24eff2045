"""Parsers that turn marked-up articles (Markdown, HTML) into prose with an offset map."""
