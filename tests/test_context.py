"""CheckContext's cheap sentence tables agree with spaCy's own sentence Spans."""
import random

import pytest

from healthlint.nlp import get_pipeline, make_doc
from healthlint.rules.base import CheckContext


def _texts():
    fixed = ["", "   ", "Hello.  \n\n  World! Yes", "# Title\n\nOne two. Three?\n\n\n- a\n- b\n",
             "İstanbul IS big. Ok.", "\n\nTrailing space.   \n\n"]
    rng = random.Random(5)
    words = ["a", "b.", "C", "\n", "\n\n", "  ", "x!", "İ", "?", "(e.g.", "Dr.", "\t", "\u00a0", "\r\n", "\u2009",
             "\x0c", "—", "“Q.”", "é.", "-", "1.", "…", "😀"]
    texts = ["".join(rng.choice(words) + " " for _ in range(60)) for _ in range(150)]
    # (and with no space between the pieces: tokens with no trailing space)
    texts += ["".join(rng.choice(words) for _ in range(60)) for _ in range(50)]
    return fixed + texts


@pytest.mark.parametrize("text", _texts())
def test_sentence_tables_match_doc_sents(text):
    nlp = get_pipeline()
    doc = nlp(make_doc(nlp, text))
    ctx = CheckContext(doc=doc, document=None, config=None)
    expected = [s for s in doc.sents if not text[s.start_char:s.end_char].isspace()]
    assert [(s.start_char, s.end_char) for s in expected] == ctx.sentence_bounds
    assert [(s.start, s.end) for s in ctx.sentences] == [(s.start, s.end) for s in expected]
    for k, s in enumerate(expected):
        assert ctx.sentence_at(s.start_char) == k
        assert ctx.sentence_at(s.end_char - 1) == k
        assert ctx.sentence_index(s.start) == k
        assert (ctx.sentence(k).start, ctx.sentence(k).end) == (s.start, s.end)


@pytest.mark.parametrize("text", _texts()[:40])
def test_sentence_table_from_the_splitter_same_as_from_the_arrays(text):
    """The table the default splitter leaves in the Doc equals the one read from
    SENT_START (the path a trained pipeline's sentences take)."""
    from healthlint.nlp import SENTENCES_KEY

    nlp = get_pipeline()
    doc = nlp(make_doc(nlp, text))
    left = doc.user_data.get(SENTENCES_KEY)
    if len(doc):
        assert left is not None
    del_doc = nlp(make_doc(nlp, text))
    del_doc.user_data.pop(SENTENCES_KEY, None)
    from_arrays = CheckContext(doc=del_doc, document=None, config=None)._sentence_table
    assert CheckContext(doc=doc, document=None, config=None)._sentence_table == from_arrays


def test_lower_keeps_offsets():
    nlp = get_pipeline()
    text = "İstanbul and ÉCOLE and Straße."
    ctx = CheckContext(doc=nlp(make_doc(nlp, text)), document=None, config=None)
    assert len(ctx.lower) == len(text)
    assert ctx.lower.startswith("İstanbul and école and straße")


def test_lazy_pattern_compiles_on_first_use_and_acts_like_the_pattern():
    import re

    from healthlint.rules.base import LazyPattern

    lazy = LazyPattern(r"(?P<n>\d+) mg", re.IGNORECASE)
    assert lazy._rx is None  # nothing compiled at import time
    assert lazy.search("take 20 MG daily").group("n") == "20"
    assert lazy._rx is not None and lazy._rx.flags & re.IGNORECASE
    assert [m.group() for m in lazy.finditer("5 mg or 10 mg")] == ["5 mg", "10 mg"]
    assert lazy.fullmatch("5 mg") and not lazy.fullmatch("5 mg!")
