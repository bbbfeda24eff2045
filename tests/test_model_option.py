"""--model: a user's own installed spaCy pipeline replaces the built-in one.

No trained pipeline is a dependency, so these tests build a small pipeline,
save it to disk and load it by path (spaCy loads names and paths alike).
"""
from __future__ import annotations

import pytest
import spacy
from click.testing import CliRunner

from healthlint.cli import main
from healthlint.nlp import build_pipeline, make_doc


@pytest.fixture(scope="module")
def saved_pipeline(tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "en_tiny"
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(path)
    return str(path)


def test_model_pipeline_keeps_headings_apart(saved_pipeline):
    nlp = build_pipeline(saved_pipeline)
    doc = nlp(make_doc(nlp, "How IOP works\nMost clients keep working. Sessions are short."))
    assert [s.text.strip() for s in doc.sents] == [
        "How IOP works", "Most clients keep working.", "Sessions are short."]


def test_check_with_model_reports_findings(saved_pipeline, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Our clinics in are open on weekends.\n")
    result = CliRunner().invoke(main, ["check", "--model", saved_pipeline, "--select", "broken-phrase", str(article)])
    assert result.exit_code == 1, result.output
    assert "broken-phrase" in result.stdout


def test_a_model_that_cannot_be_loaded_is_one_clear_error(tmp_path):
    """A missing name, a folder that is no pipeline, a pipeline whose files are broken: each is
    one message naming --model and exit 2, never a traceback."""
    article = tmp_path / "a.txt"
    article.write_text("Our clinics in are open on weekends.\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp\nlang =\n")
    (broken / "meta.json").write_text("{}")
    for model, says in [("no_such_pipeline_xyz", "no installed spaCy pipeline of that name"),
                        (str(empty), "not a spaCy pipeline folder"),
                        (str(broken), "the pipeline could not be loaded")]:
        result = CliRunner().invoke(main, ["check", "--no-cache", "--model", model, str(article)])
        assert result.exit_code == 2, (model, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"--model {model}: {says}" in result.stderr
