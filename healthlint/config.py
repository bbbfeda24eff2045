"""Configuration: the built-in ``rules.yaml``, project files, and their validation.

Precedence, lowest first:

1. the built-in ``rules.yaml`` shipped inside the package;
2. a project file: ``--config FILE``, else the nearest ``.healthlint.yaml``
   found walking up from the checked file's folder, else ``[tool.healthlint]``
   in the nearest ``pyproject.toml``;
3. the project file's ``overrides`` whose ``files`` glob matches the file;
4. ``--select`` / ``--ignore`` on the command line.

A project file overrides the defaults key by key.  In a rule's section a key
``extend-NAME`` adds to the list (or mapping) option ``NAME`` instead of
replacing it.  Every value is checked against the type of the built-in
default, so a typo or an unquoted ``no`` in a word list is an error naming
the file, the key and the line.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from . import datacache
from .errors import ConfigError
from .findings import SEVERITIES

PROJECT_CONFIG_NAME = ".healthlint.yaml"
TOP_LEVEL_KEYS = {"extends", "locale", "rules", "overrides", "exclude", "cues"}
RULE_META_KEYS = {"enabled", "severity"}
LOCALES_KEY = "locales"


# -- YAML with line numbers -------------------------------------------
# ``yaml`` is imported on first use: with the built-in rules read back from
# their cache (datacache.py), ``healthlint rules`` never needs it.
def _construct_mapping(loader, node, deep: bool = False):
    mapping = {}
    lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        value = loader.construct_object(value_node, deep=True)
        mapping[key] = value
        lines[key] = key_node.start_mark.line + 1
    return _LinedDict(mapping, lines, node.start_mark.line + 1)


class _LinedDict(dict):
    """A dict that knows the source line of each key."""

    def __init__(self, data, lines, line):
        super().__init__(data)
        self.lines = lines
        self.line = line

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


@lru_cache(maxsize=1)
def _line_loader():
    """A safe loader (libyaml's when available: 10x faster) that remembers the line of every mapping key."""
    import yaml

    loader = type("_LineLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return loader


def load_yaml(text: str, path: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_line_loader())  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None


def _line(obj: Any, key: Any) -> str:
    if isinstance(obj, _LinedDict):
        return f":{obj.line_of(key)}"
    return ""


def _plain(obj: Any) -> Any:
    """Strip the line bookkeeping: plain dicts and lists, deep-copied."""
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    return obj


# -- the built-in rules.yaml ------------------------------------------
def default_rules_path() -> Path:
    """``healthlint/rules.yaml`` in an installed wheel, else the repository root's."""
    packaged = resources.files("healthlint") / "rules.yaml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "rules.yaml"


@lru_cache(maxsize=1)
def load_defaults() -> dict[str, Any]:
    """The built-in ``rules.yaml`` as plain data (parsed once, then read back from its cache)."""
    path = default_rules_path()
    try:
        data = datacache.load(path, lambda text: _plain(load_yaml(text, str(path))), key="rules-yaml")
    except OSError as exc:
        raise ConfigError(f"built-in rules file {path} is missing: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"built-in rules file {path} is not UTF-8: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), dict):
        raise ConfigError(f"{path}: the built-in rules file has no 'rules' mapping")
    return data


# -- the effective configuration --------------------------------------
@dataclass
class RuleConfig:
    enabled: bool
    severity: str
    options: dict[str, Any]


@dataclass
class Config:
    """The effective configuration for one file."""

    locale: str
    rules: dict[str, RuleConfig]
    # True when a project file (not the built-in default) chose the locale.
    locale_explicit: bool = False
    locales: dict[str, Any] = field(default_factory=dict)
    # Shared word lists several rules use (citation cues, hedges, negators...).
    cues: dict[str, Any] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    overrides: list[dict[str, Any]] = field(default_factory=list)
    root: Path | None = None  # folder the project file lives in (globs are relative to it)
    sources: list[str] = field(default_factory=list)  # files this came from, lowest first

    def enabled_rules(self) -> list[str]:
        return [rid for rid, rc in self.rules.items() if rc.enabled]

    def fingerprint(self) -> str:
        """A stable hash of everything that changes findings (for caches)."""
        import hashlib  # (only for the cache: `healthlint rules` never loads OpenSSL)

        payload = json.dumps(self.to_dict(include_files=False), sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def to_dict(self, include_files: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if include_files:
            out["sources"] = list(self.sources)
        out["locale"] = self.locale
        out["rules"] = {
            rid: {"enabled": rc.enabled, "severity": rc.severity, **rc.options}
            for rid, rc in self.rules.items()
        }
        if include_files:
            out["exclude"] = list(self.exclude)
        out["cues"] = self.cues
        return out

    # -- per-file views -------------------------------------------------
    def relative_path(self, path: str | Path) -> str | None:
        if self.root is None:
            return None
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None

    def is_excluded(self, path: str | Path) -> bool:
        rel = self.relative_path(path)
        if rel is None:
            rel = Path(path).as_posix()
        return any(glob_match(rel, pattern) for pattern in self.exclude)

    def matching_overrides(self, path: str | Path) -> list[dict[str, Any]]:
        """The ``overrides`` entries whose ``files`` globs match ``path``, in order."""
        if not self.overrides:
            return []
        rel = self.relative_path(path) or Path(path).as_posix()
        return [o for o in self.overrides if any(glob_match(rel, g) for g in o["files"])]

    def for_file(self, path: str | Path) -> "Config":
        """This configuration with the ``overrides`` that match ``path`` applied."""
        matching = self.matching_overrides(path)
        if not matching:
            return self
        cfg = copy.deepcopy(self)
        cfg.overrides = []
        for override in matching:
            _apply_rules_section(cfg, override["rules"], override.get("_source", "override"))
            if "locale" in override:
                cfg.locale = override["locale"]
                cfg.locale_explicit = True
        return cfg

    def restricted(self, select: list[str] | None, ignore: list[str] | None) -> "Config":
        """Apply ``--select`` (only these rules, enabling them) and ``--ignore``."""
        if not select and not ignore:
            return self
        cfg = copy.deepcopy(self)
        if select:
            for rid, rc in cfg.rules.items():
                rc.enabled = rid in select
        for rid in ignore or ():
            cfg.rules[rid].enabled = False
        return cfg


def _glob_regex(pattern: str):
    """A compiled regex for a gitignore-style glob: ``*`` and ``?`` stay within one
    folder, ``**`` spans folders, ``[...]`` is a character class."""
    import re

    cached = _GLOB_CACHE.get(pattern)
    if cached is not None:
        return cached
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            close = pattern.find("]", i + 2)
            if close < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1:close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = close + 1
        else:
            out.append(re.escape(c))
            i += 1
    rx = re.compile("".join(out) + r"\Z")
    _GLOB_CACHE[pattern] = rx
    return rx


_GLOB_CACHE: dict[str, Any] = {}


def glob_match(rel_path: str, pattern: str) -> bool:
    """gitignore-like globs, relative to the configuration's folder: ``drafts/**``
    and ``drafts/`` (a folder and everything in it), ``news/*.html`` (one level),
    ``news/**/*.html`` (any depth), ``*.htm`` or ``node`` (a name without a slash
    matches at any depth)."""
    pattern = pattern.strip()
    if not pattern:
        return False
    if pattern.endswith("/"):
        pattern += "**"
    if rel_path.startswith("./"):
        rel_path = rel_path[2:]
    if "/" not in pattern:
        # A bare name matches a file or folder name at any depth, like .gitignore.
        rx = _glob_regex(pattern)
        return any(rx.match(part) for part in PurePosixPath(rel_path).parts)
    rx = _glob_regex(pattern.lstrip("/"))
    if rx.match(rel_path):
        return True
    if pattern.endswith("/**"):
        return rel_path == pattern.lstrip("/")[:-3]
    return False


def default_config() -> Config:
    data = load_defaults()
    rules = {}
    for rid, section in data["rules"].items():
        section = dict(section or {})
        rules[rid] = RuleConfig(
            enabled=bool(section.pop("enabled", True)),
            severity=str(section.pop("severity", "warning")),
            options=section,
        )
    return Config(
        locale=str(data.get("locale", "en-US")),
        rules=rules,
        locales=data.get(LOCALES_KEY, {}),
        cues=data.get("cues", {}),
        sources=[str(default_rules_path())],
    )


# -- validation and merging -------------------------------------------
def _type_name(value: Any) -> str:
    return {
        bool: "true/false",
        int: "a whole number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def _check_value(default: Any, value: Any, where: str) -> Any:
    """Check ``value`` against the type of ``default``; return it (copied)."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected {_type_name(default)}, got {value!r}")
        if isinstance(default, int) and isinstance(value, float) and not value.is_integer():
            raise ConfigError(f"{where}: expected a whole number, got {value!r}")
        return type(default)(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(
                f"{where}: expected a string, got {value!r}"
                + (" (quote it: YAML reads unquoted yes/no/on/off as true/false)" if isinstance(value, bool) else "")
            )
        return value
    if isinstance(default, list):
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {_type_name(value)}")
        sample = default[0] if default else None
        out = []
        for i, item in enumerate(value):
            if sample is None or isinstance(sample, str):
                if not isinstance(item, str):
                    hint = " (quote it: YAML reads unquoted yes/no/on/off as true/false)" if isinstance(item, bool) else ""
                    raise ConfigError(f"{where}[{i}]: list items must be strings, got {item!r}{hint}")
                out.append(item)
            else:
                out.append(_check_value(sample, item, f"{where}[{i}]"))
        return out
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {_type_name(value)}")
        sample = next(iter(default.values()), None)
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise ConfigError(f"{where}: keys must be strings, got {k!r}")
            base = default.get(k, sample)
            out[k] = _plain(v) if base is None else _check_value(base, v, f"{where}.{k}")
        return out
    return _plain(value)


def _check_patterns(name: str, value: Any, where: str) -> None:
    """An option named ``*_pattern`` or ``*_patterns`` holds regular expressions: each must compile.

    (Else the rule could not be built, and the error would not say which file and line.)"""
    if not name.endswith(("_pattern", "_patterns")):
        return
    import re

    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item:
            continue
        try:
            re.compile(item)
        except re.error as exc:
            at = f"[{i}]" if isinstance(value, list) else ""
            raise ConfigError(f"{where}{at}: invalid regular expression {item!r}: {exc}") from None


def _apply_rules_section(cfg: Config, section: Any, path: str) -> None:
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: 'rules' must be a mapping of rule ids")
    defaults = default_config().rules
    for rid, body in section.items():
        where = f"{path}{_line(section, rid)}: rules.{rid}"
        if rid not in cfg.rules:
            raise ConfigError(f"{where}: unknown rule id '{rid}' (see `healthlint rules`)")
        rc = cfg.rules[rid]
        if isinstance(body, bool):  # `rule-id: false` is shorthand for enabled: false
            rc.enabled = body
            continue
        if body is None:
            continue
        if not isinstance(body, dict):
            raise ConfigError(f"{where}: expected a mapping (enabled, severity, options) or true/false")
        for key, value in body.items():
            kwhere = f"{path}{_line(body, key)}: rules.{rid}.{key}"
            if key == "enabled":
                rc.enabled = _check_value(True, value, kwhere)
            elif key == "severity":
                if value not in SEVERITIES:
                    raise ConfigError(f"{kwhere}: severity must be one of {', '.join(SEVERITIES)}, got {value!r}")
                rc.severity = value
            elif key.startswith("extend-"):
                name = key[len("extend-"):]
                if name not in defaults[rid].options:
                    raise ConfigError(f"{kwhere}: rule '{rid}' has no option '{name}' to extend")
                base = defaults[rid].options[name]
                if not isinstance(base, (list, dict)):
                    raise ConfigError(f"{kwhere}: option '{name}' is not a list or mapping; set it instead")
                value = _check_value(base, value, kwhere)
                _check_patterns(name, value, kwhere)
                current = rc.options.get(name)
                if isinstance(base, list):
                    rc.options[name] = list(current or []) + [v for v in value if v not in (current or [])]
                else:
                    merged = dict(current or {})
                    merged.update(value)
                    rc.options[name] = merged
            else:
                if key not in defaults[rid].options:
                    known = ", ".join(sorted(defaults[rid].options)) or "none"
                    raise ConfigError(f"{kwhere}: rule '{rid}' has no option '{key}' (options: {known})")
                rc.options[key] = _check_value(defaults[rid].options[key], value, kwhere)
                _check_patterns(key, rc.options[key], kwhere)


def _apply_cues_section(cfg: Config, section: Any, path: str) -> None:
    """Top-level ``cues:`` (shared word lists): set or ``extend-`` each list."""
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: 'cues' must be a mapping of word lists")
    defaults = load_defaults().get("cues", {})
    for key, value in section.items():
        where = f"{path}{_line(section, key)}: cues.{key}"
        name = key[len("extend-"):] if key.startswith("extend-") else key
        if name not in defaults:
            raise ConfigError(f"{where}: unknown cue list '{name}' (known: {', '.join(sorted(defaults))})")
        value = _check_value(defaults[name], value, where)
        _check_patterns(name, value, where)
        if key.startswith("extend-"):
            cfg.cues[name] = list(cfg.cues.get(name, [])) + [v for v in value if v not in cfg.cues.get(name, [])]
        else:
            cfg.cues[name] = value


def apply_project_data(cfg: Config, data: Any, path: str, root: Path | None) -> Config:
    """Merge a parsed project configuration into ``cfg`` (validated)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of keys")
    cfg = copy.deepcopy(cfg)
    me = str(Path(path).resolve()) if Path(path).exists() else path
    cfg.sources.append(me)
    cfg.root = root
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise ConfigError(
                f"{path}{_line(data, key)}: unknown key '{key}' (known: {', '.join(sorted(TOP_LEVEL_KEYS))})"
            )
    extends = data.get("extends", "default")
    if extends not in ("default", "builtin", "healthlint", None):
        if not isinstance(extends, str):
            raise ConfigError(f"{path}{_line(data, 'extends')}: extends: expected a file path or 'default'")
        target = (Path(path).parent / extends).resolve()
        if not target.is_file():
            raise ConfigError(f"{path}{_line(data, 'extends')}: extends: no such file '{extends}'")
        if str(target) in cfg.sources or target == Path(path).resolve():
            raise ConfigError(f"{path}{_line(data, 'extends')}: extends: '{extends}' is already being "
                              "loaded (a configuration cannot extend itself)")
        cfg = load_project_file(target, base=cfg)
        cfg.sources = [x for x in cfg.sources if x != me] + [me]
        cfg.root = root
    if "locale" in data:
        loc = data["locale"]
        if not isinstance(loc, str) or loc not in cfg.locales:
            raise ConfigError(
                f"{path}{_line(data, 'locale')}: locale must be one of {', '.join(sorted(cfg.locales))}, got {loc!r}"
            )
        cfg.locale = loc
        cfg.locale_explicit = True
    if "cues" in data:
        _apply_cues_section(cfg, data["cues"], path)
    if "rules" in data:
        _apply_rules_section(cfg, data["rules"], path)
    if "exclude" in data:
        exclude = data["exclude"]
        exclude = [exclude] if isinstance(exclude, str) else exclude
        cfg.exclude = cfg.exclude + _check_value([""], exclude, f"{path}{_line(data, 'exclude')}: exclude")
    if "overrides" in data:
        ov = data["overrides"]
        where = f"{path}{_line(data, 'overrides')}: overrides"
        if not isinstance(ov, list):
            raise ConfigError(f"{where}: expected a list of {{files: ..., rules: ...}}")
        for i, item in enumerate(ov):
            if not isinstance(item, dict) or "files" not in item:
                raise ConfigError(f"{where}[{i}]: each override needs 'files' (a glob or list of globs)")
            files = item["files"]
            files = [files] if isinstance(files, str) else _check_value([""], files, f"{where}[{i}].files")
            extra = set(item) - {"files", "rules", "locale"}
            if extra:
                raise ConfigError(f"{where}[{i}]: unknown key(s) {', '.join(sorted(extra))}")
            if "locale" in item and (not isinstance(item["locale"], str) or item["locale"] not in cfg.locales):
                raise ConfigError(f"{where}[{i}].locale: must be one of {', '.join(sorted(cfg.locales))}, "
                                  f"got {item['locale']!r}")
            # Validate now so errors surface before any file is checked.
            probe = copy.deepcopy(cfg)
            _apply_rules_section(probe, item.get("rules", {}) or {}, f"{path}")
            cfg.overrides.append(
                {"files": files, "rules": item.get("rules", {}) or {}, "_source": path,
                 **({"locale": item["locale"]} if "locale" in item else {})}
            )
    return cfg


def load_project_file(path: str | Path, base: Config | None = None) -> Config:
    path = Path(path)
    base = base or default_config()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    if path.name == "pyproject.toml":
        data = _pyproject_section(text, str(path))
    else:
        data = load_yaml(text, str(path))
    return apply_project_data(base, data, str(path), path.parent.resolve())


def _pyproject_section(text: str, path: str) -> Any:
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return data.get("tool", {}).get("healthlint", {})


def _has_tool_section(pyproject: Path) -> bool:
    try:
        return "[tool.healthlint" in pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def find_project_config(start: Path) -> Path | None:
    """The nearest project configuration walking up from ``start``: in each folder,
    a ``.healthlint.yaml``, else a ``pyproject.toml`` with a ``[tool.healthlint]``
    table.  The nearest folder wins, so a monorepo can hold several."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for d in (folder, *folder.parents):
        candidate = d / PROJECT_CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (d / "pyproject.toml").is_file() and _has_tool_section(d / "pyproject.toml"):
            return d / "pyproject.toml"
    return None


class ConfigResolver:
    """Finds and caches the effective configuration for each checked file."""

    def __init__(self, config_path: str | None = None, select=None, ignore=None):
        self.select = select
        self.ignore = ignore
        self._explicit = load_project_file(config_path) if config_path else None
        self._by_file: dict[Path | None, Config] = {}
        self._restricted: dict[int, tuple[Config, Config]] = {}
        self._found_by_folder: dict[str, Path | None] = {}  # discovery is per folder

    def base_for(self, path: str | Path | None) -> Config:
        if self._explicit is not None:
            return self._explicit
        p = Path(path) if path is not None else Path.cwd()
        folder = p if p.is_dir() else p.parent
        key = str(folder)
        if key in self._found_by_folder:
            found = self._found_by_folder[key]
        else:
            found = find_project_config(folder)
            self._found_by_folder[key] = found
        if found not in self._by_file:
            self._by_file[found] = load_project_file(found) if found else default_config()
        return self._by_file[found]

    def for_file(self, path: str | Path | None) -> Config:
        base = self.base_for(path)
        cfg = base.for_file(path) if path is not None else base
        if cfg is not base:  # overrides matched: a per-file copy
            return cfg.restricted(self.select, self.ignore)
        # The common case: many files share one configuration; restrict it once.
        restricted = self._restricted.get(id(base))
        if restricted is None or restricted[0] is not base:
            restricted = (base, base.restricted(self.select, self.ignore))
            self._restricted[id(base)] = restricted
        return restricted[1]
