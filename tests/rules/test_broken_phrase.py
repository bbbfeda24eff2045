"""broken-phrase: dropped names, doubled words, a/an by sound, placeholders and
spintax; safe fixes for doubled words and a/an only."""
from __future__ import annotations

import pytest

RULE = "broken-phrase"


def texts(lint, text: str) -> list[str]:
    return [f.text for f in lint(text, RULE)]


def apply_fixes(text: str, findings) -> str:
    edits = sorted((e for f in findings for e in (f.fix or ())), key=lambda e: e.start, reverse=True)
    for e in edits:
        text = text[: e.start] + e.replacement + text[e.end:]
    return text


# -- dropped names --------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, evidence",
    [
        ("Our clinics in are open on weekends.", "in are"),
        ("Treatment at is covered by most plans.", "at is"),
        ("Care provided at is billed monthly.", "at is"),
        ("We are located in , Texas.", "in ,"),
        ("Call our team at . We answer every day.", "at ."),
    ],
)
def test_reports_a_preposition_that_lost_its_object(lint, sentence, evidence):
    [f] = lint(sentence, RULE)
    assert f.text == evidence
    assert f.fix is None  # only the author knows the missing name
    assert f.severity == "error"
    assert f.message.startswith("missing word after a preposition")


@pytest.mark.parametrize(
    "sentence",
    [
        "Find what they are looking for.",
        "The program they signed up for is free.",
        "Ask which clinic it is in.",
        "It is something to be proud of.",
        "Please log in.",
        "The results are in.",
        "Swallowing problems early on may lead to weight loss.",
        "Clinics screen for, diagnose, or treat the condition.",
        "In May 2006, the vaccine was approved.",
        "Read more about the programs at:",
    ],
)
def test_grammatical_stranded_prepositions_are_not_reported(lint, sentence):
    assert texts(lint, sentence) == []


# -- doubled words -----------------------------------------------------------------------
def test_doubled_word_is_reported_with_a_fix_that_drops_the_second(lint):
    text = "Treatment for the the cancer is available."
    findings = lint(text, RULE)
    assert [f.text for f in findings] == ["the the"]
    assert apply_fixes(text, findings) == "Treatment for the cancer is available."


def test_doubled_word_not_across_lines_headings_or_grammatical_doubles(lint):
    assert texts(lint, "Treatment\nTreatment of the condition depends on its stage.") == []
    assert texts(lint, "Surgery Surgery is used to remove the tumor.") == []
    assert texts(lint, "He had had enough. She said that that was fine.") == []
    assert texts(lint, "Loiasis is caused by the worm Loa loa.") == []
    assert texts(lint, "The end of the\nthe line.") == []


def test_doubled_word_fix_keeps_markdown_intact(lint):
    text = "# Care\n\nAsk **your** doctor about the the options.\n"
    findings = lint(text, RULE)
    assert [f.text for f in findings] == ["the the"]
    assert apply_fixes(text, findings) == "# Care\n\nAsk **your** doctor about the options.\n"


# -- a / an ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "wrong, right",
    [
        ("a hour", "an hour"),
        ("an program", "a program"),
        ("a MRI", "an MRI"),
        ("an one-time", "a one-time"),
        ("a honest", "an honest"),
        ("an university", "a university"),
        ("a FDA", "an FDA"),
        ("an European", "a European"),
        ("a X-ray", "an X-ray"),
        ("a 8-week", "an 8-week"),
        ("an UTI", "a UTI"),
        ("a uninsured", "an uninsured"),
    ],
)
def test_article_before_the_wrong_sound_is_fixed(lint, wrong, right):
    text = f"You may need {wrong} visit."
    [f] = lint(text, RULE)
    assert f.text.startswith(wrong.split("-")[0])
    assert apply_fixes(text, [f]) == f"You may need {right} visit."


def test_sentence_initial_article_keeps_its_capital(lint):
    text = "An program like this helps."
    [f] = lint(text, RULE)
    assert apply_fixes(text, [f]) == "A program like this helps."
    assert f.suggestion == "Write 'A program'."


@pytest.mark.parametrize(
    "phrase",
    [
        "a university", "an hour", "an honest answer", "a one-time fee", "an MRI", "a European study",
        "an FDA review", "a UTI", "an NSAID", "a NICU stay", "an NICU stay", "a HEPA filter", "an e-cigarette",
        "an 11-year-old", "a useful tip", "a urine test", "an herb", "a herb", "an in-depth review",
    ],
)
def test_articles_chosen_by_sound_are_accepted(lint, phrase):
    assert texts(lint, f"Ask about {phrase} today.") == []


def test_the_letter_a_is_not_an_article(lint):
    assert texts(lint, "Hepatitis A is a liver infection. Plan A is fine.") == []


def test_article_before_a_function_word_is_a_dropped_word_without_a_fix(lint):
    [f] = lint("A chest x-ray creates a of the lungs.", RULE)
    assert f.text == "a of"
    assert f.message == "missing word between 'a' and 'of'"
    assert f.fix is None


