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


WRAPPED_BYLINE_WORDS = (
    "Managing blood pressure at home\n\n"
    "Many people can lower their blood pressure over a few months, mostly\n"
    "by eating less salt, moving more and taking the medicines their doctor\n"
    "prescribes. Readings taken at home are often lower than readings taken\n"
    "published guidance from heart charities, which most clinics follow.\n"
    "\n"
    "By Jane Doe, RN\n"
    "Last reviewed: 3 March 2026\n"
    "\n"
    "The pharmacist can check the cuff fits; the reading is then more reliable and\n"
    "updated every visit.\n"
)


@pytest.mark.parametrize("every_line", [False, True])
def test_a_wrapped_line_opening_with_a_lowercase_byline_word_is_prose(every_line):
    """"...mostly\nby eating less salt" goes on with the sentence; "By Jane Doe, RN" is a byline."""
    from healthlint.documents import parse_document

    st = classify(context_of(parse_document("x.txt", WRAPPED_BYLINE_WORDS)), _every_line=every_line)
    kinds = dict(zip(WRAPPED_BYLINE_WORDS.split("\n"), st.kinds))
    assert kinds["by eating less salt, moving more and taking the medicines their doctor"] == "prose"
    assert kinds["published guidance from heart charities, which most clinics follow."] == "prose"
    assert kinds["updated every visit."] == "prose"
    assert kinds["By Jane Doe, RN"] == "meta"
    assert kinds["Last reviewed: 3 March 2026"] == "meta"


def test_a_lowercase_byline_word_after_a_finished_sentence_stays_a_byline():
    from healthlint.documents import parse_document

    text = "Sleep and memory\n\nSleep helps the brain store what was learned during the day.\nby Jane Doe\n"
    st = classify(context_of(parse_document("x.txt", text)))
    assert dict(zip(text.split("\n"), st.kinds))["by Jane Doe"] == "meta"


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
    # One run of each phrase with letters, the longest that is not a function word; "more"
    # (on lines of most articles) is no key: "more from" is searched for directly.
    assert len(keys) == 2 and keys & {"leave", "reply"} and "posted" in keys and runless == ("24/7", "more from")
    # A run that is not a very common word before one that is, however long; of two very
    # common ones, the less common.
    keys, runless = _key_runs(["share this article", "next post", "you may also like", "back to top"])
    assert keys == {"share", "post", "like", "top"} and runless == ()
    # A line where "share this article" matches holds "share" and the needle "share this".
    phrases = ["share this", "share this article", "more from", "was this article helpful"]
    assert _key_needles(phrases, _phrase_needles(phrases)) == {
        b"share": ("share this",), b"helpful": ("was this article helpful",)}


def test_shortcut_matches_every_line_on_lines_made_of_phrase_words():
    """Lines made of the template phrases' words (the runs the key choice ranks), in any
    order and case, with apostrophes and punctuation: the phrase shortcut (key runs, direct
    search) finds every line the phrase tests find on every line."""
    from healthlint.documents import parse_document
    from healthlint.structure import _LETTERS, _settings

    ctx = context_of(parse_document("x", "x\n"))
    opts, _ = _settings(ctx)
    phrases = opts["residue_phrases"] + opts["widget_phrases"]
    words = sorted({r for p in phrases for r in _LETTERS.findall(p.lower())})
    rng = random.Random(11)
    found = 0
    for seed in range(300):
        lines = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.4:
                line = rng.choice(phrases)
            else:
                line = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
            if rng.random() < 0.3:
                line = line.title() if rng.random() < 0.5 else line.upper()
            if rng.random() < 0.2:
                line = line.replace(" ", rng.choice(["'", "’", "  ", "-"]), 1)
            if rng.random() < 0.3:
                line = rng.choice(["", "Home | ", "12 ", "- "]) + line + rng.choice(["", ".", ":", " 3", "s"])
            lines.append(line)
        st = assert_same(parse_document(f"phr-{seed}", "\n".join(lines) + "\n", "text"))
        found += sum(1 for p in st.phrases if p)
    assert found > 500  # the lines do hold phrases


def reference_markup_lines(starts, raws, ranges):
    """The parser's kind of each non-blank line, line by line: the kind of the first range,
    among the last one starting at or before the line's first non-space character and the 7
    before it, that holds that character (the reference ``_markup_lines`` is compared with)."""
    from healthlint.structure import _MARKUP_KINDS

    ranges = sorted(r for r in ranges if r[2] in _MARKUP_KINDS)
    out = {}
    for i, raw in enumerate(raws):
        if not raw.strip():
            continue
        pos = starts[i] + len(raw) - len(raw.lstrip())
        k = sum(1 for r in ranges if r[0] <= pos)  # ranges starting at or before it
        for j in range(k - 1, max(k - 9, -1), -1):
            if ranges[j][0] <= pos < ranges[j][1]:
                out[i] = _MARKUP_KINDS[ranges[j][2]]
                break
    return out


