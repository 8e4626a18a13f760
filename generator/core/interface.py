"""Where the interface lives: the templates, UI strings and static files.

An installed package carries them inside itself as `generator/templates/` (package
data); a checkout keeps them in the top-level `templates/` folder beside `generator/`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

_HERE = Path(__file__).resolve().parent.parent  # the package, `generator/`
TEMPLATES = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"
"""The templates shipped with the generator."""


def languages(templates: Path = TEMPLATES) -> tuple[str, ...]:
    """The languages the interface has strings for: the names of `strings/*.yaml`."""
    return tuple(sorted(p.stem for p in (templates / "strings").glob("*.yaml") if p.is_file()))


class MissingStrings(Exception):
    """The interface has no catalogue for the site's language."""


def load_strings(templates: Path, language: str) -> Mapping[str, Any]:
    """The UI string catalogue for a language, e.g. `templates/strings/vi.yaml`: read once
    per process while the file stays as it is (a build asks for it several times; the
    preview sees an edit at once). Callers only read it."""
    path = templates / "strings" / f"{language}.yaml"
    if not path.is_file():
        shipped = ", ".join(languages(templates)) or "none"
        raise MissingStrings(
            f"site.yaml: language: the interface has no strings for '{language}' "
            f"(no {path}) — one of: {shipped}"
        )
    info = path.stat()
    return _read_strings(path.resolve(), info.st_mtime_ns, info.st_size, info.st_ino)


@functools.lru_cache(maxsize=16)
def _read_strings(path: Path, mtime: int, size: int, inode: int) -> Mapping[str, Any]:
    with path.open(encoding="utf-8") as stream:
        # libyaml when PyYAML has it (its wheels do): the catalogue is large, and the pure
        # Python loader took a quarter of a second for it.
        return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def field_words(strings: Mapping[str, Any], record: str, aspect: str) -> dict[str, Any]:
    """One aspect of every field of a record's table, field → its words: `label`, `history`,
    `guide`, `data` or `scaffold` (the catalogue's `fields.<record>.<field>` blocks; fields
    without that aspect left out)."""
    blocks: Mapping[str, Mapping[str, Any]] = strings["fields"][record]
    return {name: block[aspect] for name, block in blocks.items() if aspect in block}


def column_words(strings: Mapping[str, Any], record: str, file: str) -> dict[str, Any]:
    """Every column that a record's fields make in a file (`csv` for agreements.csv,
    `spreadsheet` for van-ban.csv), column → its words, in the fields' order."""
    return {
        column: words
        for made in field_words(strings, record, file).values()
        for column, words in made.items()
    }
