"""The lower-cased search used by several rules finds exactly what re.IGNORECASE finds."""
import re

import pytest

from healthlint.rules._caseless import Caseless, lowered_pattern


class _Ctx:
    def __init__(self, text):
        self.text = text
        low = text.lower()
        if len(low) != len(text):
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        self.lower = low
        self.cache = {}


@pytest.mark.parametrize("pattern", [r"[A-z]", r"(?i:foo)", r"(?-i:Foo)", r"(\w+) \1", r"é", r"\S+X", r"\AFoo", r"\BX"])
def test_patterns_that_lowering_would_change_keep_the_slow_regex(pattern):
    assert lowered_pattern(pattern) is None


@pytest.mark.parametrize("pattern", [r"\S+", r"\Afoo", r"\Bx", r"(?P<year>\d{4})\s+(?P<mon>may|june)", r"[•—] by"])
def test_patterns_already_in_lower_case_are_kept_as_written(pattern):
    assert lowered_pattern(pattern) == pattern


@pytest.mark.parametrize("text", ["Updated • MAY 2024 — By JO", "updated • may 2024 — by jo", "ÉTÉ • Ma\u212a 2024"])
def test_lower_case_pattern_with_groups_and_punctuation_matches_like_ignorecase(text):
    pattern = r"(?P<label>updated)\s*[•—]\s*(?P<mon>may|mak)\s+(?P<year>\d{4})\s*[•—]\s*by\s+\w+"
    rx, target = Caseless(pattern).pick(_Ctx(text))
    assert [m.span() for m in rx.finditer(target)] == [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


def test_upper_case_literals_and_ranges_are_lowered():
    assert lowered_pattern(r"\bGPs?\b[A-Z]") == r"\bgps?\b[a-z]"


@pytest.mark.parametrize("text", [
    "This is NOT a Substitute for professional medical advice.",
    "İnformation purposes only. Ask your GP.",
    "ſubstitute: not a ſubstitute for medical advice",
    "The \u212aelvin sign: not a substitute for medical advice.",
    "Straße not a substitute for medical advice",
])
def test_same_matches_as_ignorecase(text):
    pattern = r"\bnot\s+a\s+substitute\s+for\s+(?:\w+\s+)?medical\s+advice|\b(?:informational|information)\s+purposes\b|\bGP\b"
    rx, target = Caseless(pattern).pick(_Ctx(text))
    got = [m.span() for m in rx.finditer(target)]
    assert got == [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


def test_phrase_gate_holds_a_word_of_every_phrase(lint):
    from healthlint.nlp import get_pipeline
    from healthlint.rules._caseless import phrase_gate

    nlp = get_pipeline(None)
    phrases = ["committed suicide", "failed attempt", "over-dose", "end my life"]
    gate = phrase_gate(list(nlp.tokenizer.pipe(phrases)))
    for phrase in phrases:
        assert any(word in phrase for word in gate), (phrase, gate)
    assert "-" not in gate  # a word, not punctuation every text has


def test_unsafe_suicide_language_still_finds_a_phrase_the_gate_lets_through(lint):
    assert lint("He COMMITTED SUICIDE last year.", "unsafe-suicide-language")
    assert not lint("A helpful article about sleep.", "unsafe-suicide-language")


def test_literal_first_moves_the_opening_word_boundary():
    from healthlint.rules._caseless import literal_first

    assert literal_first(r"\bnot\s+advice") == r"not(?<!\wnot)\s+advice"
    assert literal_first(r"\bprovides?\s+x") == r"provide(?<!\wprovide)s?\s+x"
    assert literal_first(r"\b(?:is|are)\s+x") == r"(?:is(?<!\wis)|are(?<!\ware))\s+x"
    assert literal_first(r"(?<!\w)doctor") == r"(?<!\w)doctor"  # not an opening \b: unchanged
    assert literal_first(r"\b(?:gives?|n't)\s") == r"(?:give(?<!\wgive)s?|n't(?<!\wn't))\s"


def test_literal_first_parts_match_where_the_pattern_matches():
    from healthlint.rules._caseless import literal_first_parts

    pattern = r"\b(?:is|are|gives?)\s+(?:\w+\s+)?general\b"
    parts = literal_first_parts(pattern)
    assert parts == [r"is(?<!\wis)\s+(?:\w+\s+)?general\b", r"are(?<!\ware)\s+(?:\w+\s+)?general\b",
                     r"give(?<!\wgive)s?\s+(?:\w+\s+)?general\b"]
    text = "this is general; it gives some general advice, theyare general, gave general, give general"
    where = {m.start() for m in re.finditer(pattern, text)}
    assert where == {m.start() for part in parts for m in re.finditer(part, text)}


def test_required_texts_are_in_every_match():
    from healthlint.rules._caseless import required_texts

    reqs = required_texts(r"\bnot\s+(?:a|an)\s+(?:substitute|replacement)\s+for\s+(?:\w+\s+){0,3}advice")
    assert ("replacement", "substitute") in reqs and ("advice",) in reqs
    assert all(("x",) not in reqs for reqs in [required_texts(r"(?:x)?y"), required_texts(r"x*y")])


_ANY_PATTERNS = [
    r"\bnot\s+(?:a|an)\s+substitute\s+for\s+(?:\w+\s+){0,2}advice",
    r"\b(?:is|are)\s*(?:not|n't)\s+medical\s+advice\b",
    r"\bfor\s+(?:general\s+)?information(?:al)?\s+purposes\b",
    r"\bGPs?\b",
    r"\bnot\s+(?:\w+\s+){0,2}(?:medical|professional)\s+advice\b",
    r"\bprovides?\s+general\s+information",
    r"\b(?:for|is|are|provides?|gives?|n't)\s+(?:\w+\s+)?general\s+information\b(?!\s+about)",
]


@pytest.mark.parametrize("text", [
    "This is NOT a Substitute for professional advice. It isn't medical advice, for information purposes.",
    "It is not medical advice and not professional advice: ask your GP or GPs.",
    "xnot a substitute for advice; is not medical advices; provides general information.",
    "Nothing to see here.",
    "İnformation: not a substitute for your advice. Ask a GP.",
    "cannot be medical advice; not really medical advice; is not medical advice",
    "It gives general information about x; it GIVES some general information. Isn't general information.",
    "This page provides general information, is general information; aren't general information",
])
def test_any_of_finds_what_the_alternation_finds(text):
    from healthlint.rules._caseless import AnyOf

    alternation = re.compile("|".join(f"(?:{p})" for p in _ANY_PATTERNS), re.IGNORECASE)
    any_of = AnyOf(_ANY_PATTERNS)
    ctx = _Ctx(text)
    assert any_of.starts(ctx) == [m.start() for m in alternation.finditer(text)]
    assert any_of.search_any(ctx) == bool(alternation.search(text))


def test_lower_is_exact_text_agrees_with_the_regex_on_random_text():
    """The four ``in`` tests answer what ``_UNSAFE.search`` answered (ASCII, Latin-1, wider texts)."""
    import random

    from healthlint.rules._caseless import _UNSAFE, lower_is_exact_text

    rnd = random.Random(3)
    alphabet = ["a", "K", " ", "é", "ß", "—", "“", "\u0130", "\u0131", "\u017f", "\u212a", "😀", "i", "s"]
    seen = set()
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet[: rnd.randint(1, len(alphabet))]) for _ in range(rnd.randint(0, 12)))
        want = text.isascii() or not _UNSAFE.search(text)
        assert lower_is_exact_text(text) == want, text
        seen.add(want)
    assert seen == {True, False}


