"""The default pipeline: healthlint's array-based components give exactly the
annotations of spaCy's stock ``sentencizer`` + ``attribute_ruler`` +
``lemmatizer`` (lookup), and sentences break where the layout says so."""
from __future__ import annotations

import pytest

from healthlint.documents import parse_document
from healthlint.nlp import build_reference_pipeline, get_pipeline, line_break_offsets, make_doc
from healthlint.rules.base import CheckContext

TEXTS = [
    "",
    " ",
    "\n\n",
    "...",
    "Hi.",
    "Dr. Smith said: \"Take it twice a day.\" Then stop! Really?! (Yes.) ok",
    "Overview\nAsthma affects the airways. It is common in children.\n\n"
    "## Symptoms\n- wheezing\n- a dry cough\n1. Call your GP\n2) Keep a diary\n",
    "A hard-wrapped paragraph keeps\nits sentence across the line break, and\nthis one too.\n",
    "Heading With No Stop\n2024 figures show 12% of adults are on it; no one is off it.\n",
    "Ends with a colon:\nnext line starts lower.\nQuote ends here.”\nAnd next.",
    "   \n\t\n  Indented after blanks. I'm sure they've gone; we'd said so.\n\r\nWindows line.\r\nMore.",
    "Pharmacies sold 3,400 doses in 2019 — up 12.5% — and the studies were done by the NHS…\n\n\n",
    "“Most patients feel better,” says Dr. Lee.  Two  spaces.   Three.\n•\tbullet\n· dot\n– dash item",
]


@pytest.fixture(scope="module")
def pipelines():
    return get_pipeline(), build_reference_pipeline()


def _annotations(doc):
    return [(t.i, t.is_sent_start, t.pos_, t.lemma_) for t in doc]


@pytest.mark.parametrize("text", TEXTS)
def test_same_annotations_as_spacy_components(pipelines, text):
    fast, ref = pipelines
    a = fast(make_doc(fast, text))
    b = ref(make_doc(ref, text))
    assert [t.text for t in a] == [t.text for t in b]
    assert _annotations(a) == _annotations(b)


def test_same_annotations_as_spacy_components_on_random_texts(pipelines):
    """Random mixes of words, punctuation, odd whitespace (tabs, NBSP, thin spaces,
    form feeds, CRLF), pieces glued with no space, and block starts: the one-pass
    annotator (offsets from lengths and spaces, a table per word) agrees with
    spaCy's stock components token by token."""
    import random

    fast, ref = pipelines
    rng = random.Random(23)
    pieces = ["a", "B", "cat.", "Dr.", "U.S.", "!", "?!", "...", "…", "“Q.”", "(x)", "12.5%", "—", "-", "\n", "\n\n",
              "  ", "\t", "\u00a0", "\u2009", "\x0c", "\r\n", "İ", "é.", "😀", "don't", "#", "1.", "- ", "•"]
    for _ in range(300):
        sep = rng.choice([" ", ""])
        text = sep.join(rng.choice(pieces) for _ in range(rng.randint(0, 50)))
        blocks = sorted(rng.sample(range(len(text) + 1), min(2, len(text) + 1)))
        a = fast(make_doc(fast, text, blocks))
        b = ref(make_doc(ref, text, blocks))
        assert _annotations(a) == _annotations(b), repr(text)


def test_same_annotations_with_block_starts(pipelines):
    fast, ref = pipelines
    text = "Title text\nbody starts here and goes on. More body\nsecond half"
    starts = [0, 11, 44, -3, 5, len(text), len(text) + 10]
    a = fast(make_doc(fast, text, starts))
    b = ref(make_doc(ref, text, starts))
    assert _annotations(a) == _annotations(b)
    assert [s.text for s in a.sents][1].startswith("body")


def test_markdown_article_matches_reference(pipelines):
    fast, ref = pipelines
    source = ("# Living with gout\n\nGout is a **common** form of arthritis. See [the NHS](https://nhs.uk).\n\n"
              "## Treatment\n\n- Rest the joint\n- Take ibuprofen with food\n\nMost attacks pass in 3 days.\n")
    document = parse_document("a.md", source, "markdown")
    a = fast(make_doc(fast, document.text, document.block_starts))
    b = ref(make_doc(ref, document.text, document.block_starts))
    assert _annotations(a) == _annotations(b)


def test_closed_class_words_that_yaml_reads_as_booleans_are_tagged(pipelines):
    fast, _ = pipelines
    doc = fast(make_doc(fast, "Put it on or off; no one knows. True or false."))
    pos = {t.lower_: t.pos_ for t in doc}
    assert pos["on"] == "ADP" and pos["off"] == "ADP" and pos["no"] == "DET"
    assert pos["true"] == "" and pos["false"] == ""