def test_markup_lines_match_the_line_by_line_reference():
    from types import SimpleNamespace

    from healthlint.structure import _markup_lines

    rng = random.Random(11)
    kinds = ["heading", "list_item", "code", "table", "front_matter", "html", "emphasis", "link"]
    shapes = set()
    for _ in range(20000):
        text = "".join(rng.choice("ab  \n\n\t") for _ in range(rng.randint(0, 40)))
        raws = text.split("\n")
        bounds = [0]
        for raw in raws:
            bounds.append(bounds[-1] + len(raw) + 1)
        size = rng.choice([2, 12])  # mostly one-line ranges, or ranges over several lines
        ranges = [(s, s + rng.randint(-2, size), rng.choice(kinds))
                  for s in (rng.randint(-1, len(text) + 2) for _ in range(rng.randint(0, 12)))]
        ctx = SimpleNamespace(document=SimpleNamespace(non_prose=ranges))
        got, has = _markup_lines(ctx, bounds, raws, [raw.strip() for raw in raws])
        assert got == reference_markup_lines(bounds, raws, ranges), (text, ranges)
        assert list(got) == sorted(got)
        assert has == any(r[2] in kinds[:6] for r in ranges)
        shapes.add((size, bool(got)))
    assert len(shapes) == 4


def test_only_dotted_capital_i_lengthens_when_lowercased():
    # _lowered_of takes ctx.lower as text.lower() when the text holds no "İ".
    assert [c for c in range(0x110000) if len(chr(c).lower()) != 1] == [0x130]


def test_lowered_from_the_context_matches_lowered():
    from types import SimpleNamespace

    from healthlint.structure import _lowered, _lowered_of

    rng = random.Random(13)
    for _ in range(5000):
        text = "".join(rng.choice("aBİıſSK\u212a é\n") for _ in range(rng.randint(0, 12)))
        ctx = SimpleNamespace(lower=CheckContext.lower.func(SimpleNamespace(text=text)))
        assert _lowered_of(ctx, text) == _lowered(text), text


def test_contact_test_by_parts_matches_the_whole_pattern():
    from healthlint.structure import _CONTACT, _is_contact, _lowered

    rng = random.Random(23)
    tokens = ["1", "800", "-", ".", " ", "(", ")", "555", "1234", "HELP", "call", "Text", "DIAL", "http", "s",
              "://", "www", "WWW.", "example", ".com", ".Org", ".uk", ".UK", "x", "@", "a_b", "-z", "İ", "ı", "ſ",
              "\u212a", ".gov", "nz", "é", "\t", "٣٤٥", "info"]
    hits = 0
    for _ in range(30000):
        raw = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 10)))
        body = raw.strip()
        want = _CONTACT.search(body) is not None
        assert _is_contact(body, _lowered(raw)) == want, raw
        assert _is_contact(body, None) == want
        hits += want
    assert 3000 < hits < 27000


def test_grouped_line_start_pattern_finds_the_lines_one_alternative_each_finds():
    import re

    from healthlint.structure import _BULLET_FIRST, _heads_pattern

    rng = random.Random(31)
    words = ["by", "written by", "author", "authors", "a", "updated", "up", "", "date", "Dated", "-x"]
    for _ in range(3000):
        starts = rng.sample(words, rng.randint(0, 6))
        plain = re.compile(r"\n[^\S\n]*(?:[" + re.escape(_BULLET_FIRST) + r"]|\d"
                           + "".join("|" + re.escape(k.lower()) for k in starts) + ")")
        grouped = re.compile(_heads_pattern(starts))
        text = "\n" + "".join(rng.choice(["\n", " ", "\t", "a", "by", "up", "dated", "-", "•", "7", "x", "author"])
                              for _ in range(rng.randint(0, 30))).lower()
        assert [m.start() for m in grouped.finditer(text)] == [m.start() for m in plain.finditer(text)], (starts, text)


def test_line_codes_give_every_count_of_each_line():
    from healthlint.structure import _WORD, _WordCodes, _line_items, _lookups, function_words

    fwords, wwords, keys = function_words(), frozenset({"share", "like"}), frozenset({"reply", "more"})
    rng = random.Random(37)
    vocab = ["a", "I", "the", "The", "share", "Like", "reply", "More", "don't", "x", "é", "Ölé", "’", "'", "9", " ", "\n",
             "—", "’Tis", "Share’", "''", "It's"]
    kinds = set()
    for _ in range(6000):
        # Dense lines (one-letter words, one separator) test the bound on words per line.
        sep = rng.choice([" ", "", "-"])
        text = sep.join(rng.choice(vocab) for _ in range(rng.randint(0, 40)))
        raws = text.split("\n")
        words_of, items, kind, wide = _line_items(text, raws)
        kinds.add(kind)
        shift = max(((max(map(len, raws)) + 1) // 2).bit_length(), 1)
        codes = _WordCodes(fwords, wwords, keys, shift)
        get = _lookups(codes)[kind]  # (kind 2: by token, each holding words)
        mask = (1 << shift) - 1
        for raw, item in zip(raws, items):
            code = sum(map(get.__getitem__, words_of(item)))
            words = _WORD.findall(raw)
            lows = [w.lower() for w in words]
            want = [sum(w in fwords for w in lows), sum(w in wwords for w in lows), sum(w[0].isupper() for w in words),
                    sum(any(r in keys for r in w.replace("’", "'").split("'")) for w in lows), len(words)]
            got = [(code >> (k * shift)) & mask for k in range(4)] + [code >> (4 * shift)]
            assert got == want, (raw, got, want)
    assert kinds == {0, 1, 2}  # words as strings, as bytes, and tokens holding words