def test_merged_parts_match_where_one_of_their_parts_matches():
    """_merged_parts joins parts opening with the same two letters ("not", "no", "nothing"): on
    random text a joined regex matches at exactly the places where one of its parts matches."""
    import random

    from healthlint.rules._caseless import _merged_parts, literal_first_parts
    from healthlint.scan import match_starts

    patterns = [r"\bnot\s+(?:a|an)\s+substitute", r"\bno\s+substitute\s+for", r"\bnothing\s+(?:\w+\s+){0,2}is\s+advice",
                r"\bnote\s+this", r"\bfor\s+information", r"\bform\b", r"\bGP\b".lower(), r"x+y", r"\bn't\s+advice",
                r"\b(?:is|isn't)\s+not\b"]
    parts = [part for p in patterns for part in literal_first_parts(p)]
    merged = _merged_parts(parts)
    assert len(merged) < len(parts)  # some were joined
    words = ["not", "no", "nothing", "note", "a", "an", "substitute", "for", "is", "advice", "this", "information",
             "form", "gp", "xxy", "isn't", "n't", "x", "knot", "-", "\n"]
    rnd = random.Random(21)
    for _ in range(1500):
        text = rnd.choice(["", " ", "-"]).join(rnd.choice(words) for _ in range(rnd.randint(1, 12)))
        want = sorted({k for part in parts for k in match_starts(re.compile(part), text)})
        got = sorted({k for m in merged for k in match_starts(re.compile(m), text)})
        assert got == want, text
        assert any(re.search(m, text) for m in merged) == bool(want)


