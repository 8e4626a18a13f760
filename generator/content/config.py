"""site.yaml and command-line overrides → one `SiteConfig`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from generator.content import fields as f
from generator.content.sources import SourceFile
from generator.core.diagnostics import Collector
from generator.core.interface import languages
from generator.core.messages import phrase
from generator.core.model import SiteConfig


@f.shaped(
    {
        "type": "string",
        "pattern": r"^(https?://[^\s/?#]+)?/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$",
        "patternErrorMessage": "A full address such as https://example.org/register/, "
        "or a path such as /register/.",
    }
)
def base_url(value: Any, path: str, collector: Collector) -> Any:
    """An absolute http(s) address or a path starting with '/'; always ends in '/'."""
    if isinstance(value, str) and is_base_url(value.strip()):
        return normalise_base_url(value.strip())
    if not isinstance(value, str):
        collector.add(
            "wrong-type", path, found=f.described(value, path, collector), expected=f.WEB_ADDRESS
        )
    else:
        collector.add("bad-base-url", path, value=value)
    return f.INVALID


def normalise_base_url(value: str) -> str:
    """The base URL with exactly one trailing slash."""
    return value.rstrip("/") + "/"


_PATH = re.compile(r"/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*")
"""A URL path of characters that need no quoting in a link (RFC 3986 `pchar` and '/')."""


def is_base_url(value: str) -> bool:
    """Whether `value` can be a base URL: `/path/`, or an http(s) address with a host and
    no query or fragment, its path made of characters that need no quoting."""
    if value.startswith("/"):
        return not value.startswith("//") and bool(_PATH.fullmatch(value))
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not (parts.query or parts.fragment or value.endswith(("?", "#")))
        and bool(_PATH.fullmatch(parts.path or "/"))
        and not any(c.isspace() or not c.isprintable() for c in parts.netloc)
    )


@f.shaped({"type": "string", "enum": list(languages())})
def language(value: Any, path: str, collector: Collector) -> Any:
    """One of the languages the interface has strings for (`templates/strings/*.yaml`)."""
    shipped = languages()
    if isinstance(value, str) and value.strip() in shipped:
        return value.strip()
    if not isinstance(value, str):
        collector.add(
            "wrong-type",
            path,
            found=f.described(value, path, collector),
            expected=phrase("config.language_code"),
        )
    else:
        collector.add("unknown-value", path, value=value, allowed=", ".join(shipped), suggestion="")
    return f.INVALID


_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
"""A BCP 47 tag in its common shape: a language, then optional script, region or variant."""


@f.shaped(
    {
        "type": "string",
        "pattern": f"^{_LANGUAGE_TAG.pattern}$",
        "patternErrorMessage": "A language tag such as vi, en or en-GB.",
    }
)
def language_tag(value: Any, path: str, collector: Collector) -> Any:
    """A BCP 47 language tag such as `vi`, `en` or `en-GB`, checked for its shape only."""
    if isinstance(value, str) and _LANGUAGE_TAG.fullmatch(value.strip()):
        return value.strip()
    collector.add(
        "wrong-type",
        path,
        found=f.described(value, path, collector),
        expected=phrase(
            "config.language_tag_bcp_47_such",
        ),
    )
    return f.INVALID


SITE_FIELDS = (
    f.Field(
        "title",
        f.text,
        required=True,
        expected=phrase("config.name_register"),
    ),
    f.Field("description", f.text),
    f.Field("publisher", f.text),
    f.Field("base_url", base_url),
    f.Field("language", language),
    f.Field("content_language", language_tag),
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
    collector.written.update(source.written)
    values = f.read_record(source.data, "", SITE_FIELDS, collector, phrase("config.site_settings"))
    if values is None:
        return None
    if "language" in values:
        # Records are taken to be written in the interface's language unless told otherwise.
        values.setdefault("content_language", values["language"])
    config = SiteConfig(**values)
    if as_of is not None:
        config = replace(config, as_of=as_of)
    if base_url_override is not None:
        config = replace(config, base_url=normalise_base_url(base_url_override))
    return config
