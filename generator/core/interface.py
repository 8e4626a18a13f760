"""Where the interface lives: the templates, UI strings and static files.

An installed package carries them inside itself as `generator/templates/` (package
data); a checkout keeps them in the top-level `templates/` folder beside `generator/`.
"""

from __future__ import annotations

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
    """The UI string catalogue for a language, e.g. `templates/strings/vi.yaml`."""
    path = templates / "strings" / f"{language}.yaml"
    if not path.is_file():
        shipped = ", ".join(languages(templates)) or "none"
        raise MissingStrings(
            f"site.yaml: language: the interface has no strings for '{language}' "
            f"(no {path}) — one of: {shipped}"
        )
    with path.open(encoding="utf-8") as stream:
        # libyaml when PyYAML has it (its wheels do): the catalogue is large, and the pure
        # Python loader took a quarter of a second for it.
        return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