# -- placeholders and spintax -------------------------------------------------------------
@pytest.mark.parametrize(
    "text, evidence",
    [
        ("Visit our clinic in [City] today.", "[City]"),
        ("Ask for {{clinic_name}} at the desk.", "{{clinic_name}}"),
        ("Hello %s, welcome back.", "%s"),
        ("Lorem ipsum dolor sit amet.", "Lorem ipsum"),
        ("Call [Insert phone number here] now.", "[Insert phone number here]"),
    ],
)
def test_unfilled_placeholders(lint, text, evidence):
    [f] = lint(text, RULE)
    assert f.text == evidence
    assert f.message == f"unfilled placeholder '{evidence}'"
    assert f.fix is None


def test_unresolved_spintax_names_the_choices(lint):
    [f] = lint("We are the {best|top|leading} clinic.", RULE)
    assert f.text == "{best|top|leading}"
    assert f.suggestion == "Choose one wording (best / top / leading) and remove the braces."


def test_citations_percentages_and_brackets_are_not_placeholders(lint):
    text = "About 40% said so [1]. Rates rose in the 1990s (Smith, 2020). See [Table 2] for details."
    assert texts(lint, text) == []


# -- hard-wrapped paragraphs and doubled articles ----------------------------------------
def test_a_single_line_break_inside_a_paragraph_does_not_hide_a_broken_phrase(lint):
    text = "Counselling at\nis covered for an hour each week. Plan to spend a\nhour with us.\n"
    findings = lint(text, RULE)
    assert [f.text for f in findings] == ["at\nis", "a\nhour"]
    assert apply_fixes(text, findings[1:]) == text.replace("a\nhour", "an\nhour")


def test_a_heading_line_ending_in_a_preposition_is_not_joined_to_the_next_block(lint):
    assert texts(lint, "What to ask for\n\nIs the program covered by insurance?") == []


def test_two_articles_in_a_row_keep_the_one_that_fits(lint):
    text = "Start your recovery with a an assessment."
    [f] = lint(text, RULE)
    assert f.text == "a an"
    assert f.message == "two articles in a row: 'a an'"
    assert apply_fixes(text, [f]) == "Start your recovery with an assessment."


def test_placeholder_patterns_searched_one_by_one_find_what_the_alternation_finds():
    import re

    from healthlint.rules.broken_phrase import _one_regex

    patterns = [r"\{\{[^{}\n]{0,60}\}\}", r"\{[A-Za-z_]\w{0,40}\}", r"(?i)\[(?:city|name)\]", r"[Ll]orem [Ii]psum\b",
                r"%(?<![\w%]%)[sd](?!\w)", r"ab", r"abc"]
    text = "Visit {{clinic}} in [City] or [NAME]: {name} {{x}} lorem ipsum Lorem Ipsumx abc 50%s %s %%s"
    union = re.compile("|".join(f"(?i:{p[4:]})" if p.startswith("(?i)") else f"(?:{p})" for p in patterns))
    got = [m.span() for m in _one_regex(patterns).finditer(text)]
    assert got == [m.span() for m in union.finditer(text)]
    assert (text.index("ab"), text.index("ab") + 2) in got  # the earlier pattern wins at equal starts


@pytest.mark.parametrize("sentence", [
    "We met an élan vital expert.",
    "A élan too.",
    "She wrote an Ångström-level review and a ósmosis note.",
    "An Œdipus complex is a term from psychoanalysis.",
])
def test_article_before_a_non_ascii_letter_is_left_alone(lint, sentence):
    """No A-Z rule of thumb covers a word starting with 'é' or 'Å': no a/an finding (and no crash)."""
    assert not [f for f in lint(sentence, RULE) if "use '" in f.message]


@pytest.mark.parametrize("small", [0, 10**9, 12])
def test_articles_read_off_the_lower_column_are_the_phrase_matchers_matches(monkeypatch, small):
    """_articles (the tokens whose LOWER is "a" or "an", from the column the doubled-word test
    reads) gives what a PhraseMatcher (attr LOWER) with the phrases "a" and "an" gave, in its
    order, on random texts of articles in any case, words holding them, hyphens and line breaks;
    read with numpy (long columns), as a Python list (short ones) or either."""
    import random

    import healthlint.rules.broken_phrase as module

    monkeypatch.setattr(module, "_SMALL", small)

    from spacy.attrs import LOWER
    from spacy.matcher import PhraseMatcher

    from conftest import get_linter

    nlp = get_linter([RULE]).nlp
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("a", [nlp.make_doc("a")])
    matcher.add("an", [nlp.make_doc("an")])
    a, an = nlp.vocab.strings["a"], nlp.vocab.strings["an"]
    names = {a: "a", an: "an"}
    from healthlint.rules.broken_phrase import _articles

    words = ["a", "A", "an", "AN", "An", "aN", "and", "ant", "a-", "an.", "(a)", "’a", "A.", "hour", "the",
             "\n", "é"]
    rng = random.Random(4)
    found = 0
    for _ in range(500):
        doc = nlp.make_doc("".join(rng.choice(words) + rng.choice([" ", "", "\n", "  "])
                                   for _ in range(rng.randint(0, 25))))
        want = [(s, names[key]) for key, s, _ in matcher(doc)]
        got = _articles(doc.to_array(LOWER), a, an) if len(doc) else []
        assert got == want, doc.text
        found += len(got)
    assert found > 2000


