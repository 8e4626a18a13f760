"""Where the interface lives: the templates, UI strings and static files.

An installed package carries them inside itself as `generator/templates/` (package
data); a checkout keeps them in the top-level `templates/` folder beside `generator/`.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
TEMPLATES = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"
"""The templates shipped with the generator."""


def languages(templates: Path = TEMPLATES) -> tuple[str, ...]:
    """The languages the interface has strings for: the names of `strings/*.yaml`."""
    return tuple(sorted(p.stem for p in (templates / "strings").glob("*.yaml") if p.is_file()))
