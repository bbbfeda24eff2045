"""readability: syllables, SMOG and Flesch-Kincaid against hand-computed values,
prose-only scoring, and the finding naming the hardest sentences."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import get_linter
from healthlint.rules.readability import _Sentence, count_syllables, fk_grade, smog_grade

RULE = "readability"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules" / RULE
DENSE = (FIXTURES / "fire" / "dense-clinical-prose.txt").read_text(encoding="utf-8")

# Dictionary syllable counts (Merriam-Webster pronunciations) of common health words.
DICTIONARY = {
    "medication": 4, "treatment": 2, "therapy": 3, "the": 1, "recovery": 4, "naloxone": 3, "opioid": 3,
    "disease": 2, "anxiety": 4, "hospital": 3, "physician": 3, "uses": 2, "used": 1, "wanted": 2, "likely": 2,
    "simple": 2, "table": 2, "cancer": 2, "leukemia": 4, "symptoms": 2, "doctor": 2, "alcohol": 3,
    "depression": 3, "program": 2, "outpatient": 3, "counseling": 3, "withdrawal": 3, "detoxification": 6,
    "pharmacological": 6, "interventions": 4, "effective": 3, "usually": 4, "diet": 2, "society": 4,
    "family": 3, "medicine": 3, "medicines": 3, "causes": 2, "takes": 1, "doses": 2, "fever": 2,
    "bleeding": 2, "chemotherapy": 5, "radiation": 4, "diagnosis": 4, "sodium": 3, "calcium": 3,
    "patient": 2, "condition": 3, "inherited": 4, "gene": 1, "genetic": 3, "protein": 2, "insurance": 3,
    "emergency": 4, "health": 1, "healthy": 2, "evening": 3, "individual": 5, "session": 2, "typical": 3,
    "include": 2, "working": 2, "while": 1, "treated": 2, "safely": 2, "care": 1, "surgery": 3, "nausea": 3,
    "vomiting": 3, "headache": 2, "infection": 3, "bacteria": 4, "virus": 2, "vaccine": 2, "pregnancy": 3,
    "children": 2, "adult": 2, "experience": 4, "psychiatric": 4, "cognitive": 3, "prescription": 3,
    "addiction": 3, "relapse": 2, "overdose": 3, "fentanyl": 3, "cocaine": 2, "nicotine": 3, "trauma": 2,
    "counselor": 3, "insomnia": 4, "fatigue": 2, "appetite": 3, "cholesterol": 4, "pressure": 2, "kidney": 2,
    "blood": 1, "marrow": 2, "lymphocytes": 3, "client": 2, "area": 3, "idea": 3, "video": 3,
}


def test_syllable_counter_agrees_with_the_dictionary_on_most_words():
    wrong = {w: (n, count_syllables(w)) for w, n in DICTIONARY.items() if count_syllables(w) != n}
    assert len(wrong) <= 0.08 * len(DICTIONARY), wrong


@pytest.mark.parametrize("word,n", [("a", 1), ("the", 1), ("table", 2), ("likely", 2), ("wanted", 2),
                                    ("used", 1), ("diet", 2), ("medication", 4), ("fatigue", 2),
                                    ("alcoholism", 5), ("pharmacological", 6)])
def test_syllable_counter_core_rules(word, n):
    assert count_syllables(word) == n


def test_exceptions_and_hyphenated_words():
    rule = get_linter([RULE]).rules_for(get_linter([RULE]).resolver.for_file(None))[0]
    assert rule.syllables("people") == 2  # from syllable_exceptions in rules.yaml
    assert rule.syllables("symptom-triggered") == count_syllables("symptom") + count_syllables("triggered")


def test_smog_formula_against_hand_computed_values():
    # 1.0430 * sqrt(30 * 30 / 30) + 3.1291 = 1.0430 * 5.477226 + 3.1291 = 8.8418
    assert smog_grade(30, 30) == pytest.approx(8.8418, abs=1e-4)
    # Scaled for 10 sentences: 1.0430 * sqrt(12 * 30 / 10) + 3.1291 = 1.0430 * 6 + 3.1291 = 9.3871
    assert smog_grade(12, 10) == pytest.approx(9.3871, abs=1e-4)


def test_flesch_kincaid_formula_against_hand_computed_values():
    # 0.39 * 100/5 + 11.8 * 150/100 - 15.59 = 7.8 + 17.7 - 15.59 = 9.91
    assert fk_grade(100, 5, 150) == pytest.approx(9.91, abs=1e-9)


def test_smog_samples_start_middle_and_end_from_30_sentences():
    rule = get_linter([RULE]).rules_for(get_linter([RULE]).resolver.for_file(None))[0]
    easy = [("cat", 1)] * 10
    hard = [("medication", 4)] * 10
    # 40 sentences: indexes 10-14 are outside McLaughlin's sample (10 first, 10 middle = 15-24, 10 last).
    sents = [_Sentence(0, 1, hard if 10 <= i < 15 else easy) for i in range(40)]
    smog, _ = rule.grades(sents)
    assert smog == pytest.approx(smog_grade(0, 30))
    sents[20] = _Sentence(0, 1, hard)  # in the middle sample: 10 polysyllables in 30 sentences
    smog, _ = rule.grades(sents)
    assert smog == pytest.approx(smog_grade(10, 30))


def test_dense_prose_names_the_hardest_sentences(lint):
    [f] = lint(DENSE, RULE)
    assert f.message.startswith("prose reads at grade 22.3 (SMOG; Flesch-Kincaid 28.8), above the target of grade 8")
    assert "hardest sentences: line 15 (21 words), line 5 (20 words), line 3 (19 words)" in f.message
    assert f.line == 15 and f.text.startswith("Delirium tremens, characterized by disorientation")
    assert [r.line for r in f.related] == [5, 3]
    assert "(here: disorientation, materializes, hallucinations)" in f.suggestion
    assert f.severity == "info"


def test_target_and_formula_are_configurable(lint, tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  readability:\n    target_grade: 25\n")
    assert lint(DENSE, RULE, config=str(cfg)) == []
    fk = tmp_path / "fk.yaml"
    fk.write_text("rules:\n  readability:\n    target_grade: 25\n    formula: flesch-kincaid\n")
    [f] = lint(DENSE, RULE, config=str(fk))
    assert "(Flesch-Kincaid; SMOG 22.3)" in f.message


def test_too_few_sentences_are_not_scored(lint, tmp_path):
    short = "\n\n".join(DENSE.split("\n\n")[:9])
    assert lint(short, RULE) == []
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  readability:\n    min_sentences: 5\n")
    assert len(lint(short, RULE, config=str(cfg))) == 1


def test_only_prose_is_scored():
    from healthlint.documents import parse_document
    from healthlint.nlp import make_doc
    from healthlint.rules.base import CheckContext

    text = """Pharmacological Considerations for Comprehensive Management

