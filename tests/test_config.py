"""Project configuration: discovery, per-glob overrides, exclusion, .gitignore, extends,
``healthlint config --show``.  Each test builds its own project layout in tmp_path."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from healthlint.cli import main
from healthlint.config import ConfigResolver, find_project_config, glob_match

DEFECT = "Put in the the drops every evening.\n"


def run(*args, cwd: Path | None = None):
    import os

    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [str(a) for a in args])
    finally:
        os.chdir(old)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def check_json(*args, cwd=None):
    result = run("check", "--format", "json", "--fail-on", "never", *args, cwd=cwd)
    assert result.exit_code in (0, 2), result.output
    data = json.loads(result.stdout)
    return {
        Path(f["path"]).as_posix(): {(x["rule"], x["severity"]) for x in f["findings"] if x["rule"] == "broken-phrase"}
        for f in data["files"]
    }


def rel(found: dict, root: Path) -> dict:
    return {Path(k).resolve().relative_to(root.resolve()).as_posix(): v for k, v in found.items()}


@pytest.fixture
def project(tmp_path):
    """A site with news/, drafts/, an HTML export and a sub-project with its own config."""
    write(tmp_path, {
        ".healthlint.yaml": yaml.safe_dump({
            "rules": {"broken-phrase": {"severity": "warning"}},
            "exclude": ["drafts/**", "*.htm"],
            "overrides": [
                {"files": "news/**", "rules": {"broken-phrase": {"severity": "info"}}},
                {"files": ["*.html"], "rules": {"broken-phrase": False}},
            ],
        }),
        "guide.md": DEFECT,
        "news/today.md": DEFECT,
        "news/deep/older.txt": DEFECT,
        "export/guide.html": f"<p>{DEFECT}</p>",
        "legacy.htm": f"<p>{DEFECT}</p>",
        "drafts/wip.md": DEFECT,
        "team/.healthlint.yaml": "rules:\n  broken-phrase:\n    severity: error\n",
        "team/notes.md": DEFECT,
        "lib/pyproject.toml": "[tool.healthlint.rules.broken-phrase]\nenabled = false\n",
        "lib/readme.md": DEFECT,
    })
    return tmp_path


def test_overrides_exclude_and_nearest_config(project):
    found = rel(check_json(project, cwd=project), project)
    assert found == {
        "guide.md": {("broken-phrase", "warning")},           # the root file
        "news/today.md": {("broken-phrase", "info")},         # override news/**
        "news/deep/older.txt": {("broken-phrase", "info")},   # ** spans folders
        "export/guide.html": set(),                           # override *.html turns it off
        "team/notes.md": {("broken-phrase", "error")},        # the nearer .healthlint.yaml
        "lib/readme.md": set(),                               # the nearer pyproject.toml
    }                                                         # drafts/** and *.htm excluded


def test_excluded_file_named_explicitly_is_still_checked(project):
    found = rel(check_json(project / "drafts" / "wip.md", cwd=project), project)
    assert found == {"drafts/wip.md": {("broken-phrase", "warning")}}


def test_explicit_config_skips_discovery(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("cfg") / "strict.yaml"
    other.write_text("rules:\n  broken-phrase:\n    severity: error\n", encoding="utf-8")
    found = rel(check_json("--config", other, project / "team" / "notes.md", project / "lib" / "readme.md"), project)
    assert found == {"team/notes.md": {("broken-phrase", "error")}, "lib/readme.md": {("broken-phrase", "error")}}


def test_gitignore_is_respected_inside_a_git_repository(project):
    if shutil.which("git") is None:  # pragma: no cover - git is part of the test environment
        pytest.fail("git is needed for this test")
    write(project, {".gitignore": "private/\n*.tmp.md\n", "private/secret.md": DEFECT, "scratch.tmp.md": DEFECT})
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    found = rel(check_json(project, cwd=project), project)
    assert "private/secret.md" not in found and "scratch.tmp.md" not in found
    assert "guide.md" in found and "team/notes.md" in found  # untracked but not ignored: checked
    # Outside git the same folder is walked, so the ignored files are checked.
    shutil.rmtree(project / ".git")
    found = rel(check_json(project, cwd=project), project)
    assert "private/secret.md" in found


def test_config_show_prints_the_effective_configuration(project):
    result = run("config", "--show", project / "news" / "today.md")
    assert result.exit_code == 0, result.output
    shown = yaml.safe_load(result.stdout)
    assert result.stdout.splitlines()[1] == "# overrides applied (files): news/**"
    assert shown["rules"]["broken-phrase"]["severity"] == "info"
    assert shown["exclude"] == ["drafts/**", "*.htm"]
    assert str((project / ".healthlint.yaml").resolve()) in shown["sources"]
    result = run("config", "--show", project / "team" / "notes.md")
    assert yaml.safe_load(result.stdout)["rules"]["broken-phrase"]["severity"] == "error"
    # A path that does not exist yet: what a new article there would get.
    result = run("config", "--show", project / "news" / "not-written-yet.md")
    assert result.exit_code == 0 and yaml.safe_load(result.stdout)["rules"]["broken-phrase"]["severity"] == "info"


def test_extends_and_its_cycle(tmp_path):
    write(tmp_path, {
        "base.yaml": "rules:\n  broken-phrase:\n    severity: info\n  readability: false\n",
        "site/.healthlint.yaml": "extends: ../base.yaml\nrules:\n  readability: true\n",
        "site/a.md": DEFECT,
        "loop/a.yaml": "extends: b.yaml\n",
        "loop/b.yaml": "extends: a.yaml\n",
    })
    cfg = ConfigResolver().for_file(tmp_path / "site" / "a.md")
    assert cfg.rules["broken-phrase"].severity == "info"
    assert cfg.rules["readability"].enabled is True  # the extending file wins
    result = run("check", "--config", tmp_path / "loop" / "a.yaml", tmp_path / "site" / "a.md")
    assert result.exit_code == 2 and "cannot extend itself" in result.stderr


@pytest.mark.parametrize("text,message", [
    ("rulez: {}\n", ":1: unknown key 'rulez'"),
    ("overrides:\n  - rules: {}\n", "needs 'files'"),
    ("overrides:\n  - files: '*.md'\n    locale: xx-XX\n", "locale: must be one of"),
    ("exclude: 3\n", "expected a list"),
    ("rules:\n  broken-phrase:\n    severity: loud\n", ":3: rules.broken-phrase.severity"),
    ("rules:\n  broken-phrase:\n    placeholder_patterns: ['\\\\{\\\\{', '[a']\n",
     ":3: rules.broken-phrase.placeholder_patterns[1]: invalid regular expression '[a': unterminated character set"),
    ("rules:\n  broken-phrase:\n    spintax_pattern: '(?<=a+)b'\n",
     ":3: rules.broken-phrase.spintax_pattern: invalid regular expression '(?<=a+)b'"),
    ("rules:\n  missing-disclaimer:\n    extend-strong_patterns: ['(open']\n",
     ":3: rules.missing-disclaimer.extend-strong_patterns[0]: invalid regular expression '(open'"),
    ("cues:\n  extend-citation_patterns: ['(?P<x']\n", ":2: cues.extend-citation_patterns[0]: invalid regular expression"),
])
def test_config_errors_name_the_file_and_key(tmp_path, text, message):
    write(tmp_path, {".healthlint.yaml": text, "a.md": DEFECT})
    result = run("check", tmp_path / "a.md")
    assert result.exit_code == 2
    assert message in result.stderr and ".healthlint.yaml" in result.stderr


def test_pyproject_is_used_when_there_is_no_healthlint_yaml(tmp_path):
    write(tmp_path, {"pyproject.toml": "[project]\nname='x'\n\n[tool.healthlint]\nexclude = ['old/**']\n"
                                      "[tool.healthlint.rules.broken-phrase]\nseverity = 'info'\n",
                     "docs/a.md": DEFECT, "old/b.md": DEFECT})
    assert find_project_config(tmp_path / "docs" / "a.md") == tmp_path / "pyproject.toml"
    found = rel(check_json(tmp_path, cwd=tmp_path), tmp_path)
    assert found == {"docs/a.md": {("broken-phrase", "info")}}


def test_pyproject_without_a_healthlint_table_is_not_a_config(tmp_path):
    write(tmp_path, {"pyproject.toml": "[project]\nname='x'\n", "a.md": DEFECT})
    assert find_project_config(tmp_path / "a.md") is None


@pytest.mark.parametrize("path,pattern,expected", [
    ("drafts/a.md", "drafts/**", True),
    ("drafts/x/a.md", "drafts/", True),
    ("news/drafts/a.md", "drafts/**", False),
    ("news/a.md", "*.md", True),
    ("news/deep/a.html", "news/*.html", False),
    ("news/deep/a.html", "news/**/*.html", True),
    ("a.html", "news/**/*.html", False),
    ("x/node/a.md", "node", True),
])
def test_glob_match(path, pattern, expected):
    assert glob_match(path, pattern) is expected


def test_readme_configuration_examples_are_valid(tmp_path):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    yaml_text = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    toml_text = section.split("```toml\n", 1)[1].split("```", 1)[0]
    write(tmp_path, {"a/.healthlint.yaml": yaml_text, "a/news/x.md": DEFECT,
                     "b/pyproject.toml": toml_text, "b/x.md": DEFECT})
    cfg = ConfigResolver().for_file(tmp_path / "a" / "news" / "x.md")
    assert cfg.locale == "en-GB" and cfg.rules["readability"].enabled is False
    assert "instant detox" in cfg.rules["unsupported-claim"].options["red_flags"]
    assert cfg.rules["missing-review-date"].severity == "warning"
    assert ConfigResolver().for_file(tmp_path / "b" / "x.md").rules["unsupported-claim"].severity == "error"


def test_a_file_named_twice_or_inside_a_named_folder_is_checked_once(project):
    result = run("check", "--format", "json", "--fail-on", "never", project / "guide.md", project,
                 project / "guide.md", cwd=project)
    paths = [Path(f["path"]).resolve() for f in json.loads(result.stdout)["files"]]
    assert paths.count((project / "guide.md").resolve()) == 1
