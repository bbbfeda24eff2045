"""Claims: small typed records of what an article's sentences assert.

The ``contradiction`` rule compares claims, not sentences.  Each module holds
one concept:

* :mod:`.lexicon`: the rule's word lists (from ``rules.yaml``) compiled once;
* :mod:`.scope`: one sentence seen as clauses: negation scope, hedges,
  exceptions, time frames, reported beliefs and quotations;
* :mod:`.subjects`: what a claim is about, resolved within the article
  (acronyms, synonyms, "the program", "this type of treatment", "it");
* :mod:`.quantities`: numbers with units, converted to one base unit per measure;
* :mod:`.extraction`: the frames (suitability, requirement, coverage,
  affordability, effectiveness, safety, frequency, quantities) that turn a
  sentence into :class:`~.model.Claim` records;
* :mod:`.compare`: claims indexed by (frame, predicate, subject word) and
  compared only within a bucket, with a confidence for each conflict.

Nothing here imports spaCy at import time.
"""