def test_any_of_on_the_disclaimer_patterns_finds_what_the_alternation_finds():
    """AnyOf over missing-disclaimer's own lists (joined parts, gated patterns) against the
    case-insensitive alternation, on random text made of their words."""
    import random

    from conftest import get_linter

    linter = get_linter(["missing-disclaimer"])
    rule = next(r for r in linter.rules_for(linter.resolver.for_file("<text>")) if r.id == "missing-disclaimer")
    words = ["Not", "not", "no", "nothing", "a", "substitute", "replacement", "for", "professional", "medical",
             "advice", "is", "isn't", "does", "constitute", "informational", "purposes", "only", "general",
             "information", "your", "doctor", "health", "care", "provider", "GP", "nurses", ".", ",", "intended",
             "to", "replace", "seeing", "always", "seek", "the", "of", "never", "disregard", "relationship"]
    fragments = ["not a substitute for professional medical advice", "for informational purposes only",
                 "does not constitute medical advice", "is not medical advice", "nothing here is medical advice",
                 "for general information", "does not replace advice from your doctor",
                 "no doctor-patient relationship",
                 "not intended to diagnose", "a qualified health professional", "health care providers",
                 "NOT a Replacement for care", "is for general health information"]
    rnd = random.Random(4)
    for lists in (rule.strong, rule.limitation, rule.professional):
        alternation = re.compile("|".join(f"(?:{p})" for p in lists.patterns), re.IGNORECASE)
        hits = 0
        for _ in range(300):
            text = " ".join(rnd.choice(words if rnd.random() < 0.8 else fragments) for _ in range(rnd.randint(1, 25)))
            ctx = _Ctx(text)
            want = [m.start() for m in alternation.finditer(text)]
            assert lists.starts(ctx) == want, text
            assert lists.search_any(_Ctx(text)) == bool(want), text
            hits += bool(want)
        assert hits > 10


def test_the_ignorecase_twin_is_compiled_only_for_a_text_that_needs_it():
    """``slow`` waits for a text with an _UNSAFE character; then it finds what re.IGNORECASE finds."""
    pattern = r"\bnot\s+a\s+substitute\b|\bGPs?\b"
    c = Caseless(pattern)
    assert c.fast is not None and "slow" not in c.__dict__
    for text in ["Not a substitute. Ask a GP.", "nothing here", "NOT A SUBSTITUTE, gps"]:
        rx, target = c.pick(_Ctx(text))
        assert rx is c.fast
        assert [m.span() for m in rx.finditer(target)] == [m.span() for m in re.finditer(pattern, text, re.I)]
    assert "slow" not in c.__dict__  # safe texts never compiled it
    for text in ["İs not a ſubstitute. Ask a GP.", "\u212a: not a substitute"]:
        rx, target = c.pick(_Ctx(text))
        assert rx is c.slow and "slow" in c.__dict__ and target == text
        assert [m.span() for m in rx.finditer(target)] == [m.span() for m in re.finditer(pattern, text, re.I)]
    assert c.slow is c.slow and c.slow.flags & re.IGNORECASE and c.slow.pattern == pattern


def test_a_pattern_that_cannot_be_lowered_compiles_its_twin_at_once_and_bad_patterns_still_raise():
    c = Caseless(r"\S+X")
    assert c.fast is None and "slow" in c.__dict__
    for bad in [r"(?P<x>a", r"(?<=a+)b"]:  # a parse error; a compile error (variable-width look-behind)
        with pytest.raises(re.error):
            Caseless(bad)


