"""page-boilerplate: runs of page residue (widgets, related posts, comment forms,
crumbs) outside the article's prose; and the shared line structure behind it."""
from __future__ import annotations

from conftest import get_linter
from healthlint.documents import parse_document
from healthlint.nlp import make_doc
from healthlint.rules.base import CheckContext
from healthlint.structure import structure

RULE = "page-boilerplate"

ARTICLE = """Naloxone at Home

Naloxone can reverse an opioid overdose. Keep it where family members can find it.

Show them how to use it, and check the expiry date every few months.
"""


def context(text: str, non_prose=(), path="<text>"):
    linter = get_linter([RULE])
    document = parse_document(path, text, "text")
    document.non_prose = list(non_prose)
    doc = linter.nlp(make_doc(linter.nlp, document.text, document.block_starts))
    return CheckContext(doc=doc, document=document, config=linter.resolver.for_file(None))


def kinds(text: str, **kw) -> list[tuple[str, str]]:
    ctx = context(text, **kw)
    return [(ctx.text[ln.start:ln.end], ln.kind) for ln in structure(ctx).lines if ln.kind != "blank"]


def test_one_finding_per_run_of_widget_lines(lint):
    text = ARTICLE + "\nLike 12  Share  Tweet\n👍 3 ❤️ 1\nPosted in Addiction, Recovery\n"
    [f] = lint(text, RULE)
    assert f.text == "Like 12  Share  Tweet\n👍 3 ❤️ 1\nPosted in Addiction, Recovery"
    assert f.message == "page residue after the article: 'Like 12 Share Tweet' (3 lines)"
    assert f.severity == "warning"


def test_comment_form_and_breadcrumbs_are_separate_runs(lint):
    text = "Home > Treatment > IOP\n\n" + ARTICLE + "\nLeave a reply\nYour email address will not be published.\n"
    findings = lint(text, RULE)
    assert [f.text for f in findings] == [
        "Home > Treatment > IOP",
        "Leave a reply\nYour email address will not be published.",
    ]
    assert findings[0].message.startswith("page residue before the article")


def test_unlisted_template_residue_is_caught_by_its_shape(lint):
    # No phrase from any list: a tag cloud and a section strip after the last paragraph.
    text = ARTICLE + "\nOpioids Overdose Harm Reduction Family\nGuides · Naloxone · Support\n"
    [f] = lint(text, RULE)
    assert f.text == "Opioids Overdose Harm Reduction Family\nGuides · Naloxone · Support"


def test_related_posts_block_takes_its_titles(lint):
    text = ARTICLE + "\nRelated Posts\nHow to Talk With a Teen About Vaping\nWhat Is Medication for Opioid Use Disorder?\n"
    [f] = lint(text, RULE)
    assert f.text.startswith("Related Posts\n") and f.text.endswith("Opioid Use Disorder?")


def test_headings_lists_bylines_and_references_are_not_residue(lint):
    text = """Naloxone at Home
By Jane Doe, RN

Naloxone can reverse an opioid overdose. Keep it where family members can find it.

Where to Get It
Most pharmacies sell it without a prescription:

- Nasal spray
- Injection
• Community programs

Key Points
1. Keep two doses.
2. Call 911 after giving it.

References
1. Opioid overdose prevention toolkit. 2018.
2. Naloxone for laypeople: a review. Harm Reduct J. 2020;17:1-9.

Medically reviewed by Ana Ruiz, MD
Last reviewed: 3 March 2025
"""
    assert lint(text, RULE) == []


def test_read_more_inside_the_article_is_a_cross_link_not_residue(lint):
    inside = "Naloxone can reverse an overdose.\n\nRead more about overdose signs in our guide.\n\nKeep it where family can find it.\n"
    assert lint(inside, RULE) == []
    after = "Naloxone can reverse an overdose. Keep it where family can find it.\n\nRead more about overdose signs\n"
    assert [f.text for f in lint(after, RULE)] == ["Read more about overdose signs"]


def test_widget_words_in_sentences_stay_silent(lint):
    text = ("Share your plan with one person you trust. People like to help.\n\n"
            "If you email the counselor, expect a reply within two days.\n")
    assert lint(text, RULE) == []


def test_structure_kinds_and_memoisation():
    text = "Where to Get It\nMost pharmacies sell naloxone without a prescription.\n- Nasal spray\n\nShare | Tweet | Email\n"
    ctx = context(text)
    assert structure(ctx) is structure(ctx) is ctx.cache["structure"]
    assert kinds(text) == [
        ("Where to Get It", "heading"),
        ("Most pharmacies sell naloxone without a prescription.", "prose"),
        ("- Nasal spray", "list_item"),
        ("Share | Tweet | Email", "residue"),
    ]


def test_markup_ranges_override_plain_text_guesses():
    text = "Naloxone can reverse an overdose. Keep it where family can find it.\n\nOpioids Overdose Harm Reduction\n"
    assert kinds(text)[-1] == ("Opioids Overdose Harm Reduction", "residue")
    start = text.index("Opioids Overdose")
    marked = kinds(text, non_prose=[(start, start + 31, "list_item")])
    assert marked[-1] == ("Opioids Overdose Harm Reduction", "list_item")


def test_phrase_lists_are_configurable(lint, tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text('rules:\n  page-boilerplate:\n    extend-residue_phrases: ["download our free guide"]\n')
    text = ("Naloxone can reverse an overdose.\n\nDownload our free guide to overdose response now\n\n"
            "Keep it where family can find it.\n")
    assert lint(text, RULE) == []
    [f] = lint(text, RULE, config=str(cfg))
    assert f.message.startswith("page residue inside the article")


def test_first_line_of_a_hard_wrapped_paragraph_is_prose_not_a_heading():
    text = ("Where to Get It\nPharmacies sell it.\n\n"
            "Intensive outpatient programs offer structured treatment for\n"
            "substance use disorders while you keep living at home.\n")
    assert [k for _, k in kinds(text)] == ["heading", "prose", "prose", "prose"]


def test_resource_lists_and_signatures_after_the_article_are_kept(lint):
    text = ARTICLE + ("\nWhere to Get Help\nSAMHSA National Helpline: 1-800-662-4357\nFindTreatment.gov\n"
                      "\nJane Doe, RN\nAddiction Nurse Specialist\nRiverside Recovery Center\n")
    assert lint(text, RULE) == []
    # The same title-case lines with no byline or contact details in their block are residue.
    [f] = lint(ARTICLE + "\nAddiction Nurse Specialist\nRiverside Recovery Center\n", RULE)
    assert f.text == "Addiction Nurse Specialist\nRiverside Recovery Center"


def test_template_phrase_with_dotless_i_or_long_s_is_residue_too(lint):
    """The phrase search treats "ı" as "i" and "ſ" as "s", as the case-blind pattern does
    (the word-set test before it used to miss them: found in review)."""
    lead = "A good counselor listens first and explains the plan in words you understand today.\n\n"
    for tail in ("We use cookies.\n", "We use cookıes.\n", "We uſe cookies.\n"):
        found = lint(lead + tail, RULE)
        assert [f.text for f in found] == [tail.strip()], tail
