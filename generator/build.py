"""Orchestration: the pipeline as a flat list of named steps.

`load()` reads, validates and registers the content; `check` is `load()` alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TypeVar

from generator import diagnostics, schema
from generator.config import site_config
from generator.diagnostics import Collector, Diagnostic, Severity
from generator.model import SiteConfig
from generator.references import Entry
from generator.register import Register, build_register
from generator.sources import SourceFile, read_tree

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded:
    """The outcome of loading a content folder."""

    register: Register | None
    """The register, or None when site.yaml could not be read."""
    diagnostics: list[Diagnostic]
    """Every problem found, sorted by file and line."""

    @property
    def errors(self) -> list[Diagnostic]:
        """The problems that fail a build."""
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The problems that only fail a build under --strict."""
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def load(
    content_dir: Path,
    *,
    today: dt.date,
    as_of: dt.date | None = None,
    base_url: str | None = None,
    shown_as: PurePath | str | None = None,
) -> Loaded:
    """Read, check and cross-reference a content folder.

    `today` is the caller's clock; the as-of date is `as_of`, else site.yaml's
    `as_of`, else `today`. `shown_as` is how paths appear in messages (default:
    `content_dir` as given).
    """
    shown = content_dir if shown_as is None else shown_as
    tree = read_tree(content_dir, shown)
    site = Collector(tree.site.path if tree.site else "")
    config = site_config(tree.site, site, as_of=as_of, base_url_override=base_url)
    parties = [_entry(schema.party_from, source) for source in tree.parties]
    agreements = [_entry(schema.agreement_from, source) for source in tree.agreements]
    pages = [_entry(schema.page_from, source) for source in tree.pages]
    effective = config or SiteConfig(title="")
    register = build_register(
        effective,
        effective.as_of or today,
        parties,
        agreements,
        pages,
        tree.files,
        unreadable=tree.unreadable,
    )
    found = [*tree.diagnostics, *site.found]
    for entry in (*parties, *agreements, *pages):
        found.extend(entry.collector.found)
    return Loaded(register if config else None, diagnostics.sort(found))


def _entry(check: Callable[[SourceFile, Collector], T | None], source: SourceFile) -> Entry[T]:
    """Check one file with its own collector."""
    collector = Collector(source.path)
    return Entry(check(source, collector), source, collector)