def test_a_lazy_caseless_compiles_fast_on_first_use():
    pattern = r"(?P<label>updated)\s+(?P<date>\d{4})"
    c = Caseless(pattern, re.MULTILINE, lazy=True)
    assert "fast" not in c.__dict__ and "slow" not in c.__dict__ and c.low == pattern
    rx, target = c.pick(_Ctx("UPDATED 2024\nupdated 2023"))
    assert rx is c.fast and rx.pattern == pattern and rx.flags & re.MULTILINE and not rx.flags & re.IGNORECASE
    assert [m.span() for m in rx.finditer(target)] == [(0, 12), (13, 25)]
    assert "slow" not in c.__dict__


def test_any_of_compiles_neither_form_of_its_alternation_for_safe_texts():
    """AnyOf searches its parts; the alternation's fast form is never compiled when the parts
    exist, and its IGNORECASE form only for a text with an _UNSAFE character (same starts)."""
    from healthlint.rules._caseless import AnyOf

    any_of = AnyOf(_ANY_PATTERNS)
    assert any_of.parts is not None
    alternation = re.compile("|".join(f"(?:{p})" for p in _ANY_PATTERNS), re.IGNORECASE)
    for text in ["This is NOT a Substitute for professional advice, for information purposes.", "Nothing."]:
        assert any_of.starts(_Ctx(text)) == [m.start() for m in alternation.finditer(text)]
        assert any_of.search_any(_Ctx(text)) == bool(alternation.search(text))
    assert "fast" not in any_of.all.__dict__ and "slow" not in any_of.all.__dict__
    text = "İnformation: not a substitute for your advice. Ask a GP."
    assert any_of.starts(_Ctx(text)) == [m.start() for m in alternation.finditer(text)]
    assert any_of.search_any(_Ctx(text)) == bool(alternation.search(text))
    assert "slow" in any_of.all.__dict__ and "fast" not in any_of.all.__dict__


def test_any_of_without_parts_compiles_the_alternation_at_once():
    from healthlint.rules._caseless import AnyOf

    any_of = AnyOf([r"\bnot\s+advice", r"\S+X"])  # the second cannot be lowered: no parts
    assert any_of.parts is None and any_of.all.fast is None and "slow" in any_of.all.__dict__
    with pytest.raises(re.error):
        AnyOf([r"\bnot\s+advice", r"(?<=a+)b"])


def _reference_lowered_pattern(pattern):
    """lowered_pattern as first written: the lowered and written shapes compared by two walks."""
    from healthlint.rules._caseless import _p, _shape

    try:
        a = _p.parse(pattern, 0)
        if not a.state.flags & ~(re.IGNORECASE | re.UNICODE) and _shape(a, True) == _shape(a, False):
            return pattern
    except (re.error, ValueError, TypeError, AttributeError):
        return None
    low = pattern.lower()
    try:
        b = _p.parse(low, 0)
        if (a.state.flags | b.state.flags) & ~(re.IGNORECASE | re.UNICODE):
            return None
        if a.state.groupdict != b.state.groupdict:
            return None
        if _shape(a, True) != _shape(b, False):
            return None
    except (re.error, ValueError, TypeError, AttributeError):
        return None
    return low


_FRAGMENTS = ["ab", "not", "GP", "Foo", "x", r"\s+", r"\S", r"\b", r"\B", r"\A", r"\d", r"\w", r"\W", "[a-z]", "[A-Z]",
              "[A-z]", "[^x]", "(?:", ")", "(?:a|b)", "(?P<n>x)", "(?P<N>y)", "(?i)", "(?i:q)", "(?-i:Q)", r"(?<!\w)",
              "(?<=a+)", "?", "+", "{2}", "é", "•", "\u212a", "ſ", r"\1", "|", "(", "(z)", r"\N{BULLET}", "$", "^",
              "(?=s)", "(?!T)", ".", r"\.", "-"]


def test_lowering_walks_once_and_answers_what_the_two_walks_answered():
    import random
    import warnings

    from healthlint.rules._caseless import _lowering

    rnd = random.Random(11)
    seen = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(6000):
            pattern = "".join(rnd.choice(_FRAGMENTS) for _ in range(rnd.randint(1, 6)))
            low, how, _plain = _lowering(pattern)
            assert low == _reference_lowered_pattern(pattern) == lowered_pattern(pattern), pattern
            assert (how is None) == (low is None) and (how != "as written" or low == pattern)
            seen.add(how)
    assert seen == {None, "as written", "lowered"}


