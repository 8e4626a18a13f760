"""site.yaml and command-line overrides → one `SiteConfig`."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from generator import fields as f
from generator.diagnostics import Collector
from generator.model import SiteConfig
from generator.sources import SourceFile


def base_url(value: Any, path: str, collector: Collector) -> Any:
    """An absolute http(s) address or a path starting with '/'; always ends in '/'."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        return normalise_base_url(value)
    checked = f.url(value, path, collector)
    return f.INVALID if checked is f.INVALID else normalise_base_url(checked)


def normalise_base_url(value: str) -> str:
    """The base URL with exactly one trailing slash."""
    return value.rstrip("/") + "/"


def is_base_url(value: str) -> bool:
    """Whether a command-line --base-url is acceptable."""
    if value.startswith("/") and not value.startswith("//"):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


SITE_FIELDS = (
    f.Field("title", f.text, required=True, expected="the name of the register"),
    f.Field("description", f.text),
    f.Field("base_url", base_url),
    f.Field("language", f.text),
    f.Field("repository_url", f.url),
    f.Field("repository_branch", f.text),
    f.Field("content_path", f.text),
    f.Field("licence", f.text),
    f.Field("as_of", f.day),
)


def site_config(
    source: SourceFile | None,
    collector: Collector,
    *,
    as_of: dt.date | None = None,
    base_url_override: str | None = None,
) -> SiteConfig | None:
    """Read site.yaml and apply command-line overrides; None if site.yaml is broken."""
    if source is None:
        return None
    collector.lines.update(source.lines)
    values = f.read_record(source.data, "", SITE_FIELDS, collector, "site settings")
    if values is None:
        return None
    config = SiteConfig(**values)
    if as_of is not None:
        config = replace(config, as_of=as_of)
    if base_url_override is not None:
        config = replace(config, base_url=normalise_base_url(base_url_override))
    return config
