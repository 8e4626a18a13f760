"""Vietnamese text for matching: one folding function used everywhere.

templates/static/search.js folds queries in the browser with the same steps, so each step
is one JavaScript has too: Unicode normalisation, upper- and lower-casing, and general
categories (Python's `str.casefold`, `unicodedata.combining` and `\\w` have no exact
counterpart there).
"""

from __future__ import annotations

import functools
import unicodedata


def _cased(text: str) -> str:
    """Text in the one case that lower-, upper- and lower-casing again lead to.

    This stands in for `str.casefold`: ß and ẞ become ss, and ﬁ (once decomposed) fi. A
    final sigma comes back from lower-casing at the end of a word, so ς becomes σ by hand.
    """
    return text.lower().upper().lower().replace("ς", "σ")


class _ByCategory(dict[int, str]):
    """A `str.translate` table filled on first sight from a code point's general category.

    Letters and numbers stay (or become what `special` says); marks stay or go as
    `keep_marks` says; everything else becomes a space.
    """

    def __init__(self, *, keep_marks: bool, special: dict[str, str] | None = None) -> None:
        super().__init__({ord(ch): to for ch, to in (special or {}).items()})
        self._keep_marks = keep_marks

    def __missing__(self, point: int) -> str:
        ch = chr(point)
        group = unicodedata.category(ch)[0]
        if group == "M":
            found = ch if self._keep_marks else ""
        else:
            found = ch if group in "LN" else " "
        self[point] = found
        return found


# Unicode gives đ no decomposition: it is a letter of its own, folded by hand.
_FOLDED = _ByCategory(keep_marks=False, special={"đ": "d"})
_SPELLED = _ByCategory(keep_marks=True)


def fold(text: str) -> str:
    """Fold text for matching and search.

    Case, tones and other diacritics, đ/Đ, NFC versus NFD, compatibility forms (ﬁ, full-width
    letters), punctuation and runs of spaces are all erased, so `Uỷ ban`, `ủy  ban` and
    `UY BAN` fold alike, and so do `Straße` and `STRASSE`.
    """
    cased = _cased(unicodedata.normalize("NFKD", text))
    return " ".join(cased.translate(_FOLDED).split())


# Telex-style spelling of the marks that change a letter, and of the five tones.
_LETTER_MARKS = {"\u0302": "", "\u0306": "w", "\u031b": "w"}  # circumflex doubles the vowel
_TONES = {"\u0300": "f", "\u0301": "s", "\u0309": "r", "\u0303": "x", "\u0323": "j"}


def spelled(text: str) -> str:
    """Spell text in ASCII keeping every diacritic, with each word's tone at its end.

    `Liên đoàn` → `lieen ddoanf`. Unlike `fold`, words that differ only in their marks
    stay apart; like it, tone placement, case and compatibility forms do not matter (`ủy`
    and `uỷ` → `uyr`). NFKC rather than NFKD: it leaves Vietnamese letters composed. The
    search index holds this form beside the folded one so that exact matches rank first.
    """
    cased = _cased(unicodedata.normalize("NFKC", text))
    words = (_spell(word) for word in cased.translate(_SPELLED).split())
    return " ".join(word for word in words if word)


@functools.lru_cache(maxsize=65536)
def _spell(word: str) -> str:
    """One cased word of letters, numbers and marks, spelled (cached: words repeat endlessly)."""
    letters: list[str] = []
    tone = ""
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES[ch]
        elif ch in _LETTER_MARKS:
            letters.append(_LETTER_MARKS[ch] or (letters[-1] if letters else ""))
        elif ch == "đ":
            letters.append("dd")
        elif not unicodedata.category(ch).startswith("M"):
            letters.append(ch)
    return "".join(letters) + tone if letters else ""
