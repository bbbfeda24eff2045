"""A deterministic corpus of generated health articles for the benchmark.

Usage:
    python benchmarks/corpus.py OUT_DIR [--articles 1000] [--words 600] [--seed 7]
    python benchmarks/corpus.py OUT_DIR --jsonl pages.jsonl [--articles N]

Articles are written from the templates below (the team's own wording, not
copied from anywhere), seeded, so the same arguments always give the same
files byte for byte.  They mix Markdown (70%), plain text (20%) and HTML
(10%), carry headings, lists, links, numbers, statistics, citations and the
occasional slip a linter should catch, and draw drug, place and clinician
names from a syllable generator, so the vocabulary keeps growing with the
corpus the way real archives do (the tokenizer's cache is not the whole
story).  ``--jsonl`` instead writes each record's ``text`` as a ``.txt``
article (for example the MedQuAD sample), so real pages can be measured too.
"""
from __future__ import annotations

import argparse
import html
import json
import random
from pathlib import Path

CONDITIONS = [
    "asthma", "type 2 diabetes", "high blood pressure", "migraine", "eczema", "psoriasis",
    "rheumatoid arthritis", "osteoarthritis", "gout", "anemia", "hypothyroidism", "celiac disease",
    "irritable bowel syndrome", "acid reflux", "kidney stones", "glaucoma", "cataracts", "shingles",
    "Lyme disease", "sleep apnea", "insomnia", "depression", "generalized anxiety disorder",
    "panic disorder", "bipolar disorder", "chronic obstructive pulmonary disease", "heart failure",
    "atrial fibrillation", "osteoporosis", "plantar fasciitis", "tendinitis", "sinusitis",
    "urinary tract infection", "gestational diabetes", "preeclampsia", "endometriosis",
    "polycystic ovary syndrome", "prostate enlargement", "hearing loss", "tinnitus", "vertigo",
    "hepatitis C", "fatty liver disease", "gallstones", "diverticulitis", "Crohn's disease",
    "ulcerative colitis", "rosacea", "acne", "head lice", "scabies", "bronchiolitis", "croup",
    "measles", "whooping cough", "chickenpox", "carpal tunnel syndrome", "sciatica", "scoliosis",
]
SYMPTOMS = [
    "fatigue", "a dry cough", "shortness of breath", "chest tightness", "joint pain", "morning stiffness",
    "itching", "a rash", "blurred vision", "headaches", "dizziness", "nausea", "loss of appetite",
    "weight loss", "night sweats", "a low fever", "swelling in the ankles", "frequent urination",
    "trouble sleeping", "low mood", "racing thoughts", "numbness in the fingers", "back pain",
    "heartburn", "bloating", "diarrhea", "constipation", "ringing in the ears", "pale skin",
    "cold hands", "muscle cramps", "a sore throat", "wheezing", "palpitations", "hair loss",
]
PARTS = ["lungs", "heart", "kidneys", "liver", "skin", "joints", "eyes", "inner ear", "gut",
         "thyroid", "bones", "nerves", "blood vessels", "pancreas", "bladder", "sinuses"]
PROS = ["your doctor", "a nurse practitioner", "your pharmacist", "a physiotherapist", "a dietitian",
        "a specialist", "your GP", "a midwife", "a psychologist", "an occupational therapist"]
TESTS = ["a blood test", "a urine test", "an X-ray", "an ultrasound scan", "a CT scan", "an MRI scan",
         "a lung function test", "an eye pressure test", "a skin biopsy", "a sleep study", "an ECG"]
TREATMENTS = ["physical therapy", "cognitive behavioral therapy", "a short course of steroids",
              "regular exercise", "a low-salt diet", "inhaled medicines", "pain relief", "surgery",
              "compression stockings", "a splint worn at night", "talking therapy", "light therapy",
              "iron supplements", "hormone replacement", "antibiotics", "antiviral medicine"]
HABITS = ["walking for 30 minutes a day", "cutting down on alcohol", "stopping smoking",
          "keeping a symptom diary", "eating more fiber", "drinking enough water",
          "going to bed at the same time each night", "losing a little weight",
          "avoiding known triggers", "washing hands often", "wearing sunscreen", "stretching gently"]