def test_lemmas_and_pos(pipelines):
    fast, _ = pipelines
    doc = fast(make_doc(fast, "The children were taking their medicines"))
    assert [t.lemma_ for t in doc] == ["The", "child", "be", "take", "their", "medicine"]
    assert [t.pos_ for t in doc] == ["DET", "", "AUX", "", "PRON", ""]


def test_line_breaks():
    text = "Heading\nFirst line of prose wraps\nonto this line.\n\nNew para\n- item\n"
    offsets = line_break_offsets(text)
    assert text.index("First") in offsets  # capitalised line after a line without a stop
    assert text.index("onto") not in offsets  # a hard wrap
    assert text.index("New") in offsets  # after a blank line
    assert text.index("- item") in offsets  # a list item


def _line_break_offsets_by_regex(text, block_starts=()):
    """The first implementation (a regex per line break), kept as the reference."""
    import re

    from healthlint.nlp import _BULLET, _FINAL, _NO_HEADING

    starts = set(block_starts)
    n = len(text)
    for m in re.finditer(r"\n[ \t\r]*", text):
        nxt = m.end()
        if nxt >= n or text[nxt] == "\n":
            continue
        brk = m.start()
        prev = text[text.rfind("\n", 0, brk) + 1:brk].strip()
        if not prev or prev[-1] in _FINAL or _BULLET.match(text, nxt):
            starts.add(nxt)
        elif (text[nxt].isupper() or text[nxt].isdigit()) and prev[-1] not in _NO_HEADING:
            starts.add(nxt)
    return sorted(starts)


def test_line_breaks_same_as_the_regex_reference():
    import random

    rng = random.Random(11)
    pieces = ["\n", "\n\n", " ", "\t", "\r", "\x0c", "\u00a0", "word", "Word", "end.", "colon:", "comma,",
              "(", "- ", "* ", "1. ", "12) ", "#", "2024", "“quote”", "İ", "\r\n", "  \n", "-\n", "—"]
    texts = TEXTS + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    for text in texts:
        blocks = sorted(rng.sample(range(len(text) + 1), min(3, len(text) + 1)))
        assert line_break_offsets(text) == _line_break_offsets_by_regex(text), repr(text)
        assert line_break_offsets(text, blocks) == _line_break_offsets_by_regex(text, blocks), repr(text)


def test_sentences_never_cross_a_heading(pipelines):
    fast, _ = pipelines
    doc = fast(make_doc(fast, "Symptoms\nMost people cough. Some wheeze\n\nTreatment\nRest helps."))
    assert [s.text.strip() for s in doc.sents] == [
        "Symptoms", "Most people cough.", "Some wheeze", "Treatment", "Rest helps."]


def test_context_text_and_sentences(pipelines):
    fast, _ = pipelines
    text = "One sentence.\n\n\nTwo sentence!  \n"
    doc = fast(make_doc(fast, text))
    ctx = CheckContext(doc=doc, document=parse_document("<text>", text), config=None)
    assert ctx.text == doc.text == text
    assert [s.text for s in ctx.sentences] == [s.text for s in doc.sents if not s.text.isspace()]
    # A Doc made without make_doc still works (the text is joined from tokens).
    plain = fast("Alpha. Beta.")
    assert CheckContext(doc=plain, document=None, config=None).text == "Alpha. Beta."


def test_one_pipeline_per_process():
    assert get_pipeline() is get_pipeline()


def test_long_document_is_linear(pipelines):
    """A 5 MB article finishes, and its sentences come out."""
    fast, _ = pipelines
    para = "Most people with asthma cough at night. Inhalers help.\n\n"
    text = para * (5_000_000 // len(para))
    doc = fast(make_doc(fast, text))
    assert sum(1 for _ in doc.sents) >= 2 * (len(text) // len(para))


def test_word_table_merges_and_restarts_without_changing_annotations(pipelines):
    """New words are merged into the annotator's sorted table in batches (after
    MERGE_EVERY new words, or a document with MERGE_MISSES tokens outside the
    table), and a full table starts again: none of it may change a sentence
    start, a lemma or a part of speech."""
    from healthlint.nlp import Annotator

    fast, ref = pipelines
    for merge_every, merge_misses in ((3, 10**9), (10**9, 4)):
        annotator = Annotator(fast.vocab)
        annotator.MERGE_EVERY, annotator.MERGE_MISSES, annotator.MAX_WORDS = merge_every, merge_misses, 10
        merges = restarts = widest = 0
        for text in TEXTS * 2:
            before = len(annotator.orths)
            a = annotator(make_doc(fast, text))
            b = ref(make_doc(ref, text))
            assert _annotations(a) == _annotations(b), text
            merges += len(annotator.orths) > before
            restarts += len(annotator.orths) < before
            # bounded: a restart keeps only the words waiting to be merged
            widest = max(widest, len({t.orth for t in a}))
            assert len(annotator.orths) <= annotator.MAX_WORDS + min(merge_every, 10**6) + widest
            assert list(annotator.orths) == sorted(annotator.orths)
        assert merges and restarts
