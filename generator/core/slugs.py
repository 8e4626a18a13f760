"""Slugs and ids: the permanent, URL-safe names of files."""

from __future__ import annotations

import functools
import hashlib
import re

from slugify import slugify

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

MAX_LENGTH = 100
"""Longest slug or id: each becomes a file name (`<slug>.json`, `<slug>/index.html`), and
file systems refuse names over 255 bytes; a hundred characters is ample for a record."""
_HASH_LENGTH = 6


def is_slug(text: str) -> bool:
    """Whether `text` is lowercase ASCII letters and digits joined by single hyphens, at
    most `MAX_LENGTH` characters long."""
    return len(text) <= MAX_LENGTH and bool(_SLUG.fullmatch(text))


@functools.lru_cache(maxsize=4096)
def suggest_slug(text: str) -> str:
    """A valid slug close to `text` (đ becomes d, spaces become hyphens), cut at a word
    boundary to at most MAX_LENGTH characters."""
    return slugify(text, max_length=MAX_LENGTH, word_boundary=True) or "ten-tep"


@functools.lru_cache(maxsize=65536)
def key_for(text: str) -> str:
    """A slug for `text` of at most MAX_LENGTH characters that stays distinct for distinct
    long texts: a cut slug ends in a short hash of the whole one."""
    whole = slugify(text) or "ten-tep"
    if len(whole) <= MAX_LENGTH:
        return whole
    digest = hashlib.sha256(whole.encode("ascii")).hexdigest()[:_HASH_LENGTH]
    cut = slugify(whole, max_length=MAX_LENGTH - _HASH_LENGTH - 1, word_boundary=True)
    return f"{cut}-{digest}"
