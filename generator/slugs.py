"""Slugs and ids: the permanent, URL-safe names of files."""

from __future__ import annotations

import re

from slugify import slugify

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    """Whether `text` is lowercase ASCII letters and digits joined by single hyphens."""
    return bool(_SLUG.fullmatch(text))


def suggest_slug(text: str) -> str:
    """A valid slug close to `text` (đ becomes d, spaces become hyphens)."""
    return slugify(text) or "ten-tep"