@pytest.mark.parametrize("small", [0, 10**9])
def test_repeated_tokens_read_as_a_list_or_with_numpy_are_the_same(monkeypatch, small):
    """_repeated gives the same indices from a short column read as a Python list and from numpy:
    against a token-by-token reference on random texts of repeated words in any case."""
    import random

    import healthlint.rules.broken_phrase as module
    from conftest import get_linter

    monkeypatch.setattr(module, "_SMALL", small)
    nlp = get_linter([RULE]).nlp
    words = ["the", "The", "THE", "a", "A", "is", "is.", "1", "1", "--", "\n", "x"]
    rng = random.Random(12)
    found = 0
    for _ in range(400):
        doc = nlp.make_doc(" ".join(rng.choice(words) for _ in range(rng.randint(0, 30))))
        want = [t.i for t in doc[:-1] if t.lower == doc[t.i + 1].lower and t.is_alpha]
        assert module._repeated(doc) == want, doc.text
        found += len(want)
    assert found > 200


def test_placeholder_scans_gated_by_their_uncommon_characters_find_what_the_alternation_finds():
    """Each placeholder pattern is scanned only when the text holds its uncommon required
    characters (_gate_chars: "$" and "{" for "${...}", "R", "S", "N" for "INSERT ..."): on
    random texts of placeholders, near misses and the gate characters alone, the matches
    are those of the plain alternation of the configured patterns."""
    import random
    import re

    import yaml

    from healthlint.rules.broken_phrase import _gate_chars, _one_regex

    from pathlib import Path

    config = yaml.safe_load((Path(__file__).parent.parent.parent / "rules.yaml").read_text())
    patterns = config["rules"][RULE]["placeholder_patterns"]
    assert set(_gate_chars(r"\$\{[A-Za-z_]\w*\}")) == set("${}")
    assert set(_gate_chars(r"INSERT [A-Z]+")) == set("RSN")
    union = re.compile("|".join(f"(?i:{p[4:]})" if p.startswith("(?i)") else f"(?:{p})" for p in patterns))
    scan = _one_regex(patterns)
    pieces = ["${name}", "$5", "${", "{", "}", "{x}", "{{ city }}", "{% if %}", "[City]", "[insert name]", "[1]",
              "<<NAME>>", "<", "__NAME__", "_", "%s", "50%", "%(name)s", "Lorem ipsum", "lorem Ipsum",
              "INSERT CLINIC NAME", "INSERT", "R", "S", "N", "word", "\n", "RSN"]
    rng = random.Random(14)
    found = 0
    for _ in range(3000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        want = [m.span() for m in union.finditer(text)]
        assert [m.span() for m in scan.finditer(text)] == want, text
        found += bool(want)
    assert found > 1500


def test_the_placeholder_alternation_is_compiled_only_when_it_is_searched():
    """Searched pattern by pattern, the alternation is never compiled; patterns with groups (or
    that can match empty text) keep it, compiled at once; a bad pattern still raises the
    alternation's error when the rule is built."""
    import re

    from healthlint.rules.broken_phrase import _one_regex

    patterns = [r"\{\{[^{}\n]{0,60}\}\}", r"(?i)\[(?:city|name)\]", r"ab"]
    scan = _one_regex(patterns)
    assert scan.each is not None and "union" not in vars(scan)
    text = "Visit {{clinic}} in [City] or ab"
    assert [m.span() for m in scan.finditer(text)] == [m.span() for m in scan.union.finditer(text)]
    assert [m.span() for m in scan.finditer(text)] == [(6, 16), (20, 26), (30, 32)]
    grouped = _one_regex([r"(a)b", r"cd"])
    assert grouped.each is None and "union" in vars(grouped)
    assert [m.span() for m in grouped.finditer("xab cd")] == [(1, 3), (4, 6)]
    # Whatever compiling the alternation does (an error, or on Python 3.10 only a warning for
    # a flag that is not at the start), building the rule does too.
    for bad in (["ab", "(?s)x"], ["(?P<n>a)", "(?P<n>b)"], ["[a"]):
        try:
            re.compile("|".join(f"(?:{p})" for p in bad))
        except re.error as want:
            with pytest.raises(re.error) as got:
                _one_regex(bad)
            assert str(got.value) == str(want)
        else:
            _one_regex(bad)
