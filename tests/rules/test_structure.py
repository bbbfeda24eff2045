"""The line classifier (healthlint/structure.py): its shortcut (list-wide rules for most
lines, the decision chain only where a whole-text scan says it may matter) gives exactly
what the decision chain run on every line gives."""
from __future__ import annotations

import random

import pytest

from conftest import FIXTURES, get_linter
from healthlint.documents import load_document
from healthlint.nlp import make_doc
from healthlint.rules.base import CheckContext
from healthlint.structure import classify

RULE = "page-boilerplate"


def context_of(document) -> CheckContext:
    linter = get_linter([RULE, "readability"])
    doc = linter.nlp(make_doc(linter.nlp, document.text, document.block_starts))
    return CheckContext(doc=doc, document=document, config=linter.resolver.for_file(None))


def columns(st):
    return (st.starts, st.ends, st.kinds, st.words, st.shapes, st.widgets, st.phrases, st.residue_runs)


def assert_same(document):
    fast = classify(context_of(document))
    full = classify(context_of(document), _every_line=True)
    assert columns(fast) == columns(full), document.path
    return fast


FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".md", ".html"))


def test_there_are_fixtures_to_compare():
    assert len(FIXTURE_FILES) > 50


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_shortcut_matches_every_line_on_fixtures(path):
    assert_same(load_document(str(path)))


# Lines of every kind the classifier tells apart, and near misses of each.
LINES = [
    "Naloxone can reverse an opioid overdose, so keep it where family members can find it.",
    "Outpatient programs let people keep working while they are",
    "treated.",
    "substance use disorder and offer structured treatment for",
    "It helps.", "Why it matters", "Signs And Symptoms Of Withdrawal", "WHAT TO EXPECT",
    "- Fever", "* Rash and itching", "• Nausea", "1. Call your doctor", "12) Rest", "-not a bullet",
    "1. Call your doctor if the fever lasts more than three days.", "• Keep it where family members can find it.",
    "By law, pharmacies must give you the leaflet with the medicine.", "3 ways to rest",
    "2020 was a hard year for many families, and the clinic saw more patients than ever before.",
    "By Jane Doe, RN", "by the way this is prose.", "Written by Dr. Sam Lee", "Last reviewed: 3 March 2024",
    "Jane Doe, RN", "Jane Doe, MD, PhD", "Jane Doe, RN, checked every dose in this article for us.", "Mary Ann Smith, DO", "Then, DO it again.", "Sources", "References",
    "SAMHSA National Helpline: 1-800-662-4357", "Visit www.example.org for more", "Email help@example.org",
    "Call 988 any time", "Like 12  Share  Tweet", "👍 3 ❤️ 1", "Share | Tweet | Email", "Home > Treatment > IOP",
    "Guides · Naloxone · Support", "12", "3 4", "Posted in Addiction, Recovery", "Leave a reply",
    "Your email address will not be published.", "Related Posts", "Read more about naloxone",
    "We use cookies to improve your experience.", "Tags: opioids, naloxone", "Reply", "Comments",
    "People often like to share what worked for them with friends.", "Print this page", "Follow us",
    "It’s fine to ask, and don’t worry about the cost.", "Don't stop taking it without advice.",
    "    indented line that goes on", "\t- tabbed bullet", "", "", "   ",
    "A very long line " + "with many words " * 12 + "and no end",
    "A long sentence that ends properly " + "and keeps going " * 8 + "here.",
]


def generated(seed: int) -> str:
    rng = random.Random(seed)
    out = []
    for _ in range(rng.randint(1, 40)):
        line = rng.choice(LINES)
        if rng.random() < 0.1:
            line = line.upper() if rng.random() < 0.5 else line.lower()
        if rng.random() < 0.1:
            line = rng.choice(["  ", "\t", "\u00a0"]) + line
        if rng.random() < 0.1:
            line += rng.choice([".", ":", " ", "!", "”", ","])
        out.append(line)
    return "\n".join(out) + rng.choice(["", "\n", "\n\n"])


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_shortcut_matches_every_line_on_generated_documents(fmt):
    from healthlint.documents import parse_document

    kinds = set()
    for seed in range(300):
        source = generated(seed)
        if fmt == "html":
            source = "<html><body>" + "".join(f"<p>{ln}</p>\n" if ln.strip() else "\n" for ln in source.split("\n")) + "</body></html>"
        st = assert_same(parse_document(f"gen-{seed}", source, fmt))
        kinds.update(st.kinds)
    # The generated lines reach the kinds the shortcut leaves to the chain.
    if fmt == "text":
        assert {"prose", "heading", "list_item", "meta", "contact", "residue", "reference", "blank"} <= kinds


def test_lines_are_built_from_the_columns():
    from healthlint.documents import parse_document

    st = classify(context_of(parse_document("x", "Heading\n\nSome prose that reads as a sentence, with words.\n")))
    assert [(ln.start, ln.end, ln.kind) for ln in st.lines] == list(zip(st.starts, st.ends, st.kinds))
    assert st.kind_at(10) == "prose" and st.line_number(10) == 2 and st.line_at(0).kind == "heading"


def test_line_words_match_the_word_pattern_line_by_line():
    from healthlint.structure import _WORD, _line_words

    rng = random.Random(7)
    alphabet = "abcXYZ  ’'-.,\n\n\t\x00\x01–“é9_²"
    paths = set()
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        lines = text.split("\n")
        got, as_bytes, wide = _line_words(text, lines)
        assert wide == {ch for ch in text if not ch.isascii()}
        if as_bytes:
            got = [[w.decode("utf-8") for w in ws] for ws in got]
        assert got == [_WORD.findall(line) for line in lines], text
        paths.add((as_bytes, "'" in text or "’" in text))
    assert len(paths) == 4  # every way of finding the words was tried


def test_phrase_key_runs():
    from healthlint.structure import _key_needles, _key_runs, _phrase_needles

    keys, runless = _key_runs(["Leave a reply", "posted in", "more from", " ", "24/7"])
    # One run of each phrase with letters, the longest that is not a function word.
    assert len(keys) == 3 and keys & {"leave", "reply"} and {"posted", "more"} <= keys and runless == ("24/7",)
    # A line where "share this article" matches holds "article" and the needle "share this".
    phrases = ["share this", "share this article", "more from"]
    assert _key_needles(phrases, _phrase_needles(phrases)) == {
        b"share": ("share this",), b"article": ("share this",), b"more": ("more from",)}