PLACES = ["Springfield", "Riverton", "Lakeside", "Millbrook", "Ashford", "Fairview", "Oakdale",
          "Kingsport", "Westbury", "Harlow", "Brookfield", "Elmstead"]
ORGS = ["the CDC", "the NHS", "the World Health Organization", "the National Institutes of Health",
        "the American Heart Association", "NICE", "the Mayo Clinic", "MedlinePlus"]
PEOPLE = ["adults", "children", "older adults", "teenagers", "pregnant women", "people over 65",
          "men", "women", "new parents", "office workers", "athletes", "smokers"]
ADJ = ["common", "mild", "serious", "long-term", "treatable", "manageable", "rare", "painful",
       "uncomfortable", "chronic", "short-lived", "hereditary"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SYLL = ["ta", "ro", "zin", "vel", "mar", "lo", "qui", "dex", "pra", "mo", "nel", "sa", "tri",
        "fen", "ox", "cal", "bu", "ver", "lan", "gi", "pho", "ram", "sel", "tor", "ul", "ka", "xi"]
DRUG_END = ["mab", "pril", "olol", "statin", "azole", "cillin", "tide", "prazole", "sartan", "afil"]
NAME_END = ["son", "ley", "ton", "wood", "er", "man", "ford", "ham", "well", "ski"]

SENTENCES = [
    "{Condition} is a {adj} condition that affects the {part}.",
    "It is more common in {people} than in {people2}.",
    "About {pct}% of {people} in {place} have {condition}, according to {org}.",
    "Many people with {condition} first notice {symptom} or {symptom2}.",
    "Some people also have {symptom}, especially in the morning.",
    "Symptoms can come and go, and they are often worse after {habit_ing}.",
    "{Pro} may ask about your symptoms and suggest {test}.",
    "There is no single test for {condition}, so a diagnosis is usually made from your history and {test}.",
    "Treatment usually starts with {treatment} and {treatment2}.",
    "If that does not help, {pro} may prescribe {drug}, a medicine taken {times} a day.",
    "{Drug} can cause side effects such as {symptom} and {symptom2}.",
    "Do not stop taking {drug} without talking to {pro} first.",
    "In a {year} study of {n} {people}, {pct}% reported fewer symptoms after {weeks} weeks.",
    "A review published in {month} {year} found that {treatment} helped about {frac} of patients.",
    "Most people recover within {weeks} weeks, but some need treatment for longer.",
    "{Habit} can lower your risk of {condition}.",
    "Try {habit_ing} and {habit2_ing}; small changes add up.",
    "Call {pro} if you notice {symptom} that does not go away after {days} days.",
    "Get urgent help if you have severe {symptom_bare} or trouble breathing.",
    "Keep a list of your medicines and bring it to every appointment.",
    "The clinic in {place} is open from {hour} a.m. to {hour2} p.m. on weekdays.",
    "Dr. {name}, a {specialty} at {place} General Hospital, says early treatment makes a difference.",
    "\u201cMost of my patients feel better within a month,\u201d says Dr. {name}.",
    "Children under {age} should not take {drug} unless a doctor says so.",
    "The usual adult dose is {mg} mg, taken with food.",
    "{Condition} is not contagious, so you cannot catch it from someone else.",
    "Having a parent with {condition} raises your risk, but it does not mean you will get it.",
    "Stress does not cause {condition}, but it can make flare-ups more likely.",
    "Wearing loose clothing and keeping cool may ease {symptom_bare}.",
    "Write down when symptoms start, how long they last and what seems to set them off.",
    "Ask {pro} whether {treatment} is right for you.",
    "Costs vary: a visit in {place} costs about ${cost}, and many insurance plans cover it.",
    "Some websites claim that {remedy} cures {condition}; there is no good evidence for this.",
    "This treatment is incredibly effective and works for everyone.",
    "Research from {org} suggests that {habit_ing} may reduce flare-ups by up to {pct}%.",
    "Between {year} and {year2}, the number of {people} diagnosed with {condition} rose by {pct}%.",
    "Our team in {place} sees more than {n} patients with {condition} each year.",
    "You may need to see a {specialty} if your symptoms do not improve.",
    "Regular check-ups every {months} months help catch problems early.",
    "Blood pressure above {bp1}/{bp2} mmHg is considered high for most {people}.",
    "Vaccination is offered free to {people} at most pharmacies in {place}.",
    "The condition was first described in {year0} by a doctor in {place}.",
    "Side effects are usually mild and pass within {days} days.",
    "{Drug} should not be taken with {drug2}, because the two can interact.",
    "Tell {pro} if you are pregnant, breastfeeding or planning a pregnancy.",
    "If you forget a dose, take it as soon as you remember, unless it is nearly time for the next one.",
    "Store the medicine at room temperature, away from children.",
    "Support groups in {place} meet on the first {weekday} of every month.",
    "Call {phone} to book an appointment.",
    "More information is available at {url}.",
    "The {gen} clinic on {Gen} Street runs a {gen2} programme for {people}.",
    "Dr. {name} and Dr. {name2} led the {Gen} trial, which enrolled {n} patients in {year}.",
    "Ask about {drug2} or {drug3}, which are sold as {Gen} and {Gen2} in some countries.",
    "Patients at {Gen} Medical Center waited {days} days on average for {test}.",
    "A {weeks}-week course costs ${cost}.{cents} at the {Gen} pharmacy in {place}.",
]
HEADINGS = [
    ["Overview", "What is {condition}?", "About {condition}"],
    ["Symptoms", "Signs and symptoms", "What are the symptoms?"],
    ["Causes", "Risk factors", "Who gets {condition}?"],
    ["Diagnosis", "How is {condition} diagnosed?", "Tests"],
    ["Treatment", "Treatment options", "Medicines"],
    ["Living with {condition}", "Self-care", "Prevention"],
    ["When to see a doctor", "When to get help", "Getting help"],
]
BULLETS = [
    "{symptom}", "{habit}", "{treatment}", "{test}", "taking {drug} as prescribed",
    "asking {pro} about {treatment}", "{habit_ing} most days",
]
SPECIALTIES = ["rheumatologist", "cardiologist", "dermatologist", "neurologist", "pulmonologist",
               "endocrinologist", "gastroenterologist", "psychiatrist", "pediatrician", "urologist"]
REMEDIES = ["apple cider vinegar", "a detox tea", "colloidal silver", "a juice cleanse", "magnet therapy"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
DISCLAIMER = ("This article is for general information only and is not a substitute for advice "
              "from a qualified health professional.")
SLIPS = [
    "Ask {pro} about about {treatment}.",
    "Find a clinic near [City] today.",
    "Many patients take take {drug} with breakfast.",
]


def _ing(habit: str) -> str:
    return habit


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def word(self, parts: int) -> str:
        return "".join(self.rng.choice(SYLL) for _ in range(parts))

    def drug(self) -> str:
        return (self.word(self.rng.randint(1, 2)) + self.rng.choice(DRUG_END)).lower()

    def name(self) -> str:
        return (self.word(self.rng.randint(1, 2)) + self.rng.choice(NAME_END)).capitalize()

    def fill(self, template: str, condition: str, drugs: list[str], place: str) -> str:
        return template.format_map(_Slots(self, condition, drugs, place))

    def article(self, target_words: int) -> tuple[str, list[tuple[str, list]]]:
        """Title and sections (heading, blocks); a block is a paragraph or a list."""
        r = self.rng
        condition = r.choice(CONDITIONS)
        place = r.choice(PLACES)
        drugs = [self.drug() for _ in range(3)]
        title = r.choice([f"{condition[0].upper() + condition[1:]}: symptoms, causes and treatment",
                          f"Living with {condition}", f"What to know about {condition} in {place}",
                          f"{condition[0].upper() + condition[1:]} explained"])
        sections: list[tuple[str, list]] = []
        words = len(title.split())
        order = list(range(len(HEADINGS)))
        while words < target_words:
            k = order[len(sections) % len(order)]
            heading = self.fill(r.choice(HEADINGS[k]), condition, drugs, place)
            blocks: list = []
            for _ in range(r.randint(1, 3)):
                if words >= target_words:
                    break
                if r.random() < 0.18:
                    items = [self.fill(r.choice(BULLETS), condition, drugs, place) for _ in range(r.randint(3, 5))]
                    items = [i[0].upper() + i[1:] for i in items]
                    blocks.append(items)
                    words += sum(len(i.split()) for i in items)
                else:
                    sents = []
                    for _ in range(r.randint(2, 6)):
                        t = r.choice(SLIPS) if r.random() < 0.01 else r.choice(SENTENCES)
                        sents.append(self.fill(t, condition, drugs, place))
                    blocks.append(" ".join(sents))
                    words += sum(len(s.split()) for s in sents)
            sections.append((heading, blocks))
            words += len(heading.split())
        return title, sections

    def render(self, fmt: str, title: str, sections, with_disclaimer: bool) -> str:
        r = self.rng
        out: list[str] = []
        if fmt == "markdown":
            out.append(f"# {title}\n")
            for heading, blocks in sections:
                out.append(f"## {heading}\n")
                for b in blocks:
                    if isinstance(b, list):
                        out.append("\n".join(f"- {i}" for i in b) + "\n")
                    else:
                        out.append(_wrap(_emphasise(b, r), 78) + "\n")
            if with_disclaimer:
                out.append(f"*{DISCLAIMER}*\n")
            return "\n".join(out)
        if fmt == "html":
            out.append(f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>{html.escape(title)}</title></head>\n<body>\n<article>\n<h1>{html.escape(title)}</h1>")
            for heading, blocks in sections:
                out.append(f"<h2>{html.escape(heading)}</h2>")
                for b in blocks:
                    if isinstance(b, list):
                        out.append("<ul>\n" + "\n".join(f"  <li>{html.escape(i)}</li>" for i in b) + "\n</ul>")
                    else:
                        out.append(f"<p>{html.escape(b)}</p>")
            if with_disclaimer:
                out.append(f"<p><em>{DISCLAIMER}</em></p>")
            out.append("</article>\n</body></html>\n")
            return "\n".join(out)
        out.append(title + "\n")
        for heading, blocks in sections:
            out.append(heading + "\n")
            for b in blocks:
                if isinstance(b, list):
                    out.append("\n".join(f"* {i}" for i in b) + "\n")
                else:
                    out.append(_wrap(b, 72) + "\n")
        if with_disclaimer:
            out.append(DISCLAIMER + "\n")
        return "\n".join(out)


def _emphasise(paragraph: str, r: random.Random) -> str:
    """Markdown dressing: a bold phrase or a link now and then."""
    words = paragraph.split(" ")
    if len(words) > 8 and r.random() < 0.3:
        i = r.randrange(0, len(words) - 3)
        if all(w.isalpha() for w in words[i:i + 2]):
            words[i:i + 2] = [f"**{words[i]} {words[i + 1]}**"]
    if len(words) > 8 and r.random() < 0.2:
        i = r.randrange(0, len(words) - 3)
        if all(w.isalpha() for w in words[i:i + 2]):
            words[i:i + 2] = [f"[{words[i]} {words[i + 1]}](https://example.org/{words[i].lower()})"]
    return " ".join(words)


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for w in text.split(" "):
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return "\n".join(lines)


class _Slots(dict):
    """Template slots, drawn (seeded) only when a template uses them."""

    def __init__(self, gen: "Generator", condition: str, drugs: list[str], place: str):
        super().__init__()
        self.gen, self.condition, self.drugs, self.place = gen, condition, drugs, place

    def __missing__(self, key: str):
        g = self.gen
        r = g.rng
        c = r.choice
        condition, place = self.condition, self.place
        makers = {
            "condition": lambda: condition, "Condition": lambda: condition[0].upper() + condition[1:],
            "adj": lambda: c(ADJ), "part": lambda: c(PARTS), "people": lambda: c(PEOPLE),
            "people2": lambda: c(PEOPLE),
            "pct": lambda: r.choice([r.randint(2, 95), round(r.uniform(1, 60), 1)]), "place": lambda: place,
            "org": lambda: c(ORGS), "symptom": lambda: c(SYMPTOMS), "symptom2": lambda: c(SYMPTOMS),
            "symptom_bare": lambda: c(SYMPTOMS).removeprefix("a ").removeprefix("an "),
            "habit_ing": lambda: c(HABITS), "habit2_ing": lambda: c(HABITS), "habit": lambda: c(HABITS),
            "Habit": lambda: c(HABITS).capitalize(), "pro": lambda: c(PROS), "Pro": lambda: c(PROS).capitalize(),
            "test": lambda: c(TESTS), "treatment": lambda: c(TREATMENTS), "treatment2": lambda: c(TREATMENTS),
            "drug": lambda: c(self.drugs), "Drug": lambda: c(self.drugs).capitalize(), "drug2": g.drug,
            "drug3": g.drug, "times": lambda: c(["once", "twice", "three times"]),
            "year": lambda: r.randint(1995, 2015), "year2": lambda: r.randint(2016, 2025),
            "year0": lambda: r.randint(1820, 1980), "n": lambda: f"{r.randint(40, 48000):,}",
            "weeks": lambda: r.randint(2, 26), "month": lambda: c(MONTHS),
            "frac": lambda: c(["a third", "half", "two in three", "one in four"]),
            "days": lambda: r.randint(2, 14), "hour": lambda: r.randint(7, 10), "hour2": lambda: r.randint(4, 8),
            "name": g.name, "name2": g.name, "specialty": lambda: c(SPECIALTIES), "age": lambda: c([2, 6, 12, 16]),
            "gen": lambda: g.word(r.randint(2, 3)), "gen2": lambda: g.word(2),
            "Gen": lambda: g.word(r.randint(2, 3)).capitalize(), "Gen2": lambda: g.word(2).capitalize(),
            "cents": lambda: f"{r.randint(0, 99):02d}",
            "mg": lambda: c([5, 10, 20, 25, 40, 50, 100, 250, 500]), "cost": lambda: f"{r.randint(40, 900)}",
            "remedy": lambda: c(REMEDIES), "months": lambda: c([3, 6, 12]), "bp1": lambda: r.randint(130, 145),
            "bp2": lambda: r.randint(80, 92), "weekday": lambda: c(WEEKDAYS),
            "phone": lambda: f"{r.randint(200, 989)}-{r.randint(200, 999)}-{r.randint(1000, 9999)}",
            "url": lambda: f"https://www.{place.lower()}health.example/"
                           f"{condition.replace(' ', '-').replace(chr(39), '')}",
        }
        value = makers[key]()
        self[key] = value
        return value


SUFFIX = {"markdown": ".md", "text": ".txt", "html": ".html"}


def generate(out_dir: str | Path, articles: int = 1000, words: int = 600, seed: int = 7) -> list[Path]:
    """Write ``articles`` files under ``out_dir`` (in subfolders of 500); return their paths in order."""
    out = Path(out_dir)
    gen = Generator(seed)
    paths = []
    for i in range(articles):
        roll = gen.rng.random()
        fmt = "markdown" if roll < 0.7 else ("text" if roll < 0.9 else "html")
        target = max(50, int(gen.rng.gauss(words * 0.9, words * 0.18)))
        title, sections = gen.article(target)
        text = gen.render(fmt, title, sections, with_disclaimer=gen.rng.random() < 0.6)
        path = out / f"part{i // 500:03d}" / f"article-{i:05d}{SUFFIX[fmt]}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def from_jsonl(out_dir: str | Path, jsonl: str | Path, articles: int | None = None) -> list[Path]:
    out = Path(out_dir)
    paths = []
    with open(jsonl, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if articles is not None and i >= articles:
                break
            text = json.loads(line).get("text") or ""
            if not text.strip():
                continue
            path = out / f"part{i // 500:03d}" / f"page-{i:05d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jsonl", help="write the `text` of each JSONL record instead of generating")
    args = ap.parse_args(argv)
    if args.jsonl:
        paths = from_jsonl(args.out_dir, args.jsonl, args.articles)
    else:
        paths = generate(args.out_dir, args.articles, args.words, args.seed)
    total = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} articles, {total:,} words in {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