Stopping alcohol can make you sick. Talk to your doctor first.
Symptoms include the following: - Hallucinations and disorientation. - Generalized convulsive seizures.

- Benzodiazepines for autonomic hyperactivity
Like 12 Share Tweet
Visit https://example.org/pharmacological-interventions-information for more.

References
1. Pharmacological management of alcohol withdrawal. JAMA. 1997.
"""
    linter = get_linter([RULE])
    document = parse_document("<text>", text, "text")
    doc = linter.nlp(make_doc(linter.nlp, document.text, document.block_starts))
    ctx = CheckContext(doc=doc, document=document, config=linter.resolver.for_file(None))
    rule = linter.rules_for(ctx.config)[0]
    scored = [ctx.text[s.start:s.end] for s in rule.prose_sentences(ctx)]
    assert scored == [
        "Stopping alcohol can make you sick.",
        "Talk to your doctor first.",
        "Symptoms include the following:",
        "Visit https://example.org/pharmacological-interventions-information for more.",
    ]
    # The URL's words are not counted.
    assert rule.prose_sentences(ctx)[-1].words == 3


def test_unknown_formula_is_a_config_error(tmp_path):
    from healthlint.errors import ConfigError

    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  readability:\n    formula: flesch\n")
    linter = get_linter([RULE], str(cfg))
    with pytest.raises(ConfigError, match="expected smog or flesch-kincaid, got 'flesch'"):
        linter.rules_for(linter.resolver.for_file(None))


def test_word_bytes_give_the_word_pattern_sentence_by_sentence():
    import random

    from healthlint.rules.readability import _JOIN, _WORD, _word_bytes

    rng = random.Random(5)
    alphabet = "abcXY  --.,\n\t–é9_"
    for _ in range(5000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(rng.randint(1, 4))]
        got = [[w.decode("ascii") for w in ws] for ws in map(bytes.split, _word_bytes(_JOIN.join(texts)).split(b"\x00"))]
        assert got == [_WORD.findall(t) for t in texts], texts


def test_word_codes_by_bytes_match_the_syllable_counts():
    import random

    from healthlint.rules.readability import _PART_SEP, _POLY

    rule = get_linter([RULE]).rules_for(get_linter([RULE]).resolver.for_file(None))[0]
    rng = random.Random(17)
    words = ["people", "People", "symptom-triggered", "don't", "-", "a--b", "x'", "medication"]
    words += ["".join(rng.choice("aeiouystrnlmpc-'") for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for word in words:
        # _count's one-part shortcut agrees with the sum over the parts.
        parts = [p for p in _PART_SEP.split(word) if p]
        syl = sum(rule._exceptions.get(p.lower()) or count_syllables(p) for p in parts) or 1
        assert rule._count(word) == syl, word
        code = syl + ((syl not in (1, 2)) << _POLY)
        assert rule._bcodes[word.encode("ascii")] == code == rule._codes[word], word


def reference_kept(ctx, st):
    """Readability._kept's list-item tests run on every sentence (the reference the shortcut,
    which runs them only where a whole-text scan finds a bullet character, is compared with)."""
    from healthlint.rules import readability as R

    full = ctx.text
    out = []
    for s0, e0 in ctx.sentence_bounds:
        if st.kind_at(s0) != "prose":
            continue
        text = full[s0:e0]
        if not R._SENTENCE_END.search(text.rstrip(" \t\r\n-•*")):
            continue
        if not text[:1].isalpha() and R._LEADING_BULLET.match(text):
            continue
        if R._BULLET_BEFORE.search(full, max(0, s0 - 4), s0):
            continue
        cut = R._INLINE_BULLET.search(text)
        if cut is None and len(R._DASH_ITEM.findall(text)) >= 3:
            cut = R._DASH_ITEM.search(text)
        if cut:
            text = text[: cut.start()]
            if not R._SENTENCE_END.search(text):
                continue
        out.append((s0, text))
    return out


def test_kept_sentences_match_the_sentence_by_sentence_reference():
    import random

    from healthlint.documents import parse_document
    from healthlint.nlp import make_doc
    from healthlint.rules.base import CheckContext
    from healthlint.structure import structure

    linter = get_linter([RULE])
    rule = linter.rules_for(linter.resolver.for_file(None))[0]
    rng = random.Random(19)
    pieces = ["Stopping alcohol can make you sick.", "Talk to your doctor first.", "- Fever.", "• Rash", "* Cough.",
              "1. Rest.", "12) Drink water.", "Symptoms include: - Fever - Rash - Cough - Chills.",
              "A well-known side-effect is mild.", "Take it - with food - at night.", "Key - Value",
              "5 mg twice a day.", "   ", "\n", "\n\n", "—", "Use a long-acting dose -", "2*3 is six.", "x"]
    dropped = 0
    for _ in range(300):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        document = parse_document("<text>", text, "text")
        doc = linter.nlp(make_doc(linter.nlp, document.text, document.block_starts))
        ctx = CheckContext(doc=doc, document=document, config=linter.resolver.for_file(None))
        s0s, texts = rule._kept(ctx)
        expected = reference_kept(ctx, structure(ctx))
        assert list(zip(s0s, texts)) == expected, text
        dropped += len(ctx.sentence_bounds) - len(expected)
    assert dropped > 100  # the list-item tests did drop sentences


def test_url_blanking_without_the_email_branch_when_there_is_no_at_sign():
    import random

    from healthlint.rules.readability import _URL, _URL_NO_EMAIL, _WORD, words_of

    rng = random.Random(29)
    tokens = ["http", "s", "://", "www", ".", "example", "com", "@", " ", "\n", "a-b", "x", "/", "HTTPS://", "é"]
    for _ in range(20000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 12)))
        if "@" not in text:
            assert _URL_NO_EMAIL.sub(" ", text) == _URL.sub(" ", text), text
        assert words_of(text) == _WORD.findall(_URL.sub(" ", text))


def test_a_text_with_fewer_sentences_than_min_sentences_is_not_read(tmp_path):
    # check() returns before scoring when the text has fewer sentences than min_sentences:
    # the scored sentences are some of them, so the full path would not report either.
    from healthlint.documents import parse_document
    from healthlint.nlp import make_doc
    from healthlint.rules.base import CheckContext

    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  readability:\n    min_sentences: 4\n    target_grade: 1\n")
    linter = get_linter([RULE], str(cfg))
    rule = linter.rules_for(linter.resolver.for_file(None))[0]
    hard = "Pharmacological interventions demonstrate considerable effectiveness."
    for count in range(1, 7):
        text = "Heading\n\n" + " ".join([hard] * count) + "\n"
        document = parse_document("<text>", text, "text")
        doc = linter.nlp(make_doc(linter.nlp, document.text, document.block_starts))
        ctx = CheckContext(doc=doc, document=document, config=linter.resolver.for_file(None))
        scored = len(rule._scored(ctx).s0s)
        assert scored <= len(ctx.sentence_bounds)
        assert len(list(rule.check(ctx))) == (1 if scored >= 4 else 0), count


def test_long_words_from_the_codes_match_the_sentence_built_word_by_word():
    # check() names the hardest sentence's long words from the per-word codes
    # (_long_words); the reference is _Sentence.long_words (syllables counted word by word).
    import random

    from healthlint.documents import parse_document
    from healthlint.nlp import make_doc
    from healthlint.rules.base import CheckContext

    linter = get_linter([RULE])
    rule = linter.rules_for(linter.resolver.for_file(None))[0]
    rng = random.Random(23)
    words = ["Medication", "medication", "MEDICATION", "therapy", "anxiety", "the", "a", "care",
             "symptom-triggered", "well-known", "don't", "physician's", "detoxification", "Recovery",
             "recovery", "individual", "emergency", "it", "is", "safe", "vomiting", "bacteria", "café"]
    paths = set()
    for _ in range(300):
        sentences = []
        for _ in range(rng.randint(1, 6)):
            ws = [rng.choice(words) for _ in range(rng.randint(1, 14))]
            sentences.append(" ".join(ws).capitalize() + rng.choice([".", "!", "?"]))
        text = " ".join(sentences)
        document = parse_document("<text>", text, "text")
        doc = linter.nlp(make_doc(linter.nlp, document.text, document.block_starts))
        ctx = CheckContext(doc=doc, document=document, config=linter.resolver.for_file(None))
        sc = rule._scored(ctx)
        for j in range(len(sc.s0s)):
            assert rule._long_words(sc, j) == sc.sentence(j).long_words, sc.texts[j]
        paths.add(sc.as_bytes)
    assert paths == {True, False}  # words as bytes and as strings