def test_the_alternation_s_lowering_follows_from_its_patterns():
    """joined_lowering (from each pattern's _lowering) is lowered_pattern of the alternation,
    parsed and walked whole, on random lists of random patterns (valid or not)."""
    import random
    import warnings

    from healthlint.rules._caseless import _lowering, joined_lowering

    rnd = random.Random(12)
    settled = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(5000):
            patterns = ["".join(rnd.choice(_FRAGMENTS[: rnd.choice([12, 20, len(_FRAGMENTS)])])
                                for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 4))]
            joined = "|".join(f"(?:{p})" for p in patterns)
            lowerings = [_lowering(p) for p in patterns]
            assert joined_lowering(patterns, lowerings) == _reference_lowered_pattern(joined), patterns
            settled += all(how == "as written" and plain for _, how, plain in lowerings)
    assert settled > 300  # the shortcut was taken often


def test_the_disclaimer_s_strong_patterns_settle_their_alternation_without_parsing_it():
    from healthlint.config import default_config
    from healthlint.rules._caseless import _lowering, joined_lowering

    options = default_config().rules["missing-disclaimer"].options
    patterns = [p for p in options["strong_patterns"] if p]
    lowerings = [_lowering(p) for p in patterns]
    assert all(how == "as written" and plain for _, how, plain in lowerings)
    assert joined_lowering(patterns, lowerings) == lowered_pattern("|".join(f"(?:{p})" for p in patterns))


def test_any_of_compiles_one_part_patterns_only_in_their_merged_regex_with_the_same_result():
    """AnyOf builds what it built when each part was compiled alone first (CHECK_EACH_PART):
    the same parts, gated patterns and merged regexes, or the same error, on random lists of
    patterns whose parts may or may not compile (quantifiers after the moved word, variable
    look-behinds, named groups, unbalanced text)."""
    import random
    import warnings

    from healthlint.rules._caseless import AnyOf

    heads = [r"\bnot", r"\bno", r"\bnothing", r"\b(?:is|are)", r"\b(?:gives?|n't)", r"\bprovides?", r"(?<!\w)doctor",
             r"\bgp", r"\bfor", r"\bform"]
    rests = [r"\s+advice", r"\s*(?:not|n't)\s+medical", r"?x", r"*y", r"+z", r"{2}w", r"(?<=a+)b", r"(?P<g>q)",
             r"\s+(?:\w+\s+){0,2}advice\b", r"(?!\s+about)", r")", "", r"s?\b", r"\s+information\b", "(?i:q)"]

    def build(patterns, check):
        old = AnyOf.CHECK_EACH_PART
        AnyOf.CHECK_EACH_PART = check
        try:
            a = AnyOf(patterns)
        except re.error as exc:
            return ("error", str(exc))
        finally:
            AnyOf.CHECK_EACH_PART = old
        if a.parts is None:
            return ("no parts", a.all.fast.pattern if a.all.fast is not None else None)
        return (a.parts, [rx.pattern for rx in a.free], [(i, r, [rx.pattern for rx in p]) for i, r, p in a.gated],
                a.free_owners)

    rnd = random.Random(8)
    kinds = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(1500):
            patterns = [rnd.choice(heads) + "".join(rnd.choice(rests) for _ in range(rnd.randint(0, 2)))
                        for _ in range(rnd.randint(1, 5))]
            want = build(patterns, True)
            assert build(patterns, False) == want, patterns
            kinds.add(want[0] if isinstance(want[0], str) else "parts")
    assert kinds == {"error", "no parts", "parts"}


def test_the_disclaimer_lists_are_built_without_the_checked_fallback(monkeypatch):
    from healthlint.config import default_config
    from healthlint.rules._caseless import AnyOf

    calls = []
    build = AnyOf._build_parts
    monkeypatch.setattr(AnyOf, "_build_parts", lambda self, lowered, checked: (calls.append(checked),
                                                                                build(self, lowered, checked)))
    options = default_config().rules["missing-disclaimer"].options
    for key in ("strong_patterns", "limitation_patterns"):
        assert AnyOf(options[key]).parts is not None
    assert calls == [False, False]
