"""Vietnamese text for matching: one folding function used everywhere."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Fold text for matching and search.

    Case, tones and other diacritics, đ/Đ, NFC versus NFD, punctuation and runs of
    spaces are all erased, so `Uỷ ban`, `ủy  ban` and `UY BAN` fold alike.
    """
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Unicode gives đ no decomposition: it is a letter of its own, folded by hand.
    bare = bare.replace("đ", "d").replace("Đ", "D").casefold()
    return _NOT_WORD.sub(" ", bare).strip()
